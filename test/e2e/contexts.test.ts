/**
 * The main paths of `kubemux contexts` through the built binary (run `npm run build` first): identity, the duplicate
 * rule, file sources, `contexts use`, and a sample of the damaged-kubeconfig corpus.
 */
import { mkdtempSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli, testEnv } from '../helpers/cli.js';
import { damagedKubeconfigs } from '../helpers/damaged-kubeconfigs.js';
import { kc } from '../helpers/kubeconfig.js';

const DUP = 'prod is already active. Duplicate context names are not allowed.';
const ARN = 'arn:aws:eks:us-east-1:123456789012:cluster/team/payments';

let dir: string;
let env: NodeJS.ProcessEnv;
const ndjson = (text: string): Record<string, unknown>[] => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-e2e-ctx-'));
  env = testEnv();
});

describe('kubemux contexts (built binary)', () => {
  it('gives clusterIds from base names, absolute paths on collisions, and keeps ":" and "/" in names', async () => {
    kc().entry('prod').entry(ARN).current('prod').writeTo(path.join(dir, 'eu'), 'config');
    kc().entry('prod').writeTo(path.join(dir, 'us'), 'config');
    kc().entry('qa').writeTo(dir, 'other.yaml');
    const list = [path.join(dir, 'eu', 'config'), path.join(dir, 'us', 'config'), path.join(dir, 'other.yaml')].join(path.delimiter);
    const r = await runCli(['contexts', '-o', 'ndjson'], { env: { ...env, KUBECONFIG: list } });
    expect(r.exitCode).toBe(0);
    expect(ndjson(r.stdout).map((x) => [x.clusterId, x.clusterName, x.active, x.disabledReason])).toEqual([
      [`${dir}/eu/config:prod`, 'prod', true, null],
      [`${dir}/eu/config:${ARN}`, ARN, false, null],
      [`${dir}/us/config:prod`, 'prod', false, DUP],
      ['other.yaml:qa', 'qa', false, null],
    ]);
  });

  it('rejects explicit duplicates with exit 2 and warns about them with --all-contexts', async () => {
    kc().entry('prod').entry('dev').current('dev').writeTo(dir, 'config');
    kc().entry('prod').writeTo(dir, 'other.yaml');
    const flags = ['--kubeconfig', path.join(dir, 'config'), '--kubeconfig', path.join(dir, 'other.yaml')];
    for (const sels of [
      ['--context', 'prod', '--context', 'other.yaml:prod'],
      ['--context', 'prod', '--context', 'prod'],
    ]) {
      for (const command of [['contexts'], ['get', 'pods'], ['watch', 'pods']]) {
        // Nothing is sent to any cluster: the builder's servers do not exist, and the answer is still exit 2.
        expect(await runCli([...command, ...flags, ...sels], { env })).toEqual({ exitCode: 2, stdout: '', stderr: `${DUP}\n` });
      }
    }
    const all = await runCli(['contexts', ...flags, '--all-contexts'], { env });
    expect(all.exitCode).toBe(0);
    expect(all.stderr).toBe(`${DUP}\n`);
    expect(all.stdout).toMatch(new RegExp(`\\n\\s+prod\\s+other\\.yaml:prod\\s+\\S+\\s+${DUP.replace(/\./g, '\\.')}\\n`));
  });

  it('honours $KUBECONFIG with empty and missing entries, directories with skip rules, and split files', async () => {
    kc().context('prod', { cluster: 'c', user: 'u' }).current('prod').writeTo(dir, 'contexts.yaml');
    kc().user('u', { token: 't' }).cluster('c', { server: 'https://c:6443' }).writeTo(dir, 'creds-and-clusters.yaml');
    const list = ['', path.join(dir, 'missing'), path.join(dir, 'contexts.yaml'), '', path.join(dir, 'creds-and-clusters.yaml')].join(path.delimiter);
    const split = await runCli(['contexts', '-o', 'json'], { env: { ...env, KUBECONFIG: list } });
    expect(split.exitCode).toBe(0);
    expect(JSON.parse(split.stdout).items).toMatchObject([{ clusterId: 'contexts.yaml:prod', server: 'https://c:6443', invalidReason: null, active: true }]);

    const d = path.join(dir, 'configs');
    kc().entry('kept').writeTo(d, 'kept.yaml');
    for (const skipped of ['.hidden', 'x.bak', 'x.swp', 'x~', 'token', 'credentials.yaml', 'cache']) kc().entry('skipped').writeTo(d, skipped);
    writeFileSync(path.join(d, 'notes.txt'), 'hello: [\n');
    symlinkSync(path.join(d, 'kept.yaml'), path.join(d, 'kept-link.yaml'));
    const scanned = await runCli(['contexts', '--kubeconfig', d, '-o', 'name'], { env });
    expect(scanned).toEqual({ exitCode: 0, stdout: 'kept\n', stderr: '' });
  });

  it('saves a selection with mode 0600, uses it, and reports a stale id', async () => {
    const config = kc().entry('a').entry('b').current('a').writeTo(dir, 'config');
    const e: NodeJS.ProcessEnv = { ...env, KUBECONFIG: config };
    const saved = path.join(e.XDG_CONFIG_HOME!, 'kubemux', 'config.yaml');
    expect((await runCli(['contexts', 'use', 'a', 'config:b'], { env: e })).exitCode).toBe(0);
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    expect(readFileSync(saved, 'utf8')).toContain('- config:a\n  - config:b\n');
    kc().entry('a').current('a').writeTo(dir, 'config');
    const r = await runCli(['contexts', '-o', 'ndjson'], { env: e });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('saved context "config:b" no longer exists');
    expect(ndjson(r.stdout).map((x) => x.active)).toEqual([true]);
    expect((await runCli(['contexts', 'use', '--clear'], { env: e })).exitCode).toBe(0);
  });

  it('reports bad input on one line with exit 2: an unknown context, an unknown flag', async () => {
    const config = kc().entry('prod').writeTo(dir, 'config');
    const e = { ...env, KUBECONFIG: config };
    expect(await runCli(['contexts', '--context', 'prdo'], { env: e })).toEqual({ exitCode: 2, stdout: '', stderr: 'error: context "prdo" not found; did you mean "prod"?\n' });
    const flag = await runCli(['contexts', '--bogus'], { env: e });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('what reading kubeconfigs loads', () => {
  const FORBID = fileURLToPath(new URL('../helpers/forbid-modules.mjs', import.meta.url));
  const run = (args: string[], forbid: string) =>
    execa(process.execPath, ['--import', FORBID, BIN, ...args], { env: { ...env, FORBID_MODULES: forbid }, extendEnv: false, reject: false });

  it('never loads the Kubernetes client, nor yaml for files as kubectl writes them', async () => {
    const file = kc().entry('prod', { namespace: 'web' }).entry(ARN).current('prod').writeTo(dir, 'config');
    for (const format of ['name', 'table', 'wide', 'ndjson', 'json']) {
      const r = await run(['contexts', '-o', format, '--kubeconfig', file], 'yaml,@kubernetes/client-node');
      expect([r.exitCode, r.stderr]).toEqual([0, '']);
    }
    const sanity = await run(['contexts', '-o', 'yaml', '--kubeconfig', file], 'yaml');
    expect(sanity.exitCode).toBe(1);
    expect(sanity.stderr).toContain('forbidden module loaded: yaml');
  });

  it('loads yaml, but not the client, to report a malformed file', async () => {
    writeFileSync(path.join(dir, 'bad'), 'contexts: [\n');
    const r = await run(['contexts', '--kubeconfig', path.join(dir, 'bad')], '@kubernetes/client-node');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: .*\/bad:1: /);
  });
});

describe('damaged kubeconfigs through the built binary', () => {
  const corpus = damagedKubeconfigs();
  // Every 25th case: a sample across all kinds (the whole corpus runs in-process in test/command).
  const sample = corpus.filter((_, i) => i % 25 === 0);
  it.each(sample.map((c) => [c.name, c] as const))('%s: exit 2 and one line naming the file', async (_name, c) => {
    const file = path.join(dir, c.name);
    writeFileSync(file, c.content);
    if (c.sparseSize) truncateSync(file, c.sparseSize);
    const r = await runCli(['contexts', '--kubeconfig', file], { env, timeoutMs: 30_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`error: ${file}:`)).toBe(true);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
