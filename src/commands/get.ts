/**
 * `kubemux get TYPE[,TYPE...] [NAME...]` (DESIGN.md s.3-6): resolve the plan from the flags (get-plan.ts), select
 * clusters, then fan out: per cluster resolve the types through discovery, read lists page by page (or the named
 * objects) and feed one printer from one place. Failures are reported after the data, one stderr line per cluster,
 * and the exit code says whether all, some or none of the clusters answered.
 *
 * Named objects across clusters: `get pods web-1` is a lookup, so a name missing in one cluster but present in
 * another is not an error. A name found in no cluster is reported as kubectl reports it
 * (`error: [c] NotFound: pods "web-1" not found`) for every cluster that answered, and those clusters count as failed.
 */
import type { GetFlags } from '../cli.js';
import { createClientPool, type ClientPool } from '../clusters/client.js';
import { fanOut, type FanOutResult } from '../clusters/fanout.js';
import { resolveClusters } from '../clusters/resolve.js';
import type { ClusterEntry } from '../clusters/types.js';
import { ClusterError, exitCodeFor } from '../errors.js';
import { resolveTypeGroups } from '../kube/discovery.js';
import { defaultCacheDir, type Io, type OutStream } from '../io.js';
import { getNamed, listPages, type FetchedPage } from '../kube/list.js';
import { qualifiedResource, type ResourceInfo } from '../kube/types.js';
import { shouldColor } from '../output/color.js';
import { OutputClosedError } from '../output/write.js';
import { wantsRowObjects, wantsTable } from '../output/format.js';
import { startProgress } from '../output/progress.js';
import { escapeControls } from '../output/sanitize.js';
import type { ClusterRef, ListPrinter, OutputSpec, PrintOptions } from '../output/types.js';
import { resolveGetPlan, type GetPlan } from './get-plan.js';

export { resolveGetPlan, parseRequests, type GetPlan, type GetRequest } from './get-plan.js';

/** What a get run touches, injected so command tests can swap the client pool or the clock. */
export interface GetDeps {
  readonly io: Io;
  readonly pool: ClientPool;
  readonly cacheDir: string;
  readonly createPrinter: (spec: OutputSpec, out: OutStream, opts: PrintOptions) => ListPrinter;
}

/** Room in the printers' type order for the members of one category (`get all` -> pods, services...). */
const CATEGORY_SPAN = 1000;

/** What one cluster produced: rows/items read, and the named objects it did not have. */
interface ClusterYield {
  count: number;
  infos: ResourceInfo[];
  missing: { name: string; info: ResourceInfo; error: ClusterError }[];
  namespace: string | undefined;
}

/** The CLI entry: flags -> plan -> clusters -> run. Returns the exit code of DESIGN.md s.6. */
export async function runGet(type: string, names: string[], flags: GetFlags, io: Io): Promise<number> {
  const plan = resolveGetPlan({ type, names, flags });
  const { selection } = await resolveClusters(plan.selection, io);
  const { createListPrinter } = await import('../output/index.js');
  const debug = io.env.KUBEMUX_DEBUG === '1' ? (line: string) => void io.stderr.write(`debug: ${escapeControls(line)}\n`) : undefined;
  const pool = createClientPool({ env: io.env, requestTimeoutMs: plan.requestTimeoutMs, debug });
  try {
    return await executeGet(plan, selection.active, { io, pool, cacheDir: defaultCacheDir(io.env), createPrinter: createListPrinter });
  } finally {
    pool.close();
  }
}

