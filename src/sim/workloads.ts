/**
 * The seeded sample workload of a simulated cluster: namespaces, nodes, deployments with their replicasets and
 * pods (labels, nodeName), services, configmaps, secrets, service accounts and the example CRD with CronTabs.
 * Names, labels, placement and ages are deterministic for a seed; timestamps are relative to the start time.
 */
import type { Json } from './columns.js';
import { deploymentStatus, nodeIp, rfc3339, seededUid } from './controller.js';
import { reconcileDeployment, type WriteState } from './objects.js';
import { seedDaemonSet, seedEvents, seedJob, seedStatefulSet, type SeedKit } from './workloads-extra.js';

/** A small fast deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APP_NAMESPACES = ['shop', 'payments', 'search', 'media', 'analytics', 'identity'];
const APPS = ['web', 'api', 'worker', 'cache', 'frontend', 'backend', 'queue', 'auth', 'gateway', 'billing', 'metrics', 'mailer'];
const IMAGES: Record<string, string> = {
  web: 'nginx:1.27', api: 'ghcr.io/example/api:2.4.1', worker: 'ghcr.io/example/worker:2.4.1', cache: 'redis:7.2',
  frontend: 'ghcr.io/example/frontend:1.9.0', backend: 'ghcr.io/example/backend:3.1.2', queue: 'rabbitmq:3.13',
  auth: 'ghcr.io/example/auth:0.8.3', gateway: 'envoyproxy/envoy:v1.31.0', billing: 'ghcr.io/example/billing:1.2.0',
  metrics: 'prom/prometheus:v2.53.0', mailer: 'ghcr.io/example/mailer:0.3.7', coredns: 'registry.k8s.io/coredns/coredns:v1.11.1',
};
const DAY = 86_400_000;

/** The seeded CronTab CRD (`crontabs.stable.example.com`), with the given printer columns. */
export function cronTabCrd(columns: { name: string; type: string; jsonPath: string; priority?: number }[], created: number): Json {
  return {
    metadata: { name: 'crontabs.stable.example.com', creationTimestamp: rfc3339(created) },
    spec: {
      group: 'stable.example.com', scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'] },
      versions: [{ name: 'v1', served: true, storage: true, additionalPrinterColumns: columns,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
    status: { acceptedNames: { plural: 'crontabs', kind: 'CronTab' }, storedVersions: ['v1'] },
  };
}

/** Default printer columns of the seeded CRD. */
export const DEFAULT_CRD_COLUMNS = [
  { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
  { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

/** Seeds `state` with the sample workload for `opts` (see the module comment). Pods total exactly `opts.pods`. */
export function seedWorkloads(state: WriteState, opts: { seed: number; pods: number; version: string; crd: boolean; crdPrinterColumns: typeof DEFAULT_CRD_COLUMNS }, start: number): void {
  const rnd = seededRandom(opts.seed * 7919 + 17);
  const put = (res: string, obj: Json): Json => state.store.put(res, obj).object;
  const uid = (): string => seededUid({ random: rnd });
  const ago = (minMs: number, maxMs: number): number => start - minMs - Math.floor(rnd() * (maxMs - minMs));
  const clusterBirth = start - 30 * DAY - Math.floor(rnd() * 60 * DAY);
  const picked = [...APP_NAMESPACES].sort(() => rnd() - 0.5).slice(0, 2);
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease', ...picked];
  for (const ns of namespaces) {
    const created = ns.startsWith('kube') || ns === 'default' ? clusterBirth : ago(DAY, 20 * DAY);
    put('namespaces', { metadata: { name: ns, uid: uid(), labels: { 'kubernetes.io/metadata.name': ns }, creationTimestamp: rfc3339(created) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    put('serviceaccounts', { metadata: { name: 'default', namespace: ns, uid: uid(), creationTimestamp: rfc3339(created) } });
    put('configmaps', { metadata: { name: 'kube-root-ca.crt', namespace: ns, uid: uid(), creationTimestamp: rfc3339(created) }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' } });
  }
  const nodeCount = 1 + Math.min(49, Math.max(2, Math.ceil(opts.pods / 110)));
  for (let i = 1; i <= nodeCount; i++) {
    const name = `node-${i}`;
    const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };
    if (i === 1) labels['node-role.kubernetes.io/control-plane'] = '';
    put('nodes', {
      metadata: { name, uid: uid(), labels, creationTimestamp: rfc3339(clusterBirth + i * 60_000) },
      spec: i === 1 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: rfc3339(start), lastTransitionTime: rfc3339(clusterBirth) }],
        addresses: [{ type: 'InternalIP', address: nodeIp(name) }, { type: 'Hostname', address: name }],
        capacity: { cpu: '8', memory: '32863236Ki', pods: '110' }, allocatable: { cpu: '8', memory: '32760836Ki', pods: '110' },
        nodeInfo: { kubeletVersion: `v${opts.version}`, kubeProxyVersion: `v${opts.version}`, osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-26-amd64', containerRuntimeVersion: 'containerd://1.7.18', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
  }
  put('services', { metadata: { name: 'kubernetes', namespace: 'default', uid: uid(), labels: { component: 'apiserver', provider: 'kubernetes' }, creationTimestamp: rfc3339(clusterBirth) },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }, status: { loadBalancer: {} } });

  let budget = opts.pods;
  let svcIp = 10;
  const deploy = (ns: string, app: string, name: string, replicas: number, created: number): void => {
    const labels = { app };
    const image = IMAGES[app] ?? 'nginx:1.27';
    const obj = put('deployments.apps', {
      metadata: { name, namespace: ns, uid: uid(), labels, annotations: { 'deployment.kubernetes.io/revision': '1' }, generation: 1, creationTimestamp: rfc3339(created) },
      spec: { replicas, selector: { matchLabels: { app } }, strategy: { type: 'RollingUpdate' },
        template: { metadata: { labels: { app } }, spec: { containers: [{ name: app === 'coredns' ? 'coredns' : app, image, ports: [{ containerPort: app === 'coredns' ? 53 : 8080, protocol: 'TCP' }] }] } } },
      status: deploymentStatus(replicas, created),
    });
    reconcileDeployment(state, obj, () => created + 10_000 + Math.floor(rnd() * Math.max(60_000, start - created - 120_000)), (pod) => {
      if (rnd() >= 0.15) return;
      const cs = pod.status.containerStatuses[0];
      cs.restartCount = 1 + Math.floor(rnd() * 4);
      const finished = Math.min(start - 60_000, Date.parse(pod.metadata.creationTimestamp) + Math.floor(rnd() * (start - Date.parse(pod.metadata.creationTimestamp))));
      cs.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: pod.status.startTime, finishedAt: rfc3339(finished) } };
      cs.state = { running: { startedAt: rfc3339(finished + 1000) } };
    });
    const ip = `10.96.${(svcIp >> 8) & 255}.${svcIp++ & 255}`;
    const ports = app === 'coredns'
      ? [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }]
      : [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }];
    put('services', { metadata: { name: app === 'coredns' ? 'kube-dns' : name, namespace: ns, uid: uid(), labels, creationTimestamp: rfc3339(created) },
      spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports, selector: { app } }, status: { loadBalancer: {} } });
    if (app !== 'coredns') {
      put('configmaps', { metadata: { name: `${name}-config`, namespace: ns, uid: uid(), labels, creationTimestamp: rfc3339(created) }, data: { LOG_LEVEL: 'info', PORT: '8080' } });
    }
  };
  const kit: SeedKit = { state, rnd, put, uid, start };
  if (budget >= 2) {
    deploy('kube-system', 'coredns', 'coredns', 2, clusterBirth + 120_000);
    budget -= 2;
  }
  const allNodes = Array.from({ length: nodeCount }, (_, i) => `node-${i + 1}`);
  if (budget >= nodeCount + 4) budget -= seedDaemonSet(kit, allNodes, clusterBirth + 180_000);
  if (budget >= 6) budget -= seedStatefulSet(kit, picked[0]!, Math.min(3, 1 + Math.floor(rnd() * 3)), ago(5 * DAY, 20 * DAY));
  seedJob(kit, picked[0]!, ago(3_600_000, 3 * DAY));
  const appNamespaces = ['default', ...picked];
  const maxReplicas = opts.pods <= 100 ? 4 : 40;
  for (let i = 0; budget > 0; i++) {
    const ns = appNamespaces[i % appNamespaces.length]!;
    const app = APPS[i % APPS.length]!;
    const round = Math.floor(i / APPS.length);
    const replicas = Math.min(budget, 1 + Math.floor(rnd() * maxReplicas));
    deploy(ns, app, round === 0 ? app : `${app}-${round + 1}`, replicas, ago(2 * 3_600_000, 20 * DAY));
    budget -= replicas;
  }
  const appPods = appNamespaces.flatMap((ns) => state.store.entries('pods', ns)).slice(0, 5).map((e) => JSON.parse(e.json));
  seedEvents(kit, appPods, 5);
  for (const ns of picked) {
    put('secrets', { metadata: { name: `${ns}-tls`, namespace: ns, uid: uid(), creationTimestamp: rfc3339(ago(DAY, 10 * DAY)) }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'LS0tLS1CRUdJTg==', 'tls.key': 'LS0tLS1CRUdJTg==' } });
  }
  if (opts.crd) {
    put('customresourcedefinitions.apiextensions.k8s.io', cronTabCrd(opts.crdPrinterColumns, clusterBirth + DAY));
    for (const [name, spec, replicas] of [['nightly-backup', '0 2 * * *', 1], ['report', '*/15 * * * *', 3]] as const) {
      put('crontabs.stable.example.com', { apiVersion: 'stable.example.com/v1', kind: 'CronTab',
        metadata: { name, namespace: 'default', uid: uid(), creationTimestamp: rfc3339(ago(3_600_000, 5 * DAY)) }, spec: { cronSpec: spec, image: 'busybox:1.36', replicas } });
    }
  }
}
