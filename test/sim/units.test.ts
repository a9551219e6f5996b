import { describe, expect, it } from 'vitest';
import { BUILTIN_PRINTERS, formatLabels } from '../../src/sim/columns.js';
import { logLine } from '../../src/sim/logs.js';
import { PatchError, jsonPatch, mergePatch, strategicMerge } from '../../src/sim/patch.js';
import { decodeReview, protoFields, unwrapEnvelope } from '../../src/sim/protobuf.js';
import { defFromCrd, readJsonPath } from '../../src/sim/registry.js';
import { SelectorError, parseFieldSelector, parseLabelSelector } from '../../src/sim/selectors.js';
import { negotiate } from '../../src/sim/http.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Protobuf encoding helpers for building the bodies kubectl sends. */
const ld = (field: number, value: Buffer | string): Buffer => {
  const body = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body]);
};

describe('label selectors', () => {
  const labels = { metadata: { labels: { app: 'web', tier: 'front', n: '5' } } };
  it.each([
    ['app=web', true], ['app==web', true], ['app!=web', false], ['app in (api,web)', true], ['app notin (web)', false],
    ['tier', true], ['!tier', false], ['!missing', true], ['missing', false], ['app=web,tier=back', false], ['n>3', true],
    ['n<3', false], ['missing!=x', true], ['app in (a, b),tier', false], ['example.com/key', false],
  ])('%s -> %s', (text, expected) => expect(parseLabelSelector(text)!(labels)).toBe(expected));

  it.each(['a===b', 'a=b c', '=x', 'app in (a b', 'n>x', 'bad key!', 'a=' + 'x'.repeat(64)])('rejects %j', (text) =>
    expect(() => parseLabelSelector(text)).toThrow(SelectorError));

  it('matches everything when empty', () => {
    expect(parseLabelSelector('')).toBeUndefined();
    expect(parseLabelSelector(null)).toBeUndefined();
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'ns' }, status: { phase: 'Running' } };
  const fields = { 'status.phase': (o: { status: { phase: string } }) => o.status.phase };
  it.each([
    ['metadata.name=p', true], ['metadata.name!=p', false], ['metadata.namespace==ns', true], ['status.phase=Pending', false],
    ['status.phase!=Pending,metadata.name=p', true],
  ])('%s -> %s', (text, expected) => expect(parseFieldSelector(text, fields)!(pod)).toBe(expected));
  it('rejects unknown fields and junk', () => {
    expect(() => parseFieldSelector('spec.x=1', fields)).toThrow('field label not supported: spec.x');
    expect(() => parseFieldSelector('nonsense', fields)).toThrow(SelectorError);
  });
});

