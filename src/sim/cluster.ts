/**
 * One simulated cluster: its state (store, resource types, faults), certificates, HTTPS listener and the
 * SimCluster handle tests and the demo drive it through.
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../kube/types.js';
import { createCa, createClientCert, createServerCert, type CertAuthority, type CertPair } from './certs.js';
import { startChurn } from './churn.js';
import type { Json } from './columns.js';
import type { ControllerContext } from './controller.js';
import { createObject, deleteObject, updateObject, ApiError, type WriteState } from './objects.js';
import { apiVersionOf, builtinResourcesFor, defFromCrd, resourceKey, type ResourceDef } from './registry.js';
import { listen, type Listener } from './server.js';
import { ObjectStore, type StoredEntry } from './store.js';
import { objectWithKind } from './table.js';
import { NO_FAULTS, type ResolvedOptions, type SimClusterOptions, type SimFaults, type SimRequest } from './types.js';
import { DEFAULT_CRD_COLUMNS, seedWorkloads, seededRandom } from './workloads.js';

/** A running simulated cluster (the contract's SimCluster). */
export interface SimCluster {
  readonly name: string;
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The cluster CA certificate (PEM) that the server certificate verifies against. */
  readonly caPem: string;
  /** The version reported by /version, e.g. `1.32.4`. */
  readonly version: string;
  /** The bearer token of `user` (default `admin`); throws for an unknown user. */
  tokenFor(user?: string): string;
  /** A client certificate signed by the cluster CA, subject CN=user, O=groups. */
  clientCertFor(user: string, groups?: string[]): Promise<{ certPem: string; keyPem: string }>;
  /** Creates an object (kind/apiVersion pick the type); deployments get their replicaset and pods. Returns it as stored. */
  create(obj: KubeObject): KubeObject;
  /** Replaces an object (resourceVersion checked when present). Returns it as stored. */
  update(obj: KubeObject): KubeObject;
  /** Deletes an object by `plural[.group]`, namespace and name (owned objects cascade). */
  remove(resource: string, namespace: string | undefined, name: string): void;
  /** The stored objects of `plural[.group]` (in one namespace, or all), in the server's list order. */
  list(resource: string, namespace?: string): KubeObject[];
  /** Switches faults on or off (merged into the current ones); takes effect on the next request or watch. */
  setFaults(f: Partial<SimFaults>): void;
  /** Back to no faults. */
  clearFaults(): void;
  /** Forgets the watch history and paged-list snapshots: older resourceVersions and continue tokens get 410. */
  compact(): void;
  /** Creates, updates and deletes pods at `eventsPerSecond`, deterministic for `seed`, until stop(). */
  churn(opts: { eventsPerSecond: number; seed?: number; namespace?: string }): { stop(): void };
  /** Every request received (method, path, query, headers), oldest first (the last ~20,000). */
  readonly requests: SimRequest[];
  /** Stops listening and drops every connection (open watches end abruptly). Data is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same data and CA. */
  restart(): Promise<void>;
}

function resolve(opts: SimClusterOptions): ResolvedOptions {
  const users = (opts.users ?? [{ name: 'admin' }]).map((u) => ({ ...u, token: u.token ?? `sim-${crypto.randomBytes(16).toString('hex')}` }));
  return {
    name: opts.name, version: opts.version ?? '1.32.4', seed: opts.seed ?? 1, pods: opts.pods ?? 10, users,
    watchHistory: opts.watchHistory ?? 1000, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000,
    maxWatchSeconds: opts.maxWatchSeconds ?? 1800, port: opts.port ?? 0, crd: opts.crd ?? true,
    crdPrinterColumns: opts.crdPrinterColumns ?? DEFAULT_CRD_COLUMNS, continueTtlMs: opts.continueTtlMs ?? 300_000,
    logIntervalMs: opts.logIntervalMs ?? 1000,
  };
}

function buildState(opts: ResolvedOptions): WriteState {
  const store = new ObjectStore({ historySize: opts.watchHistory });
  const faultRandom = seededRandom(opts.seed * 31 + 7);
  const ctlRandom = seededRandom(opts.seed * 131 + 3);
  let podIp = 0;
  let crdCache: { crds: readonly StoredEntry[]; defs: ResourceDef[] } | undefined;
  let nodeCache: { entries: readonly StoredEntry[]; names: string[] } | undefined;
  const CRD = 'customresourcedefinitions.apiextensions.k8s.io';
  const builtins = builtinResourcesFor(opts.version);
  const resources = (): readonly ResourceDef[] => {
    const crds = store.entries(CRD);
    if (crdCache?.crds !== crds) {
      const custom = crds.map((e) => defFromCrd(JSON.parse(e.json))).filter((d): d is ResourceDef => d !== undefined);
      crdCache = { crds, defs: [...builtins, ...custom] };
    }
    return crdCache.defs;
  };
  const ctl: ControllerContext = {
    random: ctlRandom,
    now: () => Date.now(),
    nextPodIp: () => {
      podIp++;
      return `10.244.${(podIp >> 8) & 255}.${podIp & 255}`;
    },
    nodes: () => {
      const entries = store.entries('nodes');
      if (nodeCache?.entries !== entries) {
        const workers = entries.filter((e) => !e.json.includes('"node-role.kubernetes.io/control-plane"')).map((e) => e.name);
        nodeCache = { entries, names: workers.length ? workers : entries.map((e) => e.name) };
      }
      return nodeCache.names;
    },
  };
  return {
    name: opts.name, version: opts.version, opts, store, ctl, faults: { ...NO_FAULTS }, streams: new Set(), snapshots: new Map(),
    random: faultRandom,
    resources,
    findResource: (group, version, plural) => resources().find((d) => d.group === group && d.version === version && d.resource === plural),
    findByKey: (key) => resources().find((d) => resourceKey(d) === key),
    findByKind: (apiVersion, kind) => resources().find((d) => apiVersionOf(d) === apiVersion && d.kind === kind),
  };
}

