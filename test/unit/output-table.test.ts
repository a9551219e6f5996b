import { describe, expect, it } from 'vitest';
import { ClusterError, UsageError } from '../../src/errors.js';
import type { KubeObject, ResourceInfo, Table, TableColumnDefinition } from '../../src/kube/types.js';
import { createListPrinter, parseOutputFormat, type ClusterRef, type ListPage, type PrintOptions } from '../../src/output/index.js';

const pods: ResourceInfo = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const services: ResourceInfo = { resource: 'services', group: '', version: 'v1', kind: 'Service', namespaced: true };
const deployments: ResourceInfo = { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true };
const nodes: ResourceInfo = { resource: 'nodes', group: '', version: 'v1', kind: 'Node', namespaced: false };

const A: ClusterRef = { clusterId: 'config:prod-eu', clusterName: 'prod-eu', index: 0 };
const B: ClusterRef = { clusterId: 'config:prod-us', clusterName: 'prod-us', index: 1 };
const C: ClusterRef = { clusterId: 'other:staging', clusterName: 'staging', index: 2 };

const base: PrintOptions = { noHeaders: false, labelColumns: [], showLabels: false, allNamespaces: false, color: false };

function col(name: string, priority = 0, type = 'string', format = ''): TableColumnDefinition {
  return { name, type, format, priority };
}
const podColumns = [col('Name', 0, 'string', 'name'), col('Ready'), col('Status'), col('Restarts', 0, 'integer'), col('Age'), col('IP', 1), col('Node', 1)];

function obj(name: string, namespace = 'default', labels?: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name, namespace, ...(labels && { labels }) }, ...extra };
}

function table(columns: TableColumnDefinition[], rows: [unknown[], KubeObject?][]): Table {
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: columns, rows: rows.map(([cells, object]) => ({ cells, ...(object && { object }) })) };
}

function podRow(name: string, restarts: number, ns = 'default', labels?: Record<string, string>): [unknown[], KubeObject] {
  return [[name, '1/1', 'Running', restarts, '5m', '10.0.0.1', 'node-1'], obj(name, ns, labels)];
}

function capture(): { out: { write(c: string): boolean; once(): void }; text(): string } {
  let text = '';
  return { out: { write: (c) => ((text += c), true), once: () => undefined }, text: () => text };
}

async function print(format: string, opts: Partial<PrintOptions>, feed: [ClusterRef, ResourceInfo, ListPage][]): Promise<{ text: string; count: number }> {
  const cap = capture();
  const printer = createListPrinter(parseOutputFormat(format), cap.out, { ...base, ...opts });
  for (const [cluster, info, page] of feed) await printer.page(cluster, info, page);
  const count = await printer.finish();
  return { text: cap.text(), count };
}