describe('patches', () => {
  it('merge patch deletes with null and replaces lists', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3], f: 'x' })).toEqual({ a: 1, b: { d: 3, e: 4 }, l: [3], f: 'x' });
    expect(mergePatch({ a: 1 }, 'scalar')).toBe('scalar');
  });

  it('strategic merge merges lists by key and honours directives', () => {
    const pod = { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }], finalizers: ['x', 'y'] }, metadata: { labels: { k: 'v' } } };
    expect(strategicMerge(pod, { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' }] } }).spec.containers).toEqual([
      { name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' },
    ]);
    expect(strategicMerge(pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }).spec.containers).toEqual([{ name: 'b', image: 'b:1' }]);
    expect(strategicMerge(pod, { spec: { $setElementOrder: 1, '$setElementOrder/containers': [{ name: 'b' }], containers: [{ $patch: 'replace' }, { name: 'x', image: 'x' }] } }).spec.containers).toEqual([{ name: 'x', image: 'x' }]);
    expect(strategicMerge(pod, { spec: { '$deleteFromPrimitiveList/finalizers': ['x'] } }).spec.finalizers).toEqual(['y']);
    expect(strategicMerge(pod, { metadata: { labels: { k: null, n: 'm' } } }).metadata.labels).toEqual({ n: 'm' });
    expect(strategicMerge(pod, { metadata: { $patch: 'replace', name: 'z' } }).metadata).toEqual({ name: 'z' });
    expect(strategicMerge(pod, { metadata: { labels: { $patch: 'delete' } } }).metadata).toEqual({});
    expect(strategicMerge({ spec: { args: ['a'] } }, { spec: { args: ['b'] } }).spec.args).toEqual(['b']);
  });

  it('JSON patch applies every operation and fails like the server', () => {
    const doc = { metadata: { labels: { a: '1' } }, list: [1, 2, 3] };
    expect(jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'replace', path: '/list/0', value: 9 },
      { op: 'remove', path: '/list/1' },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'copy', from: '/metadata/labels/a', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
      { op: 'test', path: '/moved', value: '1' },
    ])).toEqual({ metadata: { labels: { a: '1', 'b/c': '2' } }, list: [9, 3, 4], moved: '1' });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 7 }])).toThrow(PatchError);
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/nope' }])).toThrow(/missing path/);
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(/missing key/);
    expect(() => jsonPatch(doc, [{ op: 'add', path: '/x/y/z', value: 1 }])).toThrow(/does not exist/);
    expect(() => jsonPatch(doc, [{ op: 'add', path: 'x', value: 1 }])).toThrow(/invalid JSON pointer/);
    expect(() => jsonPatch(doc, [{ op: 'explode', path: '/x' }])).toThrow(/Unexpected kind/);
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow(/array/);
    expect(() => jsonPatch(doc, [{ op: 'copy', from: '/nope', path: '/x' }])).toThrow(/does not exist/);
    expect(jsonPatch(doc, [{ op: 'replace', path: '', value: { whole: true } }])).toEqual({ whole: true });
  });
});

describe('protobuf review bodies', () => {
  it('decodes a SelfSubjectAccessReview and a SelfSubjectRulesReview', () => {
    const typeMeta = Buffer.concat([ld(1, 'authorization.k8s.io/v1'), ld(2, 'SelfSubjectAccessReview')]);
    const ra = Buffer.concat([ld(1, 'default'), ld(2, 'list'), ld(5, 'pods')]);
    const raw = Buffer.concat([ld(1, Buffer.alloc(0)), ld(2, ld(1, ra)), ld(3, Buffer.alloc(0))]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), ld(1, typeMeta), ld(2, raw), ld(3, ''), ld(4, '')]);
    expect(decodeReview(body)).toEqual({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } });
    const nra = ld(2, ld(2, Buffer.concat([ld(1, '/healthz'), ld(2, 'get')])));
    expect(decodeReview(Buffer.concat([Buffer.from('k8s\0', 'latin1'), ld(1, typeMeta), ld(2, nra)])).spec).toEqual({ nonResourceAttributes: { path: '/healthz', verb: 'get' } });
    const rules = Buffer.concat([Buffer.from('k8s\0', 'latin1'), ld(1, Buffer.concat([ld(1, 'authorization.k8s.io/v1'), ld(2, 'SelfSubjectRulesReview')])), ld(2, ld(2, ld(1, 'kube-system')))]);
    expect(decodeReview(rules)).toMatchObject({ kind: 'SelfSubjectRulesReview', spec: { namespace: 'kube-system' } });
  });

  it('skips varint and fixed fields and rejects what is not an envelope', () => {
    const msg = Buffer.from([0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1d, 1, 2, 3, 4, 0x22, 0x01, 0x41]);
    expect(protoFields(msg).get(4)![0]!.toString()).toBe('A');
    expect(() => protoFields(Buffer.from([0x0b]))).toThrow(/wire type/);
    expect(() => protoFields(Buffer.from([0x08, 0x80]))).toThrow(/truncated/);
    expect(() => unwrapEnvelope(Buffer.from('{}'))).toThrow(/envelope/);
  });
});

