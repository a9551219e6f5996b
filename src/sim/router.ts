/**
 * Routing of one authenticated request: non-resource endpoints (/version, health, discovery, OpenAPI) and the
 * resource paths `/api/v1/...` and `/apis/G/V/...`, split into group, version, namespace, resource, name and
 * subresource, authorised with the RBAC verb, then handed to list, watch, get, write, log or scale handlers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, forbidden, type RequestAttributes } from './auth.js';
import { serveGroup, serveRoot } from './discovery.js';
import { negotiate, queryFlag, sendJson, sendNotFoundPath, sendStatus } from './http.js';
import { selectorsOf, serveGet, serveList } from './list.js';
import { serveLogs } from './logs.js';
import { ApiError, type WriteState } from './objects.js';
import { serveOpenApi } from './openapi.js';
import type { ResourceDef } from './registry.js';
import { SelectorError } from './selectors.js';
import type { SimUser } from './types.js';
import { serveWatch } from './watch.js';
import { serveWrite } from './writes.js';

/** A parsed resource request path. */
export interface ResourcePath {
  readonly group: string;
  readonly version: string;
  readonly def: ResourceDef;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** Splits `/api/v1/namespaces/ns/pods/x/log` and friends; undefined when the path names no known resource. */
export function parseResourcePath(state: WriteState, segments: string[]): ResourcePath | 'group' | undefined {
  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else {
    group = segments[1] ?? '';
    version = segments[2];
    rest = segments.slice(3);
  }
  if (!version || rest.length === 0) return 'group';
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = state.findResource(group, version, rest[2]!);
    if (inner?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const def = state.findResource(group, version, rest[0]!);
  if (!def || rest.length > 3) return undefined;
  if (def.namespaced === false && namespace !== undefined) return undefined;
  const [, name, subresource] = rest;
  if (subresource !== undefined && !def.subresources.includes(subresource)) return undefined;
  return { group, version, def, namespace, name, subresource };
}

function verbOf(method: string, p: ResourcePath, query: URLSearchParams): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return p.name === undefined ? (queryFlag(query, 'watch') ? 'watch' : 'list') : 'get';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return p.name === undefined ? 'deletecollection' : 'delete';
    default: return method.toLowerCase();
  }
}

function sendHealth(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': 2 });
  res.end('ok');
}

/** The body of `/version` for a `1.30.2`-style version. */
export function versionInfo(version: string): Record<string, string> {
  const [major = '1', minor = '0'] = version.split('.');
  return {
    major, minor, gitVersion: `v${version}`, gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', gitTreeState: 'clean',
    buildDate: '2025-04-22T00:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64',
  };
}

/** Routes paths that need no authorisation check beyond authentication. Returns false when `path` is not one. */
export function routeNonResource(state: WriteState, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (path === '/version' || path === '/version/') {
    sendJson(res, 200, versionInfo(state.version), 'application/json', { 'Cache-Control': 'no-cache, private' });
  } else if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) sendHealth(res);
  else if (path === '/api' || path === '/apis') serveRoot(state, req, res, path === '/api');
  else if (path.startsWith('/openapi/')) serveOpenApi(state, req, res, path);
  else return false;
  return true;
}

/** Routes one authenticated request. */
export async function route(state: WriteState, req: IncomingMessage, res: ServerResponse, url: URL, user: SimUser): Promise<void> {
  const path = url.pathname;
  if (routeNonResource(state, req, res, path)) return;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== 'api' && segments[0] !== 'apis') return sendNotFoundPath(res);
  const parsed = parseResourcePath(state, segments);
  if (parsed === 'group') return serveGroup(state, req, res, segments[0] === 'api' ? '' : (segments[1] ?? ''), segments[0] === 'api' ? segments[1] : segments[2]);
  if (!parsed) return sendNotFoundPath(res);
  const method = req.method ?? 'GET';
  const attrs: RequestAttributes = {
    verb: verbOf(method, parsed, url.searchParams), group: parsed.group, resource: parsed.def.resource,
    subresource: parsed.subresource, namespace: parsed.namespace, name: parsed.name,
  };
  if (!parsed.subresource && !parsed.def.verbs.includes(attrs.verb) && ['get', 'list', 'watch', 'deletecollection', 'update', 'patch', 'delete'].includes(attrs.verb)) {
    return sendStatus(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
  const isReview = parsed.group === 'authorization.k8s.io' || parsed.group === 'authentication.k8s.io';
  if (!isReview && !authorize(user, attrs)) {
    const f = forbidden(user, attrs);
    return sendStatus(res, 403, 'Forbidden', f.message, f.details);
  }
  try {
    if (method === 'GET' && parsed.subresource === 'log') return await serveLogs(state, req, res, parsed);
    if ((method === 'GET' || method === 'HEAD') && !parsed.subresource) {
      const media = negotiate(req.headers.accept, { table: true });
      if (!media) return sendStatus(res, 406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io');
      if (parsed.name !== undefined) return serveGet(state, res, parsed.def, parsed.namespace, parsed.name, url.searchParams, media);
      const match = selectorsOf(parsed.def, url.searchParams);
      if (queryFlag(url.searchParams, 'watch')) return serveWatch(state, req, res, parsed.def, parsed.namespace, url.searchParams, media, match);
      return serveList(state, res, parsed.def, parsed.namespace, url.searchParams, media, match);
    }
    await serveWrite(state, req, res, parsed, url.searchParams, user);
  } catch (err) {
    if (err instanceof SelectorError) return sendStatus(res, 400, 'BadRequest', err.message);
    if (err instanceof ApiError) return sendStatus(res, err.code, err.reason, err.message, err.details);
    throw err;
  }
}
