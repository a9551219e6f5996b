/**
 * One cluster's watch, kept alive and lossless (DESIGN.md s.8): list, then watch from the list's resourceVersion;
 * remember the last resourceVersion seen (bookmarks included) and resume from it after a drop, a server timeout or a
 * restart, with jittered backoff; re-list on `410 Expired` and emit only the difference from what was already
 * emitted. Transient failures (429 honouring Retry-After, 5xx, network, silence) are reported and retried; permanent
 * ones (unknown type, 401, 403, bad request) stop this cluster only.
 */
import type { ClusterClient } from '../clusters/client.js';
import { ClusterError } from '../errors.js';
import { toClusterError } from '../kube/errors.js';
import type { KubeObject, ObjectList, ResourceInfo, Table, TableColumnDefinition, WatchEvent } from '../kube/types.js';
import { qualifiedResource } from '../kube/types.js';
import { httpError, JSON_ACCEPT, TABLE_ACCEPT, watchStream, type WatchStreamEnd } from '../kube/watch-stream.js';
import { EmittedState, type Emission } from './state.js';

/**
 * What a cursor hands to the merge: an event to print, or a cluster error to report. An event from a plain watch may
 * carry `raw`, its object's JSON text as the server sent it, for printers that splice it instead of re-serialising.
 */
export type CursorOutput =
  | ({ readonly kind: 'event'; readonly raw?: string | undefined } & Emission)
  | { readonly kind: 'error'; readonly error: ClusterError; readonly permanent: boolean };

/** The merge's side of a cursor (a MergeSource): push returns false when full; whenReady waits for room. */
export interface CursorSink {
  push(output: CursorOutput): boolean;
  whenReady(): Promise<void>;
}

/** What discovery resolved the type to, and the collection path to list and watch for this cluster. */
export interface WatchTarget {
  readonly info: ResourceInfo;
  readonly path: string;
  /** The namespace watched, or undefined across all namespaces / for cluster-scoped types. */
  readonly namespace: string | undefined;
}

/** Everything a cursor needs; the clock, sleep and randomness are injectable for tests. */
export interface WatchCursorOptions {
  readonly client: ClusterClient;
  readonly resolve: (signal: AbortSignal) => Promise<WatchTarget>;
  readonly table: boolean;
  readonly watchOnly: boolean;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** Server-side watch timeout; silence for 2x this (or silenceMs) counts as a drop. */
  readonly timeoutSeconds: number;
  readonly silenceMs?: number | undefined;
  /** Deadline of each list request (0 = none). */
  readonly requestTimeoutMs: number;
  readonly chunkSize: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly sink: CursorSink;
  readonly debug?: ((line: string) => void) | undefined;
  readonly signal: AbortSignal;
}

/** How a cursor ended: its failure was permanent, or the run was stopped. */
export type CursorResult = { readonly stopped: 'failed'; readonly error: ClusterError } | { readonly stopped: 'aborted' };

/** `clusterId|<resource>[.<group>][/<namespace>]`, the key of a stream in maps and diagnostics (DESIGN.md s.8). */
export function streamKey(clusterId: string, info: Pick<ResourceInfo, 'resource' | 'group' | 'namespaced'>, namespace: string | undefined): string {
  return `${clusterId}|${qualifiedResource(info)}${info.namespaced && namespace ? `/${namespace}` : ''}`;
}

/** Splits a stream key at its first `|` (clusterIds may contain `:` and `/`, never `|` before the scope). */
export function splitStreamKey(key: string): { clusterId: string; scope: string } {
  const bar = key.indexOf('|');
  return bar === -1 ? { clusterId: key, scope: '' } : { clusterId: key.slice(0, bar), scope: key.slice(bar + 1) };
}

/** Watches in a row that end without delivering a single event before kubemux re-lists instead of resuming. */
const STALLS_BEFORE_RELIST = 3;

const PERMANENT_CODES = new Set([400, 401, 403, 404, 405, 406, 415, 422]);
const PERMANENT_REASONS = new Set(['NotFound', 'TLSError', 'ConfigError', 'CredentialError', 'AuthError', 'ExecError', 'InvalidConfig']);

/** Whether a cluster error will not go away by retrying (kubectl would give up too). */
export function isPermanent(error: ClusterError): boolean {
  if (error.code !== null) return PERMANENT_CODES.has(error.code);
  return PERMANENT_REASONS.has(error.reason);
}

/** The n-th retry delay: base x 2^n, jittered by -25%..+25%, within [base, max]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const raw = baseMs * 2 ** Math.min(attempt, 30);
  return Math.round(Math.min(maxMs, Math.max(baseMs, raw * (0.75 + 0.5 * random()))));
}

async function readJson<T>(res: import('node:http').IncomingMessage): Promise<T> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return JSON.parse(text) as T;
}

/**
 * The per-cluster watch loop (STYLE.md's `WatchCursor`): it owns the cluster's resume point and emitted state, so a
 * drop, timeout, restart or expiry never loses or repeats an event. `run()` resolves only when the cluster stops for
 * good or the signal aborts.
 */
