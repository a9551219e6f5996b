/**
 * One raw watch request on one cluster (k8s-api-notes.md s.7): `GET <collection>?watch=1&resourceVersion=RV
 * &allowWatchBookmarks=true&timeoutSeconds=N`, its chunked body decoded incrementally as newline-delimited JSON events.
 * It knows nothing about resuming: it reports how the stream ended (the server closed it, the connection dropped,
 * it went silent, the resourceVersion expired) and the cursor (src/watch/cursor.ts) decides what to do next.
 * Reading pauses (`res.pause()`) whenever the sink says it is full, so a slow consumer bounds memory here.
 */
import type { IncomingMessage } from 'node:http';
import type { ClusterClient } from '../clusters/client.js';
import { ClusterError } from '../errors.js';
import { statusError } from './errors.js';
import type { Status, WatchEvent } from './types.js';

/** The Accept header of a Table-format watch or list (kubectl's, without the v1beta1 fallback). */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
/** The Accept header of a plain JSON watch or list. */
export const JSON_ACCEPT = 'application/json';

/** What to watch and how long the server should keep the stream open. */
export interface WatchStreamRequest {
  /** The collection path, e.g. `/api/v1/namespaces/default/pods` (from `resourcePath`). */
  readonly path: string;
  readonly resourceVersion: string;
  /** Ask for Table events (with full row objects) instead of plain objects. */
  readonly table: boolean;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** The server-side timeout of the watch (`timeoutSeconds`). */
  readonly timeoutSeconds: number;
  /** No byte for this long counts as a dropped connection; default 2 x timeoutSeconds. */
  readonly silenceMs?: number | undefined;
  /** How long to wait for the response headers (`--request-timeout`); default silenceMs. */
  readonly headerTimeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Hand each event's `object` text to the sink as well (rawEventObject), for printers that splice it. */
  readonly rawObjects?: boolean | undefined;
}

/**
 * Where decoded events go; `event` returns false when the consumer is full, which pauses reading until `whenReady`.
 * `raw` is the event's `object` exactly as the server sent it (see rawEventObject), when it could be cut out.
 */
export interface WatchStreamSink {
  event(event: WatchEvent, raw?: string): boolean;
  whenReady(): Promise<void>;
}

/** How a watch stream ended without an HTTP error: the cursor resumes, re-lists or stops accordingly. */
export type WatchStreamEnd =
  | { readonly kind: 'closed' } // the server ended the response cleanly (its timeout, or a graceful restart)
  | { readonly kind: 'dropped'; readonly message: string } // the connection broke mid-stream
  | { readonly kind: 'silent'; readonly afterMs: number } // no byte for silenceMs
  | { readonly kind: 'expired'; readonly message: string } // 410 Gone / Expired, as HTTP status or in-stream ERROR
  | { readonly kind: 'aborted' }; // our own signal

/** The query string of a watch request, in kubectl's parameter names. */
export function watchQuery(req: Pick<WatchStreamRequest, 'resourceVersion' | 'table' | 'labelSelector' | 'fieldSelector' | 'timeoutSeconds'>): string {
  const q = new URLSearchParams({ watch: '1', resourceVersion: req.resourceVersion, allowWatchBookmarks: 'true' });
  q.set('timeoutSeconds', String(req.timeoutSeconds));
  if (req.labelSelector) q.set('labelSelector', req.labelSelector);
  if (req.fieldSelector) q.set('fieldSelector', req.fieldSelector);
  if (req.table) q.set('includeObject', 'Object');
  return q.toString();
}

/** A Status from an in-stream ERROR event, as a ClusterError (reason and code kept for the ERROR record). */
export function statusToError(client: ClusterClient, status: Status): ClusterError {
  const code = typeof status.code === 'number' ? status.code : null;
  const reason = status.reason || (code ? `HTTP${code}` : 'WatchError');
  const { clusterId, clusterName } = client.entry;
  return new ClusterError(clusterId, clusterName, reason, status.message || 'the watch reported an error', code);
}

