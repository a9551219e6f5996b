/**
 * meta.k8s.io Table building, lazily per page or per watch event, and the JSON form of single objects (built-in
 * types are stored without kind/apiVersion, as a real server's list items are; single objects and watch events
 * carry them).
 */
import type { Json } from './columns.js';
import { apiVersionOf, type ResourceDef } from './registry.js';
import type { StoredEntry } from './store.js';

/** How much of each object a Table row carries (`includeObject`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Parses `includeObject` (default Metadata); undefined for an invalid value. */
export function parseIncludeObject(value: string | null): IncludeObject | undefined {
  if (value === null || value === '') return 'Metadata';
  return value === 'None' || value === 'Metadata' || value === 'Object' ? value : undefined;
}

/** The object's JSON with kind and apiVersion first, as single GETs and watch events send it. */
export function objectJson(def: ResourceDef, entry: StoredEntry): string {
  if (def.custom) return entry.json;
  const head = `{"kind":"${def.kind}","apiVersion":"${apiVersionOf(def)}"`;
  return entry.json === '{}' ? `${head}}` : `${head},${entry.json.slice(1)}`;
}

/** The parsed object with kind and apiVersion filled in. */
export function objectWithKind(def: ResourceDef, obj: Json): Json {
  return def.custom ? obj : { kind: def.kind, apiVersion: apiVersionOf(def), ...obj };
}

/** One Table row for `obj`. */
export function tableRow(def: ResourceDef, obj: Json, include: IncludeObject, now: number): Record<string, unknown> {
  const row: Record<string, unknown> = { cells: def.printer.cells(obj, now) };
  if (include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  else if (include === 'Object') row.object = objectWithKind(def, obj);
  return row;
}

/** A Table of `objects` (columns included unless `withColumns` is false, as in later watch events). */
export function buildTable(
  def: ResourceDef,
  objects: readonly Json[],
  opts: { include: IncludeObject; version: string; now: number; metadata: Record<string, unknown>; withColumns?: boolean },
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.version}`,
    metadata: opts.metadata,
    columnDefinitions: opts.withColumns === false ? null : def.printer.columns,
    rows: objects.map((o) => tableRow(def, o, opts.include, opts.now)),
  };
}
