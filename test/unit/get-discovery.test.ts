import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResource, fromAggregated, fromLegacy, resourcePath } from '../../src/kube/discovery.js';
import {
  discoveryCacheFile,
  DISCOVERY_TTL_MS,
  readDiscoveryCache,
  writeDiscoveryCache,
  type DiscoveredResource,
} from '../../src/kube/discovery-cache.js';
import { defaultCacheDir } from '../../src/io.js';

const aggregatedCore = {
  items: [
    {
      metadata: { name: '' },
      versions: [
        {
          version: 'v1',
          resources: [
            { resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], verbs: ['list'], categories: ['all'] },
            { resource: 'nodes', responseKind: { kind: 'Node' }, scope: 'Cluster', singularResource: 'node', shortNames: ['no'] },
            { resource: 'services', responseKind: { kind: 'Service' }, scope: 'Namespaced', singularResource: 'service', shortNames: ['svc'] },
          ],
        },
      ],
    },
  ],
};
const aggregatedGroups = {
  items: [
    {
      metadata: { name: 'apps' },
      versions: [{ version: 'v1', resources: [{ resource: 'deployments', responseKind: { kind: 'Deployment' }, scope: 'Namespaced', singularResource: 'deployment', shortNames: ['deploy'] }] }],
    },
    {
      metadata: { name: 'stable.example.com' },
      versions: [
        { version: 'v2', resources: [{ resource: 'crontabs', responseKind: { kind: 'CronTab' }, scope: 'Namespaced', singularResource: 'crontab', shortNames: ['ct'] }] },
        { version: 'v1', resources: [{ resource: 'crontabs', responseKind: { kind: 'CronTab' }, scope: 'Namespaced', singularResource: 'crontab', shortNames: ['ct'] }] },
      ],
    },
    {
      metadata: { name: 'other.io' },
      versions: [{ version: 'v1', resources: [{ resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced' }] }],
    },
  ],
};
const all = [...fromAggregated(aggregatedCore), ...fromAggregated(aggregatedGroups)];

describe('discovery parsing', () => {
  it('flattens aggregated lists, first version preferred', () => {
    expect(all.find((r) => r.resource === 'pods')).toEqual({
      resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true, singular: 'pod', shortNames: ['po'], verbs: ['list'], categories: ['all'], preferred: true,
    });
    expect(all.filter((r) => r.resource === 'crontabs').map((r) => [r.version, r.preferred])).toEqual([['v2', true], ['v1', false]]);
    expect(fromAggregated({})).toEqual([]);
  });

  it('flattens legacy lists without subresources', () => {
    const list = {
      resources: [
        { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get'], shortNames: ['po'] },
        { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        { name: 'nodes', singularName: '', namespaced: false, kind: 'Node' },
      ],
    };
    expect(fromLegacy('', 'v1', true, list)).toEqual([
      { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true, singular: 'pod', shortNames: ['po'], verbs: ['get'], categories: [], preferred: true },
      { resource: 'nodes', group: '', version: 'v1', kind: 'Node', namespaced: false, singular: undefined, shortNames: [], verbs: [], categories: [], preferred: true },
    ]);
    expect(fromLegacy('g', 'v1', false, {})).toEqual([]);
  });
});

describe('findResource', () => {
  it.each([
    ['pods', '', 'pods', 'v1'],
    ['pod', '', 'pods', 'v1'],
    ['po', '', 'pods', 'v1'],
    ['Pod', '', 'pods', 'v1'],
    ['PODS', '', 'pods', 'v1'],
    ['svc', '', 'services', 'v1'],
    ['deploy', 'apps', 'deployments', 'v1'],
    ['Deployment', 'apps', 'deployments', 'v1'],
    ['deployments.apps', 'apps', 'deployments', 'v1'],
    ['deploy.apps', 'apps', 'deployments', 'v1'],
    ['deployments.v1.apps', 'apps', 'deployments', 'v1'],
    ['crontabs', 'stable.example.com', 'crontabs', 'v2'],
    ['ct', 'stable.example.com', 'crontabs', 'v2'],
    ['crontabs.stable.example.com', 'stable.example.com', 'crontabs', 'v2'],
    ['crontabs.v1.stable.example.com', 'stable.example.com', 'crontabs', 'v1'],
    ['pods.other.io', 'other.io', 'pods', 'v1'],
  ])('%s -> %s/%s %s', (type, group, resource, version) => {
    expect(findResource(type, all)).toMatchObject({ group, resource, version });
  });

  it.each(['gizmos', 'deployments.extensions', 'pods.v9.other.io.x', 'crontabs.v3.stable.example.com'])('%s is unknown', (type) => {
    expect(findResource(type, all)).toBeUndefined();
  });
});

describe('resourcePath', () => {
  const pods = findResource('pods', all)!;
  const nodes = findResource('nodes', all)!;
  const deploy = findResource('deploy', all)!;
  it.each([
    [pods, 'default', undefined, '/api/v1/namespaces/default/pods'],
    [pods, undefined, undefined, '/api/v1/pods'],
    [pods, 'a b', 'x/y', '/api/v1/namespaces/a%20b/pods/x%2Fy'],
    [nodes, 'default', 'n1', '/api/v1/nodes/n1'],
    [deploy, 'web', undefined, '/apis/apps/v1/namespaces/web/deployments'],
  ])('%#', (info, ns, name, expected) => {
    expect(resourcePath(info, ns, name)).toBe(expected);
  });
});

describe('discovery cache', () => {
  const dir = (): string => mkdtempSync(path.join(os.tmpdir(), 'kubemux-disc-'));
  const resources: DiscoveredResource[] = all.slice(0, 2);

  it('names files per server', () => {
    expect(discoveryCacheFile('/c', 'https://127.0.0.1:6443')).toBe('/c/discovery/127.0.0.1_6443.json');
    expect(discoveryCacheFile('/c', 'https://k.example.com/clusters/a/')).toBe('/c/discovery/k.example.com_443_clusters_a.json');
    expect(discoveryCacheFile('/c', 'http://h')).toBe('/c/discovery/h_80.json');
    expect(discoveryCacheFile('/c', 'not a url')).toBe('/c/discovery/not_a_url.json');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/kubemux');
    expect(defaultCacheDir({ HOME: '/h' })).toBe('/h/.cache/kubemux');
  });

  it('round-trips and expires after 6 hours', async () => {
    const d = dir();
    const now = Date.parse('2026-11-26T12:00:00Z');
    await writeDiscoveryCache(d, 'https://s:1', resources, now);
    expect(await readDiscoveryCache(d, 'https://s:1', now + 1000)).toEqual(resources);
    expect(await readDiscoveryCache(d, 'https://s:1', now + DISCOVERY_TTL_MS + 1)).toBeUndefined();
    expect(await readDiscoveryCache(d, 'https://s:1', now - 3_600_000)).toBeUndefined();
    expect(await readDiscoveryCache(d, 'https://other:1', now)).toBeUndefined();
  });

  it('ignores malformed files and unwritable folders', async () => {
    const d = dir();
    const file = discoveryCacheFile(d, 'https://s:1');
    await writeDiscoveryCache(d, 'https://s:1', resources, Date.now());
    writeFileSync(file, '{"kind":"KubemuxDiscoveryCache","version":2,"resources":[]}');
    expect(await readDiscoveryCache(d, 'https://s:1', Date.now())).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(await readDiscoveryCache(d, 'https://s:1', Date.now())).toBeUndefined();
    utimesSync(file, new Date(), new Date());
    const blocker = path.join(d, 'blocked');
    writeFileSync(blocker, '');
    await expect(writeDiscoveryCache(blocker, 'https://s:1', resources, Date.now())).resolves.toBeUndefined();
  });
});
