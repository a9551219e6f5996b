import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { call, watch } from './client.js';

let c: SimCluster;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const json = (body: unknown): { body: string; contentType: string } => ({ body: JSON.stringify(body), contentType: 'application/json' });

beforeAll(async () => {
  c = await startCluster({
    name: 'writes', pods: 30, seed: 11, logIntervalMs: 50,
    users: [{ name: 'admin', token: 'admin' }, { name: 'carol', token: 'carol', rules: [{ verbs: ['list', 'get'], resources: ['deployments.apps', 'pods/log'], namespaces: ['default'] }] }],
  });
});
afterAll(async () => c.stop());

describe('create, update, patch, delete over HTTP', () => {
  const base = '/api/v1/namespaces/default/configmaps';
  it('creates (201), refuses duplicates (409), namespace mismatches (400) and bad bodies', async () => {
    const r = await call(c, base, { method: 'POST', ...json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { a: '1' } }) });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm1', namespace: 'default', uid: expect.any(String), resourceVersion: expect.any(String) } });
    const dup = await call(c, base, { method: 'POST', ...json({ metadata: { name: 'cm1' } }) });
    expect([dup.status, dup.json.reason, dup.json.message]).toEqual([409, 'AlreadyExists', 'configmaps "cm1" already exists']);
    const other = await call(c, base, { method: 'POST', ...json({ metadata: { name: 'cm2', namespace: 'kube-system' } }) });
    expect([other.status, other.json.message]).toEqual([400, 'the namespace of the provided object does not match the namespace sent on the request']);
    expect((await call(c, base, { method: 'POST', body: '{nope', contentType: 'application/json' })).status).toBe(400);
    expect((await call(c, base, { method: 'POST', body: Buffer.from('k8s\0'), contentType: 'application/vnd.kubernetes.protobuf' })).status).toBe(415);
    const yaml = await call(c, base, { method: 'POST', body: 'metadata:\n  name: from-yaml\n', contentType: 'application/yaml' });
    expect(yaml.json.metadata.name).toBe('from-yaml');
    const gen = await call(c, base, { method: 'POST', ...json({ metadata: { generateName: 'gen-' } }) });
    expect(gen.json.metadata.name).toMatch(/^gen-[a-z0-9]+$/);
    expect((await call(c, base, { method: 'POST', ...json({ metadata: {} }) })).status).toBe(422);
    const dry = await call(c, `${base}?dryRun=All`, { method: 'POST', ...json({ metadata: { name: 'dry' } }) });
    expect(dry.status).toBe(201);
    expect((await call(c, `${base}/dry`)).status).toBe(404);
    expect((await call(c, '/api/v1/configmaps', { method: 'POST', ...json({ metadata: { name: 'x' } }) })).status).toBe(404);
  });

  it('updates with resourceVersion checks and patches in every format', async () => {
    const cur = (await call(c, `${base}/cm1`)).json;
    const put = await call(c, `${base}/cm1`, { method: 'PUT', ...json({ ...cur, data: { a: '2' } }) });
    expect([put.status, put.json.data]).toEqual([200, { a: '2' }]);
    const stale = await call(c, `${base}/cm1`, { method: 'PUT', ...json({ ...cur, data: { a: '3' } }) });
    expect([stale.status, stale.json.reason]).toEqual([409, 'Conflict']);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "cm1": the object has been modified; please apply your changes to the latest version and try again');
    const renamed = await call(c, `${base}/cm1`, { method: 'PUT', ...json({ metadata: { name: 'other' } }) });
    expect(renamed.status).toBe(400);
    const merge = await call(c, `${base}/cm1`, { method: 'PATCH', body: JSON.stringify({ metadata: { labels: { x: 'y' } }, data: { b: '1' } }), contentType: 'application/merge-patch+json' });
    expect(merge.json).toMatchObject({ metadata: { labels: { x: 'y' } }, data: { a: '2', b: '1' } });
    const jp = await call(c, `${base}/cm1`, { method: 'PATCH', body: JSON.stringify([{ op: 'remove', path: '/data/a' }]), contentType: 'application/json-patch+json' });
    expect(jp.json.data).toEqual({ b: '1' });
    const bad = await call(c, `${base}/cm1`, { method: 'PATCH', body: JSON.stringify([{ op: 'remove', path: '/data/zzz' }]), contentType: 'application/json-patch+json' });
    expect([bad.status, bad.json.reason]).toEqual([422, 'Invalid']);
    const smp = await call(c, `${base}/cm1`, { method: 'PATCH', body: JSON.stringify({ data: { c: '3' } }), contentType: 'application/strategic-merge-patch+json' });
    expect(smp.json.data).toEqual({ b: '1', c: '3' });
    expect((await call(c, `${base}/cm1`, { method: 'PATCH', body: '{}', contentType: 'text/plain' })).status).toBe(415);
    const applied = await call(c, `${base}/applied?fieldManager=kubectl`, { method: 'PATCH', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } }), contentType: 'application/apply-patch+yaml' });
    expect([applied.status, applied.json.data]).toEqual([201, { k: 'v' }]);
    const reapplied = await call(c, `${base}/applied`, { method: 'PATCH', body: JSON.stringify({ data: { k: 'w' } }), contentType: 'application/apply-patch+yaml' });
    expect([reapplied.status, reapplied.json.data]).toEqual([200, { k: 'w' }]);
    expect((await call(c, `${base}/missing`, { method: 'PUT', ...json({ metadata: { name: 'missing' } }) })).status).toBe(404);
  });

  it('deletes one object or a selected collection, and 404s after', async () => {
    const del = await call(c, `${base}/cm1`, { method: 'DELETE', body: JSON.stringify({ propagationPolicy: 'Background' }), contentType: 'application/json' });
    expect([del.status, del.json.metadata.name]).toEqual([200, 'cm1']);
    expect((await call(c, `${base}/cm1`, { method: 'DELETE' })).json.message).toBe('configmaps "cm1" not found');
    expect((await call(c, `${base}/applied?dryRun=All`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(c, `${base}/applied`)).status).toBe(200);
    for (const n of ['l1', 'l2']) c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: 'default', labels: { sweep: 'yes' } } });
    const dc = await call(c, `${base}?labelSelector=sweep%3Dyes`, { method: 'DELETE' });
    expect(dc.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['l1', 'l2']);
    expect(c.list('configmaps', 'default').some((x) => x.metadata?.labels?.sweep)).toBe(false);
  });

  it('scales deployments through the scale subresource (GET, PUT, PATCH) and updates status', async () => {
    const dep = c.list('deployments.apps', 'default')[0]!;
    const path = `/apis/apps/v1/namespaces/default/deployments/${dep.metadata!.name}`;
    const scale = await call(c, `${path}/scale`);
    expect(scale.json).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: (dep.spec as { replicas: number }).replicas } });
    const put = await call(c, `${path}/scale`, { method: 'PUT', ...json({ ...scale.json, spec: { replicas: 6 } }) });
    expect(put.json.spec.replicas).toBe(6);
    const patched = await call(c, `${path}/scale`, { method: 'PATCH', body: JSON.stringify({ spec: { replicas: 1 } }), contentType: 'application/merge-patch+json' });
    expect([patched.json.spec.replicas, patched.json.status.selector]).toEqual([1, `app=${dep.metadata!.labels!.app}`]);
    const pods = c.list('pods', 'default').filter((p) => p.metadata?.labels?.app === dep.metadata!.labels!.app);
    expect(pods).toHaveLength(1);
    c.remove('pods', 'default', pods[0]!.metadata!.name!);
    expect(c.list('pods', 'default').filter((p) => p.metadata?.labels?.app === dep.metadata!.labels!.app)).toHaveLength(1);
    const status = await call(c, `${path}/status`, { method: 'PATCH', body: JSON.stringify({ status: { readyReplicas: 0 } }), contentType: 'application/merge-patch+json' });
    expect(status.json.status.readyReplicas).toBe(0);
    expect((await call(c, `${path}/status`)).json.kind).toBe('Deployment');
    c.remove('deployments.apps', 'default', dep.metadata!.name!);
    expect(c.list('replicasets.apps', 'default').some((r) => r.metadata!.name!.startsWith(`${dep.metadata!.name}-`))).toBe(false);
  });

  it('creates deployments with their replicaset and pods, and CRDs become servable types', async () => {
    const d = await call(c, '/apis/apps/v1/namespaces/default/deployments', { method: 'POST', ...json({ metadata: { name: 'fresh' }, spec: { replicas: 2, selector: { matchLabels: { app: 'fresh' } }, template: { metadata: { labels: { app: 'fresh' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }) });
    expect(d.status).toBe(201);
    const table = await call(c, '/apis/apps/v1/namespaces/default/deployments/fresh', { accept: TABLE });
    expect(table.json.rows[0].cells.slice(0, 4)).toEqual(['fresh', '2/2', 2, 2]);
    expect(c.list('pods', 'default').filter((p) => p.metadata?.labels?.app === 'fresh')).toHaveLength(2);
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }] }] } };
    expect((await call(c, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', ...json(crd) })).status).toBe(201);
    c.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3 } });
    const w = await call(c, '/apis/example.com/v1/namespaces/default/widgets', { accept: TABLE });
    expect(w.json.rows[0].cells).toEqual(['w1', 3]);
    expect((await call(c, '/apis/example.com/v1/namespaces/default/widgets/nope')).json.message).toBe('widgets.example.com "nope" not found');
    const crds = await call(c, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { accept: TABLE });
    expect(crds.json.columnDefinitions.map((x: { name: string }) => x.name)).toEqual(['Name', 'Created At']);
    expect(() => c.create({ apiVersion: 'nope/v1', kind: 'Nope', metadata: { name: 'x' } })).toThrow(/no resource type/);
    expect(() => c.list('gizmos')).toThrow(/gizmos/);
  });

  it('deleting a namespace removes what is in it', async () => {
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'doomed' } });
    expect((await call(c, '/api/v1/namespaces/doomed', { accept: TABLE })).json.rows[0].cells[1]).toBe('Active');
    expect((await call(c, '/api/v1/namespaces/doomed', { method: 'DELETE' })).status).toBe(200);
    expect(c.list('configmaps', 'doomed')).toEqual([]);
  });
});

