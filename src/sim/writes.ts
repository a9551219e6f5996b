/**
 * HTTP writes: POST (create, and the SelfSubject*Review endpoints `kubectl auth can-i` uses, JSON or protobuf),
 * PUT (update), PATCH (merge, JSON, strategic-merge, apply), DELETE (one or a collection), and the `scale` and
 * `status` subresources. Answers are JSON even when the request was protobuf, which kubectl accepts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, rulesFor } from './auth.js';
import type { Json } from './columns.js';
import { formatLabels } from './columns.js';
import { readBody, sendJson } from './http.js';
import { selectorsOf } from './list.js';
import { ApiError, createObject, deleteObject, readObject, updateObject, type WriteState } from './objects.js';
import { PatchError, jsonPatch, mergePatch, strategicMerge } from './patch.js';
import { decodeReview, decodeTypedObject } from './protobuf.js';
import { apiVersionOf, resourceKey } from './registry.js';
import type { ResourcePath } from './router.js';
import { objectWithKind } from './table.js';
import type { SimUser } from './types.js';

async function parseBody(req: IncomingMessage, body: Buffer): Promise<Json> {
  const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeTypedObject(body);
    } catch {
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    }
  }
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    if (type.includes('yaml')) {
      const { parse } = await import('yaml');
      return parse(text);
    }
    throw new ApiError(400, 'BadRequest', `the object provided is unrecognized: couldn't parse JSON body`);
  }
}

function scaleOf(obj: Json): Json {
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: { replicas: obj.status?.replicas ?? 0, selector: formatLabels(obj.spec?.selector?.matchLabels).replace('<none>', '') },
  };
}

async function applyPatch(req: IncomingMessage, current: Json, body: Buffer): Promise<Json> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const patch = await parseBody(req, body);
  try {
    switch (type) {
      case 'application/merge-patch+json': return mergePatch(current, patch);
      case 'application/strategic-merge-patch+json':
      case 'application/apply-patch+yaml':
      case 'application/apply-patch+cbor': return strategicMerge(current, patch);
      case 'application/json-patch+json': return jsonPatch(current, patch);
      default:
        throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
  } catch (err) {
    if (err instanceof PatchError) throw new ApiError(422, 'Invalid', err.message);
    throw err;
  }
}

async function serveReview(req: IncomingMessage, res: ServerResponse, p: ResourcePath, body: Buffer, user: SimUser): Promise<void> {
  const isProto = String(req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf');
  let review: Json;
  try {
    review = isProto ? decodeReview(body) : JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the object provided is unrecognized: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out: Json = { kind: p.def.kind, apiVersion: apiVersionOf(p.def), metadata: { creationTimestamp: null }, spec: review.spec ?? {} };
  if (p.def.resource === 'selfsubjectreviews') {
    delete out.spec;
    out.status = { userInfo: { username: user.name, groups: [...user.groups, 'system:authenticated'] } };
  } else if (p.def.resource === 'selfsubjectrulesreviews') {
    out.status = {
      resourceRules: rulesFor(user, review.spec?.namespace ?? ''),
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/'] }],
      incomplete: false,
    };
  } else {
    const ra = review.spec?.resourceAttributes;
    const allowed = ra
      ? authorize(user, { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace || undefined, name: ra.name || undefined })
      : !user.rules || ['get', 'head'].includes(String(review.spec?.nonResourceAttributes?.verb ?? ''));
    out.status = allowed ? { allowed: true, reason: user.rules ? 'allowed by simulated RBAC rule' : '' } : { allowed: false };
    if (!user.rules) delete out.status.reason;
  }
  sendJson(res, 201, out);
}

/** Answers POST, PUT, PATCH and DELETE on a resource path, and GET on the scale/status subresources. */
export async function serveWrite(state: WriteState, req: IncomingMessage, res: ServerResponse, p: ResourcePath, query: URLSearchParams, user: SimUser): Promise<void> {
  const method = req.method ?? 'GET';
  if (!['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
  const def = p.def;
  const dryRun = query.getAll('dryRun').includes('All');
  const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  if (def.group === 'authorization.k8s.io' || def.group === 'authentication.k8s.io') {
    if (method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return serveReview(req, res, p, body, user);
  }
  if (def.namespaced && p.namespace === undefined && method !== 'GET') {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (method === 'POST' && p.name === undefined) {
    const obj = await parseBody(req, body);
    if (def.namespaced) {
      obj.metadata ??= {};
      if (obj.metadata.namespace && obj.metadata.namespace !== p.namespace) {
        throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = p.namespace;
    }
    return sendJson(res, 201, objectWithKind(def, createObject(state, def, obj, { dryRun })));
  }
  if (method === 'DELETE' && p.name === undefined) {
    const match = selectorsOf(def, query);
    const deleted = state.store.entries(resourceKey(def), p.namespace).filter((e) => !match || match(JSON.parse(e.json)));
    const items = deleted.map((e) => (dryRun ? JSON.parse(e.json) : JSON.parse(deleteObject(state, def, e.ns, e.name).json)));
    return sendJson(res, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(state.store.resourceVersion) }, items });
  }
  if (p.name === undefined) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const name = p.name;
  if (method === 'DELETE') {
    readObject(state, def, p.namespace, name);
    if (dryRun) return sendJson(res, 200, objectWithKind(def, readObject(state, def, p.namespace, name)));
    return sendJson(res, 200, objectWithKind(def, JSON.parse(deleteObject(state, def, p.namespace, name).json)));
  }
  const isApply = String(req.headers['content-type'] ?? '').startsWith('application/apply-patch');
  if (method === 'PATCH' && isApply && !p.subresource && !state.store.get(resourceKey(def), p.namespace ?? '', name)) {
    const obj = await parseBody(req, body);
    obj.metadata = { ...(obj.metadata ?? {}), name, ...(def.namespaced ? { namespace: p.namespace } : {}) };
    return sendJson(res, 201, objectWithKind(def, createObject(state, def, obj, { dryRun })));
  }
  const current = readObject(state, def, p.namespace, name);
  if (p.subresource === 'scale') {
    if (method === 'GET') return sendJson(res, 200, scaleOf(current));
    const scale = method === 'PUT' ? await parseBody(req, body) : await applyPatch(req, scaleOf(current), body);
    const rv = scale.metadata?.resourceVersion;
    const next = { ...current, spec: { ...current.spec, replicas: scale.spec?.replicas ?? current.spec?.replicas } };
    if (method === 'PUT' && rv) next.metadata = { ...next.metadata, resourceVersion: rv };
    return sendJson(res, 200, scaleOf(updateObject(state, def, next, { dryRun })));
  }
  if (method === 'GET') return sendJson(res, 200, objectWithKind(def, current));
  let next: Json;
  if (method === 'PUT') next = await parseBody(req, body);
  else if (method === 'PATCH') {
    next = await applyPatch(req, objectWithKind(def, current), body);
  } else throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (next?.metadata?.name !== undefined && next.metadata.name !== name) {
    throw new ApiError(400, 'BadRequest', `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
  }
  next.metadata = { ...(next.metadata ?? {}), name };
  if (def.namespaced) next.metadata.namespace = p.namespace;
  if (p.subresource === 'status') next = { ...current, status: next.status, metadata: { ...current.metadata, resourceVersion: next.metadata.resourceVersion ?? current.metadata.resourceVersion } };
  sendJson(res, 200, objectWithKind(def, updateObject(state, def, next, { dryRun })));
}

