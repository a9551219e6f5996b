/**
 * GET of collections and single objects: JSON lists built by joining stored JSON (no parse), Tables parsed per
 * page, label/field selectors, and `limit`/`continue` paging over a snapshot taken at the first page, so every page
 * reports the same resourceVersion; a token whose snapshot is gone (TTL, compaction) gets 410 Expired.
 */
import crypto from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Json } from './columns.js';
import { TABLE_TYPE, sendJson, sendStatus, type MediaChoice } from './http.js';
import { apiVersionOf, resourceKey, type ResourceDef } from './registry.js';
import { parseFieldSelector, parseLabelSelector, type Matcher } from './selectors.js';
import type { StoredEntry } from './store.js';
import { buildTable, objectJson, parseIncludeObject } from './table.js';
import type { ClusterState } from './types.js';

const MAX_SNAPSHOTS = 200;

/** Both selectors of a request, parsed (throws SelectorError). */
export function selectorsOf(def: ResourceDef, query: URLSearchParams): Matcher | undefined {
  const label = parseLabelSelector(query.get('labelSelector'));
  const field = parseFieldSelector(query.get('fieldSelector'), def.fields);
  if (label && field) return (o) => label(o) && field(o);
  return label ?? field;
}

/** The `pods "x" not found` answer (CRDs are named `plural.group`). */
export function sendNotFound(res: ServerResponse, def: ResourceDef, name: string): void {
  const details: Record<string, unknown> = { name, kind: def.resource };
  if (def.group) details.group = def.group;
  sendStatus(res, 404, 'NotFound', `${resourceKey(def)} "${name}" not found`, details);
}

function pruneSnapshots(state: ClusterState, now: number): void {
  for (const [id, snap] of state.snapshots) {
    if (now - snap.created > state.opts.continueTtlMs) state.snapshots.delete(id);
  }
  while (state.snapshots.size > MAX_SNAPSHOTS) state.snapshots.delete(state.snapshots.keys().next().value!);
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** What to write: the page of entries and the list metadata. */
interface Page {
  items: readonly StoredEntry[];
  rv: number;
  cont?: string;
  remaining?: number;
}

function paginate(state: ClusterState, def: ResourceDef, ns: string | undefined, query: URLSearchParams, match: Matcher | undefined, res: ServerResponse): Page | undefined {
  const now = Date.now();
  pruneSnapshots(state, now);
  const limit = Number(query.get('limit') ?? 0);
  const token = query.get('continue');
  let all: readonly StoredEntry[];
  let offset = 0;
  let rv: number;
  let id: string | undefined;
  if (token) {
    let parsed: { id?: string; off?: number; rv?: number };
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      sendStatus(res, 400, 'BadRequest', 'continue key is not valid: illegal base64 data');
      return undefined;
    }
    const snap = parsed.id ? state.snapshots.get(parsed.id) : undefined;
    if (!snap) {
      sendStatus(res, 410, 'Expired', EXPIRED_CONTINUE);
      return undefined;
    }
    ({ items: all, rv } = snap);
    offset = parsed.off ?? 0;
    id = parsed.id;
  } else {
    rv = state.store.resourceVersion;
    const entries = state.store.entries(resourceKey(def), ns);
    all = match ? entries.filter((e) => match(JSON.parse(e.json))) : entries;
  }
  if (!(limit > 0) || all.length - offset <= limit) return { items: offset ? all.slice(offset) : all, rv };
  if (!id) {
    id = crypto.randomBytes(8).toString('hex');
    state.snapshots.set(id, { created: now, items: all, rv });
  }
  const next = offset + limit;
  const cont = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, id, off: next }), 'utf8').toString('base64url');
  return { items: all.slice(offset, next), rv, cont, remaining: match ? undefined : all.length - next };
}

function listMetadata(page: Page): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: String(page.rv) };
  if (page.cont) meta.continue = page.cont;
  if (page.remaining !== undefined) meta.remainingItemCount = page.remaining;
  return meta;
}

function writeBody(state: ClusterState, res: ServerResponse, body: string, contentType: string): void {
  if (!state.faults.dropListMidway) return sendJson(res, 200, body, contentType);
  res.writeHead(200, { 'Content-Type': contentType });
  res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
}

/** Answers a collection GET (not a watch). */
export function serveList(state: ClusterState, res: ServerResponse, def: ResourceDef, ns: string | undefined, query: URLSearchParams, media: MediaChoice, match: Matcher | undefined): void {
  const include = parseIncludeObject(query.get('includeObject'));
  if (!include) return sendStatus(res, 400, 'BadRequest', `invalid includeObject: ${query.get('includeObject')}`);
  const page = paginate(state, def, ns, query, match, res);
  if (!page) return;
  if (media.kind === 'table') {
    const table = buildTable(def, page.items.map((e) => JSON.parse(e.json) as Json), { include, version: media.version, now: Date.now(), metadata: listMetadata(page) });
    return writeBody(state, res, JSON.stringify(table), TABLE_TYPE(media.version));
  }
  const head = JSON.stringify({ kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: listMetadata(page) });
  const body = `${head.slice(0, -1)},"items":[${page.items.map((e) => e.json).join(',')}]}`;
  writeBody(state, res, body, 'application/json');
}

/** Answers a GET of one object, as JSON or as a one-row Table. */
export function serveGet(state: ClusterState, res: ServerResponse, def: ResourceDef, ns: string | undefined, name: string, query: URLSearchParams, media: MediaChoice): void {
  const entry = state.store.get(resourceKey(def), ns ?? '', name);
  if (!entry) return sendNotFound(res, def, name);
  if (media.kind === 'table') {
    const include = parseIncludeObject(query.get('includeObject')) ?? 'Metadata';
    const table = buildTable(def, [JSON.parse(entry.json)], { include, version: media.version, now: Date.now(), metadata: { resourceVersion: String(entry.rv) } });
    return sendJson(res, 200, table, TABLE_TYPE(media.version));
  }
  sendJson(res, 200, objectJson(def, entry));
}