describe('events in both APIs', () => {
  it('mirrors core/v1 events into events.k8s.io/v1 and back', async () => {
    const core = await call(c, '/api/v1/events', { accept: TABLE });
    const v1 = await call(c, '/apis/events.k8s.io/v1/events', { accept: TABLE });
    expect(core.json.rows.length).toBeGreaterThan(0);
    expect(v1.json.rows.map((r: { cells: unknown[] }) => r.cells.slice(1, 4))).toEqual(core.json.rows.map((r: { cells: unknown[] }) => r.cells.slice(1, 4)));
    const first = (await call(c, '/apis/events.k8s.io/v1/events')).json.items[0];
    expect(first).toMatchObject({ regarding: { kind: 'Pod' }, note: expect.any(String), reportingController: expect.any(String) });
    const byReason = await call(c, '/apis/events.k8s.io/v1/events?fieldSelector=reason%3DScheduled');
    expect(byReason.json.items.every((e: { reason: string }) => e.reason === 'Scheduled')).toBe(true);
    const created = await call(c, '/apis/events.k8s.io/v1/namespaces/default/events', { method: 'POST', ...json({ metadata: { name: 'ev1' }, reason: 'Tested', note: 'hello', type: 'Normal', regarding: { kind: 'Pod', name: 'p' }, reportingController: 'test' }) });
    expect(created.status).toBe(201);
    expect((await call(c, '/api/v1/namespaces/default/events/ev1')).json).toMatchObject({ message: 'hello', reason: 'Tested', involvedObject: { name: 'p' } });
    await call(c, '/api/v1/namespaces/default/events/ev1', { method: 'DELETE' });
    expect((await call(c, '/apis/events.k8s.io/v1/namespaces/default/events/ev1')).status).toBe(404);
  });
});

