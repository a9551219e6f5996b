import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, testEnv } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

// What the fast paths load (run `npm run build` first): completing a context name must not load commander, the
// Kubernetes client, yaml, or even Node's ES module loader, so that TAB answers about as fast as Node starts; `--help`
// must not start the ES module loader either.
const probeScript =
  "process.on('exit', () => process.stderr.write(JSON.stringify({ modules: Object.keys(require.cache), esm: process.moduleLoadList.includes('NativeModule internal/modules/esm/loader') })));\n";

describe('the __complete path', () => {
  it('loads one bundle and nothing from node_modules', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-'));
    const config = kc().entry('prod-eu').entry('dev').writeTo(dir, 'config');
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(probe, probeScript);
    const r = await execa(process.execPath, ['--require', probe, BIN, '__complete', 'get', '--context', ''], {
      env: testEnv({ KUBECONFIG: config }),
      extendEnv: false,
    });
    expect(r.stdout).toBe('prod-eu\tconfig:prod-eu\ndev\tconfig:dev\nconfig:prod-eu\nconfig:dev\n:4');
    const loaded = JSON.parse(r.stderr) as { modules: string[]; esm: boolean };
    expect(loaded.modules.map((m) => path.relative(path.dirname(path.dirname(BIN)), m))).toEqual([
      path.relative(path.dirname(path.dirname(BIN)), probe),
      path.join('bin', 'kubemux.js'),
      path.join('dist', 'complete.cjs'),
    ]);
    expect(loaded.esm).toBe(false);
  });
});

describe('the CLI bundle', () => {
  it('answers --help without the ES module loader or anything from node_modules', async () => {
    const probe = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-')), 'probe.cjs');
    writeFileSync(probe, probeScript);
    const r = await execa(process.execPath, ['--require', probe, BIN, '--help'], { env: testEnv(), extendEnv: false });
    expect(r.stdout).toContain('Usage: kubemux [options] [command]');
    const loaded = JSON.parse(r.stderr) as { modules: string[]; esm: boolean };
    expect(loaded.modules.filter((m) => m.includes('node_modules'))).toEqual([]);
    expect(loaded.esm).toBe(false);
  });

  it('exits 2 for a usage error thrown inside a command module (one error class on both sides)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-startup-'));
    const config = kc().entry('prod-eu').writeTo(dir, 'config');
    const r = await execa(process.execPath, [BIN, 'get', 'pods', '--kubeconfig', config, '--context', 'nope'], { env: testEnv(), extendEnv: false, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*nope/);
  });
});
