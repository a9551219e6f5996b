/**
 * The resource types a simulated cluster serves: group/version/kind, scope, short names, categories, subresources,
 * Table printer and supported field selectors. Built-in types are constant; custom resources are derived from the
 * cluster's CustomResourceDefinition objects, so each cluster can differ.
 */
import type { TableColumnDefinition } from '../kube/types.js';
import { ageSince } from './age.js';
import { BUILTIN_PRINTERS, DEFAULT_PRINTER, JOB_PRINTER_BEFORE_1_30, type Json, type TablePrinter } from './columns.js';
import { EVENTS_V1_PRINTER } from './events.js';

/** One servable resource type. */
export interface ResourceDef {
  readonly group: string;
  readonly version: string;
  /** Plural name, e.g. `pods`. */
  readonly resource: string;
  readonly kind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Subresources such as `status`, `scale`, `log`. */
  readonly subresources: readonly string[];
  readonly printer: TablePrinter;
  /** Field-selector fields beyond metadata.name/metadata.namespace, with how to read them. */
  readonly fields: Readonly<Record<string, (obj: Json) => string>>;
  /** True for types defined by a CRD (their list items carry kind/apiVersion, as on a real server). */
  readonly custom?: boolean;
}

/** `resource[.group]`, the key the store and the contract's `remove`/`list` use. */
export function resourceKey(def: Pick<ResourceDef, 'resource' | 'group'>): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

/** `v1` or `group/version`. */
export function apiVersionOf(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function def(d: Partial<ResourceDef> & Pick<ResourceDef, 'resource' | 'kind' | 'singular'>): ResourceDef {
  const full = { group: '', version: 'v1', namespaced: true, shortNames: [], categories: [], verbs: RW, subresources: [], fields: {}, ...d };
  return { ...full, printer: d.printer ?? BUILTIN_PRINTERS[resourceKey(full)] ?? DEFAULT_PRINTER };
}

const podFields: Record<string, (o: Json) => string> = {
  'spec.nodeName': (o) => str(o.spec?.nodeName),
  'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
  'spec.schedulerName': (o) => str(o.spec?.schedulerName),
  'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
  'spec.hostNetwork': (o) => String(Boolean(o.spec?.hostNetwork)),
  'status.phase': (o) => str(o.status?.phase),
  'status.podIP': (o) => str(o.status?.podIP),
  'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
};

const eventFields: Record<string, (o: Json) => string> = {
  'involvedObject.kind': (o) => str(o.involvedObject?.kind),
  'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
  'involvedObject.name': (o) => str(o.involvedObject?.name),
  'involvedObject.uid': (o) => str(o.involvedObject?.uid),
  'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
  'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
  'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent),
  source: (o) => str(o.source?.component),
  type: (o) => str(o.type),
};

/** The built-in types every simulated cluster serves. */
export const BUILTIN_RESOURCES: readonly ResourceDef[] = [
  def({ resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false, shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'finalize'],
    fields: { 'status.phase': (o) => str(o.status?.phase ?? 'Active') } }),
  def({ resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'], subresources: ['status', 'proxy'],
    fields: { 'spec.unschedulable': (o) => String(Boolean(o.spec?.unschedulable)) } }),
  def({ resource: 'pods', kind: 'Pod', singular: 'pod', shortNames: ['po'], categories: ['all'],
    subresources: ['status', 'log', 'exec', 'portforward', 'ephemeralcontainers'], fields: podFields }),
  def({ resource: 'services', kind: 'Service', singular: 'service', shortNames: ['svc'], categories: ['all'], subresources: ['status'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  def({ resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', shortNames: ['cm'] }),
  def({ resource: 'secrets', kind: 'Secret', singular: 'secret', fields: { type: (o) => str(o.type) } }),
  def({ resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount', shortNames: ['sa'] }),
  def({ resource: 'events', kind: 'Event', singular: 'event', shortNames: ['ev'], fields: eventFields }),
  def({ group: 'apps', resource: 'deployments', kind: 'Deployment', singular: 'deployment', shortNames: ['deploy'], categories: ['all'],
    subresources: ['status', 'scale'] }),
  def({ group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', shortNames: ['rs'], categories: ['all'],
    subresources: ['status', 'scale'], fields: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) } }),
  def({ group: 'apps', resource: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset', shortNames: ['sts'], categories: ['all'],
    subresources: ['status', 'scale'] }),
  def({ group: 'apps', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', shortNames: ['ds'], categories: ['all'],
    subresources: ['status'] }),
  def({ group: 'batch', resource: 'jobs', kind: 'Job', singular: 'job', categories: ['all'], subresources: ['status'],
    fields: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) } }),
  def({ group: 'events.k8s.io', resource: 'events', kind: 'Event', singular: 'event', shortNames: ['ev'], printer: EVENTS_V1_PRINTER,
    fields: { 'regarding.kind': (o) => str(o.regarding?.kind), 'regarding.name': (o) => str(o.regarding?.name),
      'regarding.namespace': (o) => str(o.regarding?.namespace), 'regarding.uid': (o) => str(o.regarding?.uid),
      reason: (o) => str(o.reason), type: (o) => str(o.type), reportingController: (o) => str(o.reportingController) } }),
  def({ group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition',
    singular: 'customresourcedefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'],
    subresources: ['status'] }),
  def({ group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview',
    singular: 'selfsubjectaccessreview', namespaced: false, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview',
    singular: 'selfsubjectrulesreview', namespaced: false, verbs: ['create'] }),
  def({ group: 'authentication.k8s.io', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview',
    singular: 'selfsubjectreview', namespaced: false, verbs: ['create'] }),
];

/** The built-in types as a server of `version` (e.g. `1.29.4`) serves them: their Table columns follow the release. */
export function builtinResourcesFor(version: string): readonly ResourceDef[] {
  const minor = Number(version.split('.')[1] ?? 0);
  if (minor >= 30) return BUILTIN_RESOURCES;
  return BUILTIN_RESOURCES.map((d) => (resourceKey(d) === 'jobs.batch' ? { ...d, printer: JOB_PRINTER_BEFORE_1_30 } : d));
}

/** Reads a simple JSONPath (`.spec.a.b`, `.spec.list[0].x`) as CRD printer columns use it. */
export function readJsonPath(obj: Json, path: string): unknown {
  const clean = path.replace(/^\{?\.?/, '').replace(/\}$/, '');
  let cur: Json = obj;
  for (const part of clean.split('.').filter(Boolean)) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) cur = cur?.[m[1]];
    for (const idx of m[2]!.match(/\d+/g) ?? []) cur = cur?.[Number(idx)];
    if (cur === undefined || cur === null) return undefined;
  }
  return cur;
}

