/**
 * API discovery and resource-type resolution for one cluster (DESIGN.md s.4, k8s-api-notes s.5). Aggregated
 * discovery (`/api` and `/apis` answering `APIGroupDiscoveryList`) costs two requests; servers that do not offer it
 * get the legacy walk (`/api`, `/apis`, then every group/version). Results go to the disk cache for 6 hours; a type
 * not found in a cached answer triggers one fresh fetch before it is declared missing, as kubectl does.
 */
import type { ClusterClient } from '../clusters/client.js';
import { readJson, requestWithRetry } from '../clusters/client.js';
import { ClusterError } from '../errors.js';
import { readDiscoveryCache, writeDiscoveryCache, type DiscoveredResource } from './discovery-cache.js';
import type { ResourceInfo } from './types.js';

/** The Accept header kubectl 1.30+ sends for aggregated discovery, v2 preferred, legacy JSON last. */
export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Options of a resolution: the cache folder (defaultCacheDir), the cluster's signal, and the clock. */
export interface DiscoveryOptions {
  cacheDir: string;
  signal?: AbortSignal;
  now?: () => number;
}

interface AggregatedList {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      resources?: {
        resource: string;
        responseKind?: { kind?: string };
        scope?: string;
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
      }[];
    }[];
  }[];
}

interface LegacyResourceList {
  resources?: { name: string; singularName?: string; namespaced?: boolean; kind?: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
}

interface LegacyGroupList {
  groups?: { name: string; versions?: { version: string }[]; preferredVersion?: { version: string } }[];
}

/** Flattens an aggregated discovery list (the first version of each group is its preferred one). */
export function fromAggregated(list: AggregatedList): DiscoveredResource[] {
  const out: DiscoveredResource[] = [];
  for (const group of list.items ?? []) {
    (group.versions ?? []).forEach((v, index) => {
      for (const r of v.resources ?? []) {
        out.push({
          resource: r.resource,
          group: group.metadata?.name ?? '',
          version: v.version,
          kind: r.responseKind?.kind ?? '',
          namespaced: r.scope === 'Namespaced',
          singular: r.singularResource || undefined,
          shortNames: r.shortNames ?? [],
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
          preferred: index === 0,
        });
      }
    });
  }
  return out;
}

/** Flattens one legacy APIResourceList (subresources such as `pods/log` dropped). */
export function fromLegacy(group: string, version: string, preferred: boolean, list: LegacyResourceList): DiscoveredResource[] {
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      resource: r.name,
      group,
      version,
      kind: r.kind ?? '',
      namespaced: r.namespaced === true,
      singular: r.singularName || undefined,
      shortNames: r.shortNames ?? [],
      verbs: r.verbs ?? [],
      categories: r.categories ?? [],
      preferred,
    }));
}

function isAggregated(contentType: string | undefined): boolean {
  return (contentType ?? '').includes('as=APIGroupDiscoveryList');
}

/** Fetches the full discovery of one cluster: aggregated when offered, else the legacy walk. */
export async function fetchDiscovery(client: ClusterClient, signal?: AbortSignal): Promise<DiscoveredResource[]> {
  const entry = client.entry;
  const [core, groups] = await Promise.all(
    ['/api', '/apis'].map(async (p) => {
      const res = await requestWithRetry(client, p, { accept: AGGREGATED_ACCEPT, signal });
      const aggregated = isAggregated(res.headers['content-type']);
      return { aggregated, body: await readJson<unknown>(entry, res, signal) };
    }),
  );
  const out: DiscoveredResource[] = [];
  const legacy: Promise<DiscoveredResource[]>[] = [];
  const fetchGroupVersion = async (group: string, version: string, preferred: boolean): Promise<DiscoveredResource[]> => {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    try {
      const res = await requestWithRetry(client, path, { signal });
      return fromLegacy(group, version, preferred, await readJson<LegacyResourceList>(entry, res, signal));
    } catch (err) {
      // One broken group/version (an unavailable APIService) must not fail the whole cluster, as with kubectl.
      if (signal?.aborted) throw err;
      return [];
    }
  };
  if (core!.aggregated) out.push(...fromAggregated(core!.body as AggregatedList));
  else {
    const versions = (core!.body as { versions?: string[] }).versions ?? ['v1'];
    versions.forEach((v, i) => legacy.push(fetchGroupVersion('', v, i === 0)));
  }
  if (groups!.aggregated) out.push(...fromAggregated(groups!.body as AggregatedList));
  else {
    for (const g of (groups!.body as LegacyGroupList).groups ?? []) {
      const preferred = g.preferredVersion?.version ?? g.versions?.[0]?.version;
      for (const v of g.versions ?? []) legacy.push(fetchGroupVersion(g.name, v.version, v.version === preferred));
    }
  }
  for (const part of await Promise.all(legacy)) out.push(...part);
  // Core first, whatever order the answers came in.
  return [...out.filter((r) => r.group === ''), ...out.filter((r) => r.group !== '')];
}

