import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, testEnv } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

// What `contexts` loads (run `npm run build` first): listing the contexts of files as kubectl writes them must not
// start Node's ES module loader, nor load commander's CLI bundle, yaml, or node:fs/promises, so that it starts about
// as fast as Node does (bench/contexts.bench.mjs). Anything the quick path declines still goes through commander.
const probeScript =
  "process.on('exit', () => process.stderr.write(JSON.stringify({ modules: Object.keys(require.cache), esm: process.moduleLoadList.includes('NativeModule internal/modules/esm/loader'), fsPromises: process.moduleLoadList.includes('NativeModule fs/promises') })));\n";

interface Loaded {
  modules: string[];
  esm: boolean;
  fsPromises: boolean;
}

async function runProbed(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; exitCode: number; loaded: Loaded; stderr: string }> {
  const probe = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-')), 'probe.cjs');
  writeFileSync(probe, probeScript);
  const r = await execa(process.execPath, ['--require', probe, BIN, ...args], { env, extendEnv: false, reject: false });
  const lines = r.stderr.split('\n');
  return { stdout: r.stdout, exitCode: r.exitCode ?? -1, loaded: JSON.parse(lines.at(-1)!) as Loaded, stderr: lines.slice(0, -1).join('\n') };
}

const root = path.dirname(path.dirname(BIN));
const relative = (modules: string[]): string[] => modules.map((m) => path.relative(root, m)).filter((m) => !m.startsWith('..'));

describe('the contexts path', () => {
  it('lists contexts with its own bundle only: no commander, no ES module loader, no yaml', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-'));
    const config = kc().entry('prod-eu').entry('dev').current('dev').writeTo(dir, 'config');
    for (const args of [['contexts', '-o', 'name', '--kubeconfig', config], ['ctx', '--kubeconfig', config, '--no-headers']]) {
      const r = await runProbed(args, testEnv());
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('prod-eu');
      expect(relative(r.loaded.modules)).toEqual([path.join('bin', 'kubemux.js'), path.join('dist', 'cmd-contexts.cjs')]);
      expect(r.loaded.esm).toBe(false);
      expect(r.loaded.fsPromises).toBe(false);
    }
  });

  it('writes a long listing whole into a pipe, and stops quietly when the reader leaves', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-'));
    let builder = kc();
    for (let i = 0; i < 3000; i++) builder = builder.entry(`context-${i}-${'x'.repeat(40)}`);
    const config = builder.writeTo(dir, 'config');
    const whole = await execa(process.execPath, [BIN, 'contexts', '-o', 'name', '--kubeconfig', config], { env: testEnv(), extendEnv: false });
    expect(whole.stdout.split('\n')).toHaveLength(3000);
    expect(whole.stdout.split('\n').at(-1)).toBe(`context-2999-${'x'.repeat(40)}`);
    const script = `"$0" "$1" contexts -o name --kubeconfig "$2" | head -1; echo "exit \${PIPESTATUS[0]}"`;
    const cut = await execa('bash', ['-c', script, process.execPath, BIN, config], { env: testEnv(), extendEnv: false });
    expect({ stdout: cut.stdout, stderr: cut.stderr }).toEqual({ stdout: `context-0-${'x'.repeat(40)}\nexit 0`, stderr: '' });
  });

  it('reports errors on the quick path like the CLI does (one line, exit 2)', async () => {
    const r = await runProbed(['contexts', '--kubeconfig', '/nonexistent/kubeconfig'], testEnv());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('error: /nonexistent/kubeconfig: cannot read kubeconfig: no such file or directory');
    expect(r.stdout).toBe('');
  });

  it('leaves help, `use` and unknown flags to commander', async () => {
    const help = await runProbed(['contexts', '--help'], testEnv());
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: kubemux contexts');
    expect(relative(help.loaded.modules)).toContain(path.join('dist', 'cli.cjs'));
    const bogus = await runProbed(['contexts', '--bogus'], testEnv());
    expect(bogus.exitCode).toBe(2);
    expect(bogus.stderr).toBe("error: unknown option '--bogus'");
  });
});