function crdCell(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'date') return ageSince(value, now);
  if (type === 'integer' || type === 'number' || type === 'boolean') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The ResourceDef that a CustomResourceDefinition object describes (its first served version), or undefined. */
export function defFromCrd(crd: Json): ResourceDef | undefined {
  const spec = crd?.spec;
  const version = (spec?.versions ?? []).find((v: Json) => v.served !== false);
  if (!spec?.group || !spec?.names?.plural || !version) return undefined;
  const printerCols: Json[] = version.additionalPrinterColumns ?? [];
  const columns: TableColumnDefinition[] = [DEFAULT_PRINTER.columns[0]!];
  const paths: { path: string; type: string }[] = [];
  if (printerCols.length === 0) {
    columns.push({ name: 'Age', type: 'date', format: '', description: 'CreationTimestamp', priority: 0 });
    paths.push({ path: '.metadata.creationTimestamp', type: 'date' });
  }
  for (const c of printerCols) {
    columns.push({ name: c.name, type: c.type ?? 'string', format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 });
    paths.push({ path: c.jsonPath, type: c.type ?? 'string' });
  }
  return {
    group: spec.group,
    version: version.name,
    resource: spec.names.plural,
    kind: spec.names.kind,
    singular: spec.names.singular ?? String(spec.names.kind).toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    verbs: RW,
    subresources: version.subresources?.status ? ['status'] : [],
    fields: {},
    custom: true,
    printer: { columns, cells: (o, now) => [o.metadata?.name, ...paths.map((p) => crdCell(p.type, readJsonPath(o, p.path), now))] },
  };
}
