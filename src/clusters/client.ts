/**
 * The per-cluster HTTP client (DESIGN.md s.4): credentials resolved once per (cluster, user) per run (see auth.ts),
 * one keep-alive connection pool per cluster for the whole run, proxies honoured (proxy.ts), every request bound to
 * the caller's AbortSignal. Responses come back for any status; callers check `statusCode` and use `statusError`.
 * Transport failures reject with the cluster's ClusterError. No header value ever reaches a message or debug line.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ClusterError } from '../errors.js';
import { canceledError, statusError, toClusterError } from '../kube/errors.js';
import { VERSION } from '../version.js';
import { clusterTls, createCredentialStore, CredentialError, toLibraryCluster, toLibraryUser, type UserCredentials } from './auth.js';
import { proxyFor, TunnelingAgent } from './proxy.js';
import type { ClusterEntry } from './types.js';

/** Options of one request. `timeoutMs` bounds this request alone (the per-cluster deadline comes from `signal`). */
export interface ClusterRequestOptions {
  method?: string;
  accept?: string;
  signal?: AbortSignal;
  body?: string;
  contentType?: string;
  timeoutMs?: number;
}

/** One cluster's client: sends requests with its credentials over its own connection pool. */
export interface ClusterClient {
  readonly entry: ClusterEntry;
  /** Resolves with the response for ANY status; rejects with ClusterError on transport failure or abort. */
  request(path: string, opts?: ClusterRequestOptions): Promise<IncomingMessage>;
}

/** The run's clients, one per cluster entry, created on first use. `close` ends every pooled connection. */
export interface ClientPool {
  clientFor(entry: ClusterEntry): Promise<ClusterClient>;
  close(): void;
}

/** Pool settings: the environment (proxy variables) and an optional debug sink (KUBEMUX_DEBUG=1). */
export interface ClientPoolOptions {
  env: NodeJS.ProcessEnv;
  /** The run's per-cluster deadline (kept for callers; fanOut enforces it through each request's signal). */
  requestTimeoutMs: number;
  /** Receives one line per request: method, URL and status. Never headers. */
  debug?: (line: string) => void;
}

/** Creates the run's client pool. */
export function createClientPool(opts: ClientPoolOptions): ClientPool {
  const credentials = createCredentialStore();
  const clients = new Map<string, Promise<ClusterClient>>();
  const agents: http.Agent[] = [];
  const build = async (entry: ClusterEntry): Promise<ClusterClient> => {
    if (entry.invalidReason || !entry.server || !entry.clusterRef) {
      throw new ClusterError(entry.clusterId, entry.clusterName, 'ConfigError', entry.invalidReason ?? 'the context has no cluster server');
    }
    let base: URL;
    try {
      base = new URL(entry.server);
    } catch {
      throw new ClusterError(entry.clusterId, entry.clusterName, 'ConfigError', `invalid server URL ${JSON.stringify(entry.server)}`);
    }
    try {
      const cluster = toLibraryCluster(entry.clusterRef, entry.server);
      if (base.protocol === 'http:') {
        // kubectl sends no credentials over plain http (k8s-api-notes s.0.6).
        const agent = new http.Agent({ keepAlive: true });
        agents.push(agent);
        return makeClient(entry, base, agent, {}, opts);
      }
      const creds: UserCredentials = await credentials.credentialsFor(toLibraryUser(entry.userRef));
      const agentOptions: https.AgentOptions = { keepAlive: true, ...clusterTls(cluster), cert: creds.cert, key: creds.key };
      const proxy = proxyFor(base, cluster.proxyUrl, opts.env);
      const agent = proxy ? new TunnelingAgent(agentOptions, proxy) : new https.Agent(agentOptions);
      agents.push(agent);
      return makeClient(entry, base, agent, creds.headers, opts);
    } catch (err) {
      if (err instanceof ClusterError) throw err;
      const reason = err instanceof CredentialError ? 'AuthError' : 'ConfigError';
      throw new ClusterError(entry.clusterId, entry.clusterName, reason, (err as Error).message);
    }
  };
  return {
    clientFor(entry) {
      let client = clients.get(entry.clusterId);
      if (!client) {
        client = build(entry);
        clients.set(entry.clusterId, client);
      }
      return client;
    },
    close() {
      for (const agent of agents) agent.destroy();
    },
  };
}

