import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli.js';
import { demoClusterName, resolveDemoPlan } from '../../src/commands/demo.js';
import type { Io } from '../../src/io.js';
import { Capture, runInProcess, testEnv } from '../helpers/cli.js';

describe('demo plan', () => {
  it.each([
    [{ clusters: '0', seed: '1' }, 'invalid value "0" for --clusters: use a whole number from 1 to 50'],
    [{ clusters: 'x', seed: '1' }, 'invalid value "x" for --clusters: use a whole number from 1 to 50'],
    [{ clusters: '2', seed: '-1' }, 'invalid value "-1" for --seed: use a whole number'],
  ])('rejects %j', (flags, message) => expect(() => resolveDemoPlan(flags, '/')).toThrow(message));

  it('resolves the kubeconfig path against the working directory', () => {
    expect(resolveDemoPlan({ clusters: '4', seed: '2', writeKubeconfig: 'k.yaml', once: true }, '/work')).toEqual({ clusters: 4, seed: 2, kubeconfig: '/work/k.yaml', once: true });
    expect(demoClusterName(0)).toBe('prod-eu');
    expect(demoClusterName(9)).toBe('cluster-10');
  });

  it('exits 2 with one line for a bad flag', async () => {
    const r = await runInProcess(['demo', '--clusters', '0']);
    expect([r.exitCode, r.stderr]).toEqual([2, 'error: invalid value "0" for --clusters: use a whole number from 1 to 50\n']);
  });
});

describe('demo run', () => {
  it('--once lists pods across every demo cluster through kubemux get, then stops', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-demo-')), 'kc.yaml');
    const r = await runInProcess(['demo', '--once', '--clusters', '2', '--write-kubeconfig', file]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('ready');
    const header = lines.findIndex((l) => l.startsWith('CLUSTER'));
    expect(lines[header]).toMatch(/^CLUSTER\s+NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const clusters = new Set(lines.slice(header + 1).filter(Boolean).map((l) => l.split(/\s+/)[0]));
    expect(clusters).toEqual(new Set(['prod-eu', 'prod-us']));
    const cfg = parseYaml(readFileSync(file, 'utf8'));
    expect(cfg.contexts.map((c: { name: string }) => c.name)).toEqual(['prod-eu', 'prod-us']);
    const dup = parseYaml(readFileSync(file.replace(/\.yaml$/, '-duplicate.yaml'), 'utf8'));
    expect(dup.contexts.map((c: { name: string }) => c.name)).toEqual(['prod-eu']);
    expect(dup.clusters[0].cluster.server).toBe(cfg.clusters[1].cluster.server);
  });

  it('runs until the signal aborts, then exits 0 and removes its temporary folder', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const origWrite = stdout.write.bind(stdout);
    stdout.write = (chunk: string): boolean => {
      const ok = origWrite(chunk);
      if (chunk.includes('Press Ctrl-C')) setTimeout(() => controller.abort(), 20);
      return ok;
    };
    const io: Io = { stdout, stderr: new Capture(), env: testEnv(), cwd: process.cwd(), signal: controller.signal };
    expect(await main(['demo', '--clusters', '1'], io)).toBe(0);
    const file = /kubeconfig: (\S+)/.exec(stdout.text)![1]!;
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
