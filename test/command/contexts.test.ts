import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { runContexts } from '../../src/commands/contexts.js';
import type { Io } from '../../src/io.js';
import { Capture, runInProcess, testEnv } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

const DUP = 'prod is already active. Duplicate context names are not allowed.';
const ARN = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments';

let dir: string;
let env: NodeJS.ProcessEnv;
const run = (args: string[], e = env) => runInProcess(args, { env: e, cwd: dir });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-ctx-'));
  env = testEnv();
  kc().entry('prod', { server: 'https://prod:6443', namespace: 'web' }).entry('dev').entry(ARN).current('dev').writeTo(dir, 'config');
  kc().entry('prod', { server: 'https://prod2:6443' }).entry('qa', { server: 'https://qa:6443' }).context('broken', { cluster: 'gone' }).writeTo(dir, 'other.yaml');
  env.KUBECONFIG = [path.join(dir, 'config'), path.join(dir, 'other.yaml')].join(path.delimiter);
});

describe('kubemux contexts', () => {
  it('prints the table with ACTIVE from the current-context and NOTE', async () => {
    kc().entry('prod', { server: 'https://prod:6443', namespace: 'web' }).entry('dev', { server: 'https://dev:6443' }).current('dev').writeTo(dir, 'a');
    kc().entry('prod', { server: 'https://p2:6443' }).context('broken', { cluster: 'gone' }).writeTo(dir, 'b.yaml');
    const r = await run(['contexts'], { ...env, KUBECONFIG: [path.join(dir, 'a'), path.join(dir, 'b.yaml')].join(path.delimiter) });
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        'ACTIVE   NAME     CLUSTER-ID      SERVER              NAMESPACE   NOTE',
        '         prod     a:prod          https://prod:6443   web         ',
        '*        dev      a:dev           https://dev:6443                current in a',
        '         prod     b.yaml:prod     https://p2:6443                 ',
        '         broken   b.yaml:broken                                   invalid: cluster "gone" not found',
        '',
      ].join('\n'),
    });
  });

  it('says which file makes an entry current, split kubeconfigs included', async () => {
    kc().current('split').writeTo(dir, 'prefs');
    kc().entry('split').entry('own').current('own').writeTo(dir, 'contexts.yaml');
    kc().entry('own').current('own').writeTo(dir, 'third');
    const files = ['prefs', 'contexts.yaml', 'third'].map((f) => path.join(dir, f)).join(path.delimiter);
    const r = await run(['contexts', '-o', 'wide', '--no-headers'], { ...env, KUBECONFIG: files });
    const notes = r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/^.*\.example:6443\s+\S+\s+\S+\s+\S+\s*/, ''));
    expect(notes).toEqual(['current in prefs', 'current in contexts.yaml', 'current in third']);
    const records = (await run(['contexts', '-o', 'ndjson'], { ...env, KUBECONFIG: files })).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => [x.clusterId, x.current, x.active])).toEqual([
      ['contexts.yaml:split', true, true],
      ['contexts.yaml:own', true, false],
      ['third:own', true, false],
    ]);
  });

  it('lists context names with ":" and "/" whole', async () => {
    const r = await run(['contexts', '--no-headers']);
    expect(r.stdout.split('\n')[2]!.trimEnd()).toBe(`      ${ARN}   config:${ARN}   https://arn-aws-eks-eu-west-1-123456789012-cluster-payments.example:6443`);
  });

  it('marks the duplicate in NOTE and disabledReason when a same-named entry is active', async () => {
    const r = await run(['contexts', '--context', 'prod', '--no-headers']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\*\s+prod\s+config:prod\s/);
    expect(lines[3]).toMatch(new RegExp(`^\\s+prod\\s+other.yaml:prod\\s+https://prod2:6443\\s+${DUP.replace(/\./g, '\\.')}$`));
    const json = JSON.parse((await run(['contexts', '--context', 'prod', '-o', 'json'])).stdout);
    expect(json.apiVersion).toBe('kubemux/v1');
    expect(json.kind).toBe('ContextList');
    expect(json.items.find((i: { clusterId: string }) => i.clusterId === 'other.yaml:prod')).toEqual({
      clusterId: 'other.yaml:prod',
      clusterName: 'prod',
      file: path.join(dir, 'other.yaml'),
      context: 'prod',
      cluster: 'prod',
      user: 'prod',
      namespace: null,
      server: 'https://prod2:6443',
      current: false,
      active: false,
      disabledReason: DUP,
      invalidReason: null,
    });
  });

  it('warns about duplicates with --all-contexts and exits 0', async () => {
    const r = await run(['contexts', '--all-contexts', '-o', 'ndjson']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(`${DUP}\nwarning: skipping other.yaml:broken: invalid: cluster "gone" not found\n`);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => [x.clusterId, x.active, x.disabledReason, x.invalidReason])).toEqual([
      ['config:prod', true, null, null],
      ['config:dev', true, null, null],
      [`config:${ARN}`, true, null, null],
      ['other.yaml:prod', false, DUP, null],
      ['other.yaml:qa', true, null, null],
      ['other.yaml:broken', false, null, 'cluster "gone" not found'],
    ]);
  });

  it.each([
    [['--context', 'prod', '--context', 'other.yaml:prod']],
    [['--context', 'prod', '--context', 'prod']],
    [['--context', 'prod,other.yaml:prod']],
  ])('rejects an explicit duplicate %j with exit 2 and the exact sentence', async (flags) => {
    expect(await run(['contexts', ...flags])).toEqual({ exitCode: 2, stdout: '', stderr: `${DUP}\n` });
  });

  it('selects by id with ":" and "/" in the name', async () => {
    const r = await run(['contexts', '--context', `config:${ARN}`, '-o', 'yaml']);
    const doc = parse(r.stdout);
    expect(doc.items.filter((i: { active: boolean }) => i.active).map((i: { clusterName: string }) => i.clusterName)).toEqual([ARN]);
  });

  it('prints names with -o name, one per line', async () => {
    expect((await run(['contexts', '-o', 'name'])).stdout).toBe(`prod\ndev\n${ARN}\nprod\nqa\nbroken\n`);
  });

  it('wide adds CLUSTER, USER and FILE', async () => {
    const r = await run(['contexts', '-o', 'wide', '--context', 'qa']);
    expect(r.stdout.split('\n')[0]).toMatch(/^ACTIVE\s+NAME\s+CLUSTER-ID\s+SERVER\s+NAMESPACE\s+CLUSTER\s+USER\s+FILE\s+NOTE$/);
    expect(r.stdout).toContain(path.join(dir, 'other.yaml'));
  });

  it('lists everything with nothing active when no selection can be made', async () => {
    kc().entry('a').entry('b').writeTo(dir, 'plain');
    const r = await run(['contexts', '-o', 'ndjson'], { ...env, KUBECONFIG: path.join(dir, 'plain') });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).active)).toEqual([false, false]);
    const none = await run(['contexts'], { ...env, KUBECONFIG: path.join(dir, 'none') });
    expect(none).toEqual({ exitCode: 0, stdout: 'ACTIVE   NAME   CLUSTER-ID   SERVER   NAMESPACE   NOTE\n', stderr: '' });
  });

  it('escapes control characters in every table cell', async () => {
    kc().entry('evil\u001b]0;pwned\u0007', { namespace: 'ns\u009b' }).writeTo(dir, 'evil');
    const r = await run(['contexts', '--no-headers'], { ...env, KUBECONFIG: path.join(dir, 'evil') });
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('evil\\x1b]0;pwned\\x07');
    expect(r.stdout).toContain('ns\\x9b');
  });

  it.each<[string[], RegExp]>([
    [['-o', 'xml'], /^error: unknown output format "xml" for contexts: use table, wide, ndjson, json, yaml or name\n$/],
    [['--check', '--concurrency', '0'], /^error: invalid value "0" for --concurrency: expected an integer >= 1\n$/],
    [['--context', 'prdo'], /^error: context "prdo" not found; did you mean "prod"\?\n$/],
    [['--context', 'broken'], /^error: context "broken" \(other.yaml:broken\) cannot be used: cluster "gone" not found\n$/],
    [['--kubeconfig', 'missing'], /^error: .*\/missing: cannot read kubeconfig: no such file or directory\n$/],
  ])('usage error for %j: exit 2, one line, nothing on stdout', async (flags, stderr) => {
    const r = await run(['contexts', ...flags]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  it('calls the --check probe for the active entries when one is supplied', async () => {
    const stdout = new Capture();
    const io: Io = { stdout, stderr: new Capture(), env, cwd: dir, signal: new AbortController().signal };
    const probe = async (active: readonly { clusterId: string }[]) => new Map(active.map((e) => [e.clusterId, 'ok 3ms v1.32.4']));
    const flags = { check: true, headers: true, context: ['qa'], concurrency: '16', requestTimeout: '30s', color: 'never' };
    expect(await runContexts(flags, io, { probe })).toBe(0);
    expect(stdout.text.split('\n')[0]).toMatch(/^ACTIVE\s+NAME\s+CLUSTER-ID\s+SERVER\s+NAMESPACE\s+STATUS\s+NOTE$/);
    expect(stdout.text).toMatch(/\*\s+qa\s+other.yaml:qa\s+https:\/\/qa:6443\s+ok 3ms v1.32.4/);
  });
});

describe('kubemux contexts use', () => {
  const saved = (): string => path.join(env.XDG_CONFIG_HOME!, 'kubemux', 'config.yaml');

  it('saves ids with mode 0600, applies them, then reports and drops a stale one', async () => {
    const r = await run(['contexts', 'use', 'qa', `config:${ARN}`]);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: `Saved 2 contexts to ${saved()}: other.yaml:qa, config:${ARN}\n` });
    expect(statSync(saved()).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(saved(), 'utf8'))).toEqual({ selection: ['other.yaml:qa', `config:${ARN}`] });
    const listed = await run(['contexts', '-o', 'ndjson']);
    expect(listed.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.active).map((x) => x.clusterId)).toEqual([`config:${ARN}`, 'other.yaml:qa']);
    // qa disappears from the kubeconfig: the saved id is reported and dropped, the rest still applies.
    kc().entry('prod', { server: 'https://prod2:6443' }).writeTo(dir, 'other.yaml');
    const after = await run(['contexts', '-o', 'name']);
    expect(after.exitCode).toBe(0);
    expect(after.stderr).toBe('warning: saved context "other.yaml:qa" no longer exists in the loaded kubeconfig files; dropped (change it with "kubemux contexts use")\n');
    const names = await run(['contexts', '-o', 'ndjson']);
    expect(names.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.active).map((x) => x.clusterId)).toEqual([`config:${ARN}`]);
  });

  it('saves globs and --all-contexts with the duplicate rule, honouring --kubeconfig and --exclude-context', async () => {
    const r = await run(['contexts', 'use', '--kubeconfig', `config${path.delimiter}other.yaml`, '--all-contexts', '--exclude-context', 'dev']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`${DUP}\n`);
    expect(parse(readFileSync(saved(), 'utf8')).selection).toEqual(['config:prod', `config:${ARN}`, 'other.yaml:qa']);
    expect(await run(['contexts', 'use', 'prod', 'other.yaml:prod'])).toEqual({ exitCode: 2, stdout: '', stderr: `${DUP}\n` });
    expect(parse(readFileSync(saved(), 'utf8')).selection).toEqual(['config:prod', `config:${ARN}`, 'other.yaml:qa']);
  });

  it('takes comma lists as positional SELs', async () => {
    expect((await run(['contexts', 'use', 'qa', 'dev,prod'])).exitCode).toBe(0);
    expect(parse(readFileSync(saved(), 'utf8')).selection).toEqual(['other.yaml:qa', 'config:dev', 'config:prod']);
  });

  it('forgets the selection with --clear, falling back to current-context', async () => {
    await run(['contexts', 'use', 'qa']);
    expect(await run(['contexts', 'use', '--clear'])).toEqual({ exitCode: 0, stdout: '', stderr: `Cleared the saved selection (${saved()}).\n` });
    const listed = await run(['contexts', '-o', 'ndjson']);
    expect(listed.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.active).map((x) => x.clusterId)).toEqual(['config:dev']);
  });

  it.each<[string[], RegExp]>([
    [[], /^error: name the contexts to use: kubemux contexts use NAME\.\.\./],
    [['--clear', 'qa'], /^error: --clear forgets the saved selection and takes no contexts\n$/],
    [['nope'], /^error: context "nope" not found/],
  ])('usage error for use %j', async (args, stderr) => {
    const r = await run(['contexts', 'use', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it('fails with the file and line when the saved settings are malformed', async () => {
    await run(['contexts', 'use', 'qa']);
    writeFileSync(saved(), 'selection: [\n');
    const r = await run(['contexts']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${saved().replace(/[.]/g, '\\.')}:1: `));
  });
});

describe('the kubeconfig listing cache', () => {
  it('changes nothing that contexts prints, in any format, with a selection, duplicates and invalid entries', async () => {
    // The files of beforeEach: a duplicate name across files, a context whose cluster is missing, a current-context.
    await new Promise((resolve) => setTimeout(resolve, 2100)); // older than the cache's two-second window
    const cold = { ...env, XDG_CACHE_HOME: path.join(dir, 'config', 'no-cache') }; // inside a file: never cached
    const cases = [['contexts'], ['contexts', '-o', 'wide'], ['contexts', '-o', 'json'], ['contexts', '-o', 'ndjson'], ['contexts', '-o', 'yaml'], ['contexts', '-o', 'name'], ['contexts', '--context', 'prod,qa', '-o', 'wide']];
    const first = await run(['contexts', '-o', 'name']);
    expect(first.exitCode).toBe(0);
    const cacheDir = path.join(env.XDG_CACHE_HOME!, 'kubemux', 'kubeconfigs');
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(cacheDir)).toHaveLength(2); // both files: what follows is answered from the cache
    for (const args of cases) {
      const parsed = await run(args, cold);
      const cached = await run(args, env);
      expect(cached, args.join(' ')).toEqual(parsed);
      expect(parsed.stdout.length).toBeGreaterThan(0);
    }
    expect((await run(['contexts', '-o', 'wide'], cold)).stdout).toContain('broken');
  });
});
