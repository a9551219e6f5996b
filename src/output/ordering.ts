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
  readonly seq: number;
}

/** Compares two entries by cluster (selection order), type, then arrival. */
export function comparePlaced(a: Placed, b: Placed): number {
  return a.cluster.index - b.cluster.index || a.typeOrder - b.typeOrder || a.seq - b.seq;
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
