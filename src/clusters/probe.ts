/**
 * `contexts --check` (DESIGN.md s.7): probes each active cluster with `GET /version` through the same client and
 * fan-out bounds as `get`, and answers a STATUS text per clusterId (`ok 12ms v1.30.2`, or the failure's reason).
 * The failures themselves travel along (`ProbeReport.errors`) so the command prints one stderr line per failed
 * cluster after its table and sets the exit code as `get` does.
 */
import type { ContextsFlags } from '../cli.js';
import { parseDuration } from '../duration.js';
import { ClusterError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { startProgress } from '../output/progress.js';
import { escapeControls } from '../output/sanitize.js';
import { createClientPool, readJson } from './client.js';
import { fanOut } from './fanout.js';
import type { ClusterEntry } from './types.js';

/** STATUS per clusterId, plus the failed clusters' errors in selection order. */
export interface ProbeReport extends ReadonlyMap<string, string> {
  readonly errors: readonly ClusterError[];
}

/** The STATUS text of a cluster that answered /version. */
export function okStatus(ms: number, gitVersion: string | undefined): string {
  return `ok ${Math.round(ms)}ms ${gitVersion ?? 'unknown version'}`;
}

/** Probes `active` concurrently; flags give --concurrency, --request-timeout and --quiet. Throws UsageError for bad flags. */
export async function probeClusters(active: readonly ClusterEntry[], flags: ContextsFlags, io: Io): Promise<ProbeReport> {
  const concurrency = Number(flags.concurrency ?? '16');
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`invalid value "${flags.concurrency}" for --concurrency: expected an integer >= 1`);
  }
  const timeoutMs = parseDuration(flags.requestTimeout ?? '30s', '--request-timeout');
  const debug = io.env.KUBEMUX_DEBUG === '1' ? (line: string) => void io.stderr.write(`debug: ${escapeControls(line)}\n`) : undefined;
  const pool = createClientPool({ env: io.env, requestTimeoutMs: timeoutMs, debug });
  const progress = await startProgress(io.stderr, active.map((e) => e.clusterName), flags.quiet === true);
  try {
    const results = await fanOut(
      active,
      async (entry, signal) => {
        const client = await pool.clientFor(entry);
        const started = performance.now();
        const res = await client.request('/version', { signal });
        const version = await readJson<{ gitVersion?: string }>(entry, res, signal);
        return okStatus(performance.now() - started, version.gitVersion);
      },
      { concurrency, timeoutMs, signal: io.signal, onSettled: (e) => progress.settled(e.clusterName) },
    );
    const status = new Map<string, string>();
    const errors: ClusterError[] = [];
    for (const r of results) {
      status.set(r.entry.clusterId, r.ok ? r.value : r.error.reason);
      if (!r.ok) errors.push(r.error);
    }
    return Object.assign(status, { errors });
  } finally {
    progress.stop();
    pool.close();
  }
}
