import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { type CommandSpec, ROOT } from '../../src/completion/spec.js';
import { Capture } from '../helpers/cli.js';

/** `name: --long/-s=value` lines for commander's view of a command, sorted. */
function commanderFlags(cmd: Command): string[] {
  return cmd
    .createHelp()
    .visibleOptions(cmd)
    .map((o) => `${o.long}${o.short ? `/${o.short}` : ''}${o.required || o.optional ? '=value' : ''}`)
    .sort();
}

function specFlags(spec: CommandSpec): string[] {
  return spec.flags.map((f) => `${f.long}${f.short ? `/${f.short}` : ''}${f.value ? '=value' : ''}`).sort();
}

function visibleCommands(cmd: Command): Command[] {
  return cmd.createHelp().visibleCommands(cmd);
}

describe('the completion command table', () => {
  const program = buildProgram({ stdout: new Capture(), stderr: new Capture(), env: {}, cwd: '/', signal: new AbortController().signal }, () => {});

  /** Walks both trees together, comparing names, aliases, flags and argument counts. */
  function compare(cmd: Command, spec: CommandSpec, path: string): void {
    it(`${path}: flags match src/cli.ts`, () => {
      expect(specFlags(spec)).toEqual(commanderFlags(cmd));
    });
    it(`${path}: arguments match src/cli.ts`, () => {
      const args = cmd.registeredArguments;
      expect(spec.args.length).toBe(args.length);
      expect(spec.variadic ?? false).toBe(args.at(-1)?.variadic ?? false);
    });
    const subs = visibleCommands(cmd);
    it(`${path}: subcommands match src/cli.ts`, () => {
      const visible = (spec.subcommands ?? []).filter((s) => !s.hidden);
      expect(visible.map((s) => s.names.join('|')).sort()).toEqual(subs.map((c) => [c.name(), ...c.aliases()].join('|')).sort());
    });
    for (const sub of subs) {
      const subSpec = spec.subcommands?.find((s) => s.names[0] === sub.name());
      // The implicit `help` command has no options of its own to compare.
      if (subSpec && sub.name() !== 'help') compare(sub, subSpec, `${path} ${sub.name()}`);
    }
  }
  compare(program, ROOT, 'kubemux');

  it('describes -o values as the flag help does', () => {
    for (const spec of ROOT.subcommands ?? []) {
      const output = spec.flags.find((f) => f.long === '--output');
      if (!output) continue;
      for (const format of spec.outputs ?? []) expect(output.description).toContain(format.replace(/=$/, ''));
    }
  });
});