describe('table and wide', () => {
  const feed: [ClusterRef, ResourceInfo, ListPage][] = [
    [B, pods, { table: table(podColumns, [podRow('api-1', 0)]) }],
    [A, pods, { table: table(podColumns, [podRow('web-1', 2), podRow('web-2', 0)]) }],
    [B, pods, { table: table(podColumns, [podRow('api-2', 1)]) }],
  ];

  it('prints priority-0 columns, CLUSTER first, grouped by cluster in selection order, pages in server order', async () => {
    expect(await print('table', {}, feed)).toEqual({
      count: 4,
      text:
        'CLUSTER   NAME    READY   STATUS    RESTARTS   AGE\n' +
        'prod-eu   web-1   1/1     Running   2          5m\n' +
        'prod-eu   web-2   1/1     Running   0          5m\n' +
        'prod-us   api-1   1/1     Running   0          5m\n' +
        'prod-us   api-2   1/1     Running   1          5m\n',
    });
  });

  it('prints every column with -o wide', async () => {
    expect((await print('wide', {}, feed.slice(0, 1))).text).toBe(
      'CLUSTER   NAME    READY   STATUS    RESTARTS   AGE   IP         NODE\n' +
        'prod-us   api-1   1/1     Running   0          5m    10.0.0.1   node-1\n',
    );
  });

  it('omits the header with --no-headers', async () => {
    expect((await print('table', { noHeaders: true }, feed.slice(0, 1))).text).toBe('prod-us   api-1   1/1   Running   0     5m\n');
  });

  it('adds NAMESPACE with -A from the row objects, -L and --show-labels after the server columns', async () => {
    const rows = [
      podRow('web-1', 0, 'shop', { app: 'web', 'app.kubernetes.io/version': '2' }),
      podRow('web-2', 0, 'kube-system'),
      [['bare', '0/1', 'Pending', 0, '1s', '', '']] as [unknown[]],
    ];
    const { text } = await print('table', { allNamespaces: true, labelColumns: ['app', 'app.kubernetes.io/version'], showLabels: true }, [
      [A, pods, { table: table(podColumns, rows) }],
    ]);
    expect(text).toBe(
      'CLUSTER   NAMESPACE     NAME    READY   STATUS    RESTARTS   AGE   APP   VERSION   LABELS\n' +
        'prod-eu   shop          web-1   1/1     Running   0          5m    web   2         app=web,app.kubernetes.io/version=2\n' +
        'prod-eu   kube-system   web-2   1/1     Running   0          5m                    <none>\n' +
        'prod-eu                 bare    0/1     Pending   0          1s                    \n',
    );
  });

  it('adds no NAMESPACE for cluster-scoped types, as kubectl', async () => {
    const { text } = await print('table', { allNamespaces: true }, [
      [A, nodes, { table: table([col('Name', 0, 'string', 'name'), col('Status')], [[['node-1', 'Ready'], { metadata: { name: 'node-1' } }]]) }],
    ]);
    expect(text).toBe('CLUSTER   NAME     STATUS\nprod-eu   node-1   Ready\n');
  });

  it('merges different columns of one type into their union in first-seen order by selection, <none> where missing', async () => {
    const v1 = [col('Name', 0, 'string', 'name'), col('Size', 0, 'integer'), col('Age')];
    const v2 = [col('Name', 0, 'string', 'name'), col('Color'), col('Size', 0, 'integer'), col('Age')];
    const widgets: ResourceInfo = { resource: 'widgets', group: 'example.com', version: 'v1', kind: 'Widget', namespaced: true };
    const { text, count } = await print('table', {}, [
      [B, widgets, { table: table(v2, [[['w2', 'blue', 3, '1m']]]) }],
      [A, widgets, { table: table(v1, [[['w1', 7, '2m', 'extra-cell-dropped']]]) }],
      [C, widgets, { table: table(v1, [[['w3', null, '3m']]]) }],
    ]);
    expect(count).toBe(3);
    expect(text).toBe(
      'CLUSTER   NAME   SIZE   AGE   COLOR\n' +
        'prod-eu   w1     7      2m    <none>\n' +
        'prod-us   w2     3      1m    blue\n' +
        'staging   w3            3m    <none>\n',
    );
  });

  it('keeps <none> for cells a row lacked when the union grew after it arrived and is reordered by selection', async () => {
    const v1 = [col('Name', 0, 'string', 'name'), col('Size', 0, 'integer'), col('Age')];
    const v2 = [col('Name', 0, 'string', 'name'), col('Color'), col('Size', 0, 'integer'), col('Age')];
    const widgets: ResourceInfo = { resource: 'widgets', group: 'example.com', version: 'v1', kind: 'Widget', namespaced: true };
    // The second cluster in selection order answers first, with fewer columns than the first cluster has.
    const { text } = await print('table', {}, [
      [B, widgets, { table: table(v1, [[['w2', 7, '2m']]]) }],
      [A, widgets, { table: table(v2, [[['w1', 'blue', 3, '1m']]]) }],
    ]);
    expect(text).toBe('CLUSTER   NAME   COLOR    SIZE   AGE\n' + 'prod-eu   w1     blue     3      1m\n' + 'prod-us   w2     <none>   7      2m\n');
  });

  it('prints one table per type with kind prefixes and a blank line between, as kubectl get pods,svc', async () => {
    const svcColumns = [col('Name', 0, 'string', 'name'), col('Type'), col('Cluster-IP')];
    const { text, count } = await print('table', {}, [
      [A, services, { table: table(svcColumns, [[['kubernetes', 'ClusterIP', '10.96.0.1']]]), typeIndex: 1 }],
      [B, pods, { table: table(podColumns, [podRow('api-1', 0)]), typeIndex: 0 }],
      [A, deployments, { table: table([col('Name', 0, 'string', 'name')], []), typeIndex: 2 }],
    ]);
    expect(count).toBe(2);
    expect(text).toBe(
      'CLUSTER   NAME        READY   STATUS    RESTARTS   AGE\n' +
        'prod-us   pod/api-1   1/1     Running   0          5m\n' +
        '\n' +
        'CLUSTER   NAME                 TYPE        CLUSTER-IP\n' +
        'prod-eu   service/kubernetes   ClusterIP   10.96.0.1\n',
    );
    const quiet = await print('table', { noHeaders: true, showKind: true }, [[A, deployments, { table: table([col('Name', 0, 'string', 'name')], [[['web']]]) }]]);
    expect(quiet.text).toBe('prod-eu   deployment.apps/web\n');
  });

  it('keeps each cluster\'s columns for a page without definitions', async () => {
    const { text } = await print('table', {}, [
      [A, pods, { table: table(podColumns, [podRow('web-1', 0)]) }],
      [A, pods, { table: table([], [podRow('web-2', 0)]) }],
    ]);
    expect(text.split('\n')[2]).toBe('prod-eu   web-2   1/1     Running   0          5m');
  });

  it('falls back to kubectl\'s NAME/AGE table for plain items', async () => {
    const now = (): number => Date.parse('2026-11-26T13:00:00Z');
    const { text } = await print('wide', { now }, [[A, pods, { items: [{ metadata: { name: 'x', creationTimestamp: '2026-11-26T12:00:00Z' } }] }], [B, pods, {}]]);
    expect(text).toBe('CLUSTER   NAME   AGE\nprod-eu   x      60m\n');
  });

  it('sorts all rows together with --sort-by, ties in cluster order', async () => {
    const row = (name: string, ts: string): [unknown[], KubeObject] => [[name, '1/1', 'Running', 0, '5m', '', ''], obj(name, 'default', undefined, { status: { startTime: ts } })];
    const { text } = await print('table', { sortBy: '.status.startTime' }, [
      [B, pods, { table: table(podColumns, [row('b-late', '2026-11-26T12:00:09Z'), row('b-tie', '2026-11-26T12:00:05Z')]) }],
      [A, pods, { table: table(podColumns, [row('a-tie', '2026-11-26T12:00:05Z'), row('a-early', '2026-11-26T12:00:01Z')]) }],
    ]);
    expect(text.split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'CLUSTER NAME',
      'prod-eu a-early',
      'prod-eu a-tie',
      'prod-us b-tie',
      'prod-us b-late',
      '',
    ]);
  });

  it('fails like kubectl when no row has the --sort-by field, and rejects a bad path at once', async () => {
    await expect(print('table', { sortBy: '.nope' }, [[A, pods, { table: table(podColumns, [podRow('a', 0), podRow('b', 0)]) }]])).rejects.toThrow(UsageError);
    expect(() => createListPrinter({ kind: 'table' }, capture().out, { ...base, sortBy: '{.a' })).toThrow('--sort-by: invalid JSONPath "{.a"');
  });

  it('escapes control characters in every cell and the cluster name', async () => {
    const { text } = await print('table', { showLabels: true, labelColumns: ['k'], allNamespaces: true }, [
      [
        { ...A, clusterName: 'evil\x1b]0;t\x07' },
        pods,
        { table: table(podColumns, [[['bad\x1b[31m', '1/1', 'Run\u009bning', 0, '5m', '', ''], obj('bad\x1b[31m', 'n\x7fs', { k: 'v\x07' })]]) },
      ],
    ]);
    expect(text).toBe(
      'CLUSTER            NAMESPACE   NAME          READY   STATUS        RESTARTS   AGE   K       LABELS\n' +
        'evil\\x1b]0;t\\x07   n\\x7fs      bad\\x1b[31m   1/1     Run\\x9bning   0          5m    v\\x07   k=v\\x07\n',
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('colours only the CLUSTER cell, keeping the alignment of the uncoloured text', async () => {
    const { text } = await print('table', { color: true }, [[A, pods, { table: table([col('Name', 0, 'string', 'name')], [[['x']]]) }]]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('CLUSTER   NAME');
    expect(lines[1]).toMatch(/^\x1b\[\d+mprod-eu\x1b\[39m {3}x$/);
  });

  it('prints nothing and counts 0 when nothing was found', async () => {
    expect(await print('table', {}, [[A, pods, { table: table(podColumns, []) }]])).toEqual({ text: '', count: 0 });
  });

  it('ignores cluster outcomes (the command reports failures on stderr)', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'table' }, cap.out, base);
    await printer.clusterDone({ cluster: A, server: 'https://a', ok: false, count: 0, durationMs: 1, error: new ClusterError(A.clusterId, A.clusterName, 'Forbidden', 'no') });
    expect(await printer.finish()).toBe(0);
    expect(cap.text()).toBe('');
  });
});
