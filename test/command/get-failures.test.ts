import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { startFailingFleet, type Fleet } from '../helpers/fleet.js';

/** Five clusters: healthy, hung, wrong certificate, pods forbidden, no CronTab type. */
describe('get with failing clusters', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFailingFleet(2);
  });
  afterAll(() => fleet.stop());

  it('prints the healthy cluster, reports each failure after the data, exit 3', async () => {
    const started = performance.now();
    const r = await runInProcess(['get', 'pods,crontabs', '-A', '--request-timeout', '2s', ...fleet.args], { env: fleet.env });
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^CLUSTER +NAMESPACE +NAME +READY/);
    expect(r.stdout).toMatch(/^healthy +default +crontab.stable.example.com\/nightly-backup /m);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('healthy')).length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).not.toMatch(/^(hung|badcert|nopods|nocrd) /m);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: [hung] Timeout: no answer within 2s',
      'error: [badcert] TLSError: certificate signed by unknown authority',
      'error: [nopods] Forbidden: pods is forbidden: User "admin" cannot list resource "pods" in API group "" at the cluster scope',
      'error: [nocrd] NotFound: the server doesn\'t have a resource type "crontabs"',
    ]);
    // Proves the run does not wait for the hung cluster beyond its deadline.
    expect(elapsed).toBeLessThan(8000);
  });

  it('writes one ndjson error record per failed cluster', async () => {
    const r = await runInProcess(['get', 'pods,crontabs', '-o', 'ndjson', '--request-timeout', '2s', ...fleet.args], { env: fleet.env });
    expect(r.exitCode).toBe(3);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { clusterName: string; error?: { code: number | null; reason: string } });
    expect(records.filter((x) => x.error).map((x) => [x.clusterName, x.error!.reason, x.error!.code])).toEqual([
      ['hung', 'Timeout', null],
      ['badcert', 'TLSError', null],
      ['nopods', 'Forbidden', 403],
      ['nocrd', 'NotFound', null],
    ]);
    expect(records.filter((x) => !x.error).every((x) => x.clusterName === 'healthy')).toBe(true);
  });

  it('exits 1 when every cluster fails', async () => {
    const r = await runInProcess(['get', 'pods', '--request-timeout', '1s', '--kubeconfig', fleet.kubeconfig, '--context', 'hung,badcert,nopods'], { env: fleet.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
