/** The built binary against five clusters of which four fail in different ways, and against only failing ones. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFailingFleet, type Fleet } from '../helpers/fleet.js';

describe('kubemux get (built binary) with failing clusters', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFailingFleet(3);
  });
  afterAll(() => fleet.stop());

  it('prints the healthy cluster, one stderr line and one ndjson record per failure, exit 3, without waiting for the hang', async () => {
    const started = performance.now();
    const r = await runCli(['get', 'pods,crontabs', '-A', '-o', 'ndjson', '--request-timeout', '2s', ...fleet.args], { env: fleet.env });
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(3);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { clusterName: string; object?: { kind: string }; error?: { reason: string } });
    expect(records.filter((x) => x.object).every((x) => x.clusterName === 'healthy')).toBe(true);
    expect(new Set(records.filter((x) => x.object).map((x) => x.object!.kind))).toEqual(new Set(['Pod', 'CronTab']));
    expect(records.filter((x) => x.error).map((x) => `${x.clusterName} ${x.error!.reason}`)).toEqual(['hung Timeout', 'badcert TLSError', 'nopods Forbidden', 'nocrd NotFound']);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'error: [hung] Timeout',
      'error: [badcert] TLSError',
      'error: [nopods] Forbidden',
      'error: [nocrd] NotFound',
    ]);
    // Deadline 2 s plus process start; generous slack, the tight figure is in bench/get.bench.mjs.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('exits 1 when every cluster fails', async () => {
    const r = await runCli(['get', 'pods', '--request-timeout', '1s', '--kubeconfig', fleet.kubeconfig, '--context', 'hung,badcert,nopods'], { env: fleet.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
