/**
 * Minimal OpenAPI v3 (k8s-api-notes s.9): an index of group/versions and, per group/version, the create/patch/
 * update operations with the `fieldValidation` parameter and the GVK extension, which is all `kubectl create -f`
 * and `apply` look for. Documents carry a content hash and are immutable under it, like a real server's.
 * `/openapi/v2` is 404 (kubectl 1.27/1.28 want protobuf there; run them with --validate=false).
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { groupsOf } from './discovery.js';
import { sendJson, sendNotFoundPath } from './http.js';
import type { ResourceDef } from './registry.js';
import type { ClusterState } from './types.js';

const PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } }));

function op(action: string, def: ResourceDef, verb: string): Record<string, unknown> {
  return {
    operationId: `${verb}${def.kind}`,
    parameters: PARAMS,
    responses: { 200: { description: 'OK' }, 201: { description: 'Created' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
  };
}

function documentFor(state: ClusterState, defs: readonly ResourceDef[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const d of defs) {
    const prefix = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
    const coll = d.namespaced ? `${prefix}/namespaces/{namespace}/${d.resource}` : `${prefix}/${d.resource}`;
    paths[coll] = { post: op('post', d, 'create') };
    if (d.verbs.includes('get')) paths[`${coll}/{name}`] = { put: op('put', d, 'replace'), patch: op('patch', d, 'patch') };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: `v${state.version}` }, paths, components: { schemas: {} } };
}

function documents(state: ClusterState): Map<string, { text: string; hash: string }> {
  const out = new Map<string, { text: string; hash: string }>();
  const add = (key: string, defs: readonly ResourceDef[]): void => {
    const text = JSON.stringify(documentFor(state, defs));
    out.set(key, { text, hash: crypto.createHash('sha512').update(text).digest('hex').slice(0, 32).toUpperCase() });
  };
  add('api/v1', state.resources().filter((d) => !d.group));
  for (const g of groupsOf(state)) add(`apis/${g.name}/${g.version}`, g.defs);
  return out;
}

/** Answers `/openapi/v3` and `/openapi/v3/<gv>`; anything else under /openapi is 404. */
export function serveOpenApi(state: ClusterState, req: IncomingMessage, res: ServerResponse, path: string): void {
  if (!path.startsWith('/openapi/v3')) return sendNotFoundPath(res);
  const docs = documents(state);
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const paths = Object.fromEntries([...docs].map(([k, d]) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=${d.hash}` }]));
    return sendJson(res, 200, { paths }, 'application/json');
  }
  const doc = docs.get(path.slice('/openapi/v3/'.length));
  if (!doc) return sendNotFoundPath(res);
  const asked = new URL(req.url ?? '/', 'https://x').searchParams.get('hash');
  const headers: Record<string, string> = { ETag: `"${doc.hash}"`, Vary: 'Accept' };
  if (asked === doc.hash) {
    headers['Cache-Control'] = 'public, immutable';
    headers.Expires = new Date(Date.now() + 365 * 86_400_000).toUTCString();
  }
  sendJson(res, 200, doc.text, 'application/json', headers);
}
