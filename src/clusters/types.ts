/**
 * The cluster model every command shares: one `ClusterEntry` per (kubeconfig file, context) pair (DESIGN.md s.1),
 * and the `Selection` of entries a run is active on (s.2).
 */

/** A kubeconfig object (cluster or user) as written in its file, with the folder relative paths resolve against. */
export interface ResolvedRef {
  /** The name it is listed under in the kubeconfig. */
  readonly name: string;
  /** The raw `cluster:` or `user:` mapping, keys as in the YAML (`certificate-authority-data`, `token`, `exec`...). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Absolute path of the file that defined it (may be an earlier file than the context's: kubectl's merge). */
  readonly file: string;
}

/** One (file, context) pair: the unit that is selected, contacted and reported. */
export interface ClusterEntry {
  /** `<file base name>:<context>`, or `<absolute path>:<context>` when two loaded files share a base name. */
  readonly clusterId: string;
  /** The context name. */
  readonly clusterName: string;
  /** Absolute path of the file that defines the context. */
  readonly file: string;
  /** The file's id part of clusterId (base name or absolute path). */
  readonly fileId: string;
  /** Position of the file in the load order (0 = highest precedence). */
  readonly fileIndex: number;
  readonly context: string;
  /** Names the context refers to (undefined when the context omits them). */
  readonly cluster: string | undefined;
  readonly user: string | undefined;
  /** The context's namespace, if it sets one. */
  readonly namespace: string | undefined;
  /** The resolved cluster's `server`, if resolved. */
  readonly server: string | undefined;
  /** True when this context is `current-context` in its own file. */
  readonly current: boolean;
  /** Why the entry cannot be used (missing cluster or user, no server...), or undefined when it is usable. */
  readonly invalidReason: string | undefined;
  /** The resolved cluster and user objects (undefined when missing: then invalidReason says so). */
  readonly clusterRef: ResolvedRef | undefined;
  readonly userRef: ResolvedRef | undefined;
}

/** The entries a run is active on, in selection order (the first is the primary cluster). */
export interface Selection {
  readonly active: readonly ClusterEntry[];
  /** Entries skipped by the duplicate rule or otherwise, keyed by clusterId, with the reason (the exact sentence). */
  readonly disabled: ReadonlyMap<string, string>;
  /** Warnings to print on stderr (duplicate sentences from globs, stale saved ids). */
  readonly warnings: readonly string[];
}
