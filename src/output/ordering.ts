/**
 * The order buffered output comes out in (DESIGN.md s.5): grouped by cluster in selection order, then by resource
 * type in the order the types were requested, then in the order the server sent them.
 */
import { qualifiedResource, type ResourceInfo } from '../kube/types.js';
import type { ClusterRef } from './types.js';

/** Where an entry sits in the grouped order. */
export interface Placed {
  readonly cluster: ClusterRef;
  readonly typeOrder: number;
}

/**
 * `entries` in the grouped order (by cluster in selection order, then type, then arrival), in
 * linear time: tables of 100,000 rows are grouped without an n log n sort.
 */
export function groupPlaced<T extends Placed>(entries: readonly T[]): T[] {
  const buckets = new Map<string, { cluster: number; type: number; entries: T[] }>();
  for (const entry of entries) {
    const key = `${entry.cluster.index}:${entry.typeOrder}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { cluster: entry.cluster.index, type: entry.typeOrder, entries: [] };
      buckets.set(key, bucket);
    }
    bucket.entries.push(entry);
  }
  const ordered = [...buckets.values()].sort((a, b) => a.cluster - b.cluster || a.type - b.type);
  return ordered.flatMap((b) => b.entries);
}

/** Numbers resource types: the page's `typeIndex` when the command gave one, else first-seen order. */
export class TypeOrder {
  private readonly seen = new Map<string, number>();

  /** The order of `info`'s type. */
  of(info: ResourceInfo, typeIndex: number | undefined): number {
    const key = qualifiedResource(info);
    let order = this.seen.get(key);
    if (order === undefined) {
      order = typeIndex ?? this.seen.size;
      this.seen.set(key, order);
    }
    return order;
  }
}
