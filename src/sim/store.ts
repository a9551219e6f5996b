/**
 * The object store of one simulated cluster: objects kept as JSON strings (small per-object memory; parsed only
 * when a page or a selector needs them), one increasing resourceVersion counter like etcd's, and a bounded history
 * of changes that watches replay from. Listeners hear every change synchronously, so a watch never misses one.
 */
import crypto from 'node:crypto';
import type { Json } from './columns.js';

/** One stored object version. Immutable: a write replaces the entry. */
export interface StoredEntry {
  readonly ns: string;
  readonly name: string;
  readonly rv: number;
  /** The object as JSON, with metadata.resourceVersion stamped. */
  readonly json: string;
}

/** One change, as kept in the watch history. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly rv: number;
  /** `resource[.group]`. */
  readonly res: string;
  readonly entry: StoredEntry;
  /** The version before a MODIFIED, so a watch can tell an object leaving its selector. */
  readonly prev?: StoredEntry;
}

/** Options of a store. */
export interface StoreOptions {
  /** Changes kept for watch replay; older resourceVersions answer 410 Expired. */
  readonly historySize: number;
  /** The first resourceVersion handed out minus one. */
  readonly startRv?: number;
}

const keyOf = (ns: string, name: string): string => (ns ? `${ns}/${name}` : name);

/** See the module comment. */
export class ObjectStore {
  private rvCounter: number;
  private readonly byRes = new Map<string, Map<string, StoredEntry>>();
  private readonly sortedCache = new Map<string, StoredEntry[]>();
  private history: StoreEvent[] = [];
  private compactedRv: number;
  private readonly listeners = new Set<(ev: StoreEvent) => void>();

  constructor(private readonly opts: StoreOptions) {
    this.rvCounter = opts.startRv ?? 1000;
    this.compactedRv = this.rvCounter;
  }

  /** The current resourceVersion (the last one handed out). */
  get resourceVersion(): number {
    return this.rvCounter;
  }

  /** The oldest resourceVersion a watch may start from; anything older is 410 Expired. */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  /** Reads one object's entry. */
  get(res: string, ns: string, name: string): StoredEntry | undefined {
    return this.byRes.get(res)?.get(keyOf(ns, name));
  }

  /** Every entry of a type in key order (namespace, then name), optionally only one namespace. */
  entries(res: string, ns?: string): StoredEntry[] {
    let sorted = this.sortedCache.get(res);
    if (!sorted) {
      const map = this.byRes.get(res);
      sorted = map ? [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]) : [];
      this.sortedCache.set(res, sorted);
    }
    return ns === undefined ? sorted : sorted.filter((e) => e.ns === ns);
  }

  /** How many objects of a type are stored. */
  count(res: string): number {
    return this.byRes.get(res)?.size ?? 0;
  }

  /**
   * Stores `obj` (creating or replacing), stamping a new resourceVersion, and a uid and creationTimestamp when
   * missing. Returns the stored entry and the parsed object as stored.
   */
  put(res: string, obj: Json): { entry: StoredEntry; object: Json; created: boolean } {
    const meta = (obj.metadata ??= {});
    const ns: string = meta.namespace ?? '';
    const name: string = meta.name;
    let map = this.byRes.get(res);
    if (!map) this.byRes.set(res, (map = new Map()));
    const key = keyOf(ns, name);
    const prev = map.get(key);
    const rv = ++this.rvCounter;
    meta.resourceVersion = String(rv);
    meta.uid ??= crypto.randomUUID();
    meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const entry: StoredEntry = { ns, name, rv, json: JSON.stringify(obj) };
    map.set(key, entry);
    this.sortedCache.delete(res);
    this.record(prev ? { type: 'MODIFIED', rv, res, entry, prev } : { type: 'ADDED', rv, res, entry });
    return { entry, object: obj, created: !prev };
  }

  /** Removes an object; returns its final entry (stamped with the deletion's resourceVersion) or undefined. */
  delete(res: string, ns: string, name: string): StoredEntry | undefined {
    const map = this.byRes.get(res);
    const key = keyOf(ns, name);
    const prev = map?.get(key);
    if (!map || !prev) return undefined;
    map.delete(key);
    this.sortedCache.delete(res);
    const rv = ++this.rvCounter;
    // metadata comes first in every stored object, so the first stamp is metadata.resourceVersion
    const json = prev.json.replace(`"resourceVersion":"${prev.rv}"`, `"resourceVersion":"${rv}"`);
    const entry: StoredEntry = { ns, name, rv, json };
    this.record({ type: 'DELETED', rv, res, entry });
    return entry;
  }

  /** Changes after `rv`, oldest first, or undefined when `rv` is older than the kept history (410 Expired). */
  changesSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let i = this.history.length;
    while (i > 0 && this.history[i - 1]!.rv > rv) i--;
    return this.history.slice(i);
  }

  /** Forgets the whole watch history: every resourceVersion before now becomes too old. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rvCounter;
  }

  /** Registers a listener for every change; returns the function that removes it. */
  subscribe(listener: (ev: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(ev: StoreEvent): void {
    this.history.push(ev);
    if (this.history.length > this.opts.historySize * 2) {
      const drop = this.history.length - this.opts.historySize;
      this.compactedRv = this.history[drop - 1]!.rv;
      this.history = this.history.slice(drop);
    }
    for (const l of this.listeners) l(ev);
  }
}
