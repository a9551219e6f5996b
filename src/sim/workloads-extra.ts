/**
 * The rest of the seeded workload: a kube-proxy DaemonSet (one pod per node), a StatefulSet with its headless
 * service, a completed Job, and Events about the first pods and deployments (mirrored to events.k8s.io/v1).
 */
import type { Json } from './columns.js';
import { rfc3339, safeSuffix, startPod, type ControllerContext } from './controller.js';
import { putEvent, type WriteState } from './objects.js';

/** Helpers the seeding shares with these functions. */
export interface SeedKit {
  readonly state: WriteState;
  readonly rnd: () => number;
  put(res: string, obj: Json): Json;
  uid(): string;
  readonly start: number;
}

function ctlWith(kit: SeedKit): ControllerContext {
  return { ...kit.state.ctl, random: kit.rnd };
}

function ownedPod(kit: SeedKit, owner: Json, ownerKind: string, name: string, node: string | undefined, created: number): Json {
  const tpl = owner.spec.template;
  const pod = {
    metadata: { name, namespace: owner.metadata.namespace, uid: kit.uid(), labels: { ...tpl.metadata.labels }, creationTimestamp: rfc3339(created),
      ownerReferences: [{ apiVersion: ownerKind === 'Job' ? 'batch/v1' : 'apps/v1', kind: ownerKind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }] },
    spec: { ...structuredClone(tpl.spec), ...(node ? { nodeName: node } : {}) },
  };
  return kit.put('pods', startPod(ctlWith(kit), pod, created));
}

/** kube-proxy in kube-system with one pod per node; returns the pods used. */
export function seedDaemonSet(kit: SeedKit, nodes: string[], created: number): number {
  const n = nodes.length;
  const labels = { 'k8s-app': 'kube-proxy' };
  const ds = kit.put('daemonsets.apps', {
    metadata: { name: 'kube-proxy', namespace: 'kube-system', uid: kit.uid(), labels, generation: 1, creationTimestamp: rfc3339(created) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4' }], hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
    status: { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberMisscheduled: 0, numberReady: n, updatedNumberScheduled: n, observedGeneration: 1 },
  });
  for (const node of nodes) ownedPod(kit, ds, 'DaemonSet', `kube-proxy-${safeSuffix({ random: kit.rnd }, 5)}`, node, created + 30_000);
  return n;
}

/** A `postgres` StatefulSet of `replicas` pods and its headless service in `ns`. */
export function seedStatefulSet(kit: SeedKit, ns: string, replicas: number, created: number): number {
  const labels = { app: 'postgres' };
  const sts = kit.put('statefulsets.apps', {
    metadata: { name: 'postgres', namespace: ns, uid: kit.uid(), labels, generation: 1, creationTimestamp: rfc3339(created) },
    spec: { replicas, serviceName: 'postgres', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'postgres', image: 'postgres:16.4', ports: [{ containerPort: 5432, protocol: 'TCP' }] }] } } },
    status: { replicas, readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  });
  for (let i = 0; i < replicas; i++) ownedPod(kit, sts, 'StatefulSet', `postgres-${i}`, undefined, created + 20_000 * (i + 1));
  kit.put('services', { metadata: { name: 'postgres', namespace: ns, uid: kit.uid(), labels, creationTimestamp: rfc3339(created) },
    spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'pg', port: 5432, protocol: 'TCP', targetPort: 5432 }], selector: labels }, status: { loadBalancer: {} } });
  return replicas;
}

/** A completed `db-migrate` Job in `ns` (its pod already cleaned up). */
export function seedJob(kit: SeedKit, ns: string, created: number): void {
  const uid = kit.uid();
  const labels = { 'batch.kubernetes.io/job-name': 'db-migrate', 'batch.kubernetes.io/controller-uid': uid };
  kit.put('jobs.batch', {
    metadata: { name: 'db-migrate', namespace: ns, uid, labels, generation: 1, creationTimestamp: rfc3339(created) },
    spec: { completions: 1, parallelism: 1, backoffLimit: 6, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'ghcr.io/example/migrate:1.4.0' }] } } },
    status: { startTime: rfc3339(created + 1000), completionTime: rfc3339(created + 43_000), succeeded: 1, ready: 0,
      conditions: [{ type: 'Complete', status: 'True', lastProbeTime: rfc3339(created + 43_000), lastTransitionTime: rfc3339(created + 43_000) }] },
  });
}

/** Scheduled/Pulled/Created/Started events for up to `max` pods of `pods`. */
export function seedEvents(kit: SeedKit, pods: Json[], max: number): void {
  for (const pod of pods.slice(0, max)) {
    const t = Date.parse(pod.metadata.creationTimestamp);
    const c = pod.spec.containers[0];
    const node = pod.spec.nodeName;
    const steps: [string, string, string, number][] = [
      ['Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, 'default-scheduler', 0],
      ['Pulled', `Container image "${c.image}" already present on machine`, 'kubelet', 1000],
      ['Created', `Created container ${c.name}`, 'kubelet', 1500],
      ['Started', `Started container ${c.name}`, 'kubelet', 2000],
    ];
    for (const [reason, message, component, offset] of steps) {
      const at = rfc3339(t + offset);
      putEvent(kit.state, {
        metadata: { name: `${pod.metadata.name}.${Array.from({ length: 16 }, () => Math.floor(kit.rnd() * 16).toString(16)).join('')}`, namespace: pod.metadata.namespace, uid: kit.uid(), creationTimestamp: at },
        involvedObject: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', ...(reason === 'Scheduled' ? {} : { fieldPath: `spec.containers{${c.name}}` }) },
        reason, message, source: component === 'kubelet' ? { component, host: node } : { component }, firstTimestamp: at, lastTimestamp: at, count: 1, type: 'Normal',
        eventTime: null, reportingComponent: component, reportingInstance: component === 'kubelet' ? node : '',
      });
    }
  }
}

