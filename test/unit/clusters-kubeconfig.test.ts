import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSkippedName, loadKubeconfigs } from '../../src/clusters/kubeconfig.js';
import { MAX_KUBECONFIG_BYTES } from '../../src/clusters/kubeconfig-parse.js';
import { UsageError } from '../../src/errors.js';
import { kc } from '../helpers/kubeconfig.js';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-kc-'));
  env = { HOME: path.join(dir, 'home') };
});

const ids = async (flag: string[] | undefined, e = env, cwd = dir): Promise<string[]> =>
  (await loadKubeconfigs(flag, e, cwd)).entries.map((x) => x.clusterId);

async function loadError(flag: string[] | undefined, e = env): Promise<string> {
  try {
    await loadKubeconfigs(flag, e, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('clusterIds', () => {
  it('uses base names for differently named files', async () => {
    const a = kc().entry('prod').entry('dev').writeTo(dir, 'config');
    const b = kc().entry('qa').writeTo(path.join(dir, 'x'), 'other.yaml');
    const loaded = await loadKubeconfigs([a, b], env, dir);
    expect(loaded.files.map((f) => f.id)).toEqual(['config', 'other.yaml']);
    expect(loaded.entries.map((e) => [e.clusterId, e.clusterName, e.fileIndex])).toEqual([
      ['config:prod', 'prod', 0],
      ['config:dev', 'dev', 0],
      ['other.yaml:qa', 'qa', 1],
    ]);
  });

  it('uses absolute paths when two files share a base name', async () => {
    const a = kc().entry('prod').writeTo(path.join(dir, 'eu'), 'config');
    const b = kc().entry('prod').writeTo(path.join(dir, 'us'), 'config');
    expect(await ids(['eu/config', 'us/config'])).toEqual([`${dir}/eu/config:prod`, `${dir}/us/config:prod`]);
    expect((await loadKubeconfigs([a, b], env, dir)).files.map((f) => f.id)).toEqual([a, b]);
  });

  it('keeps context names with ":" and "/" whole', async () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    const f = kc().entry(arn).entry('team/dev').writeTo(dir, 'config');
    const loaded = await loadKubeconfigs([f], env, dir);
    expect(loaded.entries.map((e) => [e.clusterId, e.context, e.server])).toEqual([
      [`config:${arn}`, arn, 'https://arn-aws-eks-eu-west-1-123456789012-cluster-prod.example:6443'],
      ['config:team/dev', 'team/dev', 'https://team-dev.example:6443'],
    ]);
  });

  it('lists the same context name from two files as two entries', async () => {
    kc().entry('prod', { namespace: 'a' }).writeTo(dir, 'config');
    kc().entry('prod', { namespace: 'b' }).writeTo(dir, 'other.yaml');
    const loaded = await loadKubeconfigs(['config', 'other.yaml'], env, dir);
    expect(loaded.entries.map((e) => [e.clusterId, e.namespace])).toEqual([
      ['config:prod', 'a'],
      ['other.yaml:prod', 'b'],
    ]);
  });
});

describe('where files come from', () => {
  it('reads $KUBECONFIG, ignoring empty and missing entries', async () => {
    const a = kc().entry('a').writeTo(dir, 'a.yaml');
    const b = kc().entry('b').writeTo(dir, 'b.yaml');
    const list = ['', path.join(dir, 'missing'), a, '', '  ', b, ''].join(path.delimiter);
    expect(await ids(undefined, { ...env, KUBECONFIG: list })).toEqual(['a.yaml:a', 'b.yaml:b']);
    expect(await ids(undefined, { ...env, KUBECONFIG: `${path.join(dir, 'nope')}${path.delimiter}` })).toEqual([]);
  });

  it('prefers --kubeconfig over $KUBECONFIG, and splits its path lists', async () => {
    const a = kc().entry('a').writeTo(dir, 'a.yaml');
    const b = kc().entry('b').writeTo(dir, 'b.yaml');
    expect(await ids([`a.yaml${path.delimiter}b.yaml`], { ...env, KUBECONFIG: b })).toEqual(['a.yaml:a', 'b.yaml:b']);
    expect(await ids([b, a], { ...env, KUBECONFIG: b })).toEqual(['b.yaml:b', 'a.yaml:a']);
  });

  it('falls back to ~/.kube/config, and to nothing', async () => {
    expect(await loadKubeconfigs(undefined, env, dir)).toEqual({ files: [], entries: [] });
    kc().entry('home').current('home').writeTo(path.join(dir, 'home', '.kube'), 'config');
    const loaded = await loadKubeconfigs(undefined, env, dir);
    expect(loaded.files).toEqual([{ path: path.join(dir, 'home', '.kube', 'config'), id: 'config', currentContext: 'home' }]);
    expect(await ids(['~/.kube/config'])).toEqual(['config:home']);
  });

  it('de-duplicates by real path', async () => {
    const a = kc().entry('a').writeTo(dir, 'a.yaml');
    symlinkSync(a, path.join(dir, 'link.yaml'));
    expect(await ids(['a.yaml', 'link.yaml', path.join(dir, '.', 'a.yaml')])).toEqual(['a.yaml:a']);
  });

  it('scans a directory one level deep with every skip rule', async () => {
    const d = path.join(dir, 'configs');
    const valid = (name: string): string => kc().entry(name.replace(/[^a-z]/gi, '') || 'x').writeTo(d, name);
    for (const name of ['.hidden', '.kubeconfig', 'a.bak', 'a.old', 'a.tmp', 'a.swp', 'a.lock', 'a.log', 'a~', 'A.BAK', 'my-cache', 'token.yaml', 'Token-x', 'credentials', 'gcloud-credential.yaml', 'zeta', 'alpha.yaml']) {
      valid(name);
    }
    valid(path.join('sub', 'deeper'));
    kc().writeTo(d, 'no-contexts.yaml');
    kc().user('only-a-user', { token: 't' }).writeTo(d, 'users.yaml');
    writeFileSync(path.join(d, 'README.md'), '# not a kubeconfig\n');
    writeFileSync(path.join(d, 'broken.yaml'), 'contexts: [\n');
    writeFileSync(path.join(d, 'values.yaml'), 'replicas: 3\n');
    symlinkSync(path.join(d, 'zeta'), path.join(d, 'zeta-link'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(d, 'dangling'));
    truncateSync(kc().entry('big').writeTo(d, 'huge.yaml'), MAX_KUBECONFIG_BYTES + 1);
    execFileSync('mkfifo', [path.join(d, 'fifo')]);
    const loaded = await loadKubeconfigs([d], env, dir);
    expect(loaded.files.map((f) => path.basename(f.path))).toEqual(['.kubeconfig', 'alpha.yaml', 'zeta']);
    expect(loaded.entries.map((e) => e.clusterId)).toEqual(['.kubeconfig:kubeconfig', 'alpha.yaml:alphayaml', 'zeta:zeta']);
  });

  it.each([
    ['.hidden', true],
    ['.kubeconfig', false],
    ['config', false],
    ['config.bak', true],
    ['config~', true],
    ['CONFIG.LOG', true],
    ['token', true],
    ['my-Credentials.yaml', true],
    ['cache-dir', true],
    ['prod.yaml', false],
  ])('skip rule for %s: %s', (name, skipped) => expect(isSkippedName(name)).toBe(skipped));

  it('does not skip explicitly named files whatever their names', async () => {
    const f = kc().entry('t').writeTo(dir, 'token.bak');
    expect(await ids([f])).toEqual(['token.bak:t']);
  });
});

describe('split kubeconfigs', () => {
  it('resolves cluster and user in other files', async () => {
    kc().context('prod', { cluster: 'c1', user: 'u1', namespace: 'web' }).current('prod').writeTo(dir, 'contexts.yaml');
    kc().cluster('c1', { server: 'https://c1', 'certificate-authority': 'ca.pem' }).writeTo(path.join(dir, 'c'), 'clusters.yaml');
    kc().user('u1', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './get-token' } }).writeTo(path.join(dir, 'u'), 'users.yaml');
    for (const order of [
      ['contexts.yaml', 'c/clusters.yaml', 'u/users.yaml'],
      ['u/users.yaml', 'c/clusters.yaml', 'contexts.yaml'],
    ]) {
      const entry = (await loadKubeconfigs(order, env, dir)).entries[0]!;
      expect(entry.invalidReason).toBeUndefined();
      expect(entry.server).toBe('https://c1');
      expect(entry.clusterRef).toEqual({ name: 'c1', config: { server: 'https://c1', 'certificate-authority': 'ca.pem' }, file: path.join(dir, 'c', 'clusters.yaml') });
      expect(entry.userRef?.file).toBe(path.join(dir, 'u', 'users.yaml'));
      expect(entry.userRef?.config.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', command: './get-token' });
    }
  });

  it('prefers its own file, then earlier files', async () => {
    kc().user('u', { token: 'first' }).writeTo(dir, 'first.yaml');
    kc().user('u', { token: 'second' }).writeTo(dir, 'second.yaml');
    kc().cluster('c', { server: 'https://own' }).user('u', { token: 'own' }).context('x', { cluster: 'c', user: 'u' }).writeTo(dir, 'own.yaml');
    kc().cluster('c', { server: 'https://c' }).context('y', { cluster: 'c', user: 'u' }).writeTo(dir, 'borrow.yaml');
    const loaded = await loadKubeconfigs(['first.yaml', 'second.yaml', 'own.yaml', 'borrow.yaml'], env, dir);
    expect(loaded.entries.map((e) => [e.clusterId, e.userRef?.config.token, e.server])).toEqual([
      ['own.yaml:x', 'own', 'https://own'],
      ['borrow.yaml:y', 'first', 'https://c'],
    ]);
  });

  it('lists contexts whose cluster or user is missing with a reason', async () => {
    const f = kc()
      .cluster('c', { server: 'https://c' })
      .cluster('no-server', { 'insecure-skip-tls-verify': true })
      .context('no-cluster', { cluster: 'gone', user: 'u' })
      .context('no-user', { cluster: 'c', user: 'ghost' })
      .context('unnamed-cluster', { user: 'u' })
      .context('serverless', { cluster: 'no-server' })
      .context('anonymous', { cluster: 'c' })
      .writeTo(dir, 'config');
    const loaded = await loadKubeconfigs([f], env, dir);
    expect(loaded.entries.map((e) => [e.clusterName, e.invalidReason])).toEqual([
      ['no-cluster', 'cluster "gone" not found'],
      ['no-user', 'user "ghost" not found'],
      ['unnamed-cluster', 'the context names no cluster'],
      ['serverless', 'cluster "no-server" has no server'],
      ['anonymous', undefined],
    ]);
  });

  it('reads JSON, CRLF, empty files and current-context', async () => {
    writeFileSync(path.join(dir, 'j.json'), JSON.stringify(kc().entry('j').current('j').toObject()));
    writeFileSync(path.join(dir, 'crlf'), kc().entry('w').toYaml().replace(/\n/g, '\r\n'));
    writeFileSync(path.join(dir, 'empty'), '');
    writeFileSync(path.join(dir, 'comments'), '# nothing here\n');
    const loaded = await loadKubeconfigs(['j.json', 'crlf', 'empty', 'comments'], env, dir);
    expect(loaded.entries.map((e) => [e.clusterId, e.current])).toEqual([
      ['j.json:j', true],
      ['crlf:w', false],
    ]);
    expect(loaded.files.map((f) => f.currentContext)).toEqual(['j', undefined, undefined, undefined]);
  });
});

describe('files that cannot be used', () => {
  const write = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it.each<[string, string, string]>([
    ['syntax error', 'apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: "c\n', ':4: Missing closing "quote'],
    ['contexts: 5', 'apiVersion: v1\nclusters: []\ncontexts: 5\n', ':3: "contexts" must be a list, not a number'],
    ['a context without a name', 'contexts:\n- name: a\n  context: {}\n- context:\n    cluster: c\n', ':4: contexts[1] has no name'],
    ['a numeric name', 'users:\n- name: 5\n  user: {}\n', ':2: users[0] "name" must be a string, not a number'],
    ['a context that is a list', 'contexts:\n- name: a\n  context: [1]\n', ':3: contexts[0] "context" must be a mapping, not a list'],
    ['an item that is a string', 'clusters:\n- just-a-name\n', ':2: clusters[0] must be a mapping with a name, not a string'],
    ['duplicate context names', 'contexts:\n- name: a\n- name: b\n- name: a\n', ':4: duplicate context name "a" in "contexts"'],
    ['namespace of the wrong type', 'contexts:\n- name: a\n  context:\n    namespace: [x]\n', ':4: contexts[0] (a) "namespace" must be a string, not a list'],
    ['server of the wrong type', 'clusters:\n- name: c\n  cluster:\n    server: {a: 1}\n', ':4: clusters[0] (c) "server" must be a string, not a mapping'],
    ['a top-level list', '- a\n- b\n', ':1: not a kubeconfig: expected a mapping at the top level, found a list'],
    ['a scalar', 'hello world\n', ':1: not a kubeconfig: expected a mapping at the top level, found a string'],
    ['another YAML file', 'replicas: 3\nimage: nginx\n', ':1: not a kubeconfig: it has none of'],
    ['a Pod', 'kind: Pod\napiVersion: v1\n', ':1: not a kubeconfig: kind is "Pod", not "Config"'],
    ['duplicate keys', 'contexts: []\ncontexts: []\n', ':2: Map keys must be unique'],
    ['an unresolved alias', 'contexts: *nope\n', ':1: '],
    ['current-context of the wrong type', 'contexts: []\ncurrent-context: [a]\n', ':2: top-level "current-context" must be a string, not a list'],
  ])('%s', async (_name, text, expected) => {
    const f = write('bad', text);
    expect(await loadError([f])).toContain(`${f}${expected}`);
  });

  it('fails the same way for $KUBECONFIG entries and the default file', async () => {
    const f = write('bad', 'contexts: 5\n');
    expect(await loadError(undefined, { ...env, KUBECONFIG: f })).toBe(`${f}:1: "contexts" must be a list, not a number`);
    mkdirSync(path.join(dir, 'home', '.kube'), { recursive: true });
    writeFileSync(path.join(dir, 'home', '.kube', 'config'), 'users: {}\n');
    expect(await loadError(undefined)).toBe(`${path.join(dir, 'home', '.kube', 'config')}:1: "users" must be a list, not a mapping`);
  });

  it('names a missing, unreadable, oversized or special file', async () => {
    expect(await loadError(['missing.yaml'])).toBe(`${dir}/missing.yaml: cannot read kubeconfig: no such file or directory`);
    const f = write('plain', 'x');
    expect(await loadError([`${f}/inner`])).toBe(`${f}/inner: cannot read kubeconfig: ENOTDIR`);
    const big = write('big', '');
    truncateSync(big, MAX_KUBECONFIG_BYTES + 1);
    expect(await loadError([big])).toBe(`${big}: kubeconfig is too large (${MAX_KUBECONFIG_BYTES + 1} bytes; the limit is ${MAX_KUBECONFIG_BYTES})`);
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(await loadError(['fifo'])).toBe(`${dir}/fifo: cannot read kubeconfig: not a regular file`);
  });

  it.skipIf(process.getuid?.() === 0)('names a file it has no permission to read', async () => {
    const f = write('secret', 'contexts: []\n');
    execFileSync('chmod', ['000', f]);
    expect(await loadError([f])).toBe(`${f}: cannot read kubeconfig: permission denied`);
  });

  it('never echoes a token from the file', async () => {
    const f = write('tok', 'users:\n- name: u\n  user:\n    token: "s3cr3t-token\\q"\n');
    const message = await loadError([f]);
    expect(message).not.toContain('s3cr3t');
    expect(message).toMatch(/^.*tok:4: /);
  });
});