describe('access reviews', () => {
  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview in JSON', async () => {
    const ssar = (token: string, attrs: object) => call(c, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token, method: 'POST', ...json({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: attrs }) });
    const yes = await ssar('carol', { resourceAttributes: { namespace: 'default', verb: 'list', group: 'apps', resource: 'deployments' } });
    expect([yes.status, yes.json.status]).toEqual([201, { allowed: true, reason: 'allowed by simulated RBAC rule' }]);
    expect((await ssar('carol', { resourceAttributes: { namespace: 'kube-system', verb: 'list', group: 'apps', resource: 'deployments' } })).json.status).toEqual({ allowed: false });
    expect((await ssar('admin', { resourceAttributes: { verb: 'delete', resource: 'nodes' } })).json.status).toEqual({ allowed: true });
    expect((await ssar('carol', { nonResourceAttributes: { path: '/healthz', verb: 'get' } })).json.status.allowed).toBe(true);
    const rules = await call(c, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { token: 'carol', method: 'POST', ...json({ spec: { namespace: 'default' } }) });
    expect(rules.json.status.resourceRules).toEqual([
      { verbs: ['list', 'get'], apiGroups: ['apps'], resources: ['deployments'] },
      { verbs: ['list', 'get'], apiGroups: [''], resources: ['pods/log'] },
    ]);
    const elsewhere = await call(c, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { token: 'carol', method: 'POST', ...json({ spec: { namespace: 'kube-system' } }) });
    expect(elsewhere.json.status.resourceRules).toEqual([]);
    const admin = await call(c, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { method: 'POST', ...json({ spec: { namespace: 'default' } }) });
    expect(admin.json.status.resourceRules).toEqual([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    expect((await call(c, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: 'k8s\0junk', contentType: 'application/vnd.kubernetes.protobuf' })).status).toBe(400);
    expect((await call(c, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'GET' })).status).toBe(405);
  });
});