describe('printers', () => {
  it('pods: readiness, reasons, restarts with last restart age, gates', () => {
    const cells = BUILTIN_PRINTERS.pods!.cells;
    const pod = (status: object, extra: object = {}) => ({
      metadata: { name: 'p', creationTimestamp: ago(3_600_000) }, spec: { containers: [{ name: 'a' }, { name: 'b' }], ...extra }, status,
    });
    expect(cells(pod({ phase: 'Running', podIP: '10.0.0.1', containerStatuses: [
      { name: 'a', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: ago(300_000) } } },
      { name: 'b', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ] }, { nodeName: 'n1', readinessGates: [{ conditionType: 'x' }] }), NOW)).toEqual(['p', '1/2', 'CrashLoopBackOff', '3 (5m ago)', '60m', '10.0.0.1', 'n1', '<none>', '0/1']);
    expect(cells(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { reason: 'Completed' } } }, { name: 'b', state: { terminated: { exitCode: 3 } } }] }), NOW)[2]).toBe('Completed');
    expect(cells(pod({ phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 3 } } }] }), NOW)[2]).toBe('ExitCode:3');
    expect(cells({ metadata: { name: 'p', deletionTimestamp: ago(0) }, spec: {}, status: { phase: 'Running' } }, NOW)[2]).toBe('Terminating');
    expect(cells({ metadata: { name: 'p' }, spec: {}, status: {} }, NOW)).toEqual(['p', '0/0', '', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });

  it('services, nodes, jobs, events, secrets, configmaps, daemonsets, statefulsets, replicasets', () => {
    const svc = BUILTIN_PRINTERS.services!.cells;
    expect(svc({ metadata: { name: 's' }, spec: { type: 'NodePort', clusterIP: '10.0.0.2', ports: [{ port: 80, nodePort: 30080 }, { port: 53, protocol: 'UDP' }], selector: { b: '2', a: '1' } } }, NOW))
      .toEqual(['s', 'NodePort', '10.0.0.2', '<none>', '80:30080/TCP,53/UDP', '<unknown>', 'a=1,b=2']);
    expect(svc({ metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [] }, status: { loadBalancer: {} } }, NOW).slice(1, 5)).toEqual(['LoadBalancer', '<none>', '<pending>', '<none>']);
    expect(svc({ metadata: { name: 's' }, spec: { type: 'LoadBalancer', externalIPs: ['1.2.3.4'] }, status: { loadBalancer: { ingress: [{ hostname: 'lb' }] } } }, NOW)[3]).toBe('lb,1.2.3.4');
    expect(svc({ metadata: { name: 's' }, spec: { type: 'ExternalName', externalName: 'x.example' } }, NOW)[3]).toBe('x.example');
    expect(svc({ metadata: { name: 's' }, spec: { externalIPs: ['5.6.7.8'] } }, NOW)[3]).toBe('5.6.7.8');
    const node = BUILTIN_PRINTERS.nodes!.cells({ metadata: { name: 'n', labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/infra': '' } }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }, NOW);
    expect(node.slice(0, 3)).toEqual(['n', 'NotReady,SchedulingDisabled', 'infra,worker']);
    expect(BUILTIN_PRINTERS.nodes!.cells({ metadata: { name: 'n' }, status: {} }, NOW)[1]).toBe('Unknown');
    const job = BUILTIN_PRINTERS['jobs.batch']!.cells;
    expect(job({ metadata: { name: 'j' }, spec: { completions: 3 }, status: { startTime: ago(90_000), succeeded: 1 } }, NOW).slice(1, 4)).toEqual(['Running', '1/3', '90s']);
    expect(job({ metadata: { name: 'j' }, spec: { suspend: true }, status: {} }, NOW).slice(1, 4)).toEqual(['Suspended', '0/1', '']);
    expect(job({ metadata: { name: 'j' }, spec: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } }, NOW)[1]).toBe('Failed');
    const ev = BUILTIN_PRINTERS.events!.cells({ metadata: { name: 'e' }, lastTimestamp: ago(60_000), type: 'Warning', reason: 'BackOff', involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{a}' }, source: { component: 'kubelet', host: 'n1' }, message: 'm', count: 4 }, NOW);
    expect(ev).toEqual(['60s', 'Warning', 'BackOff', 'pod/p', 'spec.containers{a}', 'kubelet, n1', 'm', '<unknown>', '4', 'e']);
    expect(BUILTIN_PRINTERS.secrets!.cells({ metadata: { name: 's' }, data: { a: '', b: '' } }, NOW)).toEqual(['s', 'Opaque', 2, '<unknown>']);
    expect(BUILTIN_PRINTERS.configmaps!.cells({ metadata: { name: 'c' }, data: { a: '' }, binaryData: { b: '' } }, NOW)[1]).toBe(2);
    expect(BUILTIN_PRINTERS['statefulsets.apps']!.cells({ metadata: { name: 's' }, spec: { replicas: 3 }, status: { readyReplicas: 2 } }, NOW).slice(0, 2)).toEqual(['s', '2/3']);
    const rs = BUILTIN_PRINTERS['replicasets.apps']!.cells({ metadata: { name: 'r' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'x', operator: 'In', values: ['1', '2'] }, { key: 'y', operator: 'Exists' }, { key: 'z', operator: 'DoesNotExist' }] }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { replicas: 2, readyReplicas: 1 } }, NOW);
    expect(rs).toEqual(['r', 2, 2, 1, '<unknown>', 'c', 'i', 'a=b,x in (1,2),y,!z']);
    expect(BUILTIN_PRINTERS['daemonsets.apps']!.cells({ metadata: { name: 'd' }, spec: { template: { spec: {} } }, status: {} }, NOW).slice(0, 7)).toEqual(['d', 0, 0, 0, 0, 0, '<none>']);
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('CRD printer columns with JSONPath, types and a default Age', () => {
    const crd = { spec: { group: 'g.io', scope: 'Cluster', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1beta1', served: false }, { name: 'v1', served: true,
      additionalPrinterColumns: [{ name: 'First', type: 'string', jsonPath: '.spec.list[0].name' }, { name: 'Obj', type: 'string', jsonPath: '.spec.obj' }, { name: 'N', type: 'integer', jsonPath: '.spec.n' }, { name: 'When', type: 'date', jsonPath: '.status.at' }, { name: 'Gone', type: 'string', jsonPath: '.spec.none' }] }] } };
    const def = defFromCrd(crd)!;
    expect([def.version, def.namespaced, def.singular, def.custom]).toEqual(['v1', false, 'thing', true]);
    expect(def.printer.cells({ metadata: { name: 't' }, spec: { list: [{ name: 'x' }], obj: { a: 1 }, n: 3 }, status: { at: ago(7_200_000) } }, NOW)).toEqual(['t', 'x', '{"a":1}', 3, '120m', null]);
    const plain = defFromCrd({ spec: { group: 'g.io', names: { plural: 'ps', kind: 'P', singular: 'p' }, versions: [{ name: 'v1' }] } })!;
    expect(plain.printer.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(defFromCrd({ spec: { group: 'g.io', names: {}, versions: [] } })).toBeUndefined();
    expect(readJsonPath({ a: { b: [1, { c: 2 }] } }, '{.a.b[1].c}')).toBe(2);
    expect(readJsonPath({ a: 1 }, '.a.b.c')).toBeUndefined();
    expect(readJsonPath({ a: 1 }, '.a[x')).toBeUndefined();
  });
});

