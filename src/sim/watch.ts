/**
 * Watch streams: newline-delimited JSON events over chunked HTTP/1.1, replayed from the store's history for a
 * resourceVersion (synthetic ADDED for rv 0 or none), then live. Bookmarks only when asked, Table events with the
 * columns in the first event only (bookmarks included: in a Table watch a bookmark is a one-row Table converted from
 * an empty object, as on a real server), `timeoutSeconds` capped by the server, and 410 Expired as an in-stream ERROR
 * event like a real server (k8s-api-notes s.7.3-7.4). The watch fault knobs act here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './columns.js';
import { queryFlag, sendStatus, statusBody, type MediaChoice } from './http.js';
import { apiVersionOf, resourceKey, type ResourceDef } from './registry.js';
import type { Matcher } from './selectors.js';
import type { StoreEvent, StoredEntry } from './store.js';
import { buildTable, objectJson, parseIncludeObject } from './table.js';
import type { ClusterState } from './types.js';

/** A watcher this far behind is closed, as the real server drops slow watchers (bounds the server's memory). */
const MAX_BUFFERED = 4 << 20;

/** Serves one watch request until the client leaves, a timeout, a fault, or the cluster stops. */
export function serveWatch(
  state: ClusterState,
  req: IncomingMessage,
  res: ServerResponse,
  def: ResourceDef,
  ns: string | undefined,
  query: URLSearchParams,
  media: MediaChoice,
  match: Matcher | undefined,
): void {
  const include = parseIncludeObject(query.get('includeObject'));
  if (!include) return sendStatus(res, 400, 'BadRequest', `invalid includeObject: ${query.get('includeObject')}`);
  const key = resourceKey(def);
  const rvText = query.get('resourceVersion') ?? '';
  const fromRv = rvText === '' ? 0 : Number(rvText);
  if (!Number.isFinite(fromRv) || fromRv < 0) return sendStatus(res, 400, 'BadRequest', `invalid resource version: ${rvText}`);
  const table = media.kind === 'table' ? media.version : undefined;
  const faults = { ...state.faults };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  let sent = 0;
  let columnsSent = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = (): void => {};
  const finish = (how: 'end' | 'destroy'): void => {
    unsubscribe();
    timers.forEach(clearTimeout);
    timers.forEach(clearInterval);
    state.streams.delete(closer);
    if (how === 'destroy') res.socket?.destroy();
    else if (!res.writableEnded) res.end();
  };
  const closer = (): void => finish('destroy');
  state.streams.add(closer);
  res.on('close', () => finish('end'));

  if (faults.silentWatch) return;

  let dropping = false;
  let corked = false;
  const write = (line: string): void => {
    if (res.writableEnded || dropping) return;
    sent++;
    if (faults.dropWatchAfterEvents > 0 && sent >= faults.dropWatchAfterEvents) {
      dropping = true;
      unsubscribe();
      res.write(line, () => finish('destroy'));
      return;
    }
    if (!corked) {
      // events of one synchronous burst go out in one TLS record, flushed at the end of the tick
      corked = true;
      res.cork();
      process.nextTick(() => {
        corked = false;
        res.uncork();
      });
    }
    res.write(line);
    if (res.writableLength > MAX_BUFFERED) finish('destroy');
  };
  const emit = (type: string, entry: StoredEntry, obj?: Json): void => {
    if (!table) return write(`{"type":"${type}","object":${objectJson(def, entry)}}\n`);
    const t = buildTable(def, [obj ?? JSON.parse(entry.json)], {
      include, version: table, now: Date.now(), metadata: { resourceVersion: String(entry.rv) }, withColumns: !columnsSent,
    });
    columnsSent = true;
    write(`{"type":"${type}","object":${JSON.stringify(t)}}\n`);
  };
  const inScope = (e: StoredEntry): boolean => ns === undefined || e.ns === ns;
  const onEvent = (ev: StoreEvent): void => {
    if (ev.res !== key || !inScope(ev.entry)) return;
    if (!match) return emit(ev.type, ev.entry);
    const obj = JSON.parse(ev.entry.json);
    const now = match(obj);
    if (ev.type !== 'MODIFIED') return now ? emit(ev.type, ev.entry, obj) : undefined;
    const before = ev.prev ? match(JSON.parse(ev.prev.json)) : false;
    if (now) emit(before ? 'MODIFIED' : 'ADDED', ev.entry, obj);
    else if (before) emit('DELETED', ev.entry, obj);
  };

  if (fromRv === 0) {
    for (const e of state.store.entries(key, ns)) {
      const obj = JSON.parse(e.json);
      if (!match || match(obj)) emit('ADDED', e, obj);
    }
  } else {
    const changes = state.store.changesSince(fromRv);
    if (!changes) {
      const oldest = state.store.oldestWatchableRv;
      write(`{"type":"ERROR","object":${JSON.stringify(statusBody(410, 'Expired', `too old resource version: ${fromRv} (${oldest})`))}}\n`);
      return finish('end');
    }
    for (const ev of changes) onEvent(ev);
  }
  if (res.writableEnded || res.destroyed || dropping) return;
  unsubscribe = state.store.subscribe(onEvent);

  const requested = Number(query.get('timeoutSeconds') ?? 0);
  const cap = state.opts.maxWatchSeconds;
  const seconds = requested > 0 ? Math.min(requested, cap) : cap;
  timers.push(setTimeout(() => finish('end'), seconds * 1000));
  if (faults.closeWatchAfterMs > 0) timers.push(setTimeout(() => finish('end'), faults.closeWatchAfterMs));
  if (queryFlag(query, 'allowWatchBookmarks')) {
    timers.push(
      setInterval(() => {
        const rv = String(state.store.resourceVersion);
        const bare = { metadata: { resourceVersion: rv } };
        // a real server runs the bookmark's empty object through the Table conversion too: one row of blank cells
        const object = table
          ? buildTable(def, [bare], { include, version: table, now: Date.now(), metadata: { resourceVersion: rv }, withColumns: !columnsSent })
          : { kind: def.kind, apiVersion: apiVersionOf(def), ...bare };
        columnsSent ||= Boolean(table);
        res.write(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
      }, state.opts.bookmarkIntervalMs),
    );
  }
}
