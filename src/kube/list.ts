/**
 * Reading lists and named objects from one cluster (DESIGN.md s.4-5, k8s-api-notes s.6): paged with `limit` and
 * `continue` like kubectl's `--chunk-size`, as server-side Tables for table/wide output or as plain lists for the
 * other formats. Each page is handed to `onPage` and awaited before the next is requested, so a slow stdout slows the
 * reading and memory holds one page per cluster, never a whole 10,000-object list.
 */
import type { ClusterClient } from '../clusters/client.js';
import { parseJson, readBody, readJson, requestWithRetry } from '../clusters/client.js';
import { ClusterError } from '../errors.js';
import { resourcePath } from './discovery.js';
import type { KubeObject, ObjectList, ResourceInfo, Table } from './types.js';

/** The Accept header kubectl sends for human-readable output: Table v1, then v1beta1, then plain JSON. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** What to read: the namespace (undefined = all namespaces), selectors, page size (0 = unpaged), and the form. */
export interface ListQuery {
  namespace: string | undefined;
  labelSelector?: string;
  fieldSelector?: string;
  chunkSize: number;
  /** Ask for a server-side Table (table/wide output). */
  table: boolean;
  /** Ask Table rows to carry full objects (`includeObject=Object`, for --sort-by). */
  fullRowObjects?: boolean;
}

/** One page as the printers take it: a Table, or the items of a plain list. */
export interface FetchedPage {
  table?: Table;
  items?: KubeObject[];
}

/** The query string of one list request, in kubectl's parameter order. */
export function listQueryString(query: ListQuery, continueToken?: string): string {
  const params = new URLSearchParams();
  if (continueToken) params.set('continue', continueToken);
  if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
  if (query.table && query.fullRowObjects) params.set('includeObject', 'Object');
  if (query.labelSelector) params.set('labelSelector', query.labelSelector);
  if (query.chunkSize > 0) params.set('limit', String(query.chunkSize));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Fills `apiVersion` and `kind` on list items that lack them, from the list's own (`PodList` -> `Pod`), as kubectl
 * does; objects that carry them stay untouched.
 */
export function withTypeMeta(list: ObjectList, info: ResourceInfo): KubeObject[] {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -4) : info.kind;
  const apiVersion = list.apiVersion ?? (info.group ? `${info.group}/${info.version}` : info.version);
  return (list.items ?? []).map((item) => (item.apiVersion && item.kind ? item : { apiVersion, kind, ...item }));
}

function toPage(body: Table | ObjectList, info: ResourceInfo): FetchedPage {
  if ((body as Table).kind === 'Table') return { table: body as Table };
  return { items: withTypeMeta(body as ObjectList, info) };
}

function countOf(page: FetchedPage): number {
  return page.table ? page.table.rows.length : (page.items?.length ?? 0);
}

/** Runs one page's parse-and-print step; `get` passes its printing queue so only one parsed page exists at a time. */
export type PageSlot = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Lists `info` page by page, awaiting `onPage` for each, and returns how many rows or items were read. A page waits
 * for its turn in `slot` as raw bytes and is parsed only then, which keeps memory flat when many clusters stream at
 * once. Throws the cluster's ClusterError on failure (pages already handed over stay printed, as with kubectl).
 */
export async function listPages(
  client: ClusterClient,
  info: ResourceInfo,
  query: ListQuery,
  onPage: (page: FetchedPage) => Promise<void>,
  signal?: AbortSignal,
  slot: PageSlot = (step) => step(),
): Promise<number> {
  const path = resourcePath(info, query.namespace);
  let token: string | undefined;
  let count = 0;
  do {
    const res = await requestWithRetry(client, path + listQueryString(query, token), { accept: query.table ? TABLE_ACCEPT : 'application/json', signal });
    const raw = await readBody(client.entry, res, signal);
    token = await slot(async () => {
      const body = parseJson<Table | ObjectList>(client.entry, raw, res.statusCode);
      const page = toPage(body, info);
      count += countOf(page);
      await onPage(page);
      return body.metadata?.continue || undefined;
    });
  } while (token);
  return count;
}

/**
 * Reads one named object (a one-row Table in table mode). Resolves with the page, or with the cluster's NotFound
 * ClusterError when the object does not exist there (callers decide what a missing name means); throws for every
 * other failure.
 */
export async function getNamed(
  client: ClusterClient,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  query: Pick<ListQuery, 'table' | 'fullRowObjects'>,
  signal?: AbortSignal,
): Promise<FetchedPage | ClusterError> {
  const qs = query.table && query.fullRowObjects ? '?includeObject=Object' : '';
  const res = await requestWithRetry(client, resourcePath(info, namespace, name) + qs, { accept: query.table ? TABLE_ACCEPT : 'application/json', signal });
  try {
    const body = await readJson<Table | KubeObject>(client.entry, res, signal);
    if ((body as Table).kind === 'Table') return { table: body as Table };
    const obj = body as KubeObject;
    return { items: [obj.apiVersion && obj.kind ? obj : { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, ...obj }] };
  } catch (err) {
    if (err instanceof ClusterError && err.code === 404) return err;
    throw err;
  }
}
