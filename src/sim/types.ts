/**
 * The simulator's public option and fault shapes (docs/contracts: SIM) and the internal state every handler
 * shares. Kept apart from index.ts so handlers can import the types without importing the whole server.
 */
import type { KubeObject } from '../kube/types.js';
import type { ResourceDef } from './registry.js';
import type { ObjectStore } from './store.js';

/** An authorization rule: the user may do `verbs` on `resources` (plural, `plural.group` or `plural/sub`) in `namespaces`. `'*'` is a wildcard; no `namespaces` means every namespace and cluster scope. */
export interface SimRule {
  verbs: string[];
  resources: string[];
  namespaces?: string[];
}

/** A user of a simulated cluster. Authenticates by `token` or by a client certificate with CN = name. No `rules` = allowed everything. */
export interface SimUserSpec {
  name: string;
  /** Bearer token; generated when missing. */
  token?: string;
  groups?: string[];
  rules?: SimRule[];
}

/** How to start one simulated cluster. Every field but `name` has a cheap default suited to tests. */
export interface SimClusterOptions {
  /** Cluster (and kubeconfig context) name. */
  name: string;
  /** Kubernetes version reported by /version, e.g. `1.30.2` (default `1.32.4`). It picks kubectl's binary through the dispatcher. */
  version?: string;
  /** Seed of the deterministic sample workload (default 1). */
  seed?: number;
  /** Number of seeded pods spread over deployments (default 10; 0 seeds no workloads but namespaces and nodes). */
  pods?: number;
  /** Users (default: one `admin` allowed everything, with a generated token). */
  users?: SimUserSpec[];
  /** Changes kept for watch resume; older resourceVersions get 410 Expired (default 1000). */
  watchHistory?: number;
  /** Interval of BOOKMARK events on watches that ask for them (default 5000 ms). */
  bookmarkIntervalMs?: number;
  /** Server-side cap on a watch's life in seconds, applied when the client sends no shorter timeoutSeconds (default 1800). */
  maxWatchSeconds?: number;
  /** TCP port (default 0: any free port; a restart reuses the port it got). */
  port?: number;
  /** Seed the `crontabs.stable.example.com` CRD and two CronTabs (default true). */
  crd?: boolean;
  /** Printer columns of the seeded CRD, to make clusters differ (default: Spec `.spec.cronSpec`, Replicas `.spec.replicas`, Age). */
  crdPrinterColumns?: { name: string; type: string; jsonPath: string; priority?: number }[];
  /** How long a paged list's snapshot stays valid for `continue` (default 300000 ms); later tokens get 410. */
  continueTtlMs?: number;
  /** Interval between generated log lines of a container (default 1000 ms). */
  logIntervalMs?: number;
}

/** Faults injected into one cluster, switchable at run time with setFaults/clearFaults. */
export interface SimFaults {
  /** Delay added before answering each request. */
  latencyMs: number;
  /** Extra random delay in [0, jitterMs). */
  jitterMs: number;
  /** Accept every request and never answer it. */
  hang: boolean;
  /** Send the first half of every list body, then drop the connection. */
  dropListMidway: boolean;
  /** Drop a watch's connection (no clean end) after this many events; 0 = off. */
  dropWatchAfterEvents: number;
  /** Fraction (0..1) of requests answered with `errorStatus`. */
  errorRate: number;
  errorStatus: 500 | 503;
  /** Fraction (0..1) of requests answered 429 with Retry-After: `retryAfterSeconds`. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** End every watch cleanly after this many ms; 0 = off. */
  closeWatchAfterMs: number;
  /** Watches answer 200 with headers, then send no byte at all (no events, no bookmarks) and never end on their own. */
  silentWatch: boolean;
  /** Present a server certificate signed by a CA other than the cluster's (clients must fail verification). */
  wrongCert: boolean;
}

/** The faults in force when none are set. */
export const NO_FAULTS: Readonly<SimFaults> = Object.freeze({
  latencyMs: 0, jitterMs: 0, hang: false, dropListMidway: false, dropWatchAfterEvents: 0, errorRate: 0, errorStatus: 500,
  throttleRate: 0, retryAfterSeconds: 1, closeWatchAfterMs: 0, silentWatch: false, wrongCert: false,
});

/** A logged request, as the contract's `requests` exposes it. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** An authenticated caller. */
export interface SimUser {
  readonly name: string;
  readonly groups: readonly string[];
  readonly rules?: readonly SimRule[];
}

/** Options with every default filled in. */
export interface ResolvedOptions extends Required<Omit<SimClusterOptions, 'users' | 'crdPrinterColumns'>> {
  users: (SimUserSpec & { token: string })[];
  crdPrinterColumns: NonNullable<SimClusterOptions['crdPrinterColumns']>;
}

/** What every request handler of one cluster shares. */
export interface ClusterState {
  readonly name: string;
  readonly version: string;
  readonly opts: ResolvedOptions;
  readonly store: ObjectStore;
  readonly faults: SimFaults;
  /** Every served type, built-in and from CRDs. */
  resources(): readonly ResourceDef[];
  /** The type at `group/version/plural`, or undefined. */
  findResource(group: string, version: string, plural: string): ResourceDef | undefined;
  /** The type by `plural[.group]`, or undefined. */
  findByKey(key: string): ResourceDef | undefined;
  /** The type serving `apiVersion`+`kind`, or undefined. */
  findByKind(apiVersion: string, kind: string): ResourceDef | undefined;
  /** A deterministic random number in [0,1) for fault rates. */
  random(): number;
  /** Closers of open watch and log streams, run on stop. */
  readonly streams: Set<() => void>;
  /** Paged-list snapshots by id. */
  readonly snapshots: Map<string, { created: number; items: readonly import('./store.js').StoredEntry[]; rv: number }>;
}

/** Re-exported for convenience of handlers. */
export type { KubeObject };
