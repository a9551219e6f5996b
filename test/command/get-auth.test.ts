import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { runInProcess, testEnv } from '../helpers/cli.js';
import { listRequests } from '../helpers/fleet.js';

const TOKEN = 'tok-Zq8sharedSECRETvalue';
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-auth-'));

/** A kubeconfig (JSON is YAML) with one context per cluster; `user` maps a cluster to its user name. */
function kubeconfig(clusters: SimCluster[], users: Record<string, Record<string, unknown>>, userOf: (c: SimCluster) => string, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, `kc-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64'), ...extra } })),
      users: Object.entries(users).map(([name, user]) => ({ name, user })),
      contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: userOf(c) } })),
      'current-context': clusters[0]!.name,
    }),
  );
  return file;
}

describe('credentials, proxies and secrets', () => {
  let clusters: SimCluster[];
  let keyPem: string;
  let certPem: string;
  beforeAll(async () => {
    clusters = await Promise.all(['a', 'b', 'c'].map((name) => startCluster({ name, pods: 2, users: [{ name: 'admin', token: TOKEN }, { name: 'alice' }] })));
    ({ certPem, keyPem } = await clusters[0]!.clientCertFor('alice'));
  });
  afterAll(async () => void (await Promise.all(clusters.map((c) => c.stop()))));

  it('runs an exec credential plugin once for three contexts of one user', async () => {
    const counter = path.join(dir, 'runs');
    writeFileSync(counter, '');
    const plugin = path.join(dir, 'plugin.cjs');
    writeFileSync(
      plugin,
      `require('fs').appendFileSync(process.env.COUNT_FILE, 'x');
       console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN } }));`,
    );
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], env: [{ name: 'COUNT_FILE', value: counter }, { name: 'PLUGIN_TOKEN', value: TOKEN }] };
    const file = kubeconfig(clusters, { shared: { exec } }, () => 'shared');
    const r = await runInProcess(['get', 'pods', '-A', '-o', 'name', '--kubeconfig', file, '--all-contexts'], { env: testEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(readFileSync(counter, 'utf8')).toBe('x');
    await runInProcess(['get', 'pods', '-A', '-o', 'name', '--kubeconfig', file, '--all-contexts'], { env: testEnv() });
    expect(readFileSync(counter, 'utf8')).toBe('xx');
  });

  it('authenticates with a client certificate', async () => {
    const user = { 'client-certificate-data': Buffer.from(certPem).toString('base64'), 'client-key-data': Buffer.from(keyPem).toString('base64') };
    const file = kubeconfig([clusters[0]!], { alice: user }, () => 'alice');
    const r = await runInProcess(['get', 'ns', '-o', 'name', '--kubeconfig', file], { env: testEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('a namespace/default\n');
  });

  it('tunnels through the kubeconfig proxy-url with HTTP CONNECT', async () => {
    const connects: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host === 'blocked' ? '127.0.0.2' : host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      const file = kubeconfig([clusters[1]!], { admin: { token: TOKEN } }, () => 'admin', { 'proxy-url': `http://127.0.0.1:${port}` });
      const r = await runInProcess(['get', 'pods', '-A', '-o', 'name', '--kubeconfig', file], { env: testEnv() });
      expect(r.exitCode).toBe(0);
      expect(connects.length).toBeGreaterThan(0);
      expect(new Set(connects)).toEqual(new Set([clusters[1]!.url.replace('https://', '')]));
      const denied = kubeconfig([{ name: 'b', url: 'https://blocked:1', caPem: clusters[1]!.caPem } as SimCluster], { admin: { token: TOKEN } }, () => 'admin', { 'proxy-url': `http://127.0.0.1:${port}` });
      const deniedRun = await runInProcess(['get', 'pods', '--kubeconfig', denied], { env: testEnv() });
      expect(deniedRun.stderr).toMatch(/^error: \[b\] ProxyError: proxy 127.0.0.1:\d+ refused the tunnel \(HTTP 502\)/);
      const refused = kubeconfig([clusters[1]!], { admin: { token: TOKEN } }, () => 'admin', { 'proxy-url': 'http://127.0.0.1:1' });
      const bad = await runInProcess(['get', 'pods', '--kubeconfig', refused], { env: testEnv() });
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr).toBe('error: [b] ProxyError: cannot reach proxy 127.0.0.1:1 (ECONNREFUSED)\n');
    } finally {
      proxy.close();
    }
  });

  it('tunnels through HTTPS_PROXY unless NO_PROXY covers the host', async () => {
    const connects: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      connects.push(req.url ?? '');
      const port = Number((req.url ?? '').split(':')[1]);
      const upstream = net.connect(port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      const named = { name: 'a', url: clusters[0]!.url.replace('127.0.0.1', 'kube.test'), caPem: clusters[0]!.caPem } as SimCluster;
      const file = kubeconfig([named], { admin: { token: TOKEN } }, () => 'admin', { 'tls-server-name': 'localhost' });
      const via = await runInProcess(['get', 'ns', '-o', 'name', '--kubeconfig', file], { env: testEnv({ HTTPS_PROXY: proxyUrl }) });
      expect([via.exitCode, via.stderr]).toEqual([0, '']);
      expect(via.stdout).toContain('a namespace/default\n');
      expect(connects[0]).toBe(named.url.replace('https://', ''));
      const direct = await runInProcess(['get', 'ns', '--kubeconfig', file], { env: testEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: '.test' }) });
      expect(direct.stderr).toBe('error: [a] HostNotFound: no such host "kube.test"\n');
    } finally {
      proxy.close();
    }
  });

  it('reads a 2,000-pod cluster in pages of 500', async () => {
    const big = await startCluster({ name: 'big', pods: 2000, users: [{ name: 'admin', token: TOKEN }] });
    try {
      const file = kubeconfig([big], { admin: { token: TOKEN } }, () => 'admin');
      const r = await runInProcess(['get', 'pods', '-A', '-o', 'ndjson', '--kubeconfig', file], { env: testEnv() });
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2000);
      const pages = listRequests(big, '/api/v1/pods');
      expect(pages.map((p) => p.query.get('limit'))).toEqual(['500', '500', '500', '500', '500'].slice(0, pages.length));
      expect(pages.length).toBe(Math.ceil(big.list('pods').length / 500));
      expect(pages.slice(1).every((p) => !!p.query.get('continue'))).toBe(true);
    } finally {
      await big.stop();
    }
  });

  it('never prints a token, key or password, in any format, on error paths, or with KUBEMUX_DEBUG=1', async () => {
    const password = 'pw-Xy7secretPASSWORD';
    const keyBody = keyPem.split('\n')[1]!;
    const users = {
      admin: { token: TOKEN },
      wrong: { token: `${TOKEN}-wrong` },
      basic: { username: 'bob', password },
      cert: { 'client-certificate-data': Buffer.from(certPem).toString('base64'), 'client-key-data': Buffer.from(keyPem).toString('base64') },
    };
    const byCluster: Record<string, string> = { a: 'admin', b: 'wrong', c: 'basic' };
    const file = kubeconfig(clusters, users, (c) => byCluster[c.name]!);
    const certFile = kubeconfig([clusters[0]!], users, () => 'cert');
    const env = testEnv({ KUBEMUX_DEBUG: '1' });
    const outputs: string[] = [];
    for (const format of ['table', 'wide', 'ndjson', 'json', 'yaml', 'name', 'custom-columns=N:.metadata.name']) {
      const r = await runInProcess(['get', 'pods,gizmos', '-A', '-o', format, '--kubeconfig', file, '--all-contexts'], { env });
      outputs.push(r.stdout, r.stderr);
      const ok = await runInProcess(['get', 'pods', '-A', '-o', format, '--kubeconfig', file, '--all-contexts'], { env });
      expect(ok.exitCode).toBe(3);
      outputs.push(ok.stdout, ok.stderr);
    }
    const viaCert = await runInProcess(['get', 'pods', '-A', '--kubeconfig', certFile], { env });
    outputs.push(viaCert.stdout, viaCert.stderr);
    const all = outputs.join('\n');
    expect(all).toContain('debug: GET https://127.0.0.1:');
    expect(all).toContain('Unauthorized');
    for (const secret of [TOKEN, password, keyBody, Buffer.from(`bob:${password}`).toString('base64')]) expect(all).not.toContain(secret);
  });
});