function nameMatches(r: DiscoveredResource, name: string): number {
  if (r.resource === name) return 1;
  if (r.singular === name) return 2;
  if (r.shortNames?.includes(name)) return 3;
  if (r.kind.toLowerCase() === name) return 4;
  return 0;
}

function best(candidates: DiscoveredResource[], name: string): DiscoveredResource | undefined {
  let found: DiscoveredResource | undefined;
  let rank = 5;
  for (const r of candidates) {
    const m = nameMatches(r, name);
    if (m && m < rank) {
      found = r;
      rank = m;
    }
  }
  return found;
}

/**
 * Finds `type` among discovered resources as kubectl does: plural, singular, short name or kind, case-insensitive,
 * optionally qualified as `res.group` or `res.version.group`. Unqualified names take the preferred version of the
 * first group that has them (core first). Returns undefined when nothing matches.
 */
export function findResource(type: string, resources: readonly DiscoveredResource[]): DiscoveredResource | undefined {
  const lower = type.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot < 0) return best(resources.filter((r) => r.preferred), lower);
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const second = rest.indexOf('.');
  if (second > 0) {
    const version = rest.slice(0, second);
    const group = rest.slice(second + 1);
    const exact = best(resources.filter((r) => r.version === version && r.group === group), name);
    if (exact) return exact;
  }
  const inGroup = resources.filter((r) => r.group === rest);
  return best(inGroup.filter((r) => r.preferred), name) ?? best(inGroup, name);
}

/** The error of a type a cluster does not serve, worded like kubectl's. */
export function unknownTypeError(client: ClusterClient, type: string): ClusterError {
  return new ClusterError(client.entry.clusterId, client.entry.clusterName, 'NotFound', `the server doesn't have a resource type "${type}"`);
}

/**
 * The resources a category stands for (`all` -> pods, services, deployments...): listable resources of the preferred
 * versions that carry the category, in discovery order, as kubectl expands `get all`. Empty when none does.
 */
export function categoryMembers(name: string, resources: readonly DiscoveredResource[]): DiscoveredResource[] {
  const lower = name.toLowerCase();
  return resources.filter((r) => r.preferred && r.categories?.includes(lower) && (r.verbs?.length ? r.verbs.includes('list') : true));
}

/**
 * Resolves several types for one cluster with one discovery load: the disk cache when fresh, else a fetch; a type
 * missing from a cached answer triggers one refetch. Each type gives one resource, or, when it names no resource
 * but a category (`all`), the category's resources. Throws the cluster's ClusterError (NotFound) for a type it still
 * lacks, or the discovery request's error.
 */
export async function resolveTypeGroups(client: ClusterClient, types: readonly string[], opts: DiscoveryOptions): Promise<ResourceInfo[][]> {
  const now = opts.now ?? Date.now;
  const server = client.entry.server ?? '';
  let resources = await readDiscoveryCache(opts.cacheDir, server, now());
  let fromCache = resources !== undefined;
  const fetchFresh = async (): Promise<DiscoveredResource[]> => {
    const fresh = await fetchDiscovery(client, opts.signal);
    await writeDiscoveryCache(opts.cacheDir, server, fresh, now());
    fromCache = false;
    return fresh;
  };
  resources ??= await fetchFresh();
  const lookup = (type: string, all: readonly DiscoveredResource[]): ResourceInfo[] => {
    const found = findResource(type, all);
    return found ? [found] : categoryMembers(type, all);
  };
  const out: ResourceInfo[][] = [];
  for (const type of types) {
    let found = lookup(type, resources);
    if (found.length === 0 && fromCache) {
      resources = await fetchFresh();
      found = lookup(type, resources);
    }
    if (found.length === 0) throw unknownTypeError(client, type);
    out.push(found);
  }
  return out;
}

/** Resolves several resource types (no categories) for one cluster; see resolveTypeGroups. */
export async function resolveResources(client: ClusterClient, types: readonly string[], opts: DiscoveryOptions): Promise<ResourceInfo[]> {
  const groups = await resolveTypeGroups(client, types, opts);
  return groups.map((group, i) => {
    if (group.length !== 1) throw unknownTypeError(client, types[i]!);
    return group[0]!;
  });
}

/** Resolves one type for one cluster (see resolveResources). */
export async function resolveResource(client: ClusterClient, type: string, opts: DiscoveryOptions): Promise<ResourceInfo> {
  const [info] = await resolveResources(client, [type], opts);
  return info!;
}

/** The collection or object path of a resource: `/api/v1/namespaces/ns/pods[/name]`, namespace ignored when cluster-scoped. */
export function resourcePath(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