describe('whoami and protobuf creates', () => {
  const ld = (field: number, value: Buffer | string): Buffer => {
    const body = typeof value === 'string' ? Buffer.from(value) : value;
    return Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body]);
  };
  const envelope = (kind: string, raw: Buffer): Buffer =>
    Buffer.concat([Buffer.from('k8s\0', 'latin1'), ld(1, Buffer.concat([ld(1, 'v1'), ld(2, kind)])), ld(2, raw)]);
  const entry = (k: string, v: string): Buffer => Buffer.concat([ld(1, k), ld(2, v)]);

  it('answers SelfSubjectReview with the user and groups', async () => {
    const r = await call(c, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: 'carol', method: 'POST', ...json({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1' }) });
    expect([r.status, r.json.status]).toEqual([201, { userInfo: { username: 'carol', groups: ['system:authenticated'] } }]);
  });

  it('decodes protobuf Namespace, ConfigMap, Secret and Deployment bodies, and refuses other kinds with 415', async () => {
    const proto = (body: Buffer) => ({ body, contentType: 'application/vnd.kubernetes.protobuf' });
    const meta = (name: string, extra: Buffer = Buffer.alloc(0)) => ld(1, Buffer.concat([ld(1, name), extra]));
    expect((await call(c, '/api/v1/namespaces', { method: 'POST', ...proto(envelope('Namespace', meta('pns', ld(11, entry('team', 'x'))))) })).json.metadata.labels).toEqual({ team: 'x', 'kubernetes.io/metadata.name': 'pns' });
    const cm = await call(c, '/api/v1/namespaces/pns/configmaps', { method: 'POST', ...proto(envelope('ConfigMap', Buffer.concat([meta('pcm', ld(12, entry('note', 'n'))), ld(2, entry('a', 'b')), ld(3, entry('bin', 'xyz'))]))) });
    expect(cm.json).toMatchObject({ metadata: { name: 'pcm', namespace: 'pns', annotations: { note: 'n' } }, data: { a: 'b' }, binaryData: { bin: 'eHl6' } });
    const sec = await call(c, '/api/v1/namespaces/pns/secrets', { method: 'POST', ...proto(envelope('Secret', Buffer.concat([meta('ps'), ld(2, entry('raw', 'r')), ld(4, entry('pw', 'hunter2'))]))) });
    expect(sec.json).toMatchObject({ type: 'Opaque', data: { raw: 'cg==', pw: 'aHVudGVyMg==' } });
    expect(sec.json.stringData).toBeUndefined();
    const varint = (field: number, v: number): Buffer => Buffer.from([field << 3, v]);
    const containerMsg = Buffer.concat([ld(1, 'web'), ld(2, 'nginx'), ld(3, 'sleep'), ld(4, '60'), ld(6, Buffer.concat([ld(1, 'http'), varint(3, 80)]))]);
    const spec = Buffer.concat([varint(1, 2), ld(2, ld(1, entry('app', 'pd'))), ld(3, Buffer.concat([ld(1, ld(11, entry('app', 'pd'))), ld(2, ld(2, containerMsg))]))]);
    const dep = await call(c, '/apis/apps/v1/namespaces/pns/deployments', { method: 'POST', ...proto(envelope('Deployment', Buffer.concat([meta('pd'), ld(2, spec)]))) });
    expect(dep.json.spec).toEqual({ replicas: 2, selector: { matchLabels: { app: 'pd' } }, template: { metadata: { labels: { app: 'pd' } }, spec: { containers: [{ name: 'web', image: 'nginx', command: ['sleep'], args: ['60'], ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }] } } });
    expect(c.list('pods', 'pns')).toHaveLength(2);
    const bare = await call(c, '/apis/apps/v1/namespaces/pns/deployments', { method: 'POST', ...proto(envelope('Deployment', meta('bare'))) });
    expect(bare.json.spec.replicas).toBe(1);
    const job = await call(c, '/apis/batch/v1/namespaces/pns/jobs', { method: 'POST', ...proto(envelope('Job', meta('pj'))) });
    expect([job.status, job.json.reason]).toEqual([415, 'UnsupportedMediaType']);
  });
});

describe('logs', () => {
  it('serves tail, timestamps, since, limitBytes, container and previous checks, and follow', async () => {
    const pod = c.list('pods', 'default')[0]!.metadata!.name!;
    const path = `/api/v1/namespaces/default/pods/${pod}/log`;
    const tail = await call(c, `${path}?tailLines=4`);
    expect(tail.headers['content-type']).toBe('text/plain');
    expect(tail.text.trimEnd().split('\n')).toHaveLength(4);
    const stamped = (await call(c, `${path}?tailLines=2&timestamps=true`)).text.trimEnd().split('\n');
    expect(stamped.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z level=/.test(l))).toBe(true);
    const since = new Date(Date.now() - 500).toISOString();
    const recent = (await call(c, `${path}?sinceTime=${since}&timestamps=true`)).text.trimEnd().split('\n');
    expect(recent.length).toBeLessThanOrEqual(12);
    expect(recent.every((l) => Date.parse(l.split(' ')[0]!) >= Date.parse(since) - 1)).toBe(true);
    expect((await call(c, `${path}?sinceSeconds=1`)).text.trimEnd().split('\n').length).toBeLessThanOrEqual(22);
    expect((await call(c, `${path}?limitBytes=10`)).text).toHaveLength(10);
    const wrong = await call(c, `${path}?container=nope`);
    expect([wrong.status, wrong.json.message]).toEqual([400, `container nope is not valid for pod ${pod}`]);
    expect((await call(c, `${path}?previous=true`)).json.message).toMatch(/^previous terminated container ".*" in pod ".*" not found$/);
    expect((await call(c, '/api/v1/namespaces/default/pods/nope/log')).status).toBe(404);
    const restarted = c.list('pods').find((p) => (p.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]!.restartCount > 0);
    if (restarted) {
      const prev = await call(c, `/api/v1/namespaces/${restarted.metadata!.namespace}/pods/${restarted.metadata!.name}/log?previous=true&tailLines=2`);
      expect(prev.text.trimEnd().split('\n')).toHaveLength(2);
    }
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'two', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } });
    expect((await call(c, '/api/v1/namespaces/default/pods/two/log')).json.message).toBe('a container name must be specified for pod two, choose one of: [a b]');
    expect((await call(c, '/api/v1/namespaces/default/pods/two/log?container=b&tailLines=1')).text.split('\n')).toHaveLength(2);
    expect((await call(c, '/api/v1/namespaces/default/pods/two/log?container=b', { token: 'carol' })).status).toBe(200);

    const follow = await watch(c, `/api/v1/namespaces/default/pods/two/log?container=a&follow=true&tailLines=0`);
    expect(await follow.next()).toMatch(/^level=/);
    expect(await follow.next()).toMatch(/^level=/);
    c.remove('pods', 'default', 'two');
    expect(await follow.ended).toBe('end');
  });
});

