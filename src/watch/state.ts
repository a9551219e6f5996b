/**
 * What one watch stream has already emitted, object by object (namespace/name -> resourceVersion, uid, and the last
 * object's type and metadata with its table row). It is what makes a re-list after `410 Expired` lossless for the consumer (DESIGN.md s.8): the new list is
 * compared with what was emitted, and only the difference goes out as ADDED, MODIFIED and DELETED. It also drops
 * stale or repeated watch events, so no object's resourceVersion ever goes backwards in the output.
 */
import type { KubeObject, Table } from '../kube/types.js';

/** An event type kubemux prints. */
export type EmittedType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One event to print: the object, and for table output its one-row Table. */
export interface Emission {
  readonly type: EmittedType;
  readonly object: KubeObject;
  readonly table?: Table | undefined;
}

interface Known {
  rv: string;
  uid: string | undefined;
  object: KubeObject;
  table: Table | undefined;
}

/**
 * What is kept of an emitted object: its type and metadata, without spec, status and managedFields. It is only
 * needed for a DELETED that a re-list discovers (the server no longer has the object), and keeping whole objects of
 * every cluster would make memory grow with the fleet instead of staying flat.
 */
export function lastKnown(object: KubeObject): KubeObject {
  let metadata = object.metadata ?? {};
  if (metadata.managedFields !== undefined) {
    const { managedFields: _managed, ...rest } = metadata;
    metadata = rest;
  }
  if (object.apiVersion !== undefined && object.kind !== undefined) return { apiVersion: object.apiVersion, kind: object.kind, metadata };
  const kept: KubeObject = {};
  if (object.apiVersion !== undefined) kept.apiVersion = object.apiVersion;
  if (object.kind !== undefined) kept.kind = object.kind;
  kept.metadata = metadata;
  return kept;
}

/** The key of an object within one stream. */
export function objectKey(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/**
 * Whether resourceVersion `a` is not newer than `b`. resourceVersions are opaque, but every real server (and the
 * simulator) uses increasing integers; when either is not an integer only equality counts as "not newer".
 */
export function rvNotNewer(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a === b) return true;
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length !== b.length ? a.length < b.length : a < b;
}

/** The emitted view of one stream, and the diff logic that keeps it exact across re-lists. */
export class EmittedState {
  private readonly known = new Map<string, Known>();
  private seen: Set<string> | undefined;

  /** How many objects the consumer currently knows of. */
  get size(): number {
    return this.known.size;
  }

  /** A watch event: what to emit (nothing when it is older than, or the same as, what was already emitted). */
  fromWatch(type: EmittedType, object: KubeObject, table?: Table): Emission[] {
    return this.admitWatch(type, object, table) ? [{ type, object, table }] : [];
  }

  /** fromWatch without the array: whether the event is to be emitted as it is (the watch hot path). */
  admitWatch(type: EmittedType, object: KubeObject, table?: Table): boolean {
    const key = objectKey(object);
    const before = this.known.get(key);
    const rv = object.metadata?.resourceVersion;
    if (before && rvNotNewer(rv, before.rv)) return false;
    if (type === 'DELETED') {
      if (!before) return false;
      this.known.delete(key);
      return true;
    }
    this.remember(key, object, table, before);
    return true;
  }

  /** Starts a (re)list: objects not seen before `endList` are reported deleted then. */
  beginList(): void {
    this.seen = new Set();
  }

  /** One listed object: ADDED if new, MODIFIED if changed, DELETED+ADDED if replaced (new uid), else nothing. */
  fromList(object: KubeObject, table: Table | undefined, quiet: boolean): Emission[] {
    const key = objectKey(object);
    this.seen?.add(key);
    const before = this.known.get(key);
    const rv = object.metadata?.resourceVersion;
    if (before && rvNotNewer(rv, before.rv)) return [];
    this.remember(key, object, table);
    if (quiet) return [];
    if (!before) return [{ type: 'ADDED', object, table }];
    if (before.uid && object.metadata?.uid && before.uid !== object.metadata.uid) {
      return [
        { type: 'DELETED', object: before.object, table: before.table },
        { type: 'ADDED', object, table },
      ];
    }
    return [{ type: 'MODIFIED', object, table }];
  }

  /** Ends a (re)list: DELETED for every object emitted earlier that the list no longer has. */
  endList(): Emission[] {
    const seen = this.seen;
    this.seen = undefined;
    if (!seen) return [];
    const gone: Emission[] = [];
    for (const [key, known] of this.known) {
      if (seen.has(key)) continue;
      this.known.delete(key);
      gone.push({ type: 'DELETED', object: known.object, table: known.table });
    }
    return gone;
  }

  private remember(key: string, object: KubeObject, table: Table | undefined, before?: Known): void {
    const kept = lastKnown(object);
    const row = table?.rows[0];
    const keptTable = table && row ? { ...table, rows: [{ cells: row.cells, object: kept }] } : undefined;
    const rv = object.metadata?.resourceVersion ?? '';
    if (!before) {
      this.known.set(key, { rv, uid: object.metadata?.uid, object: kept, table: keptTable });
      return;
    }
    // updated in place: one allocation fewer per event on a busy stream
    before.rv = rv;
    before.uid = object.metadata?.uid;
    before.object = kept;
    before.table = keptTable;
  }
}
