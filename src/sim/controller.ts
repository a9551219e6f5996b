/**
 * A miniature of the controllers a cluster runs, so the simulated objects stay consistent: a Deployment owns one
 * ReplicaSet, which owns `replicas` Running pods on the nodes; a bare Pod gets scheduled and started at once.
 * Used by the seeded workload, by writes (create, scale, delete) and by churn.
 */
import type { Json } from './columns.js';

/** Randomness and allocation the controller needs, owned by one cluster. */
export interface ControllerContext {
  random(): number;
  /** Worker node names, for scheduling. */
  nodes(): string[];
  /** The next free pod IP. */
  nextPodIp(): string;
  /** The current time in ms. */
  now(): number;
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A name suffix from Kubernetes' safe alphabet (no vowels), like generateName and pod-template-hash produce. */
export function safeSuffix(ctx: Pick<ControllerContext, 'random'>, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE[Math.floor(ctx.random() * SAFE.length)];
  return out;
}

/** A uid-shaped string from the context's randomness (deterministic for a seed). */
export function seededUid(ctx: Pick<ControllerContext, 'random'>): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(ctx.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 3339 with second precision, as metadata timestamps are written. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Node IP for a node name like `node-3` (deterministic). */
export function nodeIp(node: string): string {
  const n = Number(/(\d+)$/.exec(node)?.[1] ?? 1);
  return `172.18.0.${n + 1}`;
}

/** Fills in a scheduled, running pod's spec.nodeName and status (containers ready) unless they are set. */
export function startPod(ctx: ControllerContext, pod: Json, created: number): Json {
  const nodes = ctx.nodes();
  pod.spec ??= {};
  pod.spec.containers ??= [{ name: 'main', image: 'busybox:1.36' }];
  pod.spec.nodeName ??= nodes.length ? nodes[Math.floor(ctx.random() * nodes.length)] : undefined;
  pod.spec.restartPolicy ??= 'Always';
  pod.spec.schedulerName ??= 'default-scheduler';
  pod.spec.serviceAccountName ??= 'default';
  pod.spec.terminationGracePeriodSeconds ??= 30;
  if (pod.status?.phase) return pod;
  const started = rfc3339(Math.min(created + 2000, ctx.now()));
  const ip = ctx.nextPodIp();
  pod.status = {
    phase: 'Running',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: started })),
    hostIP: pod.spec.nodeName ? nodeIp(pod.spec.nodeName) : undefined,
    podIP: ip,
    podIPs: [{ ip }],
    startTime: rfc3339(Math.min(created + 1000, ctx.now())),
    containerStatuses: pod.spec.containers.map((c: Json) => ({
      name: c.name, ready: true, restartCount: 0, image: c.image, imageID: `docker.io/library/${c.image}@sha256:${'0'.repeat(64)}`,
      containerID: `containerd://${safeSuffix(ctx, 12)}`, started: true, state: { running: { startedAt: started } }, lastState: {},
    })),
    qosClass: 'BestEffort',
  };
  return pod;
}

/** Pod-template-hash and ReplicaSet name of a deployment (stable per deployment uid). */
export function replicaSetName(deploy: Json): { name: string; hash: string } {
  let h = 2166136261;
  for (const ch of `${deploy.metadata.uid}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let hash = '';
  for (let i = 0; i < 10; i++, h = Math.imul(h, 48271) >>> 0) hash += SAFE[h % SAFE.length];
  return { name: `${deploy.metadata.name}-${hash}`, hash };
}

/** The ReplicaSet a Deployment owns at `replicas`. */
export function replicaSetFor(deploy: Json, created: number): Json {
  const { name, hash } = replicaSetName(deploy);
  const template = structuredClone(deploy.spec?.template ?? {});
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
  const replicas = deploy.spec?.replicas ?? 1;
  return {
    metadata: {
      name, namespace: deploy.metadata.namespace, labels: { ...template.metadata.labels },
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploy.metadata.name, uid: deploy.metadata.uid, controller: true, blockOwnerDeletion: true }],
      creationTimestamp: rfc3339(created),
    },
    spec: { replicas, selector: { matchLabels: { ...(deploy.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': hash } }, template },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

/** A new pod of a ReplicaSet, scheduled and running. */
export function podFor(ctx: ControllerContext, rs: Json, created: number): Json {
  const template = rs.spec?.template ?? {};
  const pod = {
    metadata: {
      name: `${rs.metadata.name}-${safeSuffix(ctx, 5)}`, namespace: rs.metadata.namespace, labels: { ...(template.metadata?.labels ?? {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
      creationTimestamp: rfc3339(created),
    },
    spec: structuredClone(template.spec ?? {}),
  };
  return startPod(ctx, pod, created);
}

/** A deployment's status once its `replicas` pods run. */
export function deploymentStatus(replicas: number, created: number): Json {
  const t = rfc3339(created + 5000);
  return {
    observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'NewReplicaSetAvailable', message: 'ReplicaSet has successfully progressed.' },
    ],
  };
}