export class WatchCursor {
  private readonly state = new EmittedState();
  private target: WatchTarget | undefined;
  private columns: TableColumnDefinition[] = [];
  private rv: string | undefined;
  private attempt = 0;
  private stalls = 0;
  private listed = false;

  constructor(private readonly o: WatchCursorOptions) {}

  /** The stream key once the type is resolved (for diagnostics), else the cluster id. */
  get key(): string {
    const id = this.o.client.entry.clusterId;
    return this.target ? streamKey(id, this.target.info, this.target.namespace) : `${id}|`;
  }

  /** The resolved resource type (set before the first event is emitted). */
  get resource(): ResourceInfo | undefined {
    return this.target?.info;
  }

  /** The resourceVersion the next watch resumes from. */
  get resourceVersion(): string | undefined {
    return this.rv;
  }

  /** Lists, watches and resumes until a permanent failure or the signal; every outcome goes to the sink. */
  async run(): Promise<CursorResult> {
    const { signal } = this.o;
    while (!signal.aborted) {
      let waitMs = 0;
      try {
        this.target ??= await this.o.resolve(signal);
        if (this.rv === undefined) this.rv = await this.list(this.target);
        waitMs = this.afterWatch(await this.watch(this.target, this.rv));
      } catch (err) {
        if (signal.aborted) break;
        const error = toClusterError(this.o.client.entry, err);
        if (error.code === 410) {
          this.debug(`list continuation expired; listing again`);
          this.rv = undefined;
          continue;
        }
        const permanent = isPermanent(error);
        this.o.sink.push({ kind: 'error', error, permanent });
        if (permanent) return { stopped: 'failed', error };
        const retryAfter = (err as { retryAfterMs?: number }).retryAfterMs;
        waitMs = retryAfter ?? this.nextBackoff();
        this.debug(`${error.reason}: ${error.message}; retrying in ${waitMs} ms`);
      }
      if (waitMs > 0) await this.o.sleep(waitMs, signal).catch(() => undefined);
    }
    return { stopped: 'aborted' };
  }

  private nextBackoff(): number {
    return backoffDelay(this.attempt++, this.o.backoff.baseMs, this.o.backoff.maxMs, this.o.random);
  }

  /**
   * Decides how long to wait after a watch ended; re-lists on expiry, and also after STALLS_BEFORE_RELIST watches in
   * a row that broke without delivering anything (a server that cannot replay the backlog from our resourceVersion,
   * for instance because it drops a client that is that far behind, would otherwise be retried forever).
   */
  private afterWatch(end: WatchStreamEnd & { events?: number; lastedMs?: number }): number {
    const waitMs = this.waitAfter(end);
    const idle = end.kind === 'closed' && (end.lastedMs ?? 0) >= 1000;
    if ((end.events ?? 0) > 0 || idle || end.kind === 'expired' || end.kind === 'aborted') this.stalls = 0;
    else if (++this.stalls >= STALLS_BEFORE_RELIST) {
      this.debug(`no progress from resourceVersion ${this.rv} in ${this.stalls} attempts; listing again`);
      this.stalls = 0;
      this.rv = undefined;
    }
    return waitMs;
  }

  private waitAfter(end: WatchStreamEnd & { events?: number; lastedMs?: number }): number {
    switch (end.kind) {
      case 'aborted':
        return 0;
      case 'expired':
        this.debug(`resourceVersion expired (${end.message}); listing again`);
        this.rv = undefined;
        this.attempt = 0;
        return 0;
      case 'closed':
        // A watch that ran a while ended on its server-side timeout: resume at once; a watch closed at once backs off.
        if ((end.events ?? 0) > 0 || (end.lastedMs ?? 0) >= 1000) {
          this.attempt = 0;
          this.debug(`watch closed by the server; resuming from resourceVersion ${this.rv}`);
          return 0;
        }
        return this.nextBackoff();
      case 'dropped':
        if ((end.events ?? 0) > 0) this.attempt = 0;
        this.debug(`watch dropped (${end.message}); resuming from resourceVersion ${this.rv}`);
        return this.nextBackoff();
      case 'silent': {
        const { clusterId, clusterName } = this.o.client.entry;
        const seconds = Math.round(end.afterMs / 100) / 10;
        const error = new ClusterError(clusterId, clusterName, 'Timeout', `watch stream silent for ${seconds}s; resuming from resourceVersion ${this.rv}`);
        this.o.sink.push({ kind: 'error', error, permanent: false });
        return this.nextBackoff();
      }
    }
  }

