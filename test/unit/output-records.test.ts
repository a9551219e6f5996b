import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ClusterError } from '../../src/errors.js';
import type { KubeObject, ResourceInfo } from '../../src/kube/types.js';
import { createListPrinter, parseOutputFormat, type ClusterRef, type PrintOptions } from '../../src/output/index.js';

const pods: ResourceInfo = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const deployments: ResourceInfo = { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true };

const A: ClusterRef = { clusterId: 'config:prod-eu', clusterName: 'prod-eu', index: 0 };
const B: ClusterRef = { clusterId: 'config:prod-us', clusterName: 'prod-us', index: 1 };
const C: ClusterRef = { clusterId: 'other:staging', clusterName: 'staging', index: 2 };

const base: PrintOptions = { noHeaders: false, labelColumns: [], showLabels: false, allNamespaces: false, color: false };

function pod(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name, namespace: 'default' }, ...extra };
}

function capture(): { out: { write(c: string): boolean; once(): void }; writes: string[]; text(): string } {
  const writes: string[] = [];
  return { out: { write: (c) => (writes.push(c), true), once: () => undefined }, writes, text: () => writes.join('') };
}

const forbidden = new ClusterError(B.clusterId, B.clusterName, 'Forbidden', 'pods is forbidden: User "x" cannot list', 403);
const timeout = new ClusterError(C.clusterId, C.clusterName, 'Timeout', 'no answer within 30s');

describe('ndjson', () => {
  it('streams one line per object as each page arrives, then error records', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'ndjson' }, cap.out, base);
    await printer.page(A, pods, { items: [pod('a-1'), pod('a-2')] });
    expect(cap.text()).toBe(
      '{"clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a-1","namespace":"default"}}}\n' +
        '{"clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a-2","namespace":"default"}}}\n',
    );
    await printer.page(A, deployments, { items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }] });
    await printer.clusterDone({ cluster: A, server: 'https://a', ok: true, count: 3, durationMs: 5 });
    await printer.clusterDone({ cluster: B, server: 'https://b', ok: false, count: 0, durationMs: 7, error: forbidden });
    await printer.clusterDone({ cluster: C, server: 'https://c', ok: false, count: 0, durationMs: 7 });
    expect(await printer.finish()).toBe(3);
    expect(cap.writes).toHaveLength(4);
    expect(cap.writes.slice(1)).toEqual([
      '{"clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}}\n',
      '{"clusterId":"config:prod-us","clusterName":"prod-us","error":{"code":403,"reason":"Forbidden","message":"pods is forbidden: User \\"x\\" cannot list"}}\n',
      '{"clusterId":"other:staging","clusterName":"staging","error":{"code":null,"reason":"Unknown","message":"the cluster failed"}}\n',
    ]);
  });

  it('escapes C0, DEL and C1 so a terminal never sees them', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'ndjson' }, cap.out, base);
    await printer.page(A, pods, { items: [{ metadata: { name: 'x\x1b[31m\u0085\u009b\x7f', labels: { a: '\x07' } } }] });
    await printer.finish();
    expect(cap.text()).toBe(
      '{"clusterId":"config:prod-eu","clusterName":"prod-eu","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x\\u001b[31m\\u0085\\u009b\\u007f","labels":{"a":"\\u0007"}}}}\n',
    );
    expect(JSON.parse(cap.text()).object.metadata.name).toBe('x\x1b[31m\u0085\u009b\x7f');
  });

  it('buffers and sorts with --sort-by', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'ndjson' }, cap.out, { ...base, sortBy: '.metadata.name' });
    await printer.page(B, pods, { items: [pod('b')] });
    await printer.page(A, pods, { items: [pod('c'), pod('a')] });
    expect(cap.text()).toBe('');
    expect(await printer.finish()).toBe(3);
    expect(cap.text().trim().split('\n').map((l) => JSON.parse(l).object.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('takes the objects of Table rows when given a Table', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'ndjson' }, cap.out, base);
    await printer.page(A, pods, { table: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: [], rows: [{ cells: ['x'], object: pod('x') }, { cells: ['y'] }] } });
    await printer.page(A, pods, {});
    expect(await printer.finish()).toBe(1);
  });
});

