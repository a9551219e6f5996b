import { describe, expect, it } from 'vitest';
import type { SelectionFlags } from '../../src/cli.js';
import { UsageError } from '../../src/errors.js';
import type { LoadedKubeconfigs } from '../../src/clusters/kubeconfig.js';
import { duplicateSentence, NoSelectionError, selectClusters } from '../../src/clusters/selection.js';
import type { ClusterEntry } from '../../src/clusters/types.js';

const EKS = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';

/** Loaded files by hand: `{ file: { contexts, current?, invalid? } }`, in load order. */
function loaded(spec: Record<string, { contexts: string[]; current?: string; invalid?: string[] }>): LoadedKubeconfigs {
  const files = Object.entries(spec).map(([id, f]) => ({ path: `/k/${id}`, id, currentContext: f.current }));
  const entries: ClusterEntry[] = Object.entries(spec).flatMap(([id, f], fileIndex) =>
    f.contexts.map((name) => ({
      clusterId: `${id}:${name}`,
      clusterName: name,
      file: `/k/${id}`,
      fileId: id,
      fileIndex,
      context: name,
      cluster: name,
      user: name,
      namespace: undefined,
      server: `https://${name}`,
      current: f.current === name,
      invalidReason: f.invalid?.includes(name) ? `cluster "${name}" not found` : undefined,
      clusterRef: undefined,
      userRef: undefined,
    })),
  );
  return { files, entries };
}

const world = loaded({
  config: { contexts: ['prod', 'dev', 'staging-eu', 'staging-us', EKS, 'team/a', 'broken'], current: 'dev', invalid: ['broken'] },
  'other.yaml': { contexts: ['prod', 'qa'], current: 'qa' },
});

const ids = (flags: SelectionFlags, saved?: string[]): string[] => selectClusters(world, flags, saved).active.map((e) => e.clusterId);

describe('selectClusters: what gets selected', () => {
  it.each<[string, SelectionFlags, string[] | undefined, string[]]>([
    ['exact name, first in file order', { context: ['prod'] }, undefined, ['config:prod']],
    ['exact clusterId', { context: ['other.yaml:prod'] }, undefined, ['other.yaml:prod']],
    ['names in flag order', { context: ['qa', 'dev'] }, undefined, ['other.yaml:qa', 'config:dev']],
    ['comma lists', { context: ['qa,dev', ' staging-eu '] }, undefined, ['other.yaml:qa', 'config:dev', 'config:staging-eu']],
    ['an EKS ARN by name', { context: [EKS] }, undefined, [`config:${EKS}`]],
    ['an EKS ARN by id', { context: [`config:${EKS}`] }, undefined, [`config:${EKS}`]],
    ['a name with a slash', { context: ['team/a'] }, undefined, ['config:team/a']],
    ['a glob', { context: ['staging-*'] }, undefined, ['config:staging-eu', 'config:staging-us']],
    ['a glob over ARNs', { context: ['arn:*:cluster/*'] }, undefined, [`config:${EKS}`]],
    ['glob with ? and []', { context: ['staging-[u]?'] }, undefined, ['config:staging-us']],
    ['a glob twice adds nothing twice', { context: ['staging-*', 'staging-e*'] }, undefined, ['config:staging-eu', 'config:staging-us']],
    ['exclude by glob', { context: ['staging-*'], excludeContext: ['*-us'] }, undefined, ['config:staging-eu']],
    ['exclude by id', { allContexts: true, excludeContext: ['config:prod'] }, undefined, ['config:dev', 'config:staging-eu', 'config:staging-us', `config:${EKS}`, 'config:team/a', 'other.yaml:prod', 'other.yaml:qa']],
    ['all contexts skip duplicates and invalid', { allContexts: true }, undefined, ['config:prod', 'config:dev', 'config:staging-eu', 'config:staging-us', `config:${EKS}`, 'config:team/a', 'other.yaml:qa']],
    ['explicit first, then all', { context: ['other.yaml:prod'], allContexts: true }, undefined, ['other.yaml:prod', 'config:dev', 'config:staging-eu', 'config:staging-us', `config:${EKS}`, 'config:team/a', 'other.yaml:qa']],
    ['saved ids', {}, ['other.yaml:qa', 'config:prod'], ['other.yaml:qa', 'config:prod']],
    ['saved ids with a stale one', {}, ['gone:x', 'config:dev'], ['config:dev']],
    ['flags win over saved', { context: ['qa'] }, ['config:prod'], ['other.yaml:qa']],
    ['current-context of the first file', {}, undefined, ['config:dev']],
    ['current-context when every saved id is stale', {}, ['gone:x'], ['config:dev']],
    ['exclude applies to the saved selection', { excludeContext: ['prod'] }, ['config:prod', 'config:dev'], ['config:dev']],
  ])('%s', (_name, flags, saved, expected) => expect(ids(flags, saved)).toEqual(expected));

  it('makes the first selected entry the primary one', () => {
    expect(selectClusters(world, { context: ['qa', 'prod'] }, undefined).active[0]!.clusterId).toBe('other.yaml:qa');
  });
});

