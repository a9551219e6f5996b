import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortReason, createClientPool, parseJson, readBody, readJson } from '../../src/clusters/client.js';
import { ClusterError } from '../../src/errors.js';
import { entryFor, fakeResponse, ref } from '../helpers/get-fixtures.js';

describe('cluster client over plain http', () => {
  let server: http.Server;
  let url: string;
  const seen: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.url?.includes('slow')) return setTimeout(() => res.end('{}'), 2000);
        if (req.url?.includes('halfway')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"items": [');
          return setTimeout(() => res.destroy(), 50);
        }
        if (req.url?.includes('text')) return res.end('not json');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ path: req.url }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const entry = (server = url) => entryFor('plain', { server, clusterRef: ref('plain', { server }), userRef: ref('u', { token: 'never-sent-over-http' }) });

  it('prefixes the server path, sends no credentials over http, logs requests without headers', async () => {
    const lines: string[] = [];
    const pool = createClientPool({ env: {}, requestTimeoutMs: 0, debug: (l) => lines.push(l) });
    const client = await pool.clientFor(entry(`${url}/clusters/a/`));
    expect(await pool.clientFor(entry(`${url}/clusters/a/`))).toBe(client);
    const res = await client.request('/api?x=1', { method: 'POST', body: '{"a":1}', accept: 'application/json' });
    expect(await readJson(client.entry, res)).toEqual({ path: '/clusters/a/api?x=1' });
    const last = seen.at(-1)!;
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['user-agent']).toMatch(/^kubemux\//);
    expect(last.body).toBe('{"a":1}');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^POST ${url}/clusters/a/api\\?x=1 200 in \\d+ms$`))]);
    pool.close();
  });

  it('maps aborts, request timeouts, dropped bodies and bad JSON to ClusterErrors', async () => {
    const lines: string[] = [];
    const pool = createClientPool({ env: {}, requestTimeoutMs: 0, debug: (l) => lines.push(l) });
    const client = await pool.clientFor(entry());
    const aborted = new AbortController();
    aborted.abort(new ClusterError('x', 'plain', 'Timeout', 'no answer within 1s'));
    await expect(client.request('/a', { signal: aborted.signal })).rejects.toMatchObject({ reason: 'Timeout', message: 'no answer within 1s' });
    await expect(client.request('/slow', { timeoutMs: 50 })).rejects.toMatchObject({ reason: 'Timeout', message: 'the request timed out' });
    const both = new AbortController();
    const racing = client.request('/slow', { signal: both.signal, timeoutMs: 5000 });
    both.abort();
    await expect(racing).rejects.toMatchObject({ reason: 'Canceled' });
    const half = await client.request('/halfway');
    await expect(readJson(client.entry, half)).rejects.toMatchObject({ reason: 'ConnectionReset' });
    const ctl = new AbortController();
    const half2 = await client.request('/halfway', { signal: ctl.signal });
    setTimeout(() => ctl.abort(new ClusterError('x', 'plain', 'Timeout', 'late')), 10);
    await expect(readBody(client.entry, half2, ctl.signal)).rejects.toMatchObject({ message: 'late' });
    await expect(readJson(client.entry, await client.request('/text'))).rejects.toMatchObject({ reason: 'BadResponse', code: 200 });
    expect(lines.some((l) => l.includes('failed: '))).toBe(true);
    pool.close();
  });

  it('fails entries that cannot be used, with the reason', async () => {
    const pool = createClientPool({ env: {}, requestTimeoutMs: 0 });
    await expect(pool.clientFor(entryFor('bad', { invalidReason: 'cluster "gone" not found' }))).rejects.toMatchObject({ reason: 'ConfigError', message: 'cluster "gone" not found' });
    await expect(pool.clientFor(entryFor('noserver', { server: undefined }))).rejects.toMatchObject({ message: 'the context has no cluster server' });
    await expect(pool.clientFor(entryFor('url', { server: 'http://[bad', clusterRef: ref('c', {}) }))).rejects.toMatchObject({ message: 'invalid server URL "http://[bad"' });
    const https = { server: 'https://127.0.0.1:1', clusterRef: ref('c', { 'certificate-authority': '/nonexistent/ca.crt' }) };
    await expect(pool.clientFor(entryFor('ca', https))).rejects.toMatchObject({ reason: 'AuthError', message: 'cannot read certificate-authority /nonexistent/ca.crt' });
    const socks = { server: 'https://127.0.0.1:1', clusterRef: ref('c', { 'proxy-url': 'socks5://p:1' }) };
    await expect(pool.clientFor(entryFor('socks', socks))).rejects.toMatchObject({ reason: 'ConfigError' });
    pool.close();
  });

  it('words aborts without a ClusterError reason as interruptions', () => {
    const c = new AbortController();
    c.abort();
    expect(abortReason(entryFor('x'), c.signal).reason).toBe('Canceled');
    expect(() => parseJson(entryFor('x'), Buffer.from('{'), undefined)).toThrow('the server sent a body that is not JSON (HTTP 0)');
  });

  it('reads Status errors from non-2xx responses', async () => {
    const body = JSON.stringify({ kind: 'Status', reason: 'NotFound', message: 'pods "x" not found', code: 404 });
    await expect(readBody(entryFor('x'), fakeResponse(404, body))).rejects.toMatchObject({ reason: 'NotFound', code: 404 });
  });
});
