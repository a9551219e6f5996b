/**
 * Writes to a cluster's objects, shared by the HTTP handlers and the code API (create/update/remove): kind and
 * apiVersion handling, AlreadyExists/Conflict/NotFound as API errors, the miniature controllers (deployments own
 * replicasets own pods; bare pods start), and cascading deletes (owner references, namespaces).
 */
import type { Json } from './columns.js';
import { deploymentStatus, podFor, replicaSetFor, replicaSetName, startPod, type ControllerContext } from './controller.js';
import { apiVersionOf, resourceKey, type ResourceDef } from './registry.js';
import { coreToEventsV1, eventsV1ToCore } from './events.js';
import type { StoredEntry } from './store.js';
import type { ClusterState } from './types.js';

/** An API failure a handler turns into a Status response. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/** ClusterState plus the controller's randomness and allocation. */
export type WriteState = ClusterState & { readonly ctl: ControllerContext };

function details(def: ResourceDef, name: string): Record<string, unknown> {
  const d: Record<string, unknown> = { name, kind: def.resource };
  if (def.group) d.group = def.group;
  return d;
}

/** The 404 error for a missing object. */
export function notFound(def: ResourceDef, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resourceKey(def)} "${name}" not found`, details(def, name));
}

/** Built-in objects are stored without kind/apiVersion (as list items are); custom ones with them. */
function normalize(def: ResourceDef, obj: Json): Json {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  if (resourceKey(def) === 'secrets') rest.type ||= 'Opaque';
  if (resourceKey(def) === 'secrets' && rest.stringData) {
    // the API server folds stringData into data on every write
    const encoded = Object.fromEntries(Object.entries(rest.stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    rest.data = { ...(rest.data ?? {}), ...encoded };
    delete rest.stringData;
  }
  if (def.custom) return { apiVersion: apiVersionOf(def), kind: def.kind, ...rest };
  return rest;
}

const MIRRORS: Record<string, { key: string; convert: (o: Json) => Json }> = {
  events: { key: 'events.events.k8s.io', convert: coreToEventsV1 },
  'events.events.k8s.io': { key: 'events', convert: eventsV1ToCore },
};

function store(state: WriteState, def: ResourceDef, obj: Json): Json {
  if (!def.namespaced) delete obj.metadata.namespace;
  const stored = state.store.put(resourceKey(def), obj).object;
  const mirror = MIRRORS[resourceKey(def)];
  if (mirror) state.store.put(mirror.key, mirror.convert(structuredClone(stored)));
  return stored;
}

/** Stores a core/v1 Event and its events.k8s.io/v1 twin (for seeding). */
export function putEvent(state: WriteState, ev: Json): void {
  store(state, state.findByKey('events')!, ev);
}

/** Options of createObject/updateObject. */
export interface WriteOptions {
  /** Validate and return the result without storing it (`dryRun=All`). */
  dryRun?: boolean;
  /** The caller hands over `input` (freshly parsed, not shared), so it need not be copied. */
  owned?: boolean;
}

/** Creates an object; 409 AlreadyExists if it exists. Runs the controllers. Returns the stored object. */
export function createObject(state: WriteState, def: ResourceDef, input: Json, opts: WriteOptions = {}): Json {
  const obj = normalize(def, opts.owned ? input : structuredClone(input));
  obj.metadata ??= {};
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
  const name = obj.metadata.name;
  if (!name) throw new ApiError(422, 'Invalid', `${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: def.kind });
  if (def.namespaced) obj.metadata.namespace ??= 'default';
  if (state.store.get(resourceKey(def), def.namespaced ? obj.metadata.namespace : '', name)) {
    throw new ApiError(409, 'AlreadyExists', `${resourceKey(def)} "${name}" already exists`, details(def, name));
  }
  delete obj.metadata.resourceVersion;
  obj.metadata.generation ??= 1;
  if (def.resource === 'pods' && !def.group) startPod(state.ctl, obj, state.ctl.now());
  if (def.resource === 'namespaces' && !def.group) {
    obj.status ??= { phase: 'Active' };
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  }
  if (opts.dryRun) return obj;
  const stored = store(state, def, obj);
  afterWrite(state, def, stored);
  return stored;
}

/**
 * Replaces an object. A resourceVersion in `input` must match the stored one (409 Conflict otherwise); uid and
 * creationTimestamp are kept. 404 if missing.
 */
export function updateObject(state: WriteState, def: ResourceDef, input: Json, opts: WriteOptions = {}): Json {
  const obj = normalize(def, opts.owned ? input : structuredClone(input));
  const ns = def.namespaced ? (obj.metadata?.namespace ?? 'default') : '';
  const name = obj.metadata?.name;
  const current = state.store.get(resourceKey(def), ns, name);
  if (!current) throw notFound(def, name);
  const old = JSON.parse(current.json);
  const rv = obj.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resourceKey(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, details(def, name));
  }
  obj.metadata.uid = old.metadata.uid;
  obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  if (def.namespaced) obj.metadata.namespace = ns;
  if (JSON.stringify(obj.spec) !== JSON.stringify(old.spec)) obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
  if (opts.dryRun) return obj;
  const stored = store(state, def, obj);
  afterWrite(state, def, stored);
  return stored;
}

