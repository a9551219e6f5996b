import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { compileJsonPath } from '../../src/output/jsonpath.js';
import { compareSortValues, createRowSorter, naturalCompare, parseQuantity } from '../../src/output/sort.js';

const pod = {
  metadata: {
    name: 'web-1',
    labels: { app: 'web', 'app.kubernetes.io/name': 'shop' },
    annotations: { 'a.b': 'dotted' },
    creationTimestamp: '2026-11-26T12:46:08Z',
  },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }, { containerPort: 443 }] },
      { name: 'sidecar', image: 'envoy:1.30' },
    ],
    nodeName: null,
  },
  status: {
    addresses: [
      { type: 'InternalIP', address: '10.0.0.7', weight: 1, primary: true },
      { type: 'Hostname', address: 'node-1', weight: 2, tags: ['a'] },
      { type: 'ExternalIP', address: '1.2.3.4', weight: 0, alias: 'ExternalIP' },
    ],
  },
};

describe('compileJsonPath', () => {
  it.each([
    ['.metadata.name', '{.metadata.name}', ['web-1']],
    ['metadata.name', '{.metadata.name}', ['web-1']],
    ['{.metadata.name}', '{.metadata.name}', ['web-1']],
    ['{metadata.name}', '{.metadata.name}', ['web-1']],
    ['.spec.containers[0].image', '{.spec.containers[0].image}', ['nginx:1.27']],
    ['.spec.containers[-1].name', '{.spec.containers[-1].name}', ['sidecar']],
    ['.spec.containers[5].name', '{.spec.containers[5].name}', []],
    ['.spec.containers[*].name', '{.spec.containers[*].name}', ['app', 'sidecar']],
    ['.spec.containers.*.image', '{.spec.containers.*.image}', ['nginx:1.27', 'envoy:1.30']],
    ['.spec.containers[0:1].name', '{.spec.containers[0:1].name}', ['app']],
    ['.spec.containers[1:].name', '{.spec.containers[1:].name}', ['sidecar']],
    ['.spec.containers[:-1].name', '{.spec.containers[:-1].name}', ['app']],
    ['.spec.containers[::2].name', '{.spec.containers[::2].name}', ['app']],
    ['.metadata.labels.app', '{.metadata.labels.app}', ['web']],
    [".metadata.labels['app.kubernetes.io/name']", "{.metadata.labels['app.kubernetes.io/name']}", ['shop']],
    ['.metadata.annotations["a.b"]', '{.metadata.annotations["a.b"]}', ['dotted']],
    ['.metadata.missing', '{.metadata.missing}', []],
    ['.metadata.name.deeper', '{.metadata.name.deeper}', []],
    ['.spec.containers.name', '{.spec.containers.name}', []],
    ['.metadata.name[0]', '{.metadata.name[0]}', []],
    ['.metadata.name[0:1]', '{.metadata.name[0:1]}', []],
    ['.spec.nodeName', '{.spec.nodeName}', [null]],
    ['..containerPort', '{..containerPort}', [80, 443]],
    ['..image', '{..image}', ['nginx:1.27', 'envoy:1.30']],
    ['.spec..[0].name', '{.spec..[0].name}', ['app']],
    ['.metadata.labels.*', '{.metadata.labels.*}', ['web', 'shop']],
    ['.metadata.labels[ * ]', '{.metadata.labels[ * ]}', ['web', 'shop']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', '{.metadata.labels.app\\.kubernetes\\.io/name}', ['shop']],
    ['.status.addresses[?(@.type=="InternalIP")].address', '{.status.addresses[?(@.type=="InternalIP")].address}', ['10.0.0.7']],
    [".status.addresses[?(@.type != 'InternalIP')].address", "{.status.addresses[?(@.type != 'InternalIP')].address}", ['node-1', '1.2.3.4']],
    ['.status.addresses[?(@.weight>1)].type', '{.status.addresses[?(@.weight>1)].type}', ['Hostname']],
    ['.status.addresses[?(@.weight<=1)].type', '{.status.addresses[?(@.weight<=1)].type}', ['InternalIP', 'ExternalIP']],
    ['.status.addresses[?(@.weight>=2)].type', '{.status.addresses[?(@.weight>=2)].type}', ['Hostname']],
    ['.status.addresses[?(@.weight<2)].type', '{.status.addresses[?(@.weight<2)].type}', ['InternalIP', 'ExternalIP']],
    ['.status.addresses[?(@.primary)].type', '{.status.addresses[?(@.primary)].type}', ['InternalIP']],
    ['.status.addresses[?(@.primary==true)].type', '{.status.addresses[?(@.primary==true)].type}', ['InternalIP']],
    ['.status.addresses[?(@.type==@.alias)].type', '{.status.addresses[?(@.type==@.alias)].type}', ['ExternalIP']],
    ['.status.addresses[?(@.tags[0]=="a")].type', '{.status.addresses[?(@.tags[0]=="a")].type}', ['Hostname']],
    ['.spec.containers[0].ports[?(@.containerPort>100)].containerPort', '{.spec.containers[0].ports[?(@.containerPort>100)].containerPort}', [443]],
    ['.metadata[?(@.x)]', '{.metadata[?(@.x)]}', []],
  ])('%s', (text, expression, values) => {
    const path = compileJsonPath(text, '--sort-by');
    expect(path.expression).toBe(expression);
    expect(path.find(pod)).toEqual(values);
  });

  it("escapes inside quoted keys", () => {
    expect(compileJsonPath(".a['it\\'s']", 'x').find({ a: { "it's": 1 } })).toEqual([1]);
  });

  it.each([
    ['', 'expected a'],
    ['{.a}}', 'expected a'],
    ['.a[', 'unterminated ['],
    ['.a[?(@.x=~"y")]', 'unsupported filter'],
    ['.a[?(@.x==y)]', 'unsupported filter operand y'],
    ['.a[x]', 'unsupported subscript [x]'],
    ['.a[1,2]', 'unsupported subscript [1,2]'],
    ['.a[::0]', 'slice step must be positive'],
    ['.a..', 'expected a field name at position 5'],
    ['.a b', 'unexpected " " at position 3'],
  ])('rejects %j naming the flag and the path', (text, why) => {
    expect(() => compileJsonPath(text, '--sort-by')).toThrow(UsageError);
    expect(() => compileJsonPath(text, '--sort-by')).toThrow(`--sort-by: invalid JSONPath ${JSON.stringify(text)}`);
    expect(() => compileJsonPath(text, '--sort-by')).toThrow(why);
  });
});

describe('sort keys', () => {
  it.each([
    ['10', 10],
    ['100m', 0.1],
    ['2Gi', 2 * 2 ** 30],
    ['1.5k', 1500],
    ['1e3', 1000],
    ['1E', 1e18],
    ['-5', -5],
    ['.5', 0.5],
    ['v1.2', undefined],
    ['', undefined],
    ['2026-11-26T12:46:08Z', undefined],
    ['10.0.0.1', undefined],
  ])('parseQuantity(%j) = %s', (text, value) => expect(parseQuantity(text)).toBe(value));

  it.each([
    ['pod-9', 'pod-10', -1],
    ['pod-10', 'pod-9', 1],
    ['a', 'b', -1],
    ['abc', 'abc', 0],
    ['abc', 'abcd', -1],
    ['abcd', 'abc', 1],
    ['1x', 'ax', -1],
    ['ax', '1x', 1],
    ['x007', 'x7', 1],
    ['x7', 'x007', -1],
    ['x07a', 'x7b', 1],
    ['2026-11-26T12:46:08Z', '2026-11-26T12:46:09Z', -1],
    ['2026-01-02T00:00:00Z', '2025-12-31T23:59:59Z', 1],
  ])('naturalCompare(%j, %j) = %d', (a, b, sign) => expect(Math.sign(naturalCompare(a, b))).toBe(sign));

  it.each([
    [undefined, undefined, 0],
    [undefined, 'a', -1],
    ['a', null, 1],
    [2, 10, -1],
    [10, 2, 1],
    ['100m', '1', -1],
    ['2Gi', '512Mi', 1],
    ['1', '1.0', -1],
    ['pod-9', 'pod-10', -1],
    [false, true, -1],
    [1, 'a', -1],
    ['a', true, 1],
    [[1], [2], -1],
    [{ a: 1 }, { a: 1 }, 0],
  ])('compareSortValues(%j, %j) = %d', (a, b, sign) => expect(Math.sign(compareSortValues(a, b))).toBe(sign));
});

describe('createRowSorter', () => {
  const rows = [
    { id: 'a', object: { metadata: { name: 'pod-10', creationTimestamp: '2026-11-26T12:00:03Z' }, status: { restarts: 3 } } },
    { id: 'b', object: { metadata: { name: 'pod-9', creationTimestamp: '2026-11-26T12:00:01Z' }, status: { restarts: 10 } } },
    { id: 'c', object: { metadata: { name: 'pod-2', creationTimestamp: '2026-11-26T12:00:02Z' } } },
    { id: 'd', object: undefined },
    { id: 'e', object: { metadata: { name: 'pod-9', creationTimestamp: '2026-11-26T12:00:01Z' }, status: { restarts: 3 } } },
  ];

  it.each([
    ['.metadata.name', ['d', 'c', 'b', 'e', 'a']],
    ['{.metadata.creationTimestamp}', ['d', 'b', 'e', 'c', 'a']],
    ['.status.restarts', ['c', 'd', 'a', 'e', 'b']],
  ])('sorts by %s, missing first, stable', (path, order) => {
    expect(createRowSorter(path).sort(rows, (r) => r.object).map((r) => r.id)).toEqual(order);
  });

  it('fails like kubectl when no row has the field', () => {
    expect(() => createRowSorter('.nope').sort(rows, (r) => r.object)).toThrow(
      'couldn\'t find any field with path "{.nope}" in the list of objects (--sort-by)',
    );
    expect(createRowSorter('.nope').sort([rows[0]!], (r) => r.object)).toHaveLength(1);
  });

  it('rejects a bad path up front', () => {
    expect(() => createRowSorter('.a[')).toThrow('--sort-by: invalid JSONPath ".a[": unterminated [');
  });
});