describe('content negotiation', () => {
  it.each([
    [undefined, { kind: 'json' }],
    ['application/vnd.kubernetes.protobuf,application/json', { kind: 'json' }],
    ['application/json;as=Table;v=v1beta1;g=meta.k8s.io', { kind: 'table', version: 'v1beta1' }],
    ['application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,*/*', { kind: 'json' }],
    ['application/yaml', undefined],
  ])('%s', (accept, expected) => expect(negotiate(accept, { table: true })).toEqual(expected));
});

describe('log lines', () => {
  it('are deterministic per pod, container and index', () => {
    expect(logLine('p', 'c', 7)).toBe(logLine('p', 'c', 7));
    expect(new Set(Array.from({ length: 50 }, (_, k) => logLine('p', 'c', k).split(' ')[0])).size).toBeGreaterThan(2);
  });
});

describe('registry field selectors', () => {
  it('every supported field reads a string from full and empty objects', async () => {
    const { BUILTIN_RESOURCES } = await import('../../src/sim/registry.js');
    const full = {
      spec: { nodeName: 'n', restartPolicy: 'Always', schedulerName: 's', serviceAccountName: 'sa', hostNetwork: true, unschedulable: true },
      status: { phase: 'Running', podIP: '1.2.3.4', nominatedNodeName: 'm', replicas: 2, succeeded: 1 },
      involvedObject: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u', apiVersion: 'v1', resourceVersion: '5', fieldPath: 'f' },
      regarding: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u' }, reason: 'r', reportingComponent: 'rc', reportingController: 'rc',
      source: { component: 'kubelet' }, type: 'Normal',
    };
    for (const def of BUILTIN_RESOURCES) {
      for (const [field, read] of Object.entries(def.fields)) {
        expect(typeof read(full), `${def.resource}.${def.group} ${field}`).toBe('string');
        expect(typeof read({}), `${def.resource}.${def.group} ${field} (empty)`).toBe('string');
      }
      // A near-empty object still yields one cell per column, its name in the Name column where the type has one.
      const cells = def.printer.cells({ metadata: { name: 'x' } }, NOW);
      expect(cells, `${def.resource}.${def.group} cells`).toHaveLength(def.printer.columns.length);
      const nameAt = def.printer.columns.findIndex((c) => c.name === 'Name');
      if (nameAt >= 0) expect(cells[nameAt], `${def.resource}.${def.group} name`).toBe('x');
    }
  });
});

