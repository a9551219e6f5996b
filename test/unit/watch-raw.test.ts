// The ndjson watch fast path: an event's object text is cut out of its line (rawEventObject) and spliced into the
// record (splicedRecordLine) instead of being re-serialised; it must print exactly what the slow path prints, and
// fall back whenever the raw text is not what JSON.stringify would have made.
import { describe, expect, it } from 'vitest';
import type { KubeObject, ResourceInfo, WatchEvent } from '../../src/kube/types.js';
import { rawEventObject, watchStream, type WatchStreamSink } from '../../src/kube/watch-stream.js';
import { createWatchPrinter, type ClusterRef, type PrintOptions } from '../../src/output/index.js';
import { recordHead, splicedRecordLine } from '../../src/output/watch.js';
import { fakeResponse, line, pod, ScriptedClient } from './watch-fakes.js';

const pods: ResourceInfo = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const A: ClusterRef = { clusterId: 'config:prod-eu', clusterName: 'prod-eu', index: 0 };
const base: PrintOptions = { noHeaders: false, labelColumns: [], showLabels: false, allNamespaces: false, color: false };

const rich = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'web-1', namespace: 'default', resourceVersion: '42', uid: 'u-1', labels: { app: 'web' }, annotations: { note: 'é "quoted" \\ <b>&' } },
  spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], priority: -1.5, tolerations: [], hostNetwork: false },
  status: { phase: 'Running', podIP: null, ratio: 1e21, emoji: '🚀', separator: '\u2028' },
};

/** What the printer writes for one event, given the raw text the stream would hand it (or none). */
async function printed(object: KubeObject, raw: string | undefined, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'MODIFIED', cluster = A): Promise<string> {
  let text = '';
  const printer = createWatchPrinter({ kind: 'ndjson' }, { write: (c: string) => ((text += c), true), once: () => undefined }, base);
  await printer.event(cluster, pods, type, { object, raw });
  return text;
}

/** The raw object text of one event line, as the stream cuts it. */
function cut(text: string): string | undefined {
  const trimmed = text.replace(/\n$/, '');
  return rawEventObject(trimmed, JSON.parse(trimmed) as WatchEvent);
}

describe('rawEventObject', () => {
  it.each([
    ['a canonical event', line('ADDED', pod('a', 1)), JSON.stringify(pod('a', 1))],
    ['trailing space and CR', `${line('DELETED', pod('a', 1)).trimEnd()} \r`, JSON.stringify(pod('a', 1))],
    ['an empty object', '{"type":"MODIFIED","object":{}}', '{}'],
    ['members in another order', `{"object":${JSON.stringify(pod('a', 1))},"type":"ADDED"}`, undefined],
    ['an extra member', `{"type":"ADDED","object":${JSON.stringify(pod('a', 1))},"extra":1}`, undefined],
    ['spaces between tokens', `{"type": "ADDED", "object": ${JSON.stringify(pod('a', 1))}}`, undefined],
    ['an escaped type', `{"type":"ADD\\u0045D","object":{}}`, undefined],
    ['a type that is not a string', '{"type":1,"object":{}}', undefined],
    ['a line that is not an object', '[1]', undefined],
  ])('%s', (_name, text, raw) => {
    expect(cut(text)).toBe(raw);
  });
});

describe('splicedRecordLine', () => {
  it('prints byte for byte what re-serialising prints, for every event type and odd cluster names', async () => {
    const odd: ClusterRef = { clusterId: 'file:/k/"a"\\b', clusterName: 'ü\u0085x', index: 3 };
    for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
      for (const cluster of [A, odd]) {
        const raw = cut(line(type, rich));
        expect(raw).toBe(JSON.stringify(rich));
        const slow = await printed(rich as KubeObject, undefined, type, cluster);
        expect(await printed(rich as KubeObject, raw, type, cluster)).toBe(slow);
        expect(recordHead(type, cluster) + raw + '}\n').toBe(slow);
      }
    }
    // the cluster name's C1 character is escaped in the head, as the slow path escapes it
    expect(recordHead('ADDED', { ...A, clusterName: 'ü\u0085x' })).toContain('"clusterName":"ü\\u0085x"');
  });

  it.each([
    ['a C1 character', '\u009b31m'],
    ['DEL', 'a\u007fb'],
    ['NEL', '\u0085'],
  ])('falls back on %s, so it is escaped as before', async (_name, value) => {
    const object = { ...pod('a', 1), metadata: { ...pod('a', 1).metadata as object, annotations: { x: value } } } as KubeObject;
    const raw = JSON.stringify(object);
    expect(splicedRecordLine('{"object":', raw)).toBeUndefined();
    const out = await printed(object, raw);
    expect(out).toBe(await printed(object, undefined));
    expect(out).not.toMatch(/[\u007f-\u009f]/);
    expect(out).toContain(`\\u00${value.match(/[\u007f-\u009f]/)![0].charCodeAt(0).toString(16)}`);
  });

  it('falls back on raw whitespace between tokens (a CR must not reach a terminal)', async () => {
    const raw = '{"kind":"Pod",\r"apiVersion":"v1","metadata":{"name":"a"}}';
    expect(splicedRecordLine('{"object":', raw)).toBeUndefined();
    expect(await printed(JSON.parse(raw) as KubeObject, raw)).toBe(
      '{"type":"MODIFIED","clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a"}}}\n',
    );
  });

  it('re-serialises an object without apiVersion or kind, which gets them added', async () => {
    const object = { metadata: { name: 'a' } } as KubeObject;
    expect(await printed(object, JSON.stringify(object))).toBe(
      '{"type":"MODIFIED","clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}}\n',
    );
  });
});

