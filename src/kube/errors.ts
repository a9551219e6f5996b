/**
 * Turns what can go wrong talking to one cluster into a `ClusterError` a user understands: transport failures
 * (refused, unreachable, TLS, deadline) get a reason of our own, HTTP errors take the reason and message of the
 * server's Status body, the way kubectl prints `Error from server (Forbidden): ...`. Messages never carry request
 * headers, so no token can leak through them.
 */
import type { IncomingMessage } from 'node:http';
import type { ClusterEntry } from '../clusters/types.js';
import { ClusterError } from '../errors.js';
import type { Status } from './types.js';

/** Longest error body read from a server: a Status is small, and an HTML error page need not be read whole. */
const MAX_ERROR_BODY = 64 * 1024;

/** kubectl-style duration text for a deadline in messages: `30s`, `1m30s`, `500ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/** The error a cluster gets when its per-cluster deadline (`--request-timeout`) passes. */
export function timeoutError(entry: ClusterEntry, timeoutMs: number): ClusterError {
  return new ClusterError(entry.clusterId, entry.clusterName, 'Timeout', `no answer within ${formatDuration(timeoutMs)}`);
}

/** The error a cluster gets when the whole run is interrupted (SIGINT) before it answered. */
export function canceledError(entry: ClusterEntry): ClusterError {
  return new ClusterError(entry.clusterId, entry.clusterName, 'Canceled', 'interrupted before the cluster answered');
}

const DEFAULT_MESSAGE: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'you must be logged in to the server (the server has asked for the client to provide credentials)'],
  403: ['Forbidden', 'the server does not allow this request'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the requested resource version is too old'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted'],
};

/** The reason and default message kubectl associates with an HTTP status code. */
export function reasonForStatus(code: number): [string, string] {
  return DEFAULT_MESSAGE[code] ?? [code >= 500 ? 'InternalError' : 'Unknown', `the server responded with HTTP ${code}`];
}

/** Reads (up to 64 KiB of) a response body as text. */
export async function readText(res: IncomingMessage, limit = MAX_ERROR_BODY): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    if (text.length < limit) text += String(chunk);
  }
  return text.slice(0, limit);
}

/**
 * The ClusterError for a non-2xx response: the reason and message of its Status body when there is one
 * (`Forbidden: pods is forbidden: User "bob" cannot list ...`), else kubectl's wording for the status code, with a
 * short plain-text body quoted. `code` is the HTTP status.
 */
export async function statusError(entry: ClusterEntry, res: IncomingMessage): Promise<ClusterError> {
  const code = res.statusCode ?? 0;
  const body = await readText(res).catch(() => '');
  const [defaultReason, defaultMessage] = reasonForStatus(code);
  let status: Partial<Status> | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && (parsed as Status).kind === 'Status') status = parsed as Status;
  } catch {
    status = undefined;
  }
  if (status) {
    const reason = status.reason || defaultReason;
    // A bare `Unauthorized: Unauthorized` says nothing; kubectl words it "You must be logged in to the server".
    const message = status.message && !(code === 401 && status.message === reason) ? status.message : defaultMessage;
    return new ClusterError(entry.clusterId, entry.clusterName, reason, message, code);
  }
  const text = body.trim().split('\n')[0]!.slice(0, 200);
  const message = text && !text.startsWith('<') ? `${defaultMessage} (${JSON.stringify(text)})` : defaultMessage;
  return new ClusterError(entry.clusterId, entry.clusterName, defaultReason, message, code);
}

const UNKNOWN_AUTHORITY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** Reason and message for a Node transport error (`err.code`), with `server` and `host` for the wording. */
function describeTransport(err: NodeJS.ErrnoException, server: string, host: string): [string, string] {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return ['ConnectionRefused', `connection to ${server} was refused`];
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return ['HostNotFound', `no such host "${host}"`];
  if (code === 'ECONNRESET' || err.message === 'socket hang up') return ['ConnectionReset', `connection to ${server} was closed by the server`];
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return ['Unreachable', `cannot reach ${server} (${code})`];
  if (UNKNOWN_AUTHORITY.has(code)) return ['TLSError', 'certificate signed by unknown authority'];
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return ['TLSError', `certificate is not valid for ${host}`];
  if (code === 'CERT_HAS_EXPIRED') return ['TLSError', 'certificate has expired or is not yet valid'];
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS')) return ['TLSError', `TLS handshake with ${server} failed`];
  if (code === 'EPROXY') return ['ProxyError', err.message];
  if (code === 'ERR_INVALID_URL') return ['ConfigError', `invalid server URL ${JSON.stringify(server)}`];
  return ['ConnectionError', code ? `${code} talking to ${server}` : err.message];
}

/**
 * Any error thrown while serving one cluster, as that cluster's ClusterError. A ClusterError passes through; Node
 * transport errors are described by their code, never by dumping request options.
 */
export function toClusterError(entry: ClusterEntry, err: unknown): ClusterError {
  if (err instanceof ClusterError) return err;
  const server = entry.server ?? '(no server)';
  let host = server;
  try {
    host = new URL(server).hostname;
  } catch {
    host = server;
  }
  const e = (err instanceof Error ? err : new Error(String(err))) as NodeJS.ErrnoException;
  const [reason, message] = describeTransport(e, server, host);
  return new ClusterError(entry.clusterId, entry.clusterName, reason, message, null, { cause: err });
}