/** Runs a resolved plan against `entries` (selection order) and returns the exit code. */
export async function executeGet(plan: GetPlan, entries: readonly ClusterEntry[], deps: GetDeps): Promise<number> {
  const { io } = deps;
  const color = shouldColor(plan.color, io.env, io.stdout.isTTY);
  const printOptions: PrintOptions = { ...plan.print, color };
  const printer = deps.createPrinter(plan.output, io.stdout, printOptions);
  const table = wantsTable(plan.output);
  const fullRowObjects = wantsRowObjects(plan.output, printOptions);
  const refs = new Map<string, ClusterRef>(entries.map((e, index) => [e.clusterId, { clusterId: e.clusterId, clusterName: e.clusterName, index }]));
  const streaming = plan.output.kind === 'ndjson' && io.stdout.isTTY === true;
  const progress = await startProgress(io.stderr, entries.map((e) => e.clusterName), plan.quiet || streaming);

  // A reader that goes away (`| head`) ends the run quietly instead of crashing on EPIPE.
  const outputGone = new AbortController();
  guardStdout(io.stdout, () => outputGone.abort());

  // One printer, fed from one place: pages from concurrent clusters take turns, parsed and written one at a time.
  let printing: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(signal: AbortSignal, step: () => Promise<T>): Promise<T> => {
    const turn = printing.then(async () => {
      if (signal.aborted) throw signal.reason;
      try {
        return await step();
      } catch (err) {
        if (err instanceof OutputClosedError) outputGone.abort();
        throw err;
      }
    });
    printing = turn.catch(() => undefined);
    return turn;
  };

  const task = async (entry: ClusterEntry, signal: AbortSignal): Promise<ClusterYield> => {
    const ref = refs.get(entry.clusterId)!;
    const client = await deps.pool.clientFor(entry);
    const groups = await resolveTypeGroups(client, plan.types, { cacheDir: deps.cacheDir, signal });
    const namespace = plan.allNamespaces ? undefined : (plan.namespace ?? entry.namespace ?? 'default');
    const out: ClusterYield = { count: 0, infos: groups.flat(), missing: [], namespace };
    const slot = <T>(step: () => Promise<T>): Promise<T> => inTurn(signal, step);
    const print = (info: ResourceInfo, typeIndex: number) => (page: FetchedPage) => printer.page(ref, info, { ...page, typeIndex });
    for (let i = 0; i < plan.requests.length; ) {
      const request = plan.requests[i]!;
      // A category (`all`) stands for several types; each keeps its own place in the output (typeIndex).
      const members = groups[request.typeIndex]!.map((info, k) => ({ info, typeIndex: request.typeIndex * CATEGORY_SPAN + k }));
      if (request.name === undefined) {
        const query = { namespace, labelSelector: plan.labelSelector, fieldSelector: plan.fieldSelector, chunkSize: plan.chunkSize, table, fullRowObjects };
        for (const { info, typeIndex } of members) out.count += await listPages(client, info, query, print(info, typeIndex), signal, slot);
        i++;
        continue;
      }
      // Consecutive names of one type are fetched together, then printed in the order given.
      const batch: string[] = [];
      while (i < plan.requests.length && plan.requests[i]!.typeIndex === request.typeIndex && plan.requests[i]!.name !== undefined) batch.push(plan.requests[i++]!.name!);
      for (const { info, typeIndex } of members) {
        const pages = await Promise.all(batch.map((name) => getNamed(client, info, namespace, name, { table, fullRowObjects }, signal)));
        for (const [k, page] of pages.entries()) {
          if (page instanceof ClusterError) out.missing.push({ name: batch[k]!, info, error: page });
          else {
            out.count += page.table ? page.table.rows.length : (page.items?.length ?? 0);
            await slot(() => print(info, typeIndex)(page));
          }
        }
      }
    }
    return out;
  };

  const results = await fanOut(entries, task, {
    concurrency: plan.concurrency,
    timeoutMs: plan.requestTimeoutMs,
    signal: AbortSignal.any([io.signal, outputGone.signal]),
    onSettled: (entry) => progress.settled(entry.clusterName),
  });
  progress.stop();
  await printing;
  if (outputGone.signal.aborted) return reportAfterOutputClosed(results, io);
  const failures = settleMissingNames(results);
  let ok = 0;
  let printed: number;
  try {
    for (const r of results) {
      const error = r.ok ? failures.get(r.entry.clusterId)?.[0] : r.error;
      if (!error) ok++;
      await printer.clusterDone({
        cluster: refs.get(r.entry.clusterId)!,
        server: r.entry.server ?? '',
        ok: !error,
        count: r.ok ? r.value.count : 0,
        durationMs: Math.round(r.durationMs),
        error: error && r.ok ? combine(r.entry, failures.get(r.entry.clusterId)!) : error,
      });
    }
    printed = await printer.finish();
  } catch (err) {
    if (err instanceof OutputClosedError) return reportAfterOutputClosed(results, io);
    throw err;
  }
  if (printed === 0 && ok > 0 && isTextOutput(plan.output)) io.stderr.write(`${noResourcesMessage(plan, results)}\n`);
  for (const r of results) {
    const errors = r.ok ? (failures.get(r.entry.clusterId) ?? []) : [r.error];
    for (const e of errors) io.stderr.write(`${escapeControls(e.toLine())}\n`);
  }
  return exitCodeFor(ok, results.length - ok);
}

