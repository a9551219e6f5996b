/**
 * Proxies for cluster connections (DESIGN.md s.4): the kubeconfig's `proxy-url` when set, else `HTTPS_PROXY`
 * unless `NO_PROXY` covers the host (plain-http servers are always reached directly). Like Go's net/http, environment proxies
 * never apply to localhost and loopback addresses. Only HTTP(S) proxies are supported, by an HTTP CONNECT tunnel:
 * the TLS session to the API server runs inside the tunnel, so the proxy never sees credentials.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** True when `NO_PROXY` (comma list of hosts, `.domain` suffixes, `host:port`, or `*`) covers `host:port`. */
export function noProxyMatches(host: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    if (item === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(item.replace(/^\[|\]$/g, ''))!;
    const [, pattern = '', itemPort] = m;
    if (itemPort && itemPort !== port) continue;
    const bare = pattern.replace(/^\*?\./, '');
    if (h === bare || h.endsWith(`.${bare}`)) return true;
  }
  return false;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1';
}

/**
 * The proxy to reach `server` through, or undefined for a direct connection. `proxyUrl` is the kubeconfig's
 * `proxy-url`; `env` supplies HTTPS_PROXY/NO_PROXY (either case). Throws for a socks proxy.
 */
export function proxyFor(server: URL, proxyUrl: string | undefined, env: NodeJS.ProcessEnv): URL | undefined {
  if (server.protocol !== 'https:') return undefined;
  let chosen = proxyUrl;
  if (!chosen) {
    if (isLoopback(server.hostname) || noProxyMatches(server.hostname, server.port || '443', env.NO_PROXY ?? env.no_proxy)) return undefined;
    chosen = env.HTTPS_PROXY || env.https_proxy;
  }
  if (!chosen) return undefined;
  const url = new URL(chosen.includes('://') ? chosen : `http://${chosen}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported proxy scheme ${url.protocol.replace(/:$/, '')} (only http and https proxies are supported)`);
  }
  return url;
}

/** Opens a CONNECT tunnel to `host:port` through `proxy`; resolves with the raw socket. */
function openTunnel(proxy: URL, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `${host}:${port}` };
    if (proxy.username) {
      const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
    }
    const req = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.hostname,
      port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${host.includes(':') ? `[${host}]` : host}:${port}`,
      headers,
      agent: false,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      const err = new Error(`proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode})`) as NodeJS.ErrnoException;
      err.code = 'EPROXY';
      reject(err);
    });
    req.once('error', (cause: NodeJS.ErrnoException) => {
      const err = new Error(`cannot reach proxy ${proxy.host} (${cause.code ?? cause.message})`) as NodeJS.ErrnoException;
      err.code = 'EPROXY';
      reject(err);
    });
    req.end();
  });
}

/** An https.Agent whose connections run through an HTTP CONNECT tunnel, keep-alive pooled like a direct one. */
export class TunnelingAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly proxy: URL,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    openTunnel(this.proxy, host, Number(options.port) || 443).then(
      (socket) => {
        const servername = options.servername ?? (net.isIP(host) ? undefined : host);
        callback?.(null, tls.connect({ ...(options as tls.ConnectionOptions), socket, servername }));
      },
      (err: Error) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}
