/**
 * Completion values that need the clusters, loaded lazily by sources.ts (it brings in the kubeconfig loader, yaml
 * and the cluster client, which `--context` completion never needs):
 * - resource types from the discovery cache of every selected cluster, with no network when a cache is warm; when
 *   none is, one discovery of the primary cluster (which also warms its cache for `get`);
 * - namespaces and object names from the primary cluster (DESIGN.md s.2), remembered on disk for a few seconds so
 *   repeated TABs do not ask again.
 * Every network step shares one deadline of about a second: a slow cluster yields no candidates, not a stuck shell.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SelectionFlags } from '../cli.js';
import { type ClusterClient, createClientPool, readJson } from '../clusters/client.js';
import { loadKubeconfigs } from '../clusters/kubeconfig.js';
import { hasSelectionFlag } from '../clusters/resolve.js';
import { readSavedSelection } from '../clusters/saved.js';
import { selectClusters } from '../clusters/selection.js';
import type { ClusterEntry } from '../clusters/types.js';
import { defaultCacheDir } from '../io.js';
import { readDiscoveryCache, writeDiscoveryCache } from '../kube/discovery-cache.js';
import { fetchDiscovery, resolveResource, resourcePath } from '../kube/discovery.js';
import type { ResourceInfo } from '../kube/types.js';
import type { CompletionSources } from './candidates.js';
import type { LineState } from './words.js';

/** How long one completion may wait on a cluster in all. */
export const CLUSTER_DEADLINE_MS = 1000;

/** How long namespaces and object names are remembered on disk. */
export const NAMES_TTL_MS = 10_000;

/** Asks only for names and metadata: a list of PartialObjectMetadata is far smaller than full objects. */
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

/** Settings of the cluster sources; tests shorten the deadline or fix the clock. */
export interface ClusterSourceOptions {
  deadlineMs?: number;
  now?: () => number;
}

/** The selection flags a command line carries. */
function selectionFlags(line: LineState): SelectionFlags {
  return {
    kubeconfig: line.flags.get('--kubeconfig') as string[] | undefined,
    context: line.flags.get('--context') as string[] | undefined,
    allContexts: line.flags.has('--all-contexts'),
    excludeContext: line.flags.get('--exclude-context') as string[] | undefined,
  };
}

/** The entries the line selects, as a command would (flags, else the saved selection, else current-context). */
async function selectedEntries(line: LineState, env: NodeJS.ProcessEnv, cwd: string): Promise<readonly ClusterEntry[]> {
  const flags = selectionFlags(line);
  const loaded = await loadKubeconfigs(flags.kubeconfig, env, cwd);
  const saved = hasSelectionFlag(flags) ? undefined : await readSavedSelection(env);
  return selectClusters(loaded, flags, saved).active.filter((e) => e.server !== undefined && e.invalidReason === undefined);
}

/** The on-disk memory of one answer of one cluster (namespaces or names), keyed without any credential. */
function namesCacheFile(cacheDir: string, entry: ClusterEntry, requestPath: string): string {
  const key = createHash('sha256').update(`${entry.clusterId}\n${entry.server}\n${entry.user ?? ''}\n${requestPath}`).digest('hex').slice(0, 32);
  return path.join(cacheDir, 'completion', `${key}.json`);
}

async function readNamesCache(file: string, now: number): Promise<string[] | undefined> {
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as { at?: number; names?: unknown };
    if (typeof cached.at !== 'number' || !(now - cached.at < NAMES_TTL_MS) || cached.at > now + 1000) return undefined;
    return Array.isArray(cached.names) ? cached.names.filter((n): n is string => typeof n === 'string') : undefined;
  } catch {
    return undefined;
  }
}

async function writeNamesCache(file: string, names: readonly string[], now: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(tmp, JSON.stringify({ at: now, names }), { mode: 0o600 });
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written only means asking the cluster again next time.
  }
}

/** Lists the names of a collection (first page of 500 is plenty to choose from at a prompt). */
async function listNames(client: ClusterClient, collection: string, signal: AbortSignal): Promise<string[]> {
  const res = await client.request(`${collection}?limit=500`, { accept: METADATA_ACCEPT, signal });
  const list = await readJson<{ items?: { metadata?: { name?: unknown } }[] }>(client.entry, res, signal);
  return (list.items ?? []).map((i) => i.metadata?.name).filter((n): n is string => typeof n === 'string');
}

/** The cluster-backed part of the completion sources. */
export function createClusterSources(env: NodeJS.ProcessEnv, cwd: string, opts: ClusterSourceOptions = {}): Omit<CompletionSources, 'contexts'> {
  const now = opts.now ?? Date.now;
  const deadlineMs = opts.deadlineMs ?? CLUSTER_DEADLINE_MS;
  const cacheDir = defaultCacheDir(env);

  /** Runs `work` against the primary cluster's client within the deadline, then closes the connection pool. */
  const withPrimary = async <T>(line: LineState, work: (client: ClusterClient, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const [primary] = await selectedEntries(line, env, cwd);
    if (!primary) return [] as T;
    const signal = AbortSignal.timeout(deadlineMs);
    const pool = createClientPool({ env, requestTimeoutMs: deadlineMs });
    // Requests stop at the deadline through `signal`; the race also bounds credential steps that do not take one.
    const deadline = new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error(`no answer from ${primary.clusterName} within ${deadlineMs} ms`)), { once: true });
    });
    deadline.catch(() => undefined); // it fires after a finished race too; that is not an error
    try {
      return await Promise.race([(async () => work(await pool.clientFor(primary), signal))(), deadline]);
    } finally {
      pool.close();
    }
  };

  /** Names from the short-lived disk memory, else from the primary cluster (then remembered). */
  const cachedNames = async (client: ClusterClient, collection: string, signal: AbortSignal): Promise<string[]> => {
    const file = namesCacheFile(cacheDir, client.entry, collection);
    const cached = await readNamesCache(file, now());
    if (cached) return cached;
    const names = await listNames(client, collection, signal);
    await writeNamesCache(file, names, now());
    return names;
  };

  return {
    async resourceTypes(line): Promise<ResourceInfo[]> {
      const entries = await selectedEntries(line, env, cwd);
      const warm = await Promise.all(entries.map((e) => readDiscoveryCache(cacheDir, e.server!, now())));
      let resources = warm.flatMap((r) => r ?? []);
      if (warm.every((r) => r === undefined)) {
        resources = await withPrimary(line, async (client, signal) => {
          const fresh = await fetchDiscovery(client, signal);
          await writeDiscoveryCache(cacheDir, client.entry.server!, fresh, now());
          return fresh;
        });
      }
      const seen = new Set<string>();
      return resources.filter((r) => r.preferred && !seen.has(`${r.resource}.${r.group}`) && seen.add(`${r.resource}.${r.group}`));
    },

    namespaces: (line) => withPrimary(line, (client, signal) => cachedNames(client, '/api/v1/namespaces', signal)),

    objectNames: (line, type) =>
      withPrimary(line, async (client, signal) => {
        const info = await resolveResource(client, type, { cacheDir, signal, now });
        const namespace = line.flags.get('--namespace')?.at(-1) ?? client.entry.namespace ?? 'default';
        return cachedNames(client, resourcePath(info, namespace), signal);
      }),
  };
}