class Cluster implements SimCluster {
  readonly requests: SimRequest[] = [];
  private listener?: Listener;
  private wrong?: CertPair;
  private currentPort: number;

  constructor(private readonly state: WriteState, private readonly ca: CertAuthority, private readonly serverCert: CertPair) {
    this.currentPort = state.opts.port;
  }

  get name(): string { return this.state.name; }
  get version(): string { return this.state.version; }
  get port(): number { return this.currentPort; }
  get url(): string { return `https://127.0.0.1:${this.currentPort}`; }
  get caPem(): string { return this.ca.certPem; }

  async start(): Promise<void> {
    this.listener = await listen(this.state, {
      caPem: this.ca.certPem,
      serving: () => (this.state.faults.wrongCert ? (this.wrong ??= createServerCert(createCa('not-the-cluster-ca'))) : this.serverCert),
      requests: this.requests,
    }, this.currentPort);
    const addr = this.listener.server.address();
    if (addr && typeof addr === 'object') this.currentPort = addr.port;
  }

  tokenFor(user = 'admin'): string {
    const u = this.state.opts.users.find((x) => x.name === user);
    if (!u) throw new Error(`cluster ${this.name} has no user ${user}`);
    return u.token;
  }

  async clientCertFor(user: string, groups: string[] = []): Promise<{ certPem: string; keyPem: string }> {
    return createClientCert(this.ca, user, groups);
  }

  private defFor(obj: KubeObject): ResourceDef {
    const def = this.state.findByKind(obj.apiVersion ?? '', obj.kind ?? '');
    if (!def) throw new ApiError(404, 'NotFound', `no resource type for ${obj.apiVersion} ${obj.kind}`);
    return def;
  }

  private defByKey(resource: string): ResourceDef {
    const def = this.state.findByKey(resource);
    if (!def) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${resource}"`);
    return def;
  }

  create(obj: KubeObject): KubeObject {
    const def = this.defFor(obj);
    return objectWithKind(def, createObject(this.state, def, obj));
  }

  update(obj: KubeObject): KubeObject {
    const def = this.defFor(obj);
    return objectWithKind(def, updateObject(this.state, def, obj));
  }

  remove(resource: string, namespace: string | undefined, name: string): void {
    deleteObject(this.state, this.defByKey(resource), namespace, name);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const def = this.defByKey(resource);
    return this.state.store.entries(resourceKey(def), namespace).map((e) => objectWithKind(def, JSON.parse(e.json) as Json));
  }

  setFaults(f: Partial<SimFaults>): void {
    const certChanged = f.wrongCert !== undefined && f.wrongCert !== this.state.faults.wrongCert;
    Object.assign(this.state.faults, f);
    if (certChanged) this.listener?.refreshCert();
  }

  clearFaults(): void {
    this.setFaults({ ...NO_FAULTS });
  }

  compact(): void {
    this.state.store.compact();
    this.state.snapshots.clear();
  }

  churn(opts: { eventsPerSecond: number; seed?: number; namespace?: string }): { stop(): void } {
    return startChurn(this.state, opts);
  }

  async stop(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    for (const close of [...this.state.streams]) close();
    await l?.close();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/** Starts one simulated cluster (see SimClusterOptions for the defaults). */
export async function startCluster(options: SimClusterOptions): Promise<SimCluster> {
  const opts = resolve(options);
  const state = buildState(opts);
  seedWorkloads(state, opts, Date.now());
  const ca = createCa(`${opts.name}-ca`);
  const cluster = new Cluster(state, ca, createServerCert(ca));
  await cluster.start();
  return cluster;
}

/**
 * Starts `count` clusters named `<namePrefix>-1..N` (default prefix `sim`), seeds `seed+i`, otherwise sharing `opts`.
 */
export async function startFleet(count: number, opts: Partial<SimClusterOptions> & { namePrefix?: string } = {}): Promise<SimCluster[]> {
  const { namePrefix = 'sim', ...rest } = opts;
  return Promise.all(
    Array.from({ length: count }, (_, i) => startCluster({ ...rest, name: `${namePrefix}-${i + 1}`, seed: (rest.seed ?? 1) + i, port: undefined })),
  );
}
