import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ClusterError } from '../../src/errors.js';
import type { KubeObject, ResourceInfo, Table, TableColumnDefinition } from '../../src/kube/types.js';
import {
  createListPrinter,
  createWatchPrinter,
  OutputClosedError,
  parseOutputFormat,
  writeOut,
  type ClusterRef,
  type PrintOptions,
} from '../../src/output/index.js';
import { formatEventType } from '../../src/output/watch.js';
import { ChunkedWriter } from '../../src/output/write.js';

const pods: ResourceInfo = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const A: ClusterRef = { clusterId: 'config:prod-eu', clusterName: 'prod-eu', index: 0 };
const B: ClusterRef = { clusterId: 'config:prod-us', clusterName: 'prod-us', index: 1 };
const base: PrintOptions = { noHeaders: false, labelColumns: [], showLabels: false, allNamespaces: false, color: false };

const col = (name: string, priority = 0, format = ''): TableColumnDefinition => ({ name, type: 'string', format, priority });
const columns = [col('Name', 0, 'name'), col('Ready'), col('Status'), col('IP', 1)];

function pod(name: string, ns = 'default', labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...(labels && { labels }) } };
}

function oneRow(cells: unknown[], object: KubeObject, defs: TableColumnDefinition[] = columns): Table {
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: defs, rows: [{ cells, object: { kind: 'PartialObjectMetadata', ...object } }] };
}

function capture(): { out: { write(c: string): boolean; once(): void }; text(): string } {
  let text = '';
  return { out: { write: (c) => ((text += c), true), once: () => undefined }, text: () => text };
}

describe('watch table printer', () => {
  it('prints the header once (CLUSTER, EVENT, ...), keeps widths, maps other clusters\' columns onto it', async () => {
    const cap = capture();
    const printer = createWatchPrinter({ kind: 'table' }, cap.out, base);
    await printer.event(A, pods, 'ADDED', { table: oneRow(['web-1', '1/1', 'Running', '10.0.0.1'], pod('web-1')), object: pod('web-1') });
    expect(cap.text()).toBe('CLUSTER   EVENT      NAME    READY   STATUS\nprod-eu   ADDED      web-1   1/1     Running\n');
    // Later events of a stream carry no column definitions; another cluster's server has other columns.
    await printer.event(A, pods, 'MODIFIED', { table: { ...oneRow(['web-1', '0/1', 'Terminating', ''], pod('web-1')), columnDefinitions: [] }, object: pod('web-1') });
    await printer.event(B, pods, 'ADDED', {
      table: oneRow(['a-much-longer-name', 'extra', 'Running'], pod('x'), [col('Name', 0, 'name'), col('Extra'), col('Status')]),
      object: pod('x'),
    });
    await printer.event(A, pods, 'DELETED', { table: { ...oneRow(['web-1', '0/1', 'Terminating', ''], pod('web-1')), columnDefinitions: [] }, object: pod('web-1') });
    expect(cap.text()).toBe(
      'CLUSTER   EVENT      NAME    READY   STATUS\n' +
        'prod-eu   ADDED      web-1   1/1     Running\n' +
        'prod-eu   MODIFIED   web-1   0/1     Terminating\n' +
        'prod-us   ADDED      a-much-longer-name   <none>   Running\n' +
        'prod-eu   DELETED    web-1                0/1      Terminating\n',
    );
  });

  it('shows wide columns, NAMESPACE, -L and --show-labels; no header with --no-headers; escapes', async () => {
    const cap = capture();
    const opts = { ...base, allNamespaces: true, labelColumns: ['app'], showLabels: true, noHeaders: true };
    const printer = createWatchPrinter({ kind: 'wide' }, cap.out, opts);
    const object = pod('bad\x1b[31m', 'shop', { app: 'w\x07' });
    await printer.event(A, pods, 'ADDED', { table: oneRow(['bad\x1b[31m', '1/1', 'Running', '10.0.0.1'], object), object });
    expect(cap.text()).toBe('prod-eu   ADDED      shop   bad\\x1b[31m   1/1   Running   10.0.0.1   w\\x07   app=w\\x07\n');
  });

  it('falls back to NAME/AGE when an event has no Table, and ignores errors on stdout', async () => {
    const cap = capture();
    const printer = createWatchPrinter({ kind: 'table' }, cap.out, { ...base, now: () => Date.parse('2026-11-26T13:00:00Z') });
    const object = { ...pod('x'), metadata: { name: 'x', creationTimestamp: '2026-11-26T12:59:30Z' } };
    await printer.event(A, pods, 'ADDED', { object });
    await printer.error(A, new ClusterError(A.clusterId, A.clusterName, 'Expired', 'too old'));
    expect(cap.text()).toBe('CLUSTER   EVENT      NAME   AGE\nprod-eu   ADDED      x      30s\n');
  });

  it('uses NAME/AGE for a cluster whose first event has no column definitions', async () => {
    const cap = capture();
    const printer = createWatchPrinter({ kind: 'table' }, cap.out, { ...base, now: () => Date.parse('2026-11-26T13:00:00Z') });
    const object = { ...pod('y'), metadata: { name: 'y', creationTimestamp: '2026-11-26T12:00:00Z' } };
    await printer.event(B, pods, 'MODIFIED', { table: { ...oneRow(['y', '1/1', 'Running', ''], object), columnDefinitions: [] }, object });
    await printer.event(B, pods, 'DELETED', { table: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: [], rows: [] }, object });
    expect(cap.text()).toBe('CLUSTER   EVENT      NAME   AGE\nprod-us   MODIFIED   y      60m\nprod-us   DELETED    y      60m\n');
  });

  it('pads event types as kubectl does', () => {
    expect(['ADDED', 'MODIFIED', 'DELETED'].map(formatEventType)).toEqual(['ADDED   ', 'MODIFIED', 'DELETED ']);
  });
});