/** A ClusterError from a non-2xx response, with the server's Retry-After hint (ms) on 429 and 503 when it gave one. */
export async function httpError(client: ClusterClient, res: IncomingMessage): Promise<ClusterError & { retryAfterMs?: number }> {
  const error: ClusterError & { retryAfterMs?: number } = await statusError(client.entry, res);
  const header = res.headers['retry-after'];
  const seconds = Number(header);
  if (header !== undefined && header !== '' && Number.isFinite(seconds) && seconds >= 0 && (res.statusCode === 429 || res.statusCode === 503)) {
    error.retryAfterMs = seconds * 1000;
  }
  return error;
}

/**
 * The JSON text of a decoded event's `object`, cut out of its line without re-serialising, so a record printer can
 * splice it into its output (see output/watch.ts). Only the canonical shape an API server sends qualifies:
 * `{"type":"<type>","object":<object>}` with exactly those two members and nothing after the object but the closing
 * brace; anything else (other member order, extra members, spaces) gives undefined and the caller re-serialises.
 * The text was parsed as part of the line, so it is valid JSON equal to `event.object`.
 */
export function rawEventObject(line: string, event: WatchEvent): string | undefined {
  const type = event?.type;
  if (typeof type !== 'string') return undefined;
  const head = 20 + type.length; // {"type":"<type>","object":
  let end = line.length - 1;
  while (end > head && line.charCodeAt(end) !== 0x7d) end--; // the closing } (JSON.parse allowed trailing space)
  if (end <= head || !line.startsWith('{"type":"') || !line.startsWith('","object":', 9 + type.length) || !line.startsWith(type, 9)) return undefined;
  let members = 0;
  for (const _ in event) members++;
  return members === 2 ? line.slice(head, end) : undefined;
}

/**
 * Opens one watch and feeds its events to `sink` until the stream ends. Resolves with how it ended; rejects with a
 * ClusterError when the server answers with an HTTP error other than 410, sends an in-stream ERROR other than 410,
 * or the request fails before a response (transport error).
 */
export async function watchStream(client: ClusterClient, req: WatchStreamRequest, sink: WatchStreamSink): Promise<WatchStreamEnd> {
  const silenceMs = req.silenceMs ?? req.timeoutSeconds * 2000;
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  if (req.signal?.aborted) return { kind: 'aborted' };
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let silent = false;
  // Until the response arrives, the request's own deadline applies (else silence is measured from the request).
  const headerMs = req.headerTimeoutMs ?? silenceMs;
  let headerTimer: NodeJS.Timeout | undefined = setTimeout(() => {
    silent = true;
    controller.abort();
  }, headerMs);
  let res: IncomingMessage;
  try {
    res = await client.request(`${req.path}?${watchQuery(req)}`, {
      accept: req.table ? TABLE_ACCEPT : JSON_ACCEPT,
      signal: controller.signal,
    });
  } catch (err) {
    clearTimeout(headerTimer);
    req.signal?.removeEventListener('abort', onOuterAbort);
    if (req.signal?.aborted) return { kind: 'aborted' };
    if (silent) return { kind: 'silent', afterMs: headerMs };
    throw err;
  }
  clearTimeout(headerTimer);
  headerTimer = undefined;
  try {
    if (res.statusCode !== 200) {
      const error = await httpError(client, res);
      if (res.statusCode === 410) return { kind: 'expired', message: error.message };
      throw error;
    }
    return await readEvents(client, res, sink, req.rawObjects === true, silenceMs, controller.signal, () => silent);
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
    if (!res.destroyed) res.destroy();
  }
}

