import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, testEnv } from '../helpers/cli.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.log('skipping demo end-to-end test: no kubectl on PATH');

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });

describe.skipIf(!hasKubectl)('kubemux demo (built binary)', () => {
  it('starts, prints ready, serves kubectl through the written kubeconfig, and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-demo-e2e-'));
    const file = path.join(dir, 'demo.yaml');
    const env = testEnv();
    const proc = execa(process.execPath, [BIN, 'demo', '--clusters', '2', '--write-kubeconfig', file], { env, extendEnv: false, reject: false });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    for (let i = 0; i < 300 && !out.includes('Press Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out.split('\n')[0]).toBe('ready');
    expect(out).toContain(`kubeconfig: ${file}`);
    expect(readFileSync(path.join(dir, 'demo-duplicate.yaml'), 'utf8')).toContain('name: "prod-eu"');
    const ports = [...out.matchAll(/https:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    expect(ports).toHaveLength(2);

    const kubectl = await execa('kubectl', ['--context', 'prod-us', 'get', 'pods', '-A'], { env: { ...env, KUBECONFIG: file }, extendEnv: false, reject: false });
    expect(kubectl.exitCode).toBe(0);
    expect(kubectl.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(kubectl.stdout).toMatch(/^kube-system\s+coredns-\S+\s+1\/1\s+Running/m);

    proc.kill('SIGINT');
    const result = await proc;
    expect(result.exitCode).toBe(0);
    expect(() => process.kill(proc.pid!, 0)).toThrow();
    for (const port of ports) expect(await refused(port)).toBe(true);
  });
});