function makeClient(
  entry: ClusterEntry,
  base: URL,
  agent: http.Agent,
  authHeaders: Record<string, string>,
  opts: ClientPoolOptions,
): ClusterClient {
  const prefix = base.pathname.replace(/\/$/, '');
  const transport = base.protocol === 'https:' ? https : http;
  return {
    entry,
    request(path, ro = {}) {
      const signals = [ro.signal, ro.timeoutMs ? AbortSignal.timeout(ro.timeoutMs) : undefined].filter((s): s is AbortSignal => !!s);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const headers: Record<string, string> = {
        ...authHeaders,
        Accept: ro.accept ?? 'application/json, */*',
        'User-Agent': `kubemux/${VERSION}`,
      };
      if (ro.body !== undefined) headers['Content-Type'] = ro.contentType ?? 'application/json';
      const method = ro.method ?? 'GET';
      const started = performance.now();
      return new Promise<IncomingMessage>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(entry, signal));
        const req = transport.request(
          { protocol: base.protocol, hostname: base.hostname, port: base.port, path: prefix + path, method, headers, agent, signal },
          (res) => {
            opts.debug?.(`${method} ${base.origin}${prefix}${path} ${res.statusCode} in ${Math.round(performance.now() - started)}ms`);
            resolve(res);
          },
        );
        req.once('error', (err) => {
          opts.debug?.(`${method} ${base.origin}${prefix}${path} failed: ${(err as NodeJS.ErrnoException).code ?? err.name}`);
          reject(signal?.aborted ? abortReason(entry, signal) : toClusterError(entry, err));
        });
        req.end(ro.body);
      });
    },
  };
}

/** How many times a read is retried when the server asks for it with Retry-After, as kubectl's client does. */
export const MAX_RETRIES = 10;

/**
 * Sends a read and retries it while the server answers 429 or 503 with a `Retry-After` (seconds, capped at 10 s per
 * wait), at most MAX_RETRIES times, as kubectl does; without `Retry-After` the answer stands. Waits end with the
 * signal (the per-cluster deadline still bounds the whole task).
 */
export async function requestWithRetry(client: ClusterClient, path: string, opts: ClusterRequestOptions = {}): Promise<IncomingMessage> {
  for (let attempt = 0; ; attempt++) {
    const res = await client.request(path, opts);
    const retryAfter = Number(res.headers['retry-after'] ?? NaN);
    const retryable = (res.statusCode === 429 || res.statusCode === 503) && Number.isFinite(retryAfter) && retryAfter >= 0;
    if (!retryable || attempt >= MAX_RETRIES) return res;
    res.resume();
    await new Promise<void>((resolve, reject) => {
      const signal = opts.signal;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(client.entry, signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.min(retryAfter, 10) * 1000);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The ClusterError for an aborted request: the deadline's or interruption's own error when it carries one. */
export function abortReason(entry: ClusterEntry, signal: AbortSignal): ClusterError {
  const reason: unknown = signal.reason;
  if (reason instanceof ClusterError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new ClusterError(entry.clusterId, entry.clusterName, 'Timeout', 'the request timed out');
  }
  return canceledError(entry);
}

/**
 * Reads a 2xx response's body as raw bytes, or throws the cluster's ClusterError: the Status error for a non-2xx
 * answer, the deadline's error when `signal` aborted mid-body.
 */
export async function readBody(entry: ClusterEntry, res: IncomingMessage, signal?: AbortSignal): Promise<Buffer> {
  const code = res.statusCode ?? 0;
  if (code < 200 || code > 299) throw await statusError(entry, res);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res) chunks.push(chunk as Buffer);
  } catch (err) {
    throw signal?.aborted ? abortReason(entry, signal) : toClusterError(entry, err);
  }
  if (signal?.aborted) throw abortReason(entry, signal);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Parses a body read by readBody; a body that is not JSON is the cluster's `BadResponse` error. */
export function parseJson<T>(entry: ClusterEntry, body: Buffer, code: number | undefined): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new ClusterError(entry.clusterId, entry.clusterName, 'BadResponse', `the server sent a body that is not JSON (HTTP ${code ?? 0})`, code ?? null);
  }
}

/** Reads and parses a response's JSON body (see readBody and parseJson). */
export async function readJson<T>(entry: ClusterEntry, res: IncomingMessage, signal?: AbortSignal): Promise<T> {
  return parseJson<T>(entry, await readBody(entry, res, signal), res.statusCode);
}