  /** Lists the collection page by page, emitting ADDED (first list) or the difference (re-list); returns its RV. */
  private async list(target: WatchTarget): Promise<string> {
    const { client, table, chunkSize, signal } = this.o;
    const quiet = this.o.watchOnly && !this.listed;
    this.state.beginList();
    let listRv: string | undefined;
    let cont: string | undefined;
    do {
      const q = new URLSearchParams();
      if (chunkSize > 0) q.set('limit', String(chunkSize));
      if (cont) q.set('continue', cont);
      if (this.o.labelSelector) q.set('labelSelector', this.o.labelSelector);
      if (this.o.fieldSelector) q.set('fieldSelector', this.o.fieldSelector);
      if (table) q.set('includeObject', 'Object');
      const query = q.toString();
      const res = await client.request(query ? `${target.path}?${query}` : target.path, {
        accept: table ? TABLE_ACCEPT : JSON_ACCEPT,
        signal,
        ...(this.o.requestTimeoutMs > 0 ? { timeoutMs: this.o.requestTimeoutMs } : {}),
      });
      if (res.statusCode !== 200) throw await httpError(client, res);
      const body = await readJson<Table | ObjectList>(res);
      listRv ??= body.metadata?.resourceVersion ?? '0';
      for (const [object, row] of this.pageEntries(body, target.info)) {
        for (const e of this.state.fromList(object, row, quiet)) this.o.sink.push({ kind: 'event', ...e });
      }
      cont = body.metadata?.continue || undefined;
      await this.o.sink.whenReady();
    } while (cont && !signal.aborted);
    for (const e of this.state.endList()) this.o.sink.push({ kind: 'event', ...e });
    this.listed = true;
    this.attempt = 0;
    this.debug(`listed ${this.state.size} objects at resourceVersion ${listRv}`);
    return listRv;
  }

  /** The (object, one-row Table) pairs of a list page or a Table watch event. */
  private pageEntries(body: Table | ObjectList, info: ResourceInfo): [KubeObject, Table | undefined][] {
    if (body.kind === 'Table') {
      const t = body as Table;
      if (t.columnDefinitions?.length) this.columns = t.columnDefinitions;
      return (t.rows ?? []).map((row) => [row.object ?? { metadata: { name: String(row.cells[0]) } }, { ...t, columnDefinitions: this.columns, rows: [row] }]);
    }
    const list = body as ObjectList;
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    return (list.items ?? []).map((item) => [{ apiVersion, kind: info.kind, ...item }, undefined]);
  }

  /** One watch request from `rv`; returns how it ended, with how many events it carried and how long it lasted. */
  private async watch(target: WatchTarget, rv: string): Promise<WatchStreamEnd & { events: number; lastedMs: number }> {
    const started = this.o.now();
    let events = 0;
    const end = await watchStream(
      this.o.client,
      {
        path: target.path,
        resourceVersion: rv,
        table: this.o.table,
        labelSelector: this.o.labelSelector,
        fieldSelector: this.o.fieldSelector,
        timeoutSeconds: this.o.timeoutSeconds,
        silenceMs: this.o.silenceMs,
        headerTimeoutMs: this.o.requestTimeoutMs > 0 ? Math.min(this.o.requestTimeoutMs, this.o.silenceMs ?? Infinity) : undefined,
        signal: this.o.signal,
        rawObjects: !this.o.table,
      },
      {
        event: (event, raw) => {
          events++;
          return this.onEvent(event, target.info, raw);
        },
        whenReady: () => this.o.sink.whenReady(),
      },
    );
    return { ...end, events, lastedMs: this.o.now() - started };
  }

  private onEvent(event: WatchEvent, info: ResourceInfo, raw: string | undefined): boolean {
    const rv = event.object?.metadata?.resourceVersion;
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') {
      if (event.type === 'BOOKMARK' && rv) this.rv = rv;
      return true;
    }
    if (event.object?.kind !== 'Table') {
      // The common case, without the per-event arrays of the general path below.
      const room = this.state.admitWatch(event.type, event.object) ? this.o.sink.push({ kind: 'event', type: event.type, object: event.object, raw }) : true;
      if (rv) this.rv = rv;
      return room;
    }
    let room = true;
    const entries: [KubeObject, Table | undefined][] =
      event.object?.kind === 'Table' ? this.pageEntries(event.object as unknown as Table, info) : [[event.object, undefined]];
    for (const [object, table] of entries) {
      for (const e of this.state.fromWatch(event.type, object, table)) room = this.o.sink.push({ kind: 'event', ...e }) && room;
      const objectRv = object.metadata?.resourceVersion;
      if (objectRv) this.rv = objectRv;
    }
    if (rv) this.rv = rv;
    return room;
  }

  private debug(line: string): void {
    this.o.debug?.(`[${this.key}] ${line}`);
  }
}