/** Reads the body of a 200 watch response; see watchStream. */
function readEvents(
  client: ClusterClient,
  res: IncomingMessage,
  sink: WatchStreamSink,
  raw: boolean,
  silenceMs: number,
  signal: AbortSignal,
  wasSilent: () => boolean,
): Promise<WatchStreamEnd> {
  return new Promise<WatchStreamEnd>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (end: WatchStreamEnd | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      res.destroy();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const onAbort = (): void => finish(wasSilent() ? { kind: 'silent', afterMs: silenceMs } : { kind: 'aborted' });
    // One timer per stream, not one per chunk: data only notes its time, and the timer, when it fires, waits out the
    // rest of the interval if a byte came meanwhile. It fires in the timers phase, before pending socket data is read
    // after a long synchronous stall (a blocking stdout write); checking again in setImmediate lets that data count.
    let lastByteAt = Date.now();
    const check = (): void => {
      timer = undefined;
      setImmediate(() => {
        if (settled || paused) return;
        const quietFor = Date.now() - lastByteAt;
        if (quietFor >= silenceMs) finish({ kind: 'silent', afterMs: silenceMs });
        else timer ??= setTimeout(check, silenceMs - quietFor);
      });
    };
    let paused = false;
    const arm = (): void => {
      lastByteAt = Date.now();
      timer ??= setTimeout(check, silenceMs);
    };
    const deliverOne = (event: WatchEvent, line: string): boolean => {
      if (event?.type === 'ERROR') {
        const status = (event.object ?? {}) as unknown as Status;
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') {
          finish({ kind: 'expired', message: status.message || 'resourceVersion expired' });
        } else finish(statusToError(client, status));
        return false;
      }
      return raw ? sink.event(event, rawEventObject(line, event)) : sink.event(event);
    };
    const deliverLine = (line: string): boolean => {
      if (line.length <= 2 && line.trim() === '') return true;
      return deliverOne(JSON.parse(line) as WatchEvent, line);
    };
    // Lines are cut on the raw bytes (a newline byte never occurs inside a UTF-8 sequence) and decoded one by one, so
    // each event's line is kept for rawEventObject; a line split across chunks waits in `pending`, joined once.
    let pending: Buffer[] = [];
    const push = (chunk: Buffer): boolean => {
      let room = true;
      let start = 0;
      let nl = chunk.indexOf(10);
      if (pending.length > 0) {
        if (nl === -1) {
          pending.push(chunk);
          return true;
        }
        pending.push(chunk.subarray(0, nl));
        const line = Buffer.concat(pending).toString('utf8');
        pending = [];
        start = nl + 1;
        if (!deliverLine(line)) room = false;
        if (settled) return room;
        nl = chunk.indexOf(10, start);
      }
      for (; nl !== -1; nl = chunk.indexOf(10, start)) {
        const line = chunk.toString('utf8', start, nl);
        start = nl + 1;
        if (!deliverLine(line)) room = false;
        if (settled) return room;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      return room;
    };
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      let room: boolean;
      try {
        room = push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (err) {
        finish({ kind: 'dropped', message: `undecodable watch event: ${(err as Error).message}` });
        return;
      }
      if (settled) return;
      if (room) return arm();
      // while the consumer is full the stream is not expected to send: no silence is measured
      paused = true;
      clearTimeout(timer);
      timer = undefined;
      res.pause();
      void sink.whenReady().then(() => {
        if (settled) return;
        paused = false;
        res.resume();
        arm();
      });
    });
    res.on('end', () => {
      try {
        // a server may omit the final newline
        if (pending.length > 0) deliverLine(Buffer.concat(pending).toString('utf8'));
      } catch {
        // a truncated last line is simply lost with the connection; the cursor resumes from the last complete event
      }
      finish({ kind: 'closed' });
    });
    res.on('error', (err) => finish({ kind: 'dropped', message: err.message }));
    res.on('close', () => finish({ kind: 'dropped', message: 'connection closed mid-stream' }));
    if (signal.aborted) onAbort();
    else arm();
  });
}
