/**
 * A plain node:https client for simulator tests: verifies the server against the cluster CA (never insecure),
 * sends a token or a client certificate, and reads whole bodies or watch streams.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { SimCluster } from '../../src/sim/index.js';

/** A finished response. */
export interface SimResponse {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Request options. `token: null` sends no Authorization header; default is the admin token. */
export interface CallOptions {
  method?: string;
  accept?: string;
  token?: string | null;
  body?: string | Buffer;
  contentType?: string;
  cert?: { certPem: string; keyPem: string };
  ca?: string;
  headers?: Record<string, string>;
}

function open(cluster: SimCluster, path: string, o: CallOptions): Promise<IncomingMessage> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.accept) headers.accept = o.accept;
  const token = o.token === undefined ? cluster.tokenFor() : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (o.contentType) headers['content-type'] = o.contentType;
  if (o.body !== undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
  return new Promise((resolve, reject) => {
    const req = https.request(`${cluster.url}${path}`, {
      method: o.method ?? 'GET', headers, ca: o.ca ?? cluster.caPem, cert: o.cert?.certPem, key: o.cert?.keyPem, agent: false,
    }, resolve);
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends a request and reads the whole body (JSON-parsed when it parses). */
export async function call(cluster: SimCluster, path: string, o: CallOptions = {}): Promise<SimResponse> {
  const res = await open(cluster, path, o);
  let text = '';
  for await (const chunk of res) text += chunk;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode ?? 0, headers: res.headers, text, json };
}

/** An open watch: events as they arrive, `next()` waits for the next one, `close()` ends it. */
export interface WatchStream {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  events: any[];
  ended: Promise<'end' | 'error'>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  next(timeoutMs?: number): Promise<any>;
  status: number;
  close(): void;
}

/** Opens a watch (or any line stream) and parses newline-delimited events; lines that are not JSON stay strings. */
export async function watch(cluster: SimCluster, path: string, o: CallOptions = {}): Promise<WatchStream> {
  const res = await open(cluster, path, o);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const events: any[] = [];
  let buffer = '';
  let consumed = 0;
  const waiters: (() => void)[] = [];
  const wake = (): void => waiters.splice(0).forEach((w) => w());
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (!line.trim()) continue;
      try {
        events.push(JSON.parse(line));
      } catch {
        events.push(line); // log streams are plain text
      }
    }
    wake();
  });
  const ended = new Promise<'end' | 'error'>((resolve) => {
    res.on('end', () => { wake(); resolve('end'); });
    res.on('error', () => { wake(); resolve('error'); });
    res.on('aborted', () => { wake(); resolve('error'); });
    res.on('close', () => { wake(); resolve(res.complete ? 'end' : 'error'); });
  });
  return {
    events,
    ended,
    status: res.statusCode ?? 0,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (consumed >= events.length) {
        if (res.destroyed || res.complete || Date.now() > deadline) throw new Error(`no watch event within ${timeoutMs} ms`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return events[consumed++];
    },
    close() {
      res.destroy();
    },
  };
}
