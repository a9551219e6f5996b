/**
 * The HTTPS front of one simulated cluster: TLS with the cluster's CA-signed certificate (or a foreign one under
 * the `wrongCert` fault), client certificates requested but checked by the handler, socket tracking for stop(),
 * the request log, and the request-level faults (hang, latency, throttling, errors) before routing.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authenticate } from './auth.js';
import type { CertPair } from './certs.js';
import { sendStatus } from './http.js';
import type { WriteState } from './objects.js';
import { route, routeNonResource } from './router.js';
import type { SimRequest } from './types.js';

/** What the server needs beyond the cluster state. */
export interface ServerDeps {
  readonly caPem: string;
  /** The serving certificate in force (switches with the wrongCert fault). */
  serving(): CertPair;
  readonly requests: SimRequest[];
}

const MAX_LOGGED = 20_000;
const PUBLIC_PATHS = /^\/(version|healthz|livez|readyz)(\/.*)?$/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A running HTTPS listener with the sockets it has accepted. */
export interface Listener {
  readonly server: https.Server;
  readonly sockets: Set<Socket>;
  /** Re-reads the serving certificate (after wrongCert changes). */
  refreshCert(): void;
  close(): Promise<void>;
}

async function handle(state: WriteState, deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  deps.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: { ...req.headers } });
  if (deps.requests.length > MAX_LOGGED) deps.requests.splice(0, MAX_LOGGED / 2);
  const f = state.faults;
  if (f.hang) return;
  const delay = f.latencyMs + (f.jitterMs > 0 ? Math.floor(state.random() * f.jitterMs) : 0);
  if (delay > 0) await sleep(delay);
  if (f.throttleRate > 0 && state.random() < f.throttleRate) {
    const retry = String(f.retryAfterSeconds);
    return sendStatus(res, 429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: f.retryAfterSeconds }, { 'Retry-After': retry });
  }
  if (f.errorRate > 0 && state.random() < f.errorRate) {
    if (f.errorStatus === 503) return sendStatus(res, 503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    return sendStatus(res, 500, 'InternalError', 'Internal error occurred: simulated fault');
  }
  const user = authenticate(req, state.opts);
  if (!user) {
    const anonymous = req.headers.authorization === undefined && !(req.socket as import('node:tls').TLSSocket).authorized;
    if (anonymous && PUBLIC_PATHS.test(url.pathname) && routeNonResource(state, req, res, url.pathname)) return;
    return sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
  }
  await route(state, req, res, url, user);
}

/** Starts listening on 127.0.0.1:`port` (0 = any). */
export async function listen(state: WriteState, deps: ServerDeps, port: number): Promise<Listener> {
  const cert = deps.serving();
  const server = https.createServer({
    key: cert.keyPem, cert: cert.certPem, ca: deps.caPem, requestCert: true, rejectUnauthorized: false, keepAlive: true,
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(state, deps, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendStatus(res, 500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    sockets,
    refreshCert() {
      const c = deps.serving();
      server.setSecureContext({ key: c.keyPem, cert: c.certPem, ca: deps.caPem });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      });
    },
  };
}
