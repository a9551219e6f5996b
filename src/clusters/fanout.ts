/**
 * Bounded fan-out over clusters (DESIGN.md s.4): at most `concurrency` tasks at once, each with its own
 * AbortController tied to the run's root signal (SIGINT) and to its own deadline, which covers the whole per-cluster
 * task (discovery, every page). A task that ignores its signal still cannot hold the run: the cluster settles as
 * failed the moment its deadline passes. Modelled on stern's bounded errgroup with one cancel handle per target.
 */
import pLimit from 'p-limit';
import type { ClusterError } from '../errors.js';
import { canceledError, timeoutError, toClusterError } from '../kube/errors.js';
import type { ClusterEntry } from './types.js';

/** One cluster's outcome: the task's value, or the ClusterError it failed with; `durationMs` from its start. */
export type FanOutResult<T> =
  | { entry: ClusterEntry; ok: true; value: T; durationMs: number }
  | { entry: ClusterEntry; ok: false; error: ClusterError; durationMs: number };

/** Bounds of one fan-out: how many at once, each cluster's deadline (0 = none), and the run's root signal. */
export interface FanOutOptions {
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called as each cluster settles (the spinner counts answers with it). */
  onSettled?: (entry: ClusterEntry, ok: boolean) => void;
}

/**
 * Runs `task` for every entry and returns every outcome in entry order. Never rejects: a task's failure (thrown
 * error, deadline, interruption) becomes that cluster's ClusterError.
 */
export async function fanOut<T>(
  entries: readonly ClusterEntry[],
  task: (entry: ClusterEntry, signal: AbortSignal) => Promise<T>,
  opts: FanOutOptions,
): Promise<FanOutResult<T>[]> {
  const limit = pLimit(Math.max(1, Math.floor(opts.concurrency)));
  return Promise.all(entries.map((entry) => limit(() => runOne(entry, task, opts))));
}

async function runOne<T>(
  entry: ClusterEntry,
  task: (entry: ClusterEntry, signal: AbortSignal) => Promise<T>,
  opts: FanOutOptions,
): Promise<FanOutResult<T>> {
  const started = performance.now();
  const controller = new AbortController();
  const onRootAbort = (): void => controller.abort(canceledError(entry));
  if (opts.signal.aborted) onRootAbort();
  else opts.signal.addEventListener('abort', onRootAbort, { once: true });
  const timer = opts.timeoutMs > 0 ? setTimeout(() => controller.abort(timeoutError(entry, opts.timeoutMs)), opts.timeoutMs) : undefined;
  const aborted = new Promise<never>((_, reject) => {
    const fail = (): void => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  let result: FanOutResult<T>;
  try {
    const value = await Promise.race([task(entry, controller.signal), aborted]);
    result = { entry, ok: true, value, durationMs: performance.now() - started };
  } catch (err) {
    const cause = controller.signal.aborted ? controller.signal.reason : err;
    result = { entry, ok: false, error: toClusterError(entry, cause), durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onRootAbort);
  }
  opts.onSettled?.(entry, result.ok);
  return result;
}
