/**
 * HTTP plumbing shared by the handlers: content negotiation over the Accept list (first supported type wins, as
 * k8s-api-notes s.2 says), JSON and Status responses with the exact Content-Type kubectl parses by, and body reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a response body will be, chosen from the request's Accept header. */
export type MediaChoice =
  | { kind: 'json' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'discovery'; version: 'v2' | 'v2beta1' };

/** The Content-Type of a Table answer. */
export const TABLE_TYPE = (v: string): string => `application/json;as=Table;v=${v};g=meta.k8s.io`;
/** The Content-Type of an aggregated discovery answer. */
export const DISCOVERY_TYPE = (v: string): string => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

function params(parts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts) {
    const i = p.indexOf('=');
    if (i > 0) out[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return out;
}

/**
 * Picks the first media type in `accept` that the simulator serves. `allowTable` and `allowDiscovery` say whether
 * the endpoint can produce those shapes. Returns undefined when nothing acceptable is offered (406).
 */
export function negotiate(accept: string | undefined, allow: { table?: boolean; discovery?: boolean }): MediaChoice | undefined {
  if (!accept || accept.trim() === '') return { kind: 'json' };
  for (const item of accept.split(',')) {
    const [type = '', ...rest] = item.split(';').map((s) => s.trim());
    const p = params(rest);
    const base = type.toLowerCase();
    if (base === '*/*' || base === 'application/*') return { kind: 'json' };
    if (base !== 'application/json') continue;
    if (p.as === undefined) return { kind: 'json' };
    if (allow.table && p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
      return { kind: 'table', version: p.v };
    }
    if (allow.discovery && p.as === 'APIGroupDiscoveryList' && p.g === 'apidiscovery.k8s.io' && (p.v === 'v2' || p.v === 'v2beta1')) {
      return { kind: 'discovery', version: p.v };
    }
  }
  return undefined;
}

/** Writes a JSON body (already serialised or an object) with status `code`. */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A meta/v1 Status failure body. */
export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return body;
}

/** Answers with a Status failure (always `application/json`, as the real server does). */
export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(res, code, statusBody(code, reason, message, details), 'application/json', headers);
}

/** 404 for a path the server does not know. */
export function sendNotFoundPath(res: ServerResponse): void {
  sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource', {});
}

/** Reads the whole request body (bounded at 16 MiB; larger bodies reject). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 << 20) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Whether a query flag is set the way Kubernetes reads booleans (`true`, `1`). */
export function queryFlag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}