describe('openapi', () => {
  it('serves a v3 index and per group/version documents with fieldValidation and the GVK', async () => {
    const index = (await call(c, '/openapi/v3')).json;
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/stable.example.com/v1']));
    const url = index.paths['api/v1'].serverRelativeURL;
    const doc = await call(c, url);
    expect(doc.headers['cache-control']).toBe('public, immutable');
    const post = doc.json.paths['/api/v1/namespaces/{namespace}/pods'].post;
    expect(post['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(post.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(doc.json.paths['/api/v1/nodes/{name}'].patch['x-kubernetes-action']).toBe('patch');
    expect((await call(c, '/openapi/v3/api/v1')).headers['cache-control']).toBeUndefined();
    expect((await call(c, '/openapi/v3/apis/nope/v1')).status).toBe(404);
    expect((await call(c, '/openapi/v2')).status).toBe(404);
  });
});

describe('routing edges', () => {
  it('answers unknown paths, bad queries and the group document', async () => {
    expect((await call(c, '/apis/apps')).json).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    expect((await call(c, '/api/v2')).status).toBe(404);
    expect((await call(c, '/api/v1/namespaces/default/gizmos')).status).toBe(404);
    expect((await call(c, '/api/v1/namespaces/default/pods/x/bogus')).status).toBe(404);
    expect((await call(c, '/api/v1/pods?watch=true&resourceVersion=abc')).status).toBe(400);
    expect((await call(c, '/api/v1/pods?watch=true&includeObject=Bad')).status).toBe(400);
    expect((await call(c, '/api/v1/pods', { accept: 'application/yaml' })).status).toBe(406);
    expect((await call(c, '/api', { accept: 'text/html' })).status).toBe(406);
    expect((await call(c, '/api/v1/namespaces/default/pods', { method: 'PUT', body: '{}' })).status).toBe(405);
    expect((await call(c, '/api/v1/namespaces/default/pods/x', { method: 'OPTIONS' })).status).toBe(405);
    const denied = await call(c, '/api/v1/namespaces/default/pods', { token: 'carol' });
    expect(denied.json.message).toBe('pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});
