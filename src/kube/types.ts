/**
 * The Kubernetes API shapes kubemux reads (DESIGN.md s.4-5, k8s-api-notes.md s.5-7), shared by discovery, list,
 * watch and the printers. Only the fields kubemux uses are typed; objects stay otherwise opaque.
 */

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A resource type as resolved through discovery for one cluster. */
export interface ResourceInfo {
  /** Plural resource name, e.g. `pods`, `deployments`. */
  readonly resource: string;
  /** API group, `''` for core. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly verbs?: readonly string[];
}

/** `resource[.group]`, as kubectl names a type in `-o name` and error messages. */
export function qualifiedResource(info: Pick<ResourceInfo, 'resource' | 'group'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description?: string;
  /** 0 = shown by default, >0 = only with `-o wide`. */
  priority: number;
}

/** meta.k8s.io/v1 TableRow. `object` is present with includeObject=Object (full) or Metadata (PartialObjectMetadata). */
export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
}

/** meta.k8s.io/v1 Table, the server-side printing format. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** A plain list (`PodList` and the like). */
export interface ObjectList {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/** A watch event as sent on the wire (`object` is a Table for Table-format watches). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** meta/v1 Status, the body of every API error. */
export interface Status {
  kind: 'Status';
  apiVersion?: string;
  status?: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  code?: number;
  details?: Record<string, unknown>;
}
