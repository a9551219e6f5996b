/**
 * `kubemux watch` as a real process on the built binary (run `npm run build` first): `--timeout` exits 0, SIGINT
 * exits 0 after flushing complete lines, and when every cluster fails for good the exit code is 1.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startFleet, type SimCluster } from '../../src/sim/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { eventually, fleetConfig, parseRecords } from '../command/watch-helpers.js';

describe('kubemux watch (real process)', () => {
  let fleet: SimCluster[];
  let config: { file: string; env: NodeJS.ProcessEnv };
  beforeAll(async () => {
    fleet = await startFleet(2, { pods: 2, crd: false });
    config = await fleetConfig(fleet);
  });
  afterAll(async () => {
    await Promise.all(fleet.map((c) => c.stop()));
  });

  it('--timeout ends the watch with exit code 0', async () => {
    const r = await runCli(['watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--kubeconfig', config.file, '--timeout', '5s'], { env: config.env });
    expect(r.exitCode).toBe(0);
    const records = parseRecords(r.stdout);
    expect(records.length).toBe(fleet[0]!.list('pods').length + fleet[1]!.list('pods').length);
    expect(new Set(records.map((x) => x.type))).toEqual(new Set(['ADDED']));
    expect(r.stderr).toBe('');
  });

  it('SIGINT flushes what was received and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--kubeconfig', config.file], {
      env: config.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const initial = fleet[0]!.list('pods').length + fleet[1]!.list('pods').length;
    expect(await eventually(() => parseRecords(out).length >= initial, 15_000)).toBe(true);
    fleet[0]!.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sigint-1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    expect(await eventually(() => out.includes('sigint-1'), 15_000)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    expect(parseRecords(out).at(-1)).toMatchObject({ type: 'ADDED', clusterName: 'sim-1', object: { metadata: { name: 'sigint-1' } } });
    fleet[0]!.remove('pods', 'default', 'sigint-1');
  });

  it('exits 1 when every cluster is forbidden', async () => {
    const users = [{ name: 'admin' }, { name: 'nobody', rules: [{ verbs: ['get'], resources: ['configmaps'] }] }];
    const a = await startCluster({ name: 'fa', pods: 1, crd: false, users });
    const b = await startCluster({ name: 'fb', pods: 1, crd: false, users });
    try {
      const { file, env } = await fleetConfig([a, b], { user: 'nobody' });
      const r = await runCli(['watch', 'pods', '--all-contexts', '--kubeconfig', file], { env });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').sort()).toEqual([
        expect.stringMatching(/^error: \[fa\] Forbidden: /),
        expect.stringMatching(/^error: \[fb\] Forbidden: /),
      ]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