describe('watch record printers', () => {
  const error = new ClusterError(B.clusterId, B.clusterName, 'InternalError', 'etcd exploded\u0085', 500);

  it('writes ndjson events and ERROR records', async () => {
    const cap = capture();
    const printer = createWatchPrinter({ kind: 'ndjson' }, cap.out, base);
    await printer.event(A, pods, 'MODIFIED', { object: { metadata: { name: 'x' } } });
    await printer.error(B, error);
    expect(cap.text()).toBe(
      '{"type":"MODIFIED","clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}}\n' +
        '{"type":"ERROR","clusterId":"config:prod-us","clusterName":"prod-us","error":{"code":500,"reason":"InternalError","message":"etcd exploded\\u0085"}}\n',
    );
  });

  it('writes one json or yaml document per event', async () => {
    const json = capture();
    const jp = createWatchPrinter({ kind: 'json' }, json.out, base);
    await jp.event(A, pods, 'DELETED', { object: pod('x') });
    expect(JSON.parse(json.text())).toEqual({ type: 'DELETED', clusterId: 'config:prod-eu', clusterName: 'prod-eu', object: pod('x') });
    expect(json.text()).toMatch(/^\{\n {4}"type": "DELETED",/);

    const yaml = capture();
    const yp = createWatchPrinter({ kind: 'yaml' }, yaml.out, base);
    await yp.event(A, pods, 'ADDED', { object: pod('y') });
    await yp.error(B, error);
    const docs = yaml.text().split(/^---\n/m).filter(Boolean).map((d) => parseYaml(d));
    expect(docs).toEqual([
      { type: 'ADDED', clusterId: 'config:prod-eu', clusterName: 'prod-eu', object: pod('y') },
      { type: 'ERROR', clusterId: 'config:prod-us', clusterName: 'prod-us', error: error.toRecord() },
    ]);
    expect(yaml.text()).not.toMatch(/[\u007f-\u009f]/);
  });

  it('prints names and custom columns per event, header once', async () => {
    const names = capture();
    const np = createWatchPrinter({ kind: 'name' }, names.out, base);
    await np.event(A, pods, 'ADDED', { object: pod('x') });
    await np.event(A, pods, 'ADDED', { object: {} });
    await np.error(A, error);
    expect(names.text()).toBe('prod-eu pod/x\nprod-eu pod/\n');

    const cc = capture();
    const cp = createWatchPrinter(parseOutputFormat('custom-columns=N:.metadata.name'), cc.out, base);
    await cp.event(A, pods, 'ADDED', { object: pod('x') });
    await cp.event(B, pods, 'ADDED', { object: pod('longer-name') });
    await cp.error(A, error);
    expect(cc.text()).toBe('CLUSTER   N\nprod-eu   x\nprod-us   longer-name\n');
  });
});

/** A stream that takes `capacity` writes, then says "full" until drain() is called. */
class SlowStream extends EventEmitter {
  written: string[] = [];
  full = false;
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.full = true;
    return false;
  }
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
}

describe('backpressure', () => {
  it('resolves a write only after drain when the stream says it is full', async () => {
    const stream = new SlowStream();
    let done = false;
    const pending = writeOut(stream, 'x').then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    stream.drain();
    await pending;
    expect(done).toBe(true);
    expect(stream.listenerCount('close')).toBe(0);
  });

  it('pauses a printer page until stdout drains', async () => {
    const stream = new SlowStream();
    const printer = createListPrinter({ kind: 'ndjson' }, stream, base);
    let paged = false;
    const pending = printer.page(A, pods, { items: [pod('a')] }).then(() => (paged = true));
    await new Promise((r) => setImmediate(r));
    expect(paged).toBe(false);
    expect(stream.written).toHaveLength(1);
    stream.drain();
    await pending;
    expect(paged).toBe(true);
  });

  it('rejects with OutputClosedError when stdout closes while waiting, or is closed already', async () => {
    const stream = new SlowStream();
    const pending = writeOut(stream, 'x');
    stream.emit('close');
    await expect(pending).rejects.toBeInstanceOf(OutputClosedError);
    expect(stream.listenerCount('drain')).toBe(0);
    const closed = new PassThrough();
    closed.destroy();
    await expect(writeOut(closed, 'y')).rejects.toThrow('stdout was closed');
  });

  it('skips empty writes and writes big tables in chunks', async () => {
    const stream = new SlowStream();
    await writeOut(stream, '');
    expect(stream.written).toEqual([]);
    const chunks: string[] = [];
    const writer = new ChunkedWriter({ write: (c) => (chunks.push(c), true), once: () => undefined }, 10);
    await writer.push('12345');
    await writer.push('67890abc');
    await writer.push('d');
    await writer.flush();
    expect(chunks).toEqual(['1234567890abc', 'd']);
  });
});
