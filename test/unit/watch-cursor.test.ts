import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/errors.js';
import type { ResourceInfo } from '../../src/kube/types.js';
import { backoffDelay, isPermanent, splitStreamKey, streamKey, WatchCursor, type CursorOutput, type WatchCursorOptions } from '../../src/watch/cursor.js';
import { fakeResponse, line, pod, ScriptedClient, status, type FakeCall, type FakeResponse } from './watch-fakes.js';

const PODS: ResourceInfo = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const PATH = '/api/v1/namespaces/default/pods';
type Step = (call: FakeCall) => FakeResponse | ClusterError;

const list = (rv: number, items: object[], cont?: string): FakeResponse =>
  fakeResponse(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(rv), ...(cont ? { continue: cont } : {}) }, items });

/** Runs a cursor against `steps` (one per request); the request after the last step aborts the run. */
async function runSteps(steps: Step[], extra: Partial<WatchCursorOptions> = {}) {
  const controller = new AbortController();
  const outputs: CursorOutput[] = [];
  const sleeps: number[] = [];
  const client = new ScriptedClient((call, i) => {
    const step = steps[i];
    if (step) return step(call);
    controller.abort();
    return new ClusterError('config:a', 'a', 'Canceled', 'stopped');
  });
  const cursor = new WatchCursor({
    client,
    resolve: async () => ({ info: PODS, path: PATH, namespace: 'default' }),
    table: false,
    watchOnly: false,
    timeoutSeconds: 300,
    requestTimeoutMs: 30_000,
    chunkSize: 500,
    backoff: { baseMs: 1000, maxMs: 30_000 },
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => 0,
    sink: { push: (o) => (outputs.push(o), true), whenReady: async () => undefined },
    signal: controller.signal,
    ...extra,
  });
  const result = await cursor.run();
  const events = outputs.map((o) => (o.kind === 'event' ? `${o.type} ${o.object.metadata?.name}@${o.object.metadata?.resourceVersion}` : `ERROR ${o.error.reason}${o.permanent ? ' (permanent)' : ''}`));
  return { result, events, sleeps, calls: client.calls, cursor };
}

describe('stream keys', () => {
  it('are clusterId|resource[.group][/namespace] and split at the first bar only', () => {
    const key = streamKey('/home/me/kube:config:arn:aws:eks:eu/prod', { resource: 'deployments', group: 'apps', namespaced: true }, 'web');
    expect(key).toBe('/home/me/kube:config:arn:aws:eks:eu/prod|deployments.apps/web');
    expect(splitStreamKey(key)).toEqual({ clusterId: '/home/me/kube:config:arn:aws:eks:eu/prod', scope: 'deployments.apps/web' });
    expect(streamKey('c:x', { resource: 'nodes', group: '', namespaced: false }, 'default')).toBe('c:x|nodes');
    expect(splitStreamKey('c:x')).toEqual({ clusterId: 'c:x', scope: '' });
  });
});

describe('isPermanent and backoffDelay', () => {
  const e = (code: number | null, reason: string) => new ClusterError('c', 'c', reason, 'm', code);
  it.each([
    [e(403, 'Forbidden'), true],
    [e(401, 'Unauthorized'), true],
    [e(404, 'NotFound'), true],
    [e(null, 'NotFound'), true],
    [e(null, 'TLSError'), true],
    [e(429, 'TooManyRequests'), false],
    [e(500, 'InternalError'), false],
    [e(503, 'ServiceUnavailable'), false],
    [e(null, 'ConnectionRefused'), false],
  ])('%s -> %s', (err, expected) => expect(isPermanent(err)).toBe(expected));
  it.each([
    [0, 0.5, 1000],
    [1, 0.5, 2000],
    [0, 0, 1000],
    [1, 1, 2500],
    [4, 0.5, 16_000],
    [5, 0.5, 30_000],
    [40, 1, 30_000],
  ])('attempt %d, random %d -> %d ms', (attempt, r, ms) => expect(backoffDelay(attempt, 1000, 30_000, () => r)).toBe(ms));
});

