/**
 * The printer surface shared by `get`, `watch` and the printers (DESIGN.md s.5 and s.8). The commands choose a printer
 * with `-o` and feed it from one place; every printer method is async so it can wait for stdout to drain.
 */
import type { ClusterError } from '../errors.js';
import type { KubeObject, ResourceInfo, Table } from '../kube/types.js';

/** Which cluster a page, row or event came from; `index` is the cluster's position in the selection. */
export interface ClusterRef {
  clusterId: string;
  clusterName: string;
  index: number;
}

/** A parsed `-o` value. */
export type OutputSpec =
  | { kind: 'table' | 'wide' | 'ndjson' | 'json' | 'yaml' | 'name' }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[] };

/** The flags that shape printed output, taken from the command line. */
export interface PrintOptions {
  noHeaders: boolean;
  /** `-L` label keys, in flag order. */
  labelColumns: string[];
  showLabels: boolean;
  /** `--sort-by` JSONPath: sorts the rows of all clusters together. */
  sortBy?: string;
  /** `-A`: adds NAMESPACE (for namespaced types) as kubectl does. */
  allNamespaces: boolean;
  /** Colour the CLUSTER cell (decided by `shouldColor`). */
  color: boolean;
  /**
   * Prefix names with `kind[.group]/` as kubectl does when several types were requested (`get pods,svc`). When
   * undefined, it is on as soon as more than one type was printed.
   */
  showKind?: boolean;
  /** Clock for the ages of kubectl's fallback NAME/AGE table (server ignored the Table request); ms since epoch. */
  now?: () => number;
}

/** One page of one cluster's list: a Table (table/wide) or the items of a plain list (other formats). */
export interface ListPage {
  table?: Table;
  items?: KubeObject[];
  /** Position of this page's type among the requested types (`pods,svc` -> 0, 1); defaults to first-seen order. */
  typeIndex?: number;
}

/** How one cluster's list ended. */
export interface ClusterOutcome {
  cluster: ClusterRef;
  server: string;
  ok: boolean;
  count: number;
  durationMs: number;
  error?: ClusterError;
}

/** The printer `get` feeds (one instance per run). */
export interface ListPrinter {
  /** One page of one cluster's list: a Table (table/wide) or the items of a plain list (other formats). */
  page(cluster: ClusterRef, resource: ResourceInfo, page: ListPage): Promise<void>;
  /** The cluster finished (ok, or failed with error); json/yaml record it in clusters[], ndjson writes the error record. */
  clusterDone(outcome: ClusterOutcome): Promise<void>;
  /** Writes everything buffered (grouped by cluster in selection order, or sorted with sortBy). Returns rows printed. */
  finish(): Promise<number>;
}

/** A watch event type the printers show. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The printer `watch` feeds: header once, widths kept, one line (or record) per event. */
export interface WatchPrinter {
  event(
    cluster: ClusterRef,
    resource: ResourceInfo,
    type: WatchEventType,
    // raw: the object's JSON text as the server sent it, when known (record printers may splice it; see watch.ts)
    row: { table?: Table /* one-row Table */; object: KubeObject; raw?: string | undefined },
  ): Promise<void>;
  /** A cluster's trouble: an ERROR record in ndjson; nothing on stdout in table mode (the command reports it on stderr). */
  error(cluster: ClusterRef, error: ClusterError): Promise<void>;
}
