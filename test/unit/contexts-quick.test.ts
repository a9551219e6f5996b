import type { Command } from 'commander';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, type ContextsFlags, reportError } from '../../src/cli.js';
import { directWriter, quickContextsFlags, runContextsQuick } from '../../src/commands/contexts.js';
import { Capture } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

/** What commander hands the `contexts` action for `args` (after `contexts`), or 'error' when it refuses them. */
async function commanderFlags(args: string[]): Promise<ContextsFlags | 'error'> {
  const io = { stdout: new Capture(), stderr: new Capture(), env: {}, cwd: '/', signal: new AbortController().signal };
  const program = buildProgram(io, () => undefined);
  let seen: ContextsFlags | 'error' = 'error';
  const ctx = program.commands.find((c: Command) => c.name() === 'contexts')!;
  ctx.action((flags: ContextsFlags) => {
    seen = { ...flags };
  });
  ctx.commands.find((c: Command) => c.name() === 'use')!.action(() => undefined);
  try {
    await program.parseAsync(['contexts', ...args], { from: 'user' });
  } catch {
    return 'error';
  }
  return seen;
}

// Every case the quick parser accepts must equal commander's parse; the ones it declines go to commander.
const ACCEPTED: string[][] = [
  [],
  ['-o', 'name'],
  ['-oname'],
  ['--output', 'json'],
  ['--output=yaml'],
  ['-o', 'json', '-o', 'name'],
  ['--kubeconfig', '/a', '--kubeconfig=/b:/c'],
  ['--context', 'a,b', '--context', ' c ', '--context='],
  ['--context', ''],
  ['--exclude-context', 'x,y', '--exclude-context=z'],
  ['--all-contexts', '--no-headers', '--check', '-q'],
  ['--quiet', '--concurrency', '4', '--request-timeout=5s', '--color', 'never'],
  ['--color=always', '-o', 'wide'],
  ['--output', 'x=y', '--kubeconfig=-odd'],
  ['-o-x'],
];
const DECLINED: string[][] = [
  ['use', 'a'],
  ['--help'],
  ['-h'],
  ['--bogus'],
  ['-qo', 'name'],
  ['--'],
  ['-o'],
  ['--context', '-x'],
  ['--color', 'sometimes'],
  ['--check=1'],
  ['extra'],
  ['constructor'],
  ['--=x'],
];

describe('quickContextsFlags', () => {
  it.each(ACCEPTED)('parses %j exactly as commander does', async (...args) => {
    const quick = quickContextsFlags(args);
    expect(quick).toBeDefined();
    expect(quick).toEqual(await commanderFlags(args));
  });

  it.each(DECLINED)('leaves %j to commander', (...args) => {
    expect(quickContextsFlags(args)).toBeUndefined();
  });
});

describe('runContextsQuick', () => {
  it('declines what the quick parser declines', () => {
    expect(runContextsQuick(['--help'], () => 9)).toBeUndefined();
  });

  it('lists contexts and reports errors through the given reporter', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-quick-'));
    const config = kc().entry('prod').entry('dev').writeTo(dir, 'config');
    const io = { stdout: new Capture(), stderr: new Capture(), env: { HOME: dir }, cwd: dir, signal: new AbortController().signal };
    expect(await runContextsQuick(['-o', 'name', '--kubeconfig', config], reportError, io)).toBe(0);
    expect(io.stdout.text).toBe('prod\ndev\n');
    const missing = path.join(dir, 'missing');
    let reported: unknown;
    const code = await runContextsQuick(
      ['--kubeconfig', missing],
      (err) => {
        reported = err;
        return 2;
      },
      io,
    );
    expect(code).toBe(2);
    expect((reported as Error).message).toBe(`${missing}: cannot read kubeconfig: no such file or directory`);
  });
});

describe('directWriter', () => {
  it('writes every byte synchronously and never holds a write back', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-quick-')), 'out');
    const fd = openSync(file, 'w');
    try {
      const out = directWriter(fd);
      const text = `héllo ${'x'.repeat(200_000)}\n`;
      expect(out.write(text)).toBe(true);
      let drained = false;
      out.once('drain', () => (drained = true));
      expect(drained).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(text);
    } finally {
      closeSync(fd);
    }
  });

  it('throws what is not a closed reader', () => {
    expect(() => directWriter(987_654).write('x')).toThrow(/EBADF/);
  });
});
