import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/errors.js';
import type { WatchEvent } from '../../src/kube/types.js';
import { TABLE_ACCEPT, watchQuery, watchStream, type WatchStreamSink } from '../../src/kube/watch-stream.js';
import { fakeEntry, fakeResponse, line, pod, ScriptedClient, status, type FakeResponse } from './watch-fakes.js';

function collector(room = true): WatchStreamSink & { events: WatchEvent[]; release: () => void } {
  let release = (): void => undefined;
  const events: WatchEvent[] = [];
  return {
    events,
    event: (e) => (events.push(e), room),
    whenReady: () => new Promise<void>((r) => (release = r)),
    get release() {
      return release;
    },
  };
}

const base = { path: '/api/v1/namespaces/default/pods', resourceVersion: '10', table: false, timeoutSeconds: 300 };

describe('watchQuery', () => {
  it('asks for bookmarks, the resourceVersion, the timeout, selectors and row objects for tables', () => {
    const q = new URLSearchParams(watchQuery({ ...base, table: true, labelSelector: 'app=x', fieldSelector: 'metadata.name=y' }));
    expect(Object.fromEntries(q)).toEqual({
      watch: '1',
      resourceVersion: '10',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '300',
      labelSelector: 'app=x',
      fieldSelector: 'metadata.name=y',
      includeObject: 'Object',
    });
    expect(watchQuery(base)).not.toContain('includeObject');
  });
});

