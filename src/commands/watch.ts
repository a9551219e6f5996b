/**
 * `kubemux watch TYPE [NAME]` (DESIGN.md s.8): one merged, lossless event stream from every selected cluster.
 * Flags become a frozen WatchPlan (usage errors here, before any request); `runWatchPlan` starts one WatchCursor per
 * cluster, merges their output fairly into one printer and runs until SIGINT/SIGTERM, `--timeout`, stdout closing,
 * or every cluster having stopped for good (then the exit code of s.6).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { SelectionFlags, WatchFlags } from '../cli.js';
import type { ClientPool } from '../clusters/client.js';
import type { ClusterEntry, Selection } from '../clusters/types.js';
import { parseDuration } from '../duration.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Io, OutStream } from '../io.js';
import type { ResourceInfo } from '../kube/types.js';
import { parseOutputFormat } from '../output/format.js';
import type { ClusterRef, OutputSpec, PrintOptions, WatchPrinter } from '../output/types.js';
import { WatchCursor, type CursorOutput, type WatchTarget } from '../watch/cursor.js';
import { FairMerge } from '../watch/merge.js';
import { BatchedOut } from '../watch/out-batch.js';
import { setMaxListeners } from 'node:events';

/** Everything a watch run needs to know, fixed before any request. */
export interface WatchPlan {
  readonly type: string;
  readonly name: string | undefined;
  readonly selection: SelectionFlags;
  /** `-n`: one namespace for every cluster; undefined = each context's namespace, else `default`. */
  readonly namespace: string | undefined;
  readonly allNamespaces: boolean;
  readonly labelSelector: string | undefined;
  /** `--field-selector`, with `metadata.name=NAME` added when a name was given. */
  readonly fieldSelector: string | undefined;
  readonly output: OutputSpec;
  readonly print: Omit<PrintOptions, 'color'>;
  readonly color: string;
  readonly watchOnly: boolean;
  /** `--timeout` in ms; 0 = run until interrupted. */
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly concurrency: number;
}