/** Reads one object, parsed, or throws 404. */
export function readObject(state: ClusterState, def: ResourceDef, ns: string | undefined, name: string): Json {
  const entry = state.store.get(resourceKey(def), def.namespaced ? (ns ?? 'default') : '', name);
  if (!entry) throw notFound(def, name);
  return JSON.parse(entry.json);
}

function ownedBy(state: ClusterState, res: string, ns: string, uid: string): StoredEntry[] {
  return state.store.entries(res, ns).filter((e) => {
    const refs = JSON.parse(e.json).metadata?.ownerReferences as Json[] | undefined;
    return refs?.some((r) => r.uid === uid) ?? false;
  });
}

/** Deletes an object and what it owns (background cascade). Returns the final entry or throws 404. */
export function deleteObject(state: WriteState, def: ResourceDef, ns: string | undefined, name: string): StoredEntry {
  const key = resourceKey(def);
  const namespace = def.namespaced ? (ns ?? 'default') : '';
  const entry = state.store.delete(key, namespace, name);
  if (!entry) throw notFound(def, name);
  const mirror = MIRRORS[key];
  if (mirror) state.store.delete(mirror.key, namespace, name);
  if (!entry.json.includes('"ownerReferences"') && key !== 'deployments.apps' && key !== 'namespaces') return entry;
  const obj = JSON.parse(entry.json);
  if (key === 'deployments.apps' || key === 'replicasets.apps') {
    const child = key === 'deployments.apps' ? 'replicasets.apps' : 'pods';
    const childDef = state.findByKey(child)!;
    for (const e of ownedBy(state, child, namespace, obj.metadata.uid)) deleteObject(state, childDef, e.ns, e.name);
  }
  const owner = (obj.metadata?.ownerReferences as Json[] | undefined)?.find((r) => r.kind === 'ReplicaSet');
  if (key === 'pods' && owner) replacePod(state, namespace, owner.name);
  if (key === 'namespaces') {
    for (const d of state.resources()) {
      if (!d.namespaced) continue;
      for (const e of state.store.entries(resourceKey(d), name)) state.store.delete(resourceKey(d), e.ns, e.name);
    }
  }
  return entry;
}

/** A ReplicaSet whose pod was deleted makes a new one, as the real controller would (via its deployment). */
function replacePod(state: WriteState, ns: string, rsName: string): void {
  const rs = state.store.get('replicasets.apps', ns, rsName);
  const deployRef = rs && (JSON.parse(rs.json).metadata?.ownerReferences as Json[] | undefined)?.find((r) => r.kind === 'Deployment');
  const deploy = deployRef && state.store.get('deployments.apps', ns, deployRef.name);
  if (deploy) reconcileDeployment(state, JSON.parse(deploy.json));
}

/** Brings a deployment's replicaset and pods to its spec.replicas and refreshes its status. */
export function reconcileDeployment(
  state: WriteState,
  deploy: Json,
  podCreated: () => number = () => state.ctl.now(),
  decorate?: (pod: Json) => void,
): void {
  const ns = deploy.metadata.namespace;
  const replicas = deploy.spec?.replicas ?? 1;
  const rsName = replicaSetName(deploy).name;
  const existing = state.store.get('replicasets.apps', ns, rsName);
  let rs: Json;
  let pods: StoredEntry[] = [];
  if (!existing) {
    rs = state.store.put('replicasets.apps', replicaSetFor(deploy, Date.parse(deploy.metadata.creationTimestamp))).object;
  } else {
    rs = JSON.parse(existing.json);
    pods = ownedBy(state, 'pods', ns, rs.metadata.uid);
    if (rs.spec.replicas !== replicas) {
      rs.spec.replicas = replicas;
      rs.status = { ...rs.status, replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas };
      rs = state.store.put('replicasets.apps', rs).object;
    }
  }
  for (let i = pods.length; i < replicas; i++) {
    const pod = podFor(state.ctl, rs, podCreated());
    decorate?.(pod);
    state.store.put('pods', pod);
  }
  for (const extra of pods.slice(replicas)) state.store.delete('pods', extra.ns, extra.name);
  const status = deploymentStatus(replicas, Date.parse(deploy.metadata.creationTimestamp));
  if (JSON.stringify(status) !== JSON.stringify(deploy.status)) {
    state.store.put('deployments.apps', { ...deploy, status });
  }
}

function afterWrite(state: WriteState, def: ResourceDef, obj: Json): void {
  if (resourceKey(def) === 'deployments.apps') reconcileDeployment(state, obj);
}
