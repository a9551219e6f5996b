import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { call, watch } from './client.js';

let c: SimCluster;
beforeAll(async () => {
  c = await startCluster({ name: 'faulty', pods: 8, seed: 5, bookmarkIntervalMs: 50 });
});
afterAll(async () => c.stop());

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('request faults', () => {
  it('adds fixed latency', async () => {
    c.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    expect((await call(c, '/version')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
    c.setFaults({ latencyMs: 0, jitterMs: 30 });
    expect((await call(c, '/version')).status).toBe(200);
    c.clearFaults();
  });

  it('hangs: accepts requests and never answers them', async () => {
    c.setFaults({ hang: true });
    const pending = call(c, '/api/v1/pods');
    expect(await within(pending, 300)).toBe('pending');
    c.clearFaults();
    expect((await call(c, '/version')).status).toBe(200);
    pending.catch(() => {});
  });

  it('answers 500 or 503 at the error rate', async () => {
    c.setFaults({ errorRate: 1, errorStatus: 500 });
    const e500 = await call(c, '/api/v1/pods');
    expect([e500.status, e500.json.reason, e500.json.message]).toEqual([500, 'InternalError', 'Internal error occurred: simulated fault']);
    c.setFaults({ errorStatus: 503 });
    const e503 = await call(c, '/api/v1/pods');
    expect([e503.status, e503.json.reason]).toEqual([503, 'ServiceUnavailable']);
    c.setFaults({ errorRate: 0.5 });
    const codes = await Promise.all(Array.from({ length: 40 }, () => call(c, '/version').then((r) => r.status)));
    expect(codes.filter((x) => x === 503).length).toBeGreaterThan(5);
    expect(codes.filter((x) => x === 200).length).toBeGreaterThan(5);
    c.clearFaults();
  });

  it('throttles with 429 and Retry-After', async () => {
    c.setFaults({ throttleRate: 1, retryAfterSeconds: 3 });
    const r = await call(c, '/api/v1/pods');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.json).toMatchObject({ reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: { retryAfterSeconds: 3 } });
    c.clearFaults();
  });

  it('drops the connection in the middle of a list', async () => {
    c.setFaults({ dropListMidway: true });
    const outcome = await call(c, '/api/v1/pods').then((r) => (r.json === undefined ? 'truncated' : 'complete'), () => 'error');
    expect(outcome).not.toBe('complete');
    c.clearFaults();
    expect((await call(c, '/api/v1/pods')).json.items.length).toBe(8);
  });

  it('presents a certificate from another CA under wrongCert', async () => {
    c.setFaults({ wrongCert: true });
    await expect(call(c, '/version')).rejects.toThrow(/self[- ]signed|unable to verify|signature|issuer/i);
    c.clearFaults();
    expect((await call(c, '/version')).status).toBe(200);
  });
});

describe('watch faults', () => {
  it('drops a watch after N events without a clean end', async () => {
    c.setFaults({ dropWatchAfterEvents: 3 });
    const w = await watch(c, '/api/v1/pods?watch=true');
    expect(await w.ended).toBe('error');
    expect(w.events).toHaveLength(3);
    c.clearFaults();
  });

  it('closes watches early but cleanly', async () => {
    c.setFaults({ closeWatchAfterMs: 100 });
    const rv = (await call(c, '/api/v1/pods')).json.metadata.resourceVersion;
    const w = await watch(c, `/api/v1/pods?watch=true&resourceVersion=${rv}`);
    expect(await within(w.ended, 5000)).toBe('end');
    expect(w.events).toEqual([]);
    c.clearFaults();
  });

  it('keeps silent watches open with no bytes: no events, no bookmarks', async () => {
    c.setFaults({ silentWatch: true });
    const rv = (await call(c, '/api/v1/pods')).json.metadata.resourceVersion;
    const w = await watch(c, `/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'silent-1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    expect(await within(w.ended, 300)).toBe('pending');
    expect(w.events).toEqual([]);
    w.close();
    c.clearFaults();
    c.remove('pods', 'default', 'silent-1');
  });

  it('compacts history so older resourceVersions get 410', async () => {
    const rv = (await call(c, '/api/v1/pods')).json.metadata.resourceVersion;
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump', namespace: 'default' } });
    const ok = await watch(c, `/api/v1/configmaps?watch=true&resourceVersion=${rv}`);
    expect((await ok.next()).type).toBe('ADDED');
    ok.close();
    c.compact();
    const gone = await watch(c, `/api/v1/configmaps?watch=true&resourceVersion=${rv}`);
    expect(await gone.next()).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});

describe('stop and restart', () => {
  it('refuses connections while stopped and comes back on the same port with the same data and CA', async () => {
    const port = c.port;
    const before = (await call(c, '/api/v1/pods')).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    const w = await watch(c, '/api/v1/pods?watch=true');
    await w.next();
    await c.stop();
    expect(await w.ended).toBe('error');
    await expect(call(c, '/version')).rejects.toThrow(/ECONNREFUSED/);
    await c.restart();
    expect(c.port).toBe(port);
    const after = (await call(c, '/api/v1/pods')).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(after).toEqual(before);
  });
});

describe('churn', () => {
  it('creates, updates and deletes pods, the same sequence for the same seed', async () => {
    const [a, b] = await Promise.all([startCluster({ name: 'ch-a', pods: 4, seed: 2 }), startCluster({ name: 'ch-b', pods: 4, seed: 2 })]);
    try {
      const sequence = async (x: SimCluster): Promise<string[]> => {
        const rv = (await call(x, '/api/v1/namespaces/default/pods')).json.metadata.resourceVersion;
        const w = await watch(x, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}&labelSelector=app%3Dchurn`);
        const churn = x.churn({ eventsPerSecond: 200, seed: 42 });
        const out: string[] = [];
        while (out.length < 30) {
          const ev = await w.next();
          out.push(`${ev.type} ${ev.object.metadata.name}`);
        }
        churn.stop();
        w.close();
        return out;
      };
      const [sa, sb] = await Promise.all([sequence(a), sequence(b)]);
      expect(sa).toEqual(sb);
      expect(new Set(sa.map((s) => s.split(' ')[0]))).toEqual(new Set(['ADDED', 'MODIFIED', 'DELETED']));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
