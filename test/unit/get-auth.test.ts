import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterTls, createCredentialStore, CredentialError, resolveCredentials, toLibraryCluster, toLibraryUser, userIdentity } from '../../src/clusters/auth.js';
import { ref } from '../helpers/get-fixtures.js';

describe('kubeconfig objects in the library shape', () => {
  it('converts a cluster, resolving relative files against its kubeconfig folder', () => {
    const c = toLibraryCluster(
      ref('c', { 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true, 'tls-server-name': 'k', 'proxy-url': 'http://p:1' }, '/k/dir/config'),
      'https://h:1/',
    );
    expect(c).toEqual({ name: 'c', server: 'https://h:1', caData: undefined, caFile: '/k/dir/ca.crt', skipTLSVerify: true, tlsServerName: 'k', proxyUrl: 'http://p:1' });
    expect(clusterTls({ ...c, caFile: undefined, caData: Buffer.from('PEM').toString('base64') })).toEqual({ ca: Buffer.from('PEM'), rejectUnauthorized: false, servername: 'k' });
    expect(() => clusterTls(c)).toThrow(CredentialError);
  });

  it('converts a user: token-file read and trimmed, exec command resolved when it has a slash', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-auth-'));
    writeFileSync(path.join(dir, 'tok'), 's3cret\n');
    const u = toLibraryUser(
      ref('u', { 'token-file': 'tok', 'client-certificate': '/abs/c.crt', 'client-key-data': 'S0VZ', as: 'alice', exec: { command: './plugin.js', args: ['x'] } }, path.join(dir, 'config')),
    );
    expect(u).toMatchObject({ name: 'u', token: 's3cret', certFile: '/abs/c.crt', keyData: 'S0VZ', impersonateUser: 'alice', exec: { command: path.join(dir, 'plugin.js'), args: ['x'] } });
    expect(toLibraryUser(ref('u', { exec: { command: 'gke-auth' } })).exec).toEqual({ command: 'gke-auth' });
    expect(toLibraryUser(undefined)).toEqual({ name: '' });
    expect(() => toLibraryUser(ref('u', { 'token-file': '/nonexistent/tok' }))).toThrow(/cannot read token-file \/nonexistent\/tok of user "u"/);
  });

  it('identifies users by config, not name', () => {
    const a = toLibraryUser(ref('a', { token: 't' }));
    const b = toLibraryUser(ref('b', { token: 't' }, '/other/config'));
    const c = toLibraryUser(ref('a', { token: 'u' }));
    expect(userIdentity(a)).toBe(userIdentity(b));
    expect(userIdentity(a)).not.toBe(userIdentity(c));
  });
});

describe('credentials', () => {
  it('applies token, basic auth, impersonation and client certs', async () => {
    expect(await resolveCredentials(toLibraryUser(ref('u', { token: 'abc', as: 'bob' })))).toEqual({
      headers: { Authorization: 'Bearer abc', 'Impersonate-User': 'bob' },
      cert: undefined,
      key: undefined,
    });
    expect((await resolveCredentials(toLibraryUser(ref('u', { username: 'al', password: 'pw' })))).headers.Authorization).toBe(`Basic ${Buffer.from('al:pw').toString('base64')}`);
    const withCert = await resolveCredentials(toLibraryUser(ref('u', { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' })));
    expect([String(withCert.cert), String(withCert.key)]).toEqual(['CERT', 'KEY']);
    await expect(resolveCredentials(toLibraryUser(ref('u', { 'client-key': '/nope/key' })))).rejects.toThrow('cannot read client-key /nope/key');
  });

  it('runs an exec plugin and never shows its output on failure', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-exec-'));
    const good = path.join(dir, 'good.sh');
    writeFileSync(good, '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}\'\n', { mode: 0o755 });
    const bad = path.join(dir, 'bad.sh');
    writeFileSync(bad, '#!/bin/sh\necho "leaked-secret" >&2\nexit 3\n', { mode: 0o755 });
    expect((await resolveCredentials(toLibraryUser(ref('u', { exec: { command: good } })))).headers.Authorization).toBe('Bearer from-plugin');
    const failure = await resolveCredentials(toLibraryUser(ref('u', { exec: { command: bad } }))).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(CredentialError);
    expect((failure as Error).message).toBe('exec credential plugin "bad.sh" failed');
    const missing = await resolveCredentials(toLibraryUser(ref('u', { exec: { command: path.join(dir, 'none') } }))).catch((e: Error) => e);
    expect((missing as Error).message).toBe('exec credential plugin "none" failed: command not found');
  });

  it('shares one resolution per user identity', async () => {
    let runs = 0;
    const store = createCredentialStore(async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return { headers: { Authorization: 'Bearer x' } };
    });
    const user = toLibraryUser(ref('u', { exec: { command: 'p' } }));
    const twin = toLibraryUser(ref('v', { exec: { command: 'p' } }, '/other'));
    await Promise.all([store.credentialsFor(user), store.credentialsFor(user), store.credentialsFor(twin)]);
    expect(runs).toBe(1);
    await store.credentialsFor(toLibraryUser(ref('w', { token: 'z' })));
    expect(runs).toBe(2);
  });
});