describe('watchStream with rawObjects', () => {
  it('hands the sink each event with its object text, including an unterminated last line', async () => {
    const got: [string, string | undefined][] = [];
    const sink: WatchStreamSink = { event: (e, raw) => (got.push([e.type, raw]), true), whenReady: () => Promise.resolve() };
    const text = line('ADDED', pod('a', 11)) + '\n' + `{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"12"}}}\n` + line('DELETED', pod('a', 13)).trimEnd();
    const client = new ScriptedClient(() => fakeResponse(200, text));
    const end = await watchStream(client, { path: '/api/v1/pods', resourceVersion: '10', table: false, timeoutSeconds: 300, rawObjects: true }, sink);
    expect(end).toEqual({ kind: 'closed' });
    expect(got).toEqual([
      ['ADDED', JSON.stringify(pod('a', 11))],
      ['BOOKMARK', '{"metadata":{"resourceVersion":"12"}}'],
      ['DELETED', JSON.stringify(pod('a', 13))],
    ]);
  });

  it('hands no text without rawObjects, and delivers the events before an undecodable line', async () => {
    const got: [string, string | undefined][] = [];
    const sink: WatchStreamSink = { event: (e, raw) => (got.push([e.type, raw]), true), whenReady: () => Promise.resolve() };
    const client = new ScriptedClient(() => fakeResponse(200, `${line('ADDED', pod('a', 11))}garbage\n`));
    const end = await watchStream(client, { path: '/api/v1/pods', resourceVersion: '10', table: false, timeoutSeconds: 300 }, sink);
    expect(end).toEqual({ kind: 'dropped', message: expect.stringContaining('undecodable') });
    expect(got).toEqual([['ADDED', undefined]]);
  });
});

describe('watchStream silence with one timer per stream', () => {
  it('keeps a stream that sends more often than silenceMs open past silenceMs, and calls it silent once it stops', async () => {
    const res = fakeResponse(200, undefined, { end: false });
    const got: string[] = [];
    const sink: WatchStreamSink = { event: (e) => (got.push(e.object.metadata?.resourceVersion ?? ''), true), whenReady: () => Promise.resolve() };
    const started = Date.now();
    const done = watchStream(new ScriptedClient(() => res), { path: '/api/v1/pods', resourceVersion: '10', table: false, timeoutSeconds: 300, silenceMs: 300 }, sink);
    for (let rv = 11; rv <= 20; rv++) {
      await new Promise((r) => setTimeout(r, 50));
      res.write(line('MODIFIED', pod('a', rv)));
    }
    await expect(done).resolves.toEqual({ kind: 'silent', afterMs: 300 });
    expect(got).toHaveLength(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500 + 300 - 20);
  });
});

describe('watchStream line splitting on bytes', () => {
  it('joins a line split over several chunks, even inside a multi-byte character, and skips blank and CRLF lines', async () => {
    const res = fakeResponse(200, undefined, { end: false });
    const got: [string | undefined, string | undefined][] = [];
    const sink: WatchStreamSink = { event: (e, raw) => (got.push([e.object.metadata?.name, raw]), true), whenReady: () => Promise.resolve() };
    const done = watchStream(new ScriptedClient(() => res), { path: '/api/v1/pods', resourceVersion: '10', table: false, timeoutSeconds: 300, rawObjects: true }, sink);
    const bytes = Buffer.from(`\r\n${line('ADDED', pod('zürich-🚀', 11))}\n${line('MODIFIED', pod('b', 12)).replace('\n', '\r\n')}`);
    const cut1 = bytes.indexOf('ü') + 1; // inside the two bytes of ü
    const cut2 = bytes.indexOf(Buffer.from('🚀')) + 2; // inside the four bytes of the rocket
    setImmediate(() => {
      res.write(bytes.subarray(0, cut1));
      res.write(bytes.subarray(cut1, cut2));
      res.write(bytes.subarray(cut2));
      res.end();
    });
    await expect(done).resolves.toEqual({ kind: 'closed' });
    expect(got).toEqual([
      ['zürich-🚀', JSON.stringify(pod('zürich-🚀', 11))],
      ['b', JSON.stringify(pod('b', 12))], // the CR before the newline is left out
    ]);
  });
});

describe('EmittedState.admitWatch (the watch hot path, updating what it knows in place)', () => {
  it('admits newer events only, and a re-list still sees the last admitted version', async () => {
    const { EmittedState } = await import('../../src/watch/state.js');
    const state = new EmittedState();
    const v = (rv: number, uid = 'u1') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns', resourceVersion: String(rv), uid, managedFields: [{}] } }) as KubeObject;
    expect(state.admitWatch('ADDED', v(5))).toBe(true);
    expect(state.admitWatch('MODIFIED', v(7))).toBe(true);
    expect(state.admitWatch('MODIFIED', v(6))).toBe(false); // older
    expect(state.admitWatch('MODIFIED', v(7))).toBe(false); // repeated
    expect(state.fromWatch('MODIFIED', v(8))).toEqual([{ type: 'MODIFIED', object: v(8), table: undefined }]);
    state.beginList();
    const relisted = state.fromList(v(9, 'u2'), undefined, false);
    expect(relisted.map((e) => [e.type, e.object.metadata?.resourceVersion, e.object.metadata?.uid])).toEqual([
      ['DELETED', '8', 'u1'],
      ['ADDED', '9', 'u2'],
    ]);
    expect(relisted[0]!.object.metadata?.managedFields).toBeUndefined();
    expect(state.endList()).toEqual([]);
    expect(state.admitWatch('DELETED', v(10, 'u2'))).toBe(true);
    expect(state.admitWatch('DELETED', v(11, 'u2'))).toBe(false); // already gone
    expect(state.size).toBe(0);
  });
});
