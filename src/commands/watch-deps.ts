/**
 * The real dependencies of `kubemux watch`: kubeconfig selection, the client pool, discovery and the watch printer.
 * Kept apart from src/commands/watch.ts so the run logic can be exercised with injected fakes, and so these heavier
 * modules load only when a watch actually runs.
 */
import { createClientPool, type ClientPool } from '../clusters/client.js';
import { resolveClusters } from '../clusters/resolve.js';
import type { ClusterEntry } from '../clusters/types.js';
import { defaultCacheDir, type Io } from '../io.js';
import { resolveResource, resourcePath } from '../kube/discovery.js';
import { createWatchPrinter, shouldColor } from '../output/index.js';
import type { WatchTarget } from '../watch/cursor.js';
import { type WatchDeps, type WatchPlan, type WatchTuning } from './watch.js';

/** The namespace one cluster is watched in: `-A` none, else `-n`, else the context's, else `default`. */
export function namespaceFor(plan: Pick<WatchPlan, 'allNamespaces' | 'namespace'>, entry: ClusterEntry): string | undefined {
  if (plan.allNamespaces) return undefined;
  return plan.namespace ?? entry.namespace ?? 'default';
}

/** Resolves the plan's type on one cluster (discovery, cached on disk) and the collection path to list and watch. */
export async function resolveWatchTarget(pool: ClientPool, entry: ClusterEntry, plan: WatchPlan, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<WatchTarget> {
  const client = await pool.clientFor(entry);
  const info = await resolveResource(client, plan.type, { cacheDir: defaultCacheDir(env), signal });
  const namespace = info.namespaced ? namespaceFor(plan, entry) : undefined;
  return { info, namespace, path: resourcePath(info, namespace) };
}

/** WatchDeps wired to the real kubeconfig files, clusters and stdout. */
export function realWatchDeps(io: Io, tuning: WatchTuning): WatchDeps {
  const debug = io.env.KUBEMUX_DEBUG === '1' ? (line: string) => void io.stderr.write(`debug: ${line}\n`) : undefined;
  return {
    io,
    tuning,
    selectClusters: resolveClusters,
    createPool: (requestTimeoutMs) => createClientPool({ env: io.env, requestTimeoutMs, ...(debug ? { debug } : {}) }),
    resolveTarget: (pool, entry, plan, signal) => resolveWatchTarget(pool, entry, plan, io.env, signal),
    createPrinter: async (plan, out) => createWatchPrinter(plan.output, out, { ...plan.print, color: shouldColor(plan.color, io.env, io.stdout.isTTY) }),
  };
}