describe('controller defaults', () => {
  it('starts a bare pod with defaults, and without nodes leaves it unscheduled', async () => {
    const { startPod } = await import('../../src/sim/controller.js');
    const ctx = { random: () => 0.5, nodes: () => [], nextPodIp: () => '10.0.0.9', now: () => NOW };
    const pod = startPod(ctx, { metadata: { name: 'p' } }, NOW - 60_000);
    expect(pod.spec).toMatchObject({ containers: [{ name: 'main', image: 'busybox:1.36' }], restartPolicy: 'Always', nodeName: undefined });
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '10.0.0.9', hostIP: undefined });
    const pending = startPod(ctx, { metadata: { name: 'q' }, status: { phase: 'Pending' } }, NOW);
    expect(pending.status).toEqual({ phase: 'Pending' });
  });
});

describe('version-dependent columns', () => {
  it('jobs have a Status column from 1.30 on', async () => {
    const { builtinResourcesFor } = await import('../../src/sim/registry.js');
    const jobs = (v: string) => builtinResourcesFor(v).find((d) => d.resource === 'jobs')!.printer;
    const job = { metadata: { name: 'j' }, spec: {}, status: { succeeded: 1, startTime: ago(50_000), completionTime: ago(8_000), conditions: [{ type: 'Complete', status: 'True' }] } };
    expect(jobs('1.29.4').columns.map((c) => c.name).slice(0, 4)).toEqual(['Name', 'Completions', 'Duration', 'Age']);
    expect(jobs('1.29.4').cells(job, NOW).slice(0, 3)).toEqual(['j', '1/1', '42s']);
    expect(jobs('1.30.0').cells(job, NOW).slice(0, 4)).toEqual(['j', 'Complete', '1/1', '42s']);
  });
});