describe('selectClusters: the duplicate rule', () => {
  const sentence = 'prod is already active. Duplicate context names are not allowed.';
  it('has the exact sentence', () => expect(duplicateSentence('prod')).toBe(sentence));

  it.each<[string, string[]]>([
    ['name then id', ['prod', 'other.yaml:prod']],
    ['the same name twice', ['prod', 'prod']],
    ['id then name', ['other.yaml:prod', 'prod']],
    ['glob then name', ['pr*', 'other.yaml:prod']],
  ])('rejects an explicit duplicate: %s', (_name, context) => {
    expect(() => selectClusters(world, { context }, undefined)).toThrow(new UsageError(sentence, { bare: true }));
  });

  it('skips a glob duplicate with a warning and records why', () => {
    const sel = selectClusters(world, { context: ['prod', 'pro?'] }, undefined);
    expect(sel.active.map((e) => e.clusterId)).toEqual(['config:prod']);
    expect(sel.warnings).toEqual([sentence]);
    expect(sel.disabled.get('other.yaml:prod')).toBe(sentence);
  });

  it('with --all-contexts warns once per skipped entry, and about invalid entries', () => {
    const sel = selectClusters(world, { allContexts: true }, undefined);
    expect(sel.warnings).toEqual(['skipping config:broken: invalid: cluster "broken" not found', sentence]);
    expect([...sel.disabled]).toEqual([['other.yaml:prod', sentence]]);
  });

  it('marks same-named entries disabled even when nothing skipped them', () => {
    const sel = selectClusters(world, { context: ['prod'] }, undefined);
    expect(sel.warnings).toEqual([]);
    expect([...sel.disabled]).toEqual([['other.yaml:prod', sentence]]);
  });
});

describe('selectClusters: usage errors', () => {
  it.each<[string, SelectionFlags, RegExp]>([
    ['unknown name with suggestions', { context: ['prdo'] }, /^context "prdo" not found; did you mean "prod"\?$/],
    ['unknown name without suggestions', { context: ['zzzzzzzzzzz'] }, /^context "zzzzzzzzzzz" not found in 2 kubeconfig files \("kubemux contexts" lists them\)$/],
    ['unknown id', { context: ['nope.yaml:prod'] }, /^context "nope.yaml:prod" not found/],
    ['a glob matching nothing', { context: ['zz*'] }, /^no context matches "zz\*" in 2 kubeconfig files/],
    ['an invalid entry by name', { context: ['broken'] }, /^context "broken" \(config:broken\) cannot be used: cluster "broken" not found$/],
    ['everything excluded', { context: ['prod'], excludeContext: ['*'] }, /^no context selected: every match was excluded or skipped; select contexts with --context/],
  ])('%s', (_name, flags, message) => {
    expect(() => selectClusters(world, flags, undefined)).toThrow(message);
  });

  it('names the single file when there is one, and says when no file was loaded', () => {
    const one = loaded({ config: { contexts: ['a'] } });
    expect(() => selectClusters(one, { context: ['zzzzzzzzzz'] }, undefined)).toThrow('context "zzzzzzzzzz" not found in /k/config ("kubemux contexts" lists them)');
    expect(() => selectClusters({ files: [], entries: [] }, { context: ['x'] }, undefined)).toThrow('context "x" not found: no kubeconfig file was loaded');
  });

  it.each<[string, LoadedKubeconfigs, string[] | undefined, RegExp]>([
    ['no files at all', { files: [], entries: [] }, undefined, /^no context selected: no kubeconfig file was found \(pass --kubeconfig or set KUBECONFIG\); select contexts with --context NAME/],
    ['no current-context', loaded({ config: { contexts: ['a'] } }), undefined, /^no context selected: no current-context is set; .*kubemux contexts use NAME/],
    ['current-context names nothing', loaded({ config: { contexts: ['a'], current: 'gone' } }), undefined, /^current-context "gone" \(set in \/k\/config\) does not exist/],
    ['current-context is invalid', loaded({ config: { contexts: ['a'], current: 'a', invalid: ['a'] } }), undefined, /^current-context "a" \(config:a\) cannot be used/],
    ['every saved id stale and no current', loaded({ config: { contexts: ['a'] } }), ['config:gone'], /^no context selected/],
  ])('NoSelectionError: %s', (_name, world2, saved, message) => {
    let caught: unknown;
    try {
      selectClusters(world2, {}, saved);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NoSelectionError);
    expect((caught as Error).message).toMatch(message);
  });

  it('keeps stale-id warnings on a NoSelectionError', () => {
    const w = loaded({ config: { contexts: ['a'] } });
    expect(() => selectClusters(w, {}, ['config:gone'])).toThrow(NoSelectionError);
    try {
      selectClusters(w, {}, ['config:gone']);
    } catch (err) {
      expect((err as NoSelectionError).warnings).toEqual([
        'saved context "config:gone" no longer exists in the loaded kubeconfig files; dropped (change it with "kubemux contexts use")',
      ]);
    }
  });

  it('says when the current context is excluded', () => {
    expect(() => selectClusters(world, { excludeContext: ['dev'] }, undefined)).toThrow(/^no context selected: the current context is excluded/);
  });

  it('escapes control characters in names it echoes', () => {
    expect(() => selectClusters(world, { context: ['bad\u001bname'] }, undefined)).toThrow('context "bad\\x1bname" not found');
  });
});
