import type { IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../src/clusters/client.js';
import { categoryMembers, fetchDiscovery, fromLegacy, resolveResource, resolveResources, resolveTypeGroups } from '../../src/kube/discovery.js';
import { getNamed, listPages, listQueryString, withTypeMeta } from '../../src/kube/list.js';
import { ClusterError } from '../../src/errors.js';
import { entryFor, fakeResponse } from '../helpers/get-fixtures.js';

/** A fake cluster client answering from a path -> [status, body, content-type] table, recording requests. */
function fakeClient(routes: Record<string, [number, unknown, string?]>): ClusterClient & { paths: string[] } {
  const paths: string[] = [];
  return {
    entry: entryFor('fake', { server: `https://fake-${Math.random()}:1` }),
    paths,
    async request(p: string): Promise<IncomingMessage> {
      paths.push(p);
      const route = routes[p] ?? [404, { kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 }];
      return fakeResponse(route[0], typeof route[1] === 'string' ? route[1] : JSON.stringify(route[1]), { 'content-type': route[2] ?? 'application/json' });
    },
  };
}

const legacy: Record<string, [number, unknown, string?]> = {
  '/api': [200, { kind: 'APIVersions', versions: ['v1'] }],
  '/apis': [200, { kind: 'APIGroupList', groups: [
    { name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
    { name: 'broken.io', versions: [{ version: 'v1' }] },
    { name: 'multi.io', versions: [{ version: 'v2' }, { version: 'v1' }], preferredVersion: { version: 'v2' } },
  ] }],
  '/api/v1': [200, { resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'] }, { name: 'pods/log', kind: 'Pod' }] }],
  '/apis/apps/v1': [200, { resources: [{ name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment' }] }],
  '/apis/broken.io/v1': [503, 'unavailable'],
  '/apis/multi.io/v2': [200, { resources: [{ name: 'things', namespaced: false, kind: 'Thing' }] }],
  '/apis/multi.io/v1': [200, { resources: [{ name: 'things', namespaced: false, kind: 'Thing' }] }],
};

describe('fetchDiscovery', () => {
  it('walks legacy discovery, skipping a broken group/version', async () => {
    const client = fakeClient(legacy);
    const resources = await fetchDiscovery(client);
    expect(resources.map((r) => `${r.group}/${r.version}/${r.resource}${r.preferred ? '*' : ''}`)).toEqual([
      '/v1/pods*',
      'apps/v1/deployments*',
      'multi.io/v2/things*',
      'multi.io/v1/things',
    ]);
    expect(client.paths.slice(0, 2)).toEqual(['/api', '/apis']);
  });

  it('uses aggregated discovery when the content type says so (two requests)', async () => {
    const type = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    const client = fakeClient({
      '/api': [200, { items: [{ metadata: { name: '' }, versions: [{ version: 'v1', resources: [{ resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced' }] }] }] }, type],
      '/apis': [200, { items: [] }, type],
    });
    expect((await fetchDiscovery(client)).map((r) => r.resource)).toEqual(['pods']);
    expect(client.paths).toEqual(['/api', '/apis']);
  });

  it('fails the cluster when /api fails', async () => {
    const client = fakeClient({ '/api': [401, { kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 }], '/apis': [200, { groups: [] }] });
    await expect(fetchDiscovery(client)).rejects.toMatchObject({ reason: 'Unauthorized', code: 401 });
  });

  it('resolves through the cache and refetches once for an unknown type', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-dc-'));
    const client = fakeClient(legacy);
    expect(await resolveResource(client, 'po', { cacheDir })).toMatchObject({ resource: 'pods' });
    const afterFirst = client.paths.length;
    expect(await resolveResources(client, ['deployment', 'things.v1.multi.io'], { cacheDir })).toMatchObject([{ resource: 'deployments' }, { version: 'v1' }]);
    expect(client.paths.length).toBe(afterFirst);
    await expect(resolveResource(client, 'gizmos', { cacheDir })).rejects.toThrow('the server doesn\'t have a resource type "gizmos"');
    expect(client.paths.filter((p) => p === '/api')).toHaveLength(2);
  });
});

describe('categories', () => {
  const resources = fromLegacy('', 'v1', true, {
    resources: [
      { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list'], categories: ['all'] },
      { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'], categories: ['all'] },
      { name: 'secrets', kind: 'Secret', namespaced: true, verbs: ['list'] },
      { name: 'services', kind: 'Service', namespaced: true, categories: ['all'] },
    ],
  });
  it('expands to listable members in discovery order', () => {
    expect(categoryMembers('ALL', resources).map((r) => r.resource)).toEqual(['pods', 'services']);
    expect(categoryMembers('none', resources)).toEqual([]);
  });
  it('resolves categories as groups; single-resource resolution refuses them', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-cat-'));
    const client = fakeClient({ ...legacy, '/api/v1': [200, { resources: [{ name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'] }, { name: 'services', kind: 'Service', namespaced: true, categories: ['all'] }] }] });
    expect((await resolveTypeGroups(client, ['all', 'po'], { cacheDir })).map((g) => g.map((r) => r.resource))).toEqual([['pods', 'services'], ['pods']]);
    await expect(resolveResources(client, ['all'], { cacheDir })).rejects.toThrow('the server doesn\'t have a resource type "all"');
  });
});

describe('lists and named objects', () => {
  const pods = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
  const widgets = { resource: 'widgets', group: 'example.com', version: 'v1', kind: 'Widget', namespaced: true };

  it('builds kubectl-ordered queries', () => {
    expect(listQueryString({ namespace: 'a', chunkSize: 0, table: false })).toBe('');
    expect(listQueryString({ namespace: 'a', chunkSize: 500, table: true, fullRowObjects: true, labelSelector: 'app=x', fieldSelector: 'a=b' }, 'T1')).toBe(
      '?continue=T1&fieldSelector=a%3Db&includeObject=Object&labelSelector=app%3Dx&limit=500',
    );
  });

  it('fills apiVersion and kind on items that lack them', () => {
    expect(withTypeMeta({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'a' } }, { apiVersion: 'v9', kind: 'X', metadata: {} }] }, pods)).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } },
      { apiVersion: 'v9', kind: 'X', metadata: {} },
    ]);
    expect(withTypeMeta({ items: [{}] } as never, widgets)).toEqual([{ apiVersion: 'example.com/v1', kind: 'Widget' }]);
  });

  it('reads named objects as objects or one-row tables; a missing one is returned, other errors thrown', async () => {
    const client = fakeClient({
      '/apis/example.com/v1/namespaces/ns/widgets/w': [200, { metadata: { name: 'w' } }],
      '/api/v1/namespaces/ns/pods/p?includeObject=Object': [200, { kind: 'Table', columnDefinitions: [], rows: [{ cells: ['p'] }] }],
      '/api/v1/namespaces/ns/pods/boom': [500, { kind: 'Status', reason: 'InternalError', message: 'etcd exploded', code: 500 }],
    });
    expect(await getNamed(client, widgets, 'ns', 'w', { table: false })).toEqual({ items: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }] });
    expect(await getNamed(client, pods, 'ns', 'p', { table: true, fullRowObjects: true })).toMatchObject({ table: { rows: [{ cells: ['p'] }] } });
    expect(await getNamed(client, pods, 'ns', 'gone', { table: false })).toBeInstanceOf(ClusterError);
    await expect(getNamed(client, pods, 'ns', 'boom', { table: false })).rejects.toMatchObject({ reason: 'InternalError' });
  });

  it('follows continue tokens page by page', async () => {
    const client = fakeClient({
      '/api/v1/pods?limit=1': [200, { kind: 'PodList', apiVersion: 'v1', metadata: { continue: 'T' }, items: [{ metadata: { name: 'a' } }] }],
      '/api/v1/pods?continue=T&limit=1': [200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'b' } }] }],
    });
    const seen: string[] = [];
    const count = await listPages(client, pods, { namespace: undefined, chunkSize: 1, table: false }, async (p) => void seen.push(...p.items!.map((i) => i.metadata!.name!)));
    expect([count, seen]).toEqual([2, ['a', 'b']]);
  });
});
