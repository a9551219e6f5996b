/**
 * API discovery: aggregated (`APIGroupDiscoveryList`, v2 and v2beta1 as the Accept asks) and legacy (`APIVersions`,
 * `APIGroupList`, per group/version `APIResourceList`), built from the cluster's resource types, with an ETag so
 * kubectl's `If-None-Match` gets a 304.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DISCOVERY_TYPE, negotiate, sendJson, sendNotFoundPath, sendStatus } from './http.js';
import type { ResourceDef } from './registry.js';
import type { ClusterState } from './types.js';

const GROUP_ORDER = ['apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'batch', 'apiextensions.k8s.io'];

function subresourceKind(def: ResourceDef, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: def.group, version: def.version, kind: def.kind };
}

function subresourceVerbs(sub: string): string[] {
  if (sub === 'log' || sub === 'proxy') return ['get'];
  if (sub === 'exec' || sub === 'portforward') return ['create', 'get'];
  if (sub === 'finalize') return ['update'];
  return ['get', 'patch', 'update'];
}

/** Named groups in the order a real server lists them (built-ins first, then CRD groups by name). */
export function groupsOf(state: ClusterState): { name: string; version: string; defs: ResourceDef[] }[] {
  const byGroup = new Map<string, ResourceDef[]>();
  for (const d of state.resources()) {
    if (!d.group) continue;
    if (!byGroup.has(d.group)) byGroup.set(d.group, []);
    byGroup.get(d.group)!.push(d);
  }
  const rank = (g: string): number => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
  return [...byGroup.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1))
    .map(([name, defs]) => ({ name, version: defs[0]!.version, defs }));
}

function aggregatedResource(d: ResourceDef): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: d.resource,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: d.verbs,
  };
  if (d.shortNames.length) r.shortNames = d.shortNames;
  if (d.categories.length) r.categories = d.categories;
  if (d.subresources.length) {
    r.subresources = d.subresources.map((s) => ({ subresource: s, responseKind: subresourceKind(d, s), verbs: subresourceVerbs(s) }));
  }
  return r;
}

function aggregated(state: ClusterState, core: boolean, version: string): Record<string, unknown> {
  const items = core
    ? [{ metadata: { name: '' }, versions: [{ version: 'v1', resources: state.resources().filter((d) => !d.group).map(aggregatedResource), freshness: 'Current' }] }]
    : groupsOf(state).map((g) => ({ metadata: { name: g.name }, versions: [{ version: g.version, resources: g.defs.map(aggregatedResource), freshness: 'Current' }] }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

function resourceList(defs: ResourceDef[], groupVersion: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const d of defs) {
    const r: Record<string, unknown> = { name: d.resource, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames.length) r.shortNames = d.shortNames;
    if (d.categories.length) r.categories = d.categories;
    resources.push(r);
    for (const s of d.subresources) {
      const k = subresourceKind(d, s);
      const sub: Record<string, unknown> = { name: `${d.resource}/${s}`, singularName: '', namespaced: d.namespaced, kind: k.kind, verbs: subresourceVerbs(s) };
      if (k.group !== d.group) Object.assign(sub, { group: k.group, version: k.version });
      resources.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

function sendWithEtag(req: IncomingMessage, res: ServerResponse, body: unknown, contentType: string): void {
  const text = JSON.stringify(body);
  const etag = `"${crypto.createHash('sha256').update(contentType).update(text).digest('hex').slice(0, 32).toUpperCase()}"`;
  const headers = { ETag: etag, Vary: 'Accept' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  sendJson(res, 200, text, contentType, headers);
}

/** Answers `/api` and `/apis`: aggregated when the Accept asks for it, legacy otherwise. */
export function serveRoot(state: ClusterState, req: IncomingMessage, res: ServerResponse, core: boolean): void {
  const media = negotiate(req.headers.accept, { discovery: true });
  if (!media) return sendStatus(res, 406, 'NotAcceptable', 'only the following media types are accepted: application/json');
  if (media.kind === 'discovery') return sendWithEtag(req, res, aggregated(state, core, media.version), DISCOVERY_TYPE(media.version));
  const port = (req.socket.localPort ?? 0).toString();
  const body = core
    ? { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] }
    : {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groupsOf(state).map((g) => {
          const gv = { groupVersion: `${g.name}/${g.version}`, version: g.version };
          return { name: g.name, versions: [gv], preferredVersion: gv };
        }),
      };
  sendWithEtag(req, res, body, 'application/json');
}

/** Answers `/api/v1`, `/apis/G` and `/apis/G/V`. */
export function serveGroup(state: ClusterState, req: IncomingMessage, res: ServerResponse, group: string, version?: string): void {
  if (!group) {
    if (version !== 'v1') return sendNotFoundPath(res);
    return sendWithEtag(req, res, resourceList(state.resources().filter((d) => !d.group), 'v1'), 'application/json');
  }
  const g = groupsOf(state).find((x) => x.name === group);
  if (!g || (version !== undefined && version !== g.version)) return sendNotFoundPath(res);
  if (version === undefined) {
    const gv = { groupVersion: `${g.name}/${g.version}`, version: g.version };
    return sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', name: g.name, versions: [gv], preferredVersion: gv });
  }
  sendWithEtag(req, res, resourceList(g.defs, `${g.name}/${g.version}`), 'application/json');
}
