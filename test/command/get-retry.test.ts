import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestWithRetry, type ClusterClient } from '../../src/clusters/client.js';
import { ClusterError } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';
import { entryFor, fakeResponse } from '../helpers/get-fixtures.js';
import { listRequests, startSimFleet, type Fleet } from '../helpers/fleet.js';

describe('Retry-After, as kubectl honours it', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'busy', pods: 5 }, { name: 'swamped', pods: 5 }]);
  });
  afterAll(() => fleet.stop());

  it('retries throttled reads until they succeed', async () => {
    fleet.clusters[0]!.setFaults({ throttleRate: 0.5, retryAfterSeconds: 0 });
    const r = await runInProcess(['get', 'pods', '-A', '-o', 'name', '--kubeconfig', fleet.kubeconfig, '--context', 'busy'], { env: fleet.env });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(fleet.clusters[0]!.list('pods').length);
  });

  it('gives up after 10 retries with the server\'s reason', async () => {
    fleet.clusters[1]!.setFaults({ throttleRate: 1, retryAfterSeconds: 0 });
    const r = await runInProcess(['get', 'pods', '-A', '--kubeconfig', fleet.kubeconfig, '--context', 'swamped'], { env: fleet.env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: [swamped] TooManyRequests: Too many requests, please try again later.\n');
    expect(fleet.clusters[1]!.requests.filter((q) => q.path === '/api')).toHaveLength(11);
    expect(listRequests(fleet.clusters[1]!, '/api/v1/pods')).toHaveLength(0);
  });

  it('stops waiting when the cluster\'s deadline passes', async () => {
    let calls = 0;
    const client: ClusterClient = {
      entry: entryFor('slow'),
      async request(): Promise<IncomingMessage> {
        calls++;
        return fakeResponse(503, '{}', { 'retry-after': '5' });
      },
    };
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(new ClusterError('config:slow', 'slow', 'Timeout', 'no answer within 50ms')), 50);
    await expect(requestWithRetry(client, '/api', { signal: deadline.signal })).rejects.toMatchObject({ reason: 'Timeout' });
    expect(calls).toBe(1);
    const already = new AbortController();
    already.abort();
    await expect(requestWithRetry(client, '/api', { signal: already.signal })).rejects.toMatchObject({ reason: 'Canceled' });
    const plain: ClusterClient = { entry: entryFor('p'), request: async () => fakeResponse(503, '{}', { 'retry-after': 'soon' }) };
    expect((await requestWithRetry(plain, '/api')).statusCode).toBe(503);
  });
});
