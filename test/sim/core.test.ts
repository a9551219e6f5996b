import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { humanDuration, kubeconfigYaml, startCluster, startFleet, type SimCluster } from '../../src/sim/index.js';
import { call, watch } from './client.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGG_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const AGG_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let c: SimCluster;
beforeAll(async () => {
  c = await startCluster({
    name: 'core', version: '1.30.2', pods: 12, seed: 3, watchHistory: 50, bookmarkIntervalMs: 100,
    users: [
      { name: 'admin', token: 'admin-token' },
      { name: 'bob', token: 'bob-token', rules: [{ verbs: ['get', 'list'], resources: ['pods'], namespaces: ['kube-system'] }] },
    ],
  });
});
afterAll(async () => c.stop());

describe('humanDuration', () => {
  it.each([
    [-5000, '<invalid>'], [-500, '0s'], [0, '0s'], [75_000, '75s'], [119_000, '119s'], [120_000, '2m'], [304_000, '5m4s'],
    [600_000, '10m'], [7_200_000, '120m'], [11_520_000, '3h12m'], [10_800_000, '3h'], [86_400_000, '24h'], [180_000_000, '2d2h'],
    [172_800_000, '2d'], [30 * 86_400_000, '30d'], [800 * 86_400_000, '2y70d'], [730 * 86_400_000, '2y'], [3000 * 86_400_000, '8y'],
  ])('%d ms -> %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('transport and auth', () => {
  it('serves TLS that verifies against the cluster CA, and fails without it', async () => {
    const ok = await call(c, '/version');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.2' });
    expect(ok.headers['cache-control']).toBe('no-cache, private');
    const other = await startCluster({ name: 'other', pods: 0, crd: false });
    try {
      await expect(call(c, '/version', { ca: other.caPem })).rejects.toThrow(/self[- ]signed|unable to verify|signature/i);
    } finally {
      await other.stop();
    }
  });

  it('answers 401 with a Status for no or a wrong token, but lets anonymous callers read /version and /healthz', async () => {
    for (const token of [null, 'nope']) {
      const r = await call(c, '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
    expect((await call(c, '/healthz', { token: null })).text).toBe('ok');
    expect((await call(c, '/version', { token: 'nope' })).status).toBe(401);
    for (const p of ['/healthz', '/livez', '/readyz']) {
      const r = await call(c, p);
      expect([r.status, r.text, r.headers['content-type']]).toEqual([200, 'ok', 'text/plain; charset=utf-8']);
    }
  });

  it('accepts client certificates signed by the cluster CA (CN = user, O = groups) and rejects foreign ones', async () => {
    const cert = await c.clientCertFor('bob', ['devs']);
    const denied = await call(c, '/api/v1/namespaces/default/pods', { token: null, cert });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe('pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
    expect((await call(c, '/api/v1/namespaces/kube-system/pods', { token: null, cert })).status).toBe(200);
    const other = await startCluster({ name: 'other2', pods: 0, crd: false });
    try {
      const foreign = await other.clientCertFor('admin');
      expect((await call(c, '/api/v1/pods', { token: null, cert: foreign })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('forbids by rules with the real server messages', async () => {
    const r = await call(c, '/apis/apps/v1/deployments', { token: 'bob-token' });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ reason: 'Forbidden', code: 403, details: { kind: 'deployments', group: 'apps' } });
    expect(r.json.message).toBe('deployments.apps is forbidden: User "bob" cannot list resource "deployments" in API group "apps" at the cluster scope');
    const one = await call(c, '/api/v1/namespaces/default/pods/x', { token: 'bob-token' });
    expect(one.json.message).toBe('pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"');
  });
});

describe('discovery', () => {
  it('serves aggregated v2 or v2beta1 as the Accept asks, with an ETag and 304', async () => {
    const v2 = await call(c, '/apis', { accept: AGG_V2 });
    expect(v2.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(v2.json.apiVersion).toBe('apidiscovery.k8s.io/v2');
    const apps = v2.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deploy).toMatchObject({ scope: 'Namespaced', singularResource: 'deployment', shortNames: ['deploy'], categories: ['all'] });
    expect(deploy.subresources.map((s: { subresource: string }) => s.subresource)).toEqual(['status', 'scale']);
    expect(v2.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain('stable.example.com');
    const beta = await call(c, '/api', { accept: AGG_V2BETA1 });
    expect(beta.json.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(beta.json.items[0].metadata.name).toBe('');
    const again = await call(c, '/apis', { accept: AGG_V2, headers: { 'if-none-match': String(v2.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('serves legacy discovery for plain JSON', async () => {
    expect((await call(c, '/api', { accept: 'application/json' })).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(c, '/apis', { accept: 'application/json' })).json;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups[0]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    const core = (await call(c, '/api/v1', { accept: 'application/json, */*' })).json;
    const names = core.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['pods', 'pods/log', 'pods/status', 'namespaces', 'nodes', 'services', 'configmaps', 'secrets']));
    expect((await call(c, '/apis/apps/v1')).json.groupVersion).toBe('apps/v1');
    expect((await call(c, '/apis/stable.example.com/v1')).json.resources[0]).toMatchObject({ name: 'crontabs', kind: 'CronTab', namespaced: true });
    expect((await call(c, '/apis/nope/v1')).status).toBe(404);
    expect((await call(c, '/nope')).json.message).toBe('the server could not find the requested resource');
  });
});

describe('lists and tables', () => {
  it('lists JSON without per-item kind for built-ins, with list kind and resourceVersion', async () => {
    const r = await call(c, '/api/v1/pods', { accept: 'application/json' });
    expect(r.json.kind).toBe('PodList');
    expect(r.json.items).toHaveLength(12);
    expect(r.json.items[0].kind).toBeUndefined();
    expect(Number(r.json.metadata.resourceVersion)).toBeGreaterThan(1000);
    const cr = await call(c, '/apis/stable.example.com/v1/namespaces/default/crontabs');
    expect(cr.json.items[0]).toMatchObject({ kind: 'CronTab', apiVersion: 'stable.example.com/v1' });
  });

  it('builds Tables with the real columns, ages and includeObject', async () => {
    const r = await call(c, '/api/v1/namespaces/kube-system/pods', { accept: TABLE });
    expect(r.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(r.json.columnDefinitions.map((d: { name: string; priority: number }) => `${d.name}:${d.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
    const row = r.json.rows[0];
    expect(row.cells[0]).toMatch(/^coredns-[a-z0-9]{10}-[a-z0-9]{5}$/);
    expect(row.cells.slice(1, 3)).toEqual(['1/1', 'Running']);
    expect(row.cells[4]).toMatch(/^\d+d(\d+h)?$/);
    expect(row.cells[6]).toMatch(/^node-\d+$/);
    expect(row.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { namespace: 'kube-system' } });
    expect(row.object.spec).toBeUndefined();
    const none = await call(c, '/api/v1/namespaces/kube-system/pods?includeObject=None', { accept: TABLE });
    expect(none.json.rows[0].object).toBeUndefined();
    const full = await call(c, '/api/v1/namespaces/kube-system/pods?includeObject=Object', { accept: TABLE });
    expect(full.json.rows[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', spec: { nodeName: expect.any(String) } });
    expect((await call(c, '/api/v1/pods?includeObject=All', { accept: TABLE })).status).toBe(400);
    const deploy = await call(c, '/apis/apps/v1/namespaces/kube-system/deployments', { accept: TABLE });
    expect(deploy.json.rows[0].cells.slice(0, 4)).toEqual(['coredns', '2/2', 2, 2]);
    const crons = await call(c, '/apis/stable.example.com/v1/namespaces/default/crontabs', { accept: TABLE });
    expect(crons.json.columnDefinitions.map((d: { name: string }) => d.name)).toEqual(['Name', 'Spec', 'Replicas', 'Age']);
    expect(crons.json.rows[0].cells.slice(0, 3)).toEqual(['nightly-backup', '0 2 * * *', 1]);
    const one = await call(c, '/api/v1/namespaces/default/services/kubernetes', { accept: TABLE });
    expect(one.json.rows[0].cells.slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
    const missing = await call(c, '/api/v1/namespaces/default/pods/nope');
    expect(missing.json).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
  });

  it('filters with label and field selectors, and rejects what it cannot parse', async () => {
    const names = async (q: string): Promise<string[]> =>
      (await call(c, `/api/v1/pods?${q}`)).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    const all = (await call(c, '/api/v1/pods')).json.items;
    const coredns = all.filter((p: { metadata: { labels: { app: string } } }) => p.metadata.labels.app === 'coredns').map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(await names('labelSelector=app%3Dcoredns')).toEqual(coredns);
    expect(await names('labelSelector=app%3D%3Dcoredns')).toEqual(coredns);
    expect((await names('labelSelector=app!%3Dcoredns')).length).toBe(12 - coredns.length);
    expect(await names(`labelSelector=${encodeURIComponent('app in (coredns, nothing)')}`)).toEqual(coredns);
    expect((await names(`labelSelector=${encodeURIComponent('app notin (coredns)')}`)).length).toBe(12 - coredns.length);
    const hashed = await names('labelSelector=pod-template-hash');
    const unhashed = await names(`labelSelector=${encodeURIComponent('!pod-template-hash')}`);
    expect(hashed).toEqual(expect.arrayContaining(coredns));
    expect(unhashed.length).toBeGreaterThan(0);
    expect(unhashed.every((n) => n.startsWith('kube-proxy-') || n.startsWith('postgres-'))).toBe(true);
    expect(hashed.length + unhashed.length).toBe(12);
    const first = all[0];
    expect(await names(`fieldSelector=metadata.name%3D${first.metadata.name}`)).toEqual([first.metadata.name]);
    expect((await names('fieldSelector=status.phase%3DRunning')).length).toBe(12);
    expect((await names(`fieldSelector=spec.nodeName%3D${first.spec.nodeName},metadata.namespace%3D${first.metadata.namespace}`))).toContain(first.metadata.name);
    const bad = await call(c, '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect([bad.status, bad.json.message]).toEqual([400, 'field label not supported: spec.bogus']);
    expect((await call(c, '/api/v1/pods?labelSelector=a%3D%3D%3D')).status).toBe(400);
  });

  it('pages with limit/continue over a consistent snapshot and expires tokens on compaction', async () => {
    const full = (await call(c, '/api/v1/pods')).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    const seen: string[] = [];
    const rvs = new Set<string>();
    let token = '';
    let pages = 0;
    do {
      const r = await call(c, `/api/v1/pods?limit=5${token ? `&continue=${token}` : ''}`, { accept: TABLE });
      seen.push(...r.json.rows.map((row: { cells: string[] }) => row.cells[0]));
      rvs.add(r.json.metadata.resourceVersion);
      token = r.json.metadata.continue ?? '';
      if (pages === 0) {
        expect(r.json.metadata.remainingItemCount).toBe(7);
        c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'aaa-during-paging', namespace: 'analytics' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
      }
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(full);
    expect(rvs.size).toBe(1);
    const first = await call(c, '/api/v1/pods?limit=2');
    c.compact();
    const expired = await call(c, `/api/v1/pods?limit=2&continue=${first.json.metadata.continue}`);
    expect([expired.status, expired.json.reason]).toEqual([410, 'Expired']);
    expect(expired.json.message).toMatch(/^The provided continue parameter is too old/);
    expect((await call(c, '/api/v1/pods?limit=2&continue=%%%')).status).toBe(400);
    c.remove('pods', 'analytics', 'aaa-during-paging');
  });
});

describe('watch', () => {
  it('resumes from a list resourceVersion, filters by namespace and label, and ends at timeoutSeconds', async () => {
    const list = await call(c, '/api/v1/namespaces/default/pods');
    const rv = list.json.metadata.resourceVersion;
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w1', namespace: 'default', labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'elsewhere', namespace: 'kube-system' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const w = await watch(c, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    const added = await w.next();
    expect(added).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'w1' } } });
    const pod = c.list('pods', 'default').find((p) => p.metadata?.name === 'w1')!;
    c.update({ ...pod, metadata: { ...pod.metadata, labels: { app: 'w', changed: 'yes' } } });
    expect(await w.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'w1', labels: { changed: 'yes' } } } });
    c.remove('pods', 'default', 'w1');
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w1' } } });
    expect(await w.ended).toBe('end');
    expect(w.events.map((e) => e.object.metadata.name)).not.toContain('elsewhere');
    c.remove('pods', 'kube-system', 'elsewhere');
  });

  it('sends synthetic ADDED for rv 0, turns selector exits into DELETED, and sends bookmarks only when asked', async () => {
    const w = await watch(c, '/api/v1/namespaces/kube-system/pods?watch=true&labelSelector=app%3Dcoredns&allowWatchBookmarks=true');
    const first = await w.next();
    expect(first.type).toBe('ADDED');
    await w.next();
    const bookmark = await w.next();
    expect(bookmark).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } } });
    const pod = c.list('pods', 'kube-system')[0]!;
    c.update({ ...pod, metadata: { ...pod.metadata, labels: { app: 'moved' } } });
    let ev = await w.next();
    while (ev.type === 'BOOKMARK') ev = await w.next();
    expect(ev).toMatchObject({ type: 'DELETED', object: { metadata: { name: pod.metadata!.name } } });
    w.close();
    const plain = await watch(c, '/api/v1/namespaces/kube-system/pods?watch=true&timeoutSeconds=1');
    await plain.ended;
    expect(plain.events.every((e) => e.type === 'ADDED')).toBe(true);
  });

  it('sends Table events with columns in the first event only', async () => {
    const list = await call(c, '/api/v1/namespaces/default/pods', { accept: TABLE });
    const w = await watch(c, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`, { accept: TABLE });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 't1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 't2', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const a = await w.next();
    const b = await w.next();
    expect(a.object.kind).toBe('Table');
    expect(a.object.columnDefinitions).toHaveLength(9);
    expect(a.object.rows).toHaveLength(1);
    expect(a.object.rows[0].cells.slice(0, 3)).toEqual(['t1', '1/1', 'Running']);
    expect(b.object.columnDefinitions).toBeNull();
    expect(b.object.rows[0].cells[0]).toBe('t2');
    w.close();
    c.remove('pods', 'default', 't1');
    c.remove('pods', 'default', 't2');
  });

  it('answers a resourceVersion older than the history with an in-stream 410 ERROR event', async () => {
    const old = (await call(c, '/api/v1/pods')).json.metadata.resourceVersion;
    for (let i = 0; i < 120; i++) c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}`, namespace: 'default' } });
    const w = await watch(c, `/api/v1/pods?watch=true&resourceVersion=${old}`);
    expect(w.status).toBe(200);
    expect(await w.ended).toBe('end');
    expect(w.events).toEqual([{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: expect.stringMatching(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`)), reason: 'Expired', code: 410 } }]);
    const now = (await call(c, '/api/v1/pods')).json.metadata.resourceVersion;
    c.compact();
    const after = await watch(c, `/api/v1/pods?watch=true&resourceVersion=${Number(now) - 1}`);
    await after.ended;
    expect(after.events[0].object.code).toBe(410);
  });
});

describe('fleet and kubeconfig', () => {
  it('starts a fleet and writes a kubeconfig with one context per cluster', async () => {
    const fleet = await startFleet(2, { namePrefix: 'kc', pods: 3, version: '1.33.1' });
    try {
      const cfg = parseYaml(kubeconfigYaml(fleet, { namespace: 'kube-system' }));
      expect(cfg.contexts.map((x: { name: string }) => x.name)).toEqual(['kc-1', 'kc-2']);
      expect(cfg['current-context']).toBe('kc-1');
      expect(cfg.contexts[1].context).toEqual({ cluster: 'kc-2', user: 'kc-2-admin', namespace: 'kube-system' });
      expect(Buffer.from(cfg.clusters[1].cluster['certificate-authority-data'], 'base64').toString()).toBe(fleet[1]!.caPem);
      expect(cfg.users[0].user.token).toBe(fleet[0]!.tokenFor());
      expect(fleet[0]!.list('pods')).toHaveLength(3);
      expect(fleet[0]!.port).not.toBe(fleet[1]!.port);
    } finally {
      await Promise.all(fleet.map((f) => f.stop()));
    }
  });

  it('can lack the CRD, and seeds it with other printer columns on request', async () => {
    const [bare, custom] = await Promise.all([
      startCluster({ name: 'bare', pods: 0, crd: false }),
      startCluster({ name: 'custom', pods: 0, crdPrinterColumns: [{ name: 'Image', type: 'string', jsonPath: '.spec.image' }] }),
    ]);
    try {
      expect((await call(bare, '/apis/stable.example.com/v1/namespaces/default/crontabs')).status).toBe(404);
      const groups = (await call(bare, '/apis', { accept: AGG_V2 })).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
      expect(groups).not.toContain('stable.example.com');
      expect(bare.list('pods')).toEqual([]);
      const t = await call(custom, '/apis/stable.example.com/v1/namespaces/default/crontabs', { accept: TABLE });
      expect(t.json.columnDefinitions.map((d: { name: string }) => d.name)).toEqual(['Name', 'Image']);
      expect(t.json.rows[0].cells).toEqual(['nightly-backup', 'busybox:1.36']);
    } finally {
      await Promise.all([bare.stop(), custom.stop()]);
    }
  });

  it('is deterministic for a seed', async () => {
    const [a, b] = await Promise.all([startCluster({ name: 'd1', seed: 9, pods: 6 }), startCluster({ name: 'd2', seed: 9, pods: 6 })]);
    try {
      const shape = (x: SimCluster): string[] => x.list('pods').map((p) => `${p.metadata?.namespace}/${p.metadata?.name}@${(p.spec as { nodeName: string }).nodeName}`);
      expect(shape(a)).toEqual(shape(b));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('logs every request', async () => {
    await call(c, '/api/v1/pods?limit=1');
    const last = c.requests.at(-1)!;
    expect([last.method, last.path, last.query.get('limit')]).toEqual(['GET', '/api/v1/pods', '1']);
    expect(last.headers.authorization).toBe('Bearer admin-token');
  });
});


describe('table watch bookmarks', () => {
  it('converts a bookmark like the real server: a one-row Table of the empty object, carrying the resourceVersion', async () => {
    const rv = (await call(c, '/api/v1/namespaces/default/pods', { accept: TABLE })).json.metadata.resourceVersion;
    const w = await watch(c, `/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`, { accept: TABLE });
    const first = await w.next();
    expect(first.type).toBe('BOOKMARK');
    expect(first.object).toMatchObject({ kind: 'Table', metadata: { resourceVersion: expect.any(String) } });
    expect(first.object.columnDefinitions).toHaveLength(9);
    expect(first.object.rows).toEqual([{ cells: [undefined, '0/0', '', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'].map((x) => x ?? null), object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: first.object.metadata.resourceVersion } } }]);
    const second = await w.next();
    expect(second.object.columnDefinitions).toBeNull();
    w.close();
  });
});