describe('json and yaml', () => {
  async function documentOf(format: 'json' | 'yaml', opts: Partial<PrintOptions> = {}): Promise<string> {
    const cap = capture();
    const printer = createListPrinter({ kind: format }, cap.out, { ...base, ...opts });
    await printer.page(B, pods, { items: [pod('b-1')] });
    await printer.page(A, deployments, { items: [{ metadata: { name: 'web' } }], typeIndex: 1 });
    await printer.page(A, pods, { items: [pod('a-2'), pod('a-1\u0085')], typeIndex: 0 });
    await printer.clusterDone({ cluster: B, server: 'https://b:6443', ok: true, count: 1, durationMs: 12 });
    await printer.clusterDone({ cluster: C, server: 'https://c:6443', ok: false, count: 0, durationMs: 30000, error: timeout });
    await printer.clusterDone({ cluster: A, server: 'https://a:6443', ok: true, count: 3, durationMs: 8 });
    expect(await printer.finish()).toBe(4);
    return cap.text();
  }

  const expected = {
    apiVersion: 'kubemux/v1',
    kind: 'MultiClusterList',
    clusters: [
      { clusterId: 'config:prod-eu', clusterName: 'prod-eu', server: 'https://a:6443', ok: true, count: 3, durationMs: 8 },
      { clusterId: 'config:prod-us', clusterName: 'prod-us', server: 'https://b:6443', ok: true, count: 1, durationMs: 12 },
      {
        clusterId: 'other:staging',
        clusterName: 'staging',
        server: 'https://c:6443',
        ok: false,
        count: 0,
        durationMs: 30000,
        error: { code: null, reason: 'Timeout', message: 'no answer within 30s' },
      },
    ],
    items: [
      { clusterId: 'config:prod-eu', clusterName: 'prod-eu', object: { apiVersion: 'v1', kind: 'Pod', ...pod('a-2') } },
      { clusterId: 'config:prod-eu', clusterName: 'prod-eu', object: { apiVersion: 'v1', kind: 'Pod', ...pod('a-1\u0085') } },
      { clusterId: 'config:prod-eu', clusterName: 'prod-eu', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } } },
      { clusterId: 'config:prod-us', clusterName: 'prod-us', object: { apiVersion: 'v1', kind: 'Pod', ...pod('b-1') } },
    ],
  };

  it('writes one MultiClusterList, clusters and items in selection order, exactly as JSON.stringify with 4 spaces', async () => {
    const text = await documentOf('json');
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).toBe(`${JSON.stringify(expected, null, 4).replace('\u0085', '\\u0085')}\n`);
    expect(text).not.toMatch(/[\u007f-\u009f]/);
  });

  it('writes the same document as YAML, C1 escaped', async () => {
    const text = await documentOf('yaml');
    expect(parseYaml(text)).toEqual(expected);
    expect(text).toBe(stringifyYaml(expected, { lineWidth: 0 }).replace('\u0085', '\\x85'));
    expect(text).toContain('items:\n  - clusterId: config:prod-eu\n');
  });

  it('sorts items across clusters with --sort-by', async () => {
    const doc = JSON.parse(await documentOf('json', { sortBy: '.metadata.name' })) as typeof expected;
    expect(doc.items.map((i) => i.object.metadata?.name)).toEqual(['a-1\u0085', 'a-2', 'b-1', 'web']);
  });

  it.each([
    ['json', '{\n    "apiVersion": "kubemux/v1",\n    "kind": "MultiClusterList",\n    "clusters": [],\n    "items": []\n}\n'],
    ['yaml', 'apiVersion: kubemux/v1\nkind: MultiClusterList\nclusters: []\nitems: []\n'],
  ] as const)('writes an empty %s document when nothing was found', async (format, text) => {
    const cap = capture();
    const printer = createListPrinter({ kind: format }, cap.out, base);
    expect(await printer.finish()).toBe(0);
    expect(cap.text()).toBe(text);
  });
});