describe('watchStream', () => {
  it('decodes events split across chunks and reports a clean close', async () => {
    const res = fakeResponse(200, undefined, { end: false });
    const client = new ScriptedClient(() => res);
    const sink = collector();
    const done = watchStream(client, { ...base, table: true }, sink);
    const text = line('ADDED', pod('a', 11)) + line('BOOKMARK', { metadata: { resourceVersion: '12' } });
    setImmediate(() => {
      res.write(text.slice(0, 17));
      res.write(text.slice(17));
      res.end(line('DELETED', pod('a', 13)).trimEnd());
    });
    await expect(done).resolves.toEqual({ kind: 'closed' });
    expect(sink.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'DELETED']);
    expect(client.calls[0]!.opts.accept).toBe(TABLE_ACCEPT);
    expect(client.calls[0]!.query.get('resourceVersion')).toBe('10');
  });

  it.each([
    ['an in-stream 410', fakeResponse(200, line('ERROR', status(410, 'Expired', 'too old resource version: 1 (5)'))), { kind: 'expired', message: 'too old resource version: 1 (5)' }],
    ['an in-stream Gone without code', fakeResponse(200, line('ERROR', { kind: 'Status', reason: 'Gone' })), { kind: 'expired', message: 'resourceVersion expired' }],
    ['an HTTP 410', fakeResponse(410, status(410, 'Expired', 'too old')), { kind: 'expired', message: 'too old' }],
    ['an undecodable line', fakeResponse(200, 'garbage\n'), { kind: 'dropped', message: expect.stringContaining('undecodable') }],
  ])('reports %s', async (_name, res, end) => {
    await expect(watchStream(new ScriptedClient(() => res), base, collector())).resolves.toEqual(end);
  });

  it.each([
    ['an in-stream error', fakeResponse(200, line('ERROR', status(500, 'InternalError', 'etcd exploded'))), 500, 'InternalError', undefined],
    ['an in-stream error without reason', fakeResponse(200, line('ERROR', { kind: 'Status', code: 503 })), 503, 'HTTP503', undefined],
    ['HTTP 403', fakeResponse(403, status(403, 'Forbidden', 'pods is forbidden')), 403, 'Forbidden', undefined],
    ['HTTP 429 with Retry-After', fakeResponse(429, status(429, 'TooManyRequests', 'slow down'), { headers: { 'retry-after': '2' } }), 429, 'TooManyRequests', 2000],
    ['HTTP 500 with Retry-After (ignored)', fakeResponse(500, status(500, 'InternalError', 'x'), { headers: { 'retry-after': '2' } }), 500, 'InternalError', undefined],
  ])('rejects with a ClusterError on %s', async (_name, res, code, reason, retryAfterMs) => {
    const err = (await watchStream(new ScriptedClient(() => res), base, collector()).catch((e: unknown) => e)) as ClusterError & { retryAfterMs?: number };
    expect(err).toBeInstanceOf(ClusterError);
    expect([err.code, err.reason, err.retryAfterMs]).toEqual([code, reason, retryAfterMs]);
  });

  it('passes transport errors through', async () => {
    const failure = new ClusterError('config:a', 'a', 'ConnectionRefused', 'refused');
    await expect(watchStream(new ScriptedClient(() => failure), base, collector())).rejects.toBe(failure);
  });

  it('reports a connection dropped mid-stream', async () => {
    const res = fakeResponse(200, line('ADDED', pod('a', 11)), { end: false });
    setTimeout(() => res.destroy(), 10);
    await expect(watchStream(new ScriptedClient(() => res), base, collector())).resolves.toMatchObject({ kind: 'dropped' });
  });

  it('calls a stream silent when no byte comes for silenceMs, before and after the response', async () => {
    const open = fakeResponse(200, line('ADDED', pod('a', 11)), { end: false });
    await expect(watchStream(new ScriptedClient(() => open), { ...base, silenceMs: 40 }, collector())).resolves.toEqual({ kind: 'silent', afterMs: 40 });
    const hang = new ScriptedClient(
      (call) => new Promise((_resolve, reject) => call.opts.signal!.addEventListener('abort', () => reject(new ClusterError('config:a', 'a', 'Canceled', 'x')))),
    );
    await expect(watchStream(hang, { ...base, silenceMs: 40 }, collector())).resolves.toEqual({ kind: 'silent', afterMs: 40 });
    await expect(watchStream(hang, { ...base, silenceMs: 60_000, headerTimeoutMs: 30 }, collector())).resolves.toEqual({ kind: 'silent', afterMs: 30 });
  });

  it('pauses reading while the sink is full and resumes when it has room, without calling that silence', async () => {
    const res = fakeResponse(200, line('ADDED', pod('a', 11)), { end: false });
    const sink = collector(false);
    const done = watchStream(new ScriptedClient(() => res), { ...base, silenceMs: 30 }, sink);
    await new Promise((r) => setTimeout(r, 80));
    expect(res.isPaused()).toBe(true);
    sink.release();
    await new Promise((r) => setImmediate(r));
    expect(res.isPaused()).toBe(false);
    res.end(line('MODIFIED', pod('a', 12)));
    await new Promise((r) => setTimeout(r, 10));
    sink.release();
    await expect(done).resolves.toEqual({ kind: 'closed' });
    expect(sink.events).toHaveLength(2);
  });

  it('ends as aborted when the caller aborts, before or during the stream', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(watchStream(new ScriptedClient(() => fakeResponse(200)), { ...base, signal: controller.signal }, collector())).resolves.toEqual({ kind: 'aborted' });
    const live = new AbortController();
    const res: FakeResponse = fakeResponse(200, undefined, { end: false });
    const done = watchStream(new ScriptedClient(() => res), { ...base, signal: live.signal }, collector());
    setTimeout(() => live.abort(), 10);
    await expect(done).resolves.toEqual({ kind: 'aborted' });
    expect(res.destroyed).toBe(true);
    const pending = new AbortController();
    const waiting = new ScriptedClient(
      (call) => new Promise((_resolve, reject) => call.opts.signal!.addEventListener('abort', () => reject(new ClusterError('config:a', 'a', 'Canceled', 'x')))),
      fakeEntry(),
    );
    const before = watchStream(waiting, { ...base, signal: pending.signal }, collector());
    setTimeout(() => pending.abort(), 10);
    await expect(before).resolves.toEqual({ kind: 'aborted' });
  });
});