/** Listens for stdout errors (EPIPE when the reader left) on streams that emit them. */
function guardStdout(out: OutStream, onGone: () => void): void {
  const stream = out as unknown as { on?: (event: 'error', listener: (err: Error) => void) => void };
  // Stays attached: writes still in flight may fail after the run ends, and must not crash the process.
  if (typeof stream.on === 'function') stream.on('error', onGone);
}

/**
 * After stdout closed under us: clusters cut short by it are not failures (the reader stopped reading, as with
 * `| head`), real failures still get their stderr line and count in the exit code.
 */
function reportAfterOutputClosed(results: readonly FanOutResult<ClusterYield>[], io: Io): number {
  const real = results.filter((r) => !r.ok && r.error.reason !== 'Canceled' && !(r.error.cause instanceof OutputClosedError));
  for (const r of real) if (!r.ok) io.stderr.write(`${escapeControls(r.error.toLine())}\n`);
  return exitCodeFor(results.length - real.length, real.length);
}

/** For each cluster, the NotFound errors of names that no cluster had (names found somewhere are not errors). */
function settleMissingNames(results: readonly FanOutResult<ClusterYield>[]): Map<string, ClusterError[]> {
  const missingCount = new Map<string, number>();
  let answered = 0;
  for (const r of results) {
    if (!r.ok) continue;
    answered++;
    for (const m of r.value.missing) {
      const key = `${qualifiedResource(m.info)}/${m.name}`;
      missingCount.set(key, (missingCount.get(key) ?? 0) + 1);
    }
  }
  const failures = new Map<string, ClusterError[]>();
  for (const r of results) {
    if (!r.ok) continue;
    const errors = r.value.missing.filter((m) => missingCount.get(`${qualifiedResource(m.info)}/${m.name}`) === answered).map((m) => m.error);
    if (errors.length > 0) failures.set(r.entry.clusterId, errors);
  }
  return failures;
}

/** One cluster's several NotFound errors as the single error its ndjson/json record carries. */
function combine(entry: ClusterEntry, errors: readonly ClusterError[]): ClusterError {
  if (errors.length === 1) return errors[0]!;
  return new ClusterError(entry.clusterId, entry.clusterName, 'NotFound', errors.map((e) => e.message).join('; '), 404);
}

function isTextOutput(spec: OutputSpec): boolean {
  return spec.kind === 'table' || spec.kind === 'wide' || spec.kind === 'name' || spec.kind === 'custom-columns';
}

/** kubectl's wording when nothing was printed: with the namespace(s) when every type is namespaced and not -A. */
export function noResourcesMessage(plan: Pick<GetPlan, 'allNamespaces'>, results: readonly FanOutResult<ClusterYield>[]): string {
  const answered = results.filter((r) => r.ok).map((r) => (r as { value: ClusterYield }).value);
  const namespaced = answered.every((v) => v.infos.every((i) => i.namespaced));
  const namespaces = [...new Set(answered.map((v) => v.namespace).filter((n): n is string => !!n))];
  if (plan.allNamespaces || !namespaced || namespaces.length === 0) return 'No resources found';
  if (namespaces.length === 1) return `No resources found in ${escapeControls(namespaces[0]!)} namespace.`;
  return `No resources found in ${namespaces.map(escapeControls).join(', ')} namespaces.`;
}