describe('WatchCursor', () => {
  it('lists page by page, watches from the list RV and resumes from the last RV seen, bookmarks included', async () => {
    const { events, calls, sleeps, result } = await runSteps([
      () => list(10, [pod('a', 5)], 'next'),
      () => list(99, [pod('b', 6)]),
      () => fakeResponse(200, line('ADDED', pod('c', 11)) + line('BOOKMARK', { kind: 'Pod', metadata: { resourceVersion: '15' } })),
      () => fakeResponse(200, line('MODIFIED', pod('c', 16)) + line('MODIFIED', pod('c', 16))),
    ]);
    expect(result).toEqual({ stopped: 'aborted' });
    expect(events).toEqual(['ADDED a@5', 'ADDED b@6', 'ADDED c@11', 'MODIFIED c@16']);
    expect(calls.map((c) => [c.query.get('continue'), c.query.get('limit'), c.query.get('resourceVersion')])).toEqual([
      [null, '500', null],
      ['next', '500', null],
      [null, null, '10'],
      [null, null, '15'],
      [null, null, '16'],
    ]);
    expect(sleeps).toEqual([]); // clean closes after events resume at once
  });

  it('re-lists after 410 Expired and emits only the difference from what was emitted', async () => {
    const { events, calls } = await runSteps([
      () => list(10, [pod('keep', 1), pod('change', 2), pod('gone', 3)]),
      () => fakeResponse(200, line('ERROR', status(410, 'Expired', 'too old resource version'))),
      () => list(20, [pod('keep', 1), pod('change', 12), pod('new', 13)]),
      () => fakeResponse(410, status(410, 'Expired', 'too old')),
      () => list(21, [pod('keep', 1), pod('change', 12), pod('new', 13)]),
    ]);
    expect(events).toEqual(['ADDED keep@1', 'ADDED change@2', 'ADDED gone@3', 'MODIFIED change@12', 'ADDED new@13', 'DELETED gone@3']);
    expect(calls[3]!.query.get('resourceVersion')).toBe('20');
  });

  it('with --watch-only reports only changes, also after a re-list', async () => {
    const { events } = await runSteps(
      [
        () => list(10, [pod('a', 1), pod('b', 2)]),
        () => fakeResponse(200, line('MODIFIED', pod('a', 11)) + line('ERROR', status(410, 'Expired', 'x'))),
        () => list(20, [pod('a', 11)]),
      ],
      { watchOnly: true },
    );
    expect(events).toEqual(['MODIFIED a@11', 'DELETED b@2']);
  });

  it('re-lists from scratch when a list continuation expires', async () => {
    const { events, calls } = await runSteps([
      () => list(10, [pod('a', 1)], 'tok'),
      () => fakeResponse(410, status(410, 'Expired', 'continue too old')),
      () => list(12, [pod('a', 1), pod('b', 11)]),
    ]);
    expect(events).toEqual(['ADDED a@1', 'ADDED b@11']);
    expect(calls[2]!.query.get('continue')).toBeNull();
  });

  it('reports transient failures, honours Retry-After and backs off, then goes on', async () => {
    const { events, sleeps } = await runSteps([
      () => fakeResponse(429, status(429, 'TooManyRequests', 'slow down'), { headers: { 'retry-after': '3' } }),
      () => fakeResponse(500, status(500, 'InternalError', 'etcd exploded')),
      () => new ClusterError('config:a', 'a', 'ConnectionRefused', 'refused'),
      () => list(10, [pod('a', 1)]),
      () => fakeResponse(200, line('ERROR', status(500, 'InternalError', 'boom'))),
      () => fakeResponse(200, ''), // closed at once, no events: backs off
    ]);
    expect(events).toEqual(['ERROR TooManyRequests', 'ERROR InternalError', 'ERROR ConnectionRefused', 'ADDED a@1', 'ERROR InternalError']);
    expect(sleeps).toEqual([3000, 1000, 2000, 1000, 2000]);
  });

  it('stops for good on a permanent failure', async () => {
    const { events, result } = await runSteps([() => fakeResponse(403, status(403, 'Forbidden', 'pods is forbidden'))]);
    expect(events).toEqual(['ERROR Forbidden (permanent)']);
    expect(result).toMatchObject({ stopped: 'failed', error: { reason: 'Forbidden' } });
  });

  it('stops for good when the type is unknown', async () => {
    const { result, events } = await runSteps([], {
      resolve: async () => {
        throw new ClusterError('config:a', 'a', 'NotFound', 'the server doesn\'t have a resource type "gizmos"');
      },
    });
    expect(events).toEqual(['ERROR NotFound (permanent)']);
    expect(result.stopped).toBe('failed');
  });

  it('reports a silent stream and a dropped one, and resumes from the last RV', async () => {
    const { events, calls, sleeps } = await runSteps(
      [
        () => list(10, []),
        () => fakeResponse(200, line('ADDED', pod('a', 11)), { end: false }),
        () => {
          const res = fakeResponse(200, line('MODIFIED', pod('a', 12)), { end: false });
          setTimeout(() => res.destroy(), 5);
          return res;
        },
      ],
      { silenceMs: 30 },
    );
    expect(events).toEqual(['ADDED a@11', 'ERROR Timeout', 'MODIFIED a@12']);
    expect(calls.map((c) => c.query.get('resourceVersion'))).toEqual([null, '10', '11', '12']);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('re-lists after three watches in a row broke without delivering anything, and emits the difference', async () => {
    const broken = () => {
      const res = fakeResponse(200, undefined, { end: false });
      setTimeout(() => res.destroy(), 2);
      return res;
    };
    const { events, calls } = await runSteps([
      () => list(10, [pod('a', 1)]),
      broken,
      broken,
      broken,
      () => list(40, [pod('a', 30)]),
    ]);
    expect(calls.map((c) => c.query.get('watch') ?? 'list')).toEqual(['list', '1', '1', '1', 'list', '1']);
    expect(calls.slice(1, 4).map((c) => c.query.get('resourceVersion'))).toEqual(['10', '10', '10']);
    expect(calls[5]!.query.get('resourceVersion')).toBe('40');
    expect(events).toEqual(['ADDED a@1', 'MODIFIED a@30']);
  });

  it('watches Table events with full row objects, keeping the columns of the first event', async () => {
    const columns = [{ name: 'Name', type: 'string', format: 'name', priority: 0 }];
    const tableEvent = (type: string, rv: number, withColumns: boolean) =>
      line(type, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: String(rv) }, ...(withColumns ? { columnDefinitions: columns } : {}), rows: [{ cells: ['a'], object: pod('a', rv) }] });
    const { events, calls, cursor } = await runSteps(
      [
        () => fakeResponse(200, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '10' }, columnDefinitions: columns, rows: [] }),
        () => fakeResponse(200, tableEvent('ADDED', 11, true) + tableEvent('MODIFIED', 12, false)),
      ],
      { table: true },
    );
    expect(events).toEqual(['ADDED a@11', 'MODIFIED a@12']);
    expect(calls[0]!.query.get('includeObject')).toBe('Object');
    expect(cursor.resourceVersion).toBe('12');
    expect(cursor.key).toBe('config:a|pods/default');
    expect(cursor.resource).toEqual(PODS);
  });

  it('fills apiVersion and kind on listed items, as kubectl does', async () => {
    const outputs: CursorOutput[] = [];
    await runSteps([() => list(3, [{ metadata: { name: 'x', namespace: 'default', resourceVersion: '2' } }])], {
      sink: { push: (o) => (outputs.push(o), true), whenReady: async () => undefined },
    });
    expect(outputs[0]).toMatchObject({ kind: 'event', object: { apiVersion: 'v1', kind: 'Pod' } });
  });
});
