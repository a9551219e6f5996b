/**
 * Table columns and cells per built-in type, as the real API server's printers (pkg/printers/internalversion)
 * produce them. kubectl prints server-side cells verbatim, so these functions decide what `kubectl get` shows.
 */
import type { TableColumnDefinition } from '../kube/types.js';
import { ageSince, humanDuration } from './age.js';

/** A stored object as parsed JSON; the simulator walks it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Computes a row's cells for one object at time `now` (ms since epoch). */
export type CellFn = (obj: Json, now: number) => unknown[];

/** Columns plus the cell function for one resource type. */
export interface TablePrinter {
  readonly columns: readonly TableColumnDefinition[];
  readonly cells: CellFn;
}

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function col(name: string, type: string, priority = 0, description = '', format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'string', 0, NAME_DOC, 'name');
const AGE = col('Age', 'string', 0, AGE_DOC);

const none = (v: unknown): unknown => (v === undefined || v === null || v === '' ? '<none>' : v);
const age = (o: Json, now: number): string => ageSince(o.metadata?.creationTimestamp, now);

/** `a=b,c=d` from a map, sorted by key, as metav1.FormatLabelSelector and labels.FormatLabels render it. */
export function formatLabels(map: Record<string, string> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${map![k]}`).join(',');
}

function selectorText(sel: Json): string {
  if (!sel) return '<none>';
  const parts = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}=${sel.matchLabels[k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

function containerNames(podSpec: Json): string {
  return (podSpec?.containers ?? []).map((c: Json) => c.name).join(',');
}
function containerImages(podSpec: Json): string {
  return (podSpec?.containers ?? []).map((c: Json) => c.image).join(',');
}

function podCells(pod: Json, now: number): unknown[] {
  const total = (pod.spec?.containers ?? []).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let reason: string = pod.status?.reason || pod.status?.phase || '';
  let hasRunning = false;
  const statuses: Json[] = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    restarts += cs.restartCount ?? 0;
    const finished = Date.parse(cs.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) reason = `ExitCode:${cs.state.terminated.exitCode}`;
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartText = lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const gates: Json[] = pod.spec?.readinessGates ?? [];
  let gatesText = '<none>';
  if (gates.length > 0) {
    const trueTypes = new Set((pod.status?.conditions ?? []).filter((c: Json) => c.status === 'True').map((c: Json) => c.type));
    gatesText = `${gates.filter((g) => trueTypes.has(g.conditionType)).length}/${gates.length}`;
  }
  return [
    pod.metadata?.name, `${ready}/${total}`, reason, restartText, age(pod, now),
    none(pod.status?.podIP), none(pod.spec?.nodeName), none(pod.status?.nominatedNodeName), gatesText,
  ];
}

function servicePorts(svc: Json): string {
  const ports: Json[] = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function externalIp(svc: Json): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const ext: string[] = svc.spec?.externalIPs ?? [];
  if (type === 'LoadBalancer') {
    const ingress: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    const ips = [...ingress.map((i) => i.ip ?? i.hostname), ...ext];
    return ips.length > 0 ? ips.join(',') : '<pending>';
  }
  if (type === 'ExternalName') return svc.spec?.externalName ?? '<none>';
  return ext.length > 0 ? ext.join(',') : '<none>';
}

function nodeCells(node: Json, now: number): unknown[] {
  const ready = (node.status?.conditions ?? []).find((c: Json) => c.type === 'Ready');
  let status = ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown';
  if (node.spec?.unschedulable) status += ',SchedulingDisabled';
  const roles = Object.keys(node.metadata?.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .sort();
  const addr = (type: string): unknown => none((node.status?.addresses ?? []).find((a: Json) => a.type === type)?.address);
  const info = node.status?.nodeInfo ?? {};
  return [
    node.metadata?.name, status, roles.length ? roles.join(',') : '<none>', age(node, now), info.kubeletVersion ?? '',
    addr('InternalIP'), addr('ExternalIP'), none(info.osImage), none(info.kernelVersion), none(info.containerRuntimeVersion),
  ];
}

function jobCells(job: Json, now: number): unknown[] {
  const conds: Json[] = job.status?.conditions ?? [];
  const has = (t: string): boolean => conds.some((c) => c.type === t && c.status === 'True');
  const status = has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : job.spec?.suspend ? 'Suspended' : 'Running';
  const start = Date.parse(job.status?.startTime ?? '');
  const end = Date.parse(job.status?.completionTime ?? '');
  const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? now : end) - start);
  const completions = job.spec?.completions ?? 1;
  const tpl = job.spec?.template?.spec;
  return [job.metadata?.name, status, `${job.status?.succeeded ?? 0}/${completions}`, duration, age(job, now),
    containerNames(tpl), containerImages(tpl), selectorText(job.spec?.selector)];
}

function eventCells(ev: Json, now: number): unknown[] {
  const last = ev.lastTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const first = ev.firstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const obj = ev.involvedObject ?? {};
  const source = [ev.source?.component ?? ev.reportingComponent, ev.source?.host].filter(Boolean).join(', ');
  return [ageSince(last, now), ev.type ?? '', ev.reason ?? '', `${String(obj.kind ?? '').toLowerCase()}/${obj.name ?? ''}`,
    obj.fieldPath ?? '', source, ev.message ?? '', ageSince(first, now), String(ev.count ?? 1), ev.metadata?.name];
}

const workloadWide = [col('Containers', 'string', 1, 'Names of each container in the template.'),
  col('Images', 'string', 1, 'Images referenced by each container in the template.')];
const SELECTOR = col('Selector', 'string', 1, 'Label selector for the objects.');

/** The Job printer of servers before 1.30, which had no Status column (kubernetes PR 123226 added it). */
export const JOB_PRINTER_BEFORE_1_30: TablePrinter = {
  columns: [NAME, col('Completions', 'string', 0, 'The number of pods successfully completed out of the desired completions.'),
    col('Duration', 'string', 0, 'Time required to complete the job.'), AGE, ...workloadWide, SELECTOR],
  cells: (job, now) => {
    const [name, , ...rest] = jobCells(job, now);
    return [name, ...rest];
  },
};

/** The real server's default Table for types without a printer: Name and Created At (an RFC 3339 date cell). */
export const DEFAULT_PRINTER: TablePrinter = {
  columns: [NAME, col('Created At', 'date', 0, AGE_DOC)],
  cells: (o) => [o.metadata?.name, o.metadata?.creationTimestamp ?? null],
};

/** Printers of the built-in types, keyed by `resource[.group]`. */
export const BUILTIN_PRINTERS: Readonly<Record<string, TablePrinter>> = {
  pods: {
    columns: [NAME, col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE, col('IP', 'string', 1, 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
      col('Node', 'string', 1, 'NodeName is a request to schedule this pod onto a specific node.'),
      col('Nominated Node', 'string', 1, 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
      col('Readiness Gates', 'string', 1, 'If specified, all readiness gates will be evaluated for pod readiness.')],
    cells: podCells,
  },
  services: {
    columns: [NAME, col('Type', 'string', 0, 'type determines how the Service is exposed.'),
      col('Cluster-IP', 'string', 0, 'clusterIP is the IP address of the service.'),
      col('External-IP', 'string', 0, 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      col('Port(s)', 'string', 0, 'The list of ports that are exposed by this service.'), AGE,
      col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.')],
    cells: (s, now) => [s.metadata?.name, s.spec?.type ?? 'ClusterIP', none(s.spec?.clusterIP), externalIp(s), servicePorts(s),
      age(s, now), formatLabels(s.spec?.selector)],
  },
  'deployments.apps': {
    columns: [NAME, col('Ready', 'string', 0, 'Number of the pod with ready state'),
      col('Up-to-date', 'integer', 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'integer', 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      AGE, ...workloadWide, SELECTOR],
    cells: (d, now) => [d.metadata?.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0, age(d, now), containerNames(d.spec?.template?.spec), containerImages(d.spec?.template?.spec),
      selectorText(d.spec?.selector)],
  },
  'replicasets.apps': {
    columns: [NAME, col('Desired', 'integer', 0, 'Replicas is the number of desired replicas.'),
      col('Current', 'integer', 0, 'Replicas is the most recently observed number of replicas.'),
      col('Ready', 'integer', 0, 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
      AGE, ...workloadWide, SELECTOR],
    cells: (r, now) => [r.metadata?.name, r.spec?.replicas ?? 1, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(r, now),
      containerNames(r.spec?.template?.spec), containerImages(r.spec?.template?.spec), selectorText(r.spec?.selector)],
  },
  'statefulsets.apps': {
    columns: [NAME, col('Ready', 'string', 0, 'Number of the pod with ready state'), AGE, ...workloadWide],
    cells: (s, now) => [s.metadata?.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, age(s, now),
      containerNames(s.spec?.template?.spec), containerImages(s.spec?.template?.spec)],
  },
  'daemonsets.apps': {
    columns: [NAME, col('Desired', 'integer', 0, 'The total number of nodes that should be running the daemon pod.'),
      col('Current', 'integer', 0, 'The number of nodes that are running at least 1 daemon pod.'),
      col('Ready', 'integer', 0, 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
      col('Up-to-date', 'integer', 0, 'The total number of nodes that are running updated daemon pod'),
      col('Available', 'integer', 0, 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
      col('Node Selector', 'string', 0, 'NodeSelector is a selector which must be true for the pod to fit on a node.'), AGE, ...workloadWide, SELECTOR],
    cells: (d, now) => [d.metadata?.name, d.status?.desiredNumberScheduled ?? 0, d.status?.currentNumberScheduled ?? 0,
      d.status?.numberReady ?? 0, d.status?.updatedNumberScheduled ?? 0, d.status?.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector), age(d, now), containerNames(d.spec?.template?.spec),
      containerImages(d.spec?.template?.spec), selectorText(d.spec?.selector)],
  },
  'jobs.batch': {
    columns: [NAME, col('Status', 'string', 0, 'Status of the job.'),
      col('Completions', 'string', 0, 'The number of pods successfully completed out of the desired completions.'),
      col('Duration', 'string', 0, 'Time required to complete the job.'), AGE, ...workloadWide, SELECTOR],
    cells: jobCells,
  },
  nodes: {
    columns: [NAME, col('Status', 'string', 0, 'The status of the node'), col('Roles', 'string', 0, 'The roles of the node'), AGE,
      col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 1, 'List of addresses reachable to the node.'),
      col('External-IP', 'string', 1, 'List of addresses reachable to the node.'),
      col('OS-Image', 'string', 1, 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
      col('Kernel-Version', 'string', 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      col('Container-Runtime', 'string', 1, 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')],
    cells: nodeCells,
  },
  namespaces: {
    columns: [NAME, col('Status', 'string', 0, 'The status of the namespace'), AGE],
    cells: (n, now) => [n.metadata?.name, n.status?.phase ?? 'Active', age(n, now)],
  },
  configmaps: {
    columns: [NAME, col('Data', 'integer', 0, 'Data contains the configuration data.'), AGE],
    cells: (c, now) => [c.metadata?.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c, now)],
  },
  secrets: {
    columns: [NAME, col('Type', 'string', 0, 'Used to facilitate programmatic handling of secret data.'),
      col('Data', 'integer', 0, 'Data contains the secret data.'), AGE],
    cells: (s, now) => [s.metadata?.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(s, now)],
  },
  events: {
    columns: [col('Last Seen', 'string', 0, 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'string', 0, 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', 'string', 0, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
      col('Object', 'string', 0, 'The object that this event is about.'),
      col('Subobject', 'string', 1, 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.'),
      col('Source', 'string', 1, 'The component reporting this event.'),
      col('Message', 'string', 0, 'A human-readable description of the status of this operation.'),
      col('First Seen', 'string', 1, 'The time at which the event was first recorded.'),
      col('Count', 'string', 1, 'The number of times this event has occurred.'), col('Name', 'string', 1, NAME_DOC, 'name')],
    cells: eventCells,
  },
};
