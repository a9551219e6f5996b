/** The built binary with an exec credential plugin shared by three contexts: one plugin run, no secret printed. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { runCli, testEnv } from '../helpers/cli.js';

const TOKEN = 'tok-e2e-Qw3rtySECRET';

describe('kubemux get (built binary) with an exec credential plugin', () => {
  let clusters: SimCluster[];
  beforeAll(async () => {
    clusters = await Promise.all(['x', 'y', 'z'].map((name) => startCluster({ name, pods: 2, users: [{ name: 'admin', token: TOKEN }] })));
  });
  afterAll(async () => void (await Promise.all(clusters.map((c) => c.stop()))));

  it('runs the plugin once per invocation and never prints its token', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-e2e-exec-'));
    const counter = path.join(dir, 'runs');
    writeFileSync(counter, '');
    writeFileSync(
      path.join(dir, 'plugin.cjs'),
      `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x');
       console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(TOKEN)} } }));`,
    );
    const kubeconfig = path.join(dir, 'config');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } })),
        users: [{ name: 'shared', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['./plugin.cjs'] } } }],
        contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: 'shared' } })),
        'current-context': 'x',
      }),
    );
    const env = testEnv({ KUBEMUX_DEBUG: '1' });
    const r = await runCli(['get', 'pods', '-A', '-o', 'ndjson', '--kubeconfig', kubeconfig, '--all-contexts'], { env, cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { clusterName: string }).clusterName))).toEqual(new Set(['x', 'y', 'z']));
    expect(readFileSync(counter, 'utf8')).toBe('x');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
