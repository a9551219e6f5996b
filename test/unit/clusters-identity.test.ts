import { describe, expect, it } from 'vitest';
import { editDistance, globMatches, globToRegExp, isGlob, suggest } from '../../src/clusters/glob.js';
import { clusterIdOf, fileIdsFor, parseClusterId } from '../../src/clusters/identity.js';

describe('fileIdsFor', () => {
  it.each([
    [['/a/config', '/b/other.yaml'], ['config', 'other.yaml']],
    [['/a/config', '/b/config'], ['/a/config', '/b/config']],
    [['/a/config', '/b/config', '/c/x'], ['/a/config', '/b/config', 'x']],
    [['/only/one'], ['one']],
    [[], []],
  ])('%j -> %j', (files, ids) => expect(fileIdsFor(files)).toEqual(ids));
});

describe('clusterIdOf and parseClusterId', () => {
  const fileIds = ['config', 'other.yaml', '/abs/dir/config', 'a', 'a:b'];
  it.each([
    ['config', 'prod', 'config:prod'],
    ['config', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'config:arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
    ['other.yaml', 'team/dev', 'other.yaml:team/dev'],
    ['/abs/dir/config', 'gke_proj_zone_name', '/abs/dir/config:gke_proj_zone_name'],
  ])('%s + %s round-trips through %s', (fileId, context, id) => {
    expect(clusterIdOf(fileId, context)).toBe(id);
    expect(parseClusterId(id, fileIds)).toEqual({ fileId, context });
  });

  it.each([
    ['a:b:c', { fileId: 'a:b', context: 'c' }], // the longest file id wins
    ['a:x', { fileId: 'a', context: 'x' }],
    ['missing:prod', undefined],
    ['config', undefined],
    ['config:', undefined],
    ['prod', undefined],
  ])('parses %s as %j', (id, expected) => expect(parseClusterId(id, fileIds)).toEqual(expected));
});

describe('globs', () => {
  it.each([
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'staging-eu', false],
    ['*', 'arn:aws:eks:eu-west-1:1:cluster/x', true],
    ['arn:*/prod', 'arn:aws:eks:eu-west-1:1:cluster/prod', true],
    ['prod-??', 'prod-eu', true],
    ['prod-??', 'prod-eu1', false],
    ['prod-[eu]*', 'prod-us', true],
    ['prod-[!e]*', 'prod-eu', false],
    ['prod-[^e]*', 'prod-us', true],
    ['prod-[a-f]', 'prod-c', true],
    ['prod-[a-f]', 'prod-x', false],
    ['a.b', 'aXb', false],
    ['a.b*', 'a.bc', true],
    ['x[', 'x[', true],
    ['(a)+$', '(a)+$', true],
    ['we\\ird*', 'we\\irdo', true],
  ])('%s matches %s: %s', (glob, name, expected) => expect(globMatches(glob, name)).toBe(expected));

  it('anchors and tells globs from names', () => {
    expect(globToRegExp('ab').test('xabx')).toBe(false);
    expect(isGlob('prod-*')).toBe(true);
    expect(isGlob('a[1]')).toBe(true);
    expect(isGlob('arn:aws:eks:x:1:cluster/prod')).toBe(false);
  });
});

describe('suggestions', () => {
  const names = ['prod-eu', 'prod-us', 'staging', 'dev', 'arn:aws:eks:eu-west-1:1:cluster/payments'];
  it.each([
    ['prod-ue', ['prod-us', 'prod-eu']],
    ['stagin', ['staging']],
    ['prodd', ['prod-eu', 'prod-us']],
    ['payments', ['arn:aws:eks:eu-west-1:1:cluster/payments']],
    ['zzzzzzzz', []],
    ['DEV', ['dev']],
  ])('%s -> %j', (wanted, expected) => expect(suggest(wanted, names)).toEqual(expected));

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
