import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okStatus } from '../../src/clusters/probe.js';
import { runInProcess } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

describe('contexts --check', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'up', pods: 0, version: '1.30.2' }, { name: 'badcert', pods: 0 }, { name: 'hung', pods: 0 }]);
    fleet.clusters[1]!.setFaults({ wrongCert: true });
    fleet.clusters[2]!.setFaults({ hang: true });
  });
  afterAll(() => fleet.stop());

  it('adds STATUS per active cluster, reports failures after the table, exit 3', async () => {
    const r = await runInProcess(['contexts', '--check', '--request-timeout', '1s', ...fleet.args], { env: fleet.env });
    expect(r.exitCode).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ACTIVE\s+NAME\s+CLUSTER-ID\s+SERVER\s+NAMESPACE\s+STATUS\s+NOTE$/);
    expect(lines.find((l) => / up /.test(l))).toMatch(/\s+ok \d+ms v1\.30\.2/);
    expect(lines.find((l) => / badcert /.test(l))).toMatch(/\sTLSError\s/);
    expect(lines.find((l) => / hung /.test(l))).toMatch(/\sTimeout$/);
    expect(r.stderr).toBe('error: [badcert] TLSError: certificate signed by unknown authority\nerror: [hung] Timeout: no answer within 1s\n');
  });

  it('exits 0 when every active cluster answers, 1 when none does', async () => {
    const ok = await runInProcess(['contexts', '--check', '--kubeconfig', fleet.kubeconfig, '--context', 'up'], { env: fleet.env });
    expect([ok.exitCode, ok.stderr]).toEqual([0, '']);
    const bad = await runInProcess(['contexts', '--check', '--kubeconfig', fleet.kubeconfig, '--context', 'badcert'], { env: fleet.env });
    expect(bad.exitCode).toBe(1);
  });

  it('rejects bad fan-out flags before any request', async () => {
    const r = await runInProcess(['contexts', '--check', '--request-timeout', 'soon', ...fleet.args], { env: fleet.env });
    expect(r.exitCode).toBe(2);
    expect(okStatus(12.4, undefined)).toBe('ok 12ms unknown version');
  });
});