describe('name', () => {
  it('prints <clusterName> <kind>[.<group>]/<name>, streaming per cluster in selection order', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'name' }, cap.out, base);
    await printer.page(B, pods, { items: [pod('b-1')] });
    expect(cap.text()).toBe('');
    await printer.page(A, deployments, { items: [{ metadata: { name: 'web' } }] });
    expect(cap.text()).toBe('prod-eu deployment.apps/web\n');
    await printer.page(C, pods, { items: [pod('c-1')] });
    await printer.clusterDone({ cluster: A, server: '', ok: true, count: 1, durationMs: 1 });
    expect(cap.text()).toBe('prod-eu deployment.apps/web\nprod-us pod/b-1\n');
    await printer.page(B, pods, { items: [pod('b-2\x1b[2J')] });
    expect(await printer.finish()).toBe(4);
    expect(cap.text()).toBe('prod-eu deployment.apps/web\nprod-us pod/b-1\nprod-us pod/b-2\\x1b[2J\nstaging pod/c-1\n');
  });

  it('releases clusters in selection order however they finish, and flushes the rest at the end', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'name' }, cap.out, base);
    await printer.page(C, pods, { items: [pod('c-1')] });
    await printer.page(B, pods, { items: [] });
    await printer.clusterDone({ cluster: C, server: '', ok: true, count: 1, durationMs: 1 });
    await printer.clusterDone({ cluster: B, server: '', ok: false, count: 0, durationMs: 1, error: forbidden });
    expect(cap.text()).toBe('');
    await printer.clusterDone({ cluster: A, server: '', ok: true, count: 0, durationMs: 1 });
    expect(cap.text()).toBe('staging pod/c-1\n');
    await printer.page({ ...A, index: 7 }, pods, { items: [pod('late')] });
    expect(await printer.finish()).toBe(2);
    expect(cap.text()).toBe('staging pod/c-1\nprod-eu pod/late\n');
  });

  it('sorts with --sort-by and colours the cluster name when asked', async () => {
    const cap = capture();
    const printer = createListPrinter({ kind: 'name' }, cap.out, { ...base, sortBy: '.metadata.name', color: true });
    await printer.page(B, pods, { items: [pod('a')] });
    await printer.page(A, pods, { items: [pod('b')] });
    await printer.clusterDone({ cluster: A, server: '', ok: true, count: 1, durationMs: 1 });
    expect(await printer.finish()).toBe(2);
    expect(cap.text().replace(/\x1b\[\d+m/g, '')).toBe('prod-us pod/a\nprod-eu pod/b\n');
    expect(cap.text()).toMatch(/^\x1b\[\d+mprod-us\x1b\[39m pod\/a\n/);
  });
});

describe('custom-columns', () => {
  const spec = parseOutputFormat('custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:{.spec.nodeName}');
  const withImages = (name: string, images: string[], extra: Record<string, unknown> = {}): KubeObject =>
    pod(name, { spec: { containers: images.map((image) => ({ image })), ...extra } });

  it('prints kubectl custom columns with CLUSTER first, <none> when missing, values joined with commas', async () => {
    const cap = capture();
    const printer = createListPrinter(spec, cap.out, base);
    await printer.page(B, pods, { items: [withImages('api\x1b[31m', ['envoy:1.30'], { nodeName: null })] });
    await printer.page(A, pods, { items: [withImages('web', ['nginx:1.27', 'busybox'], { nodeName: 'node-1' })] });
    expect(await printer.finish()).toBe(2);
    expect(cap.text()).toBe(
      'CLUSTER   NAME          IMAGES               NODE\n' +
        'prod-eu   web           nginx:1.27,busybox   node-1\n' +
        'prod-us   api\\x1b[31m   envoy:1.30           <none>\n',
    );
  });

  it('honours --no-headers and --sort-by, and prints nothing for no objects', async () => {
    const cap = capture();
    const printer = createListPrinter(spec, cap.out, { ...base, noHeaders: true, sortBy: '.metadata.name' });
    await printer.page(A, pods, { items: [withImages('b', []), withImages('a', ['x'])] });
    expect(await printer.finish()).toBe(2);
    expect(cap.text()).toBe('prod-eu   a     x        <none>\nprod-eu   b     <none>   <none>\n');
    const empty = capture();
    expect(await createListPrinter(spec, empty.out, base).finish()).toBe(0);
    expect(empty.text()).toBe('');
  });
});