/** Turns raw flags into a WatchPlan; throws UsageError naming the flag. */
export function resolveWatchPlan(type: string, name: string | undefined, flags: WatchFlags): WatchPlan {
  let resource = type.trim();
  let objectName = name;
  if (resource.includes(',')) throw new UsageError(`watch takes one resource type, got "${type}"`);
  if (resource.includes('/')) {
    if (name !== undefined) throw new UsageError(`there is no need to specify a resource type as a separate argument when passing "${type}"`);
    [resource, objectName] = [resource.slice(0, resource.indexOf('/')), resource.slice(resource.indexOf('/') + 1)];
  }
  if (resource === '') throw new UsageError('watch needs a resource type, e.g. `kubemux watch pods`');
  const output = parseOutputFormat(flags.output);
  if (flags.namespace !== undefined && flags.namespace.trim() === '') throw new UsageError('--namespace must not be empty');
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive integer, got "${flags.concurrency}"`);
  const nameSelector = objectName ? `metadata.name=${objectName}` : undefined;
  const fieldSelector = [flags.fieldSelector, nameSelector].filter((s) => s).join(',') || undefined;
  return Object.freeze({
    type: resource,
    name: objectName,
    selection: { kubeconfig: flags.kubeconfig, context: flags.context, allContexts: flags.allContexts, excludeContext: flags.excludeContext },
    namespace: flags.namespace,
    allNamespaces: flags.allNamespaces === true,
    labelSelector: flags.selector || undefined,
    fieldSelector,
    output,
    print: { noHeaders: flags.headers === false, labelColumns: flags.labelColumns ?? [], showLabels: flags.showLabels === true, allNamespaces: flags.allNamespaces === true },
    color: flags.color,
    watchOnly: flags.watchOnly === true,
    timeoutMs: flags.timeout === undefined ? 0 : parseDuration(flags.timeout, '--timeout'),
    requestTimeoutMs: parseDuration(flags.requestTimeout, '--request-timeout'),
    concurrency,
  });
}

/** Timing knobs of the per-cluster watch loop; tests shrink them. */
export interface WatchTuning {
  /** Server-side watch timeout in seconds (the connection is renewed after it; silence for twice as long is a drop). */
  readonly timeoutSeconds: () => number;
  /** Override of the silence interval (default 2 x timeoutSeconds). */
  readonly silenceMs?: number | undefined;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  /** Items queued per cluster before its socket is paused. */
  readonly queueCapacity: number;
  readonly chunkSize: number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
}

/** The defaults: reflector-like 5-10 minute watches, 1 s to 30 s backoff; `KUBEMUX_WATCH_TIMEOUT` (seconds) overrides. */
export function defaultTuning(env: NodeJS.ProcessEnv): WatchTuning {
  const fixed = Number(env.KUBEMUX_WATCH_TIMEOUT);
  return {
    timeoutSeconds: () => (fixed > 0 ? fixed : 300 + Math.floor(Math.random() * 300)),
    backoff: { baseMs: 1000, maxMs: 30_000 },
    queueCapacity: 256,
    chunkSize: 500,
    random: Math.random,
    sleep: (ms, signal) => sleepFor(ms, undefined, { signal }),
    now: Date.now,
  };
}

/** What runWatchPlan talks to: the world (io), cluster selection, clients, discovery and the printer. */
export interface WatchDeps {
  readonly io: Io;
  readonly selectClusters: (flags: SelectionFlags, io: Io) => Promise<{ selection: Selection }>;
  readonly createPool: (requestTimeoutMs: number) => ClientPool;
  readonly resolveTarget: (pool: ClientPool, entry: ClusterEntry, plan: WatchPlan, signal: AbortSignal) => Promise<WatchTarget>;
  readonly createPrinter: (plan: WatchPlan, out: OutStream) => Promise<WatchPrinter>;
  readonly tuning: WatchTuning;
}

interface MergeItem {
  readonly ref: ClusterRef;
  readonly cursor: WatchCursor;
  readonly output: CursorOutput;
}

/**
 * Runs a watch plan until interrupted, timed out, stdout closed, or every cluster stopped for good. Returns the exit
 * code: 0 when ended by signal, timeout or closed stdout; s.6's codes when every cluster stopped (1: all failed).
 */
export async function runWatchPlan(plan: WatchPlan, deps: WatchDeps): Promise<number> {
  const { io, tuning } = deps;
  const { selection } = await deps.selectClusters(plan.selection, io);
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every cluster's requests, sleeps and streams listen on it
  let outputClosed = false;
  const out = new BatchedOut(io.stdout, 64 * 1024, () => {
    outputClosed = true;
    stop.abort();
  });
  const printer = await deps.createPrinter(plan, out);
  const pool = deps.createPool(plan.requestTimeoutMs);
  const onInterrupt = (): void => stop.abort();
  if (io.signal.aborted) stop.abort();
  else io.signal.addEventListener('abort', onInterrupt, { once: true });
  const timer = plan.timeoutMs > 0 ? setTimeout(onInterrupt, plan.timeoutMs) : undefined;
  const debug = io.env.KUBEMUX_DEBUG === '1' ? (line: string) => void io.stderr.write(`debug: ${line}\n`) : undefined;
  const merge = new FairMerge<MergeItem>({ capacity: tuning.queueCapacity });
  const admit = createGate(plan.concurrency);
  let failed = 0;
  const cursors = selection.active.map(async (entry, index) => {
    const ref: ClusterRef = { clusterId: entry.clusterId, clusterName: entry.clusterName, index };
    const source = merge.open(`${entry.clusterId}|`);
    let cursor: WatchCursor;
    const sink = {
      push: (output: CursorOutput) => source.push({ ref, cursor, output }),
      whenReady: () => source.whenReady(),
    };
    try {
      const client = await pool.clientFor(entry).catch((err: unknown) => ({ entry, failure: err }));
      cursor = new WatchCursor({
        client: 'failure' in client ? { entry, request: () => Promise.reject(client.failure) } : client,
        resolve: (signal) =>
          admit(() => {
            if ('failure' in client) return Promise.reject(client.failure);
            // Discovery is bounded by --request-timeout like every list, so a hung cluster cannot hold a slot forever.
            const bounded = plan.requestTimeoutMs > 0 ? AbortSignal.any([signal, AbortSignal.timeout(plan.requestTimeoutMs)]) : signal;
            return deps.resolveTarget(pool, entry, plan, bounded);
          }),
        table: plan.output.kind === 'table' || plan.output.kind === 'wide',
        watchOnly: plan.watchOnly,
        labelSelector: plan.labelSelector,
        fieldSelector: plan.fieldSelector,
        timeoutSeconds: tuning.timeoutSeconds(),
        silenceMs: tuning.silenceMs,
        requestTimeoutMs: plan.requestTimeoutMs,
        chunkSize: tuning.chunkSize,
        backoff: tuning.backoff,
        random: tuning.random,
        sleep: tuning.sleep,
        now: tuning.now,
        sink,
        debug,
        signal: stop.signal,
      });
      const result = await cursor.run();
      if (result.stopped === 'failed') {
        failed++;
        debug?.(`[${cursor.key}] stopped: ${result.error.reason}`);
      }
    } finally {
      source.close();
    }
  });
  const allDone = Promise.allSettled(cursors).then(() => merge.stop());
  try {
    await merge.run(async ({ ref, cursor, output }) => {
      if (outputClosed) return;
      try {
        if (output.kind === 'error') {
          io.stderr.write(`${output.error.toLine()}\n`);
          await printer.error(ref, output.error);
        } else {
          await printer.event(ref, cursor.resource as ResourceInfo, output.type, { table: output.table, object: output.object, raw: output.raw });
        }
      } catch (err) {
        if ((err as Error).name !== 'OutputClosedError') throw err;
        outputClosed = true;
        stop.abort();
        merge.stop();
      }
    });
  } finally {
    stop.abort();
    merge.stop();
    clearTimeout(timer);
    io.signal.removeEventListener('abort', onInterrupt);
    await allDone;
    pool.close();
    out.flush();
  }
  // Ended by signal, timeout or a closed stdout: 0 (s.8). Every cluster stopped for good: s.6's "all failed".
  return failed > 0 && failed === selection.active.length ? ExitCode.Failed : ExitCode.Ok;
}

/** A concurrency gate: at most `limit` tasks run at once (the first resolve of each cluster, DESIGN.md s.4). */
function createGate(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The entry point src/cli.ts calls: plan, then run with the real clients, discovery and printer. */
export async function runWatch(type: string, name: string | undefined, flags: WatchFlags, io: Io, tuning?: Partial<WatchTuning>): Promise<number> {
  const plan = resolveWatchPlan(type, name, flags);
  const { realWatchDeps } = await import('./watch-deps.js');
  return runWatchPlan(plan, realWatchDeps(io, { ...defaultTuning(io.env), ...tuning }));
}
