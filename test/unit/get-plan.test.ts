import { describe, expect, it } from 'vitest';
import type { GetFlags } from '../../src/cli.js';
import { parseRequests, resolveGetPlan } from '../../src/commands/get-plan.js';
import { UsageError } from '../../src/errors.js';

const base: GetFlags = { concurrency: '16', requestTimeout: '30s', color: 'auto', headers: true, chunkSize: '500' };

describe('parseRequests', () => {
  it.each([
    ['pods', [], ['pods'], [{ type: 'pods', typeIndex: 0 }]],
    ['pods', ['a', 'b'], ['pods'], [{ type: 'pods', typeIndex: 0, name: 'a' }, { type: 'pods', typeIndex: 0, name: 'b' }]],
    ['deploy,svc', [], ['deploy', 'svc'], [{ type: 'deploy', typeIndex: 0 }, { type: 'svc', typeIndex: 1 }]],
    ['po,svc', ['x'], ['po', 'svc'], [{ type: 'po', typeIndex: 0, name: 'x' }, { type: 'svc', typeIndex: 1, name: 'x' }]],
    ['pods/a', ['svc/b', 'pods/c'], ['pods', 'svc'], [{ type: 'pods', typeIndex: 0, name: 'a' }, { type: 'svc', typeIndex: 1, name: 'b' }, { type: 'pods', typeIndex: 0, name: 'c' }]],
    ['Pods,pods', [], ['Pods'], [{ type: 'Pods', typeIndex: 0 }, { type: 'pods', typeIndex: 0 }]],
  ])('%s %j', (type, names, types, requests) => {
    expect(parseRequests(type, names)).toEqual({ types, requests });
  });

  it.each([
    ['pods', ['svc/b'], /no need to specify a resource type/],
    ['pods/a', ['b'], /no need to specify a resource type/],
    ['pods/', [], /single resource and name/],
    ['pods,svc/a', [], /single resource and name/],
    ['pods,,svc', [], /empty type name/],
  ])('rejects %s %j', (type, names, message) => {
    expect(() => parseRequests(type, names)).toThrow(message);
  });
});

describe('resolveGetPlan', () => {
  it('takes defaults', () => {
    const plan = resolveGetPlan({ type: 'pods', names: [], flags: base });
    expect(plan).toMatchObject({
      types: ['pods'],
      output: { kind: 'table' },
      namespace: undefined,
      allNamespaces: false,
      chunkSize: 500,
      concurrency: 16,
      requestTimeoutMs: 30_000,
      quiet: false,
      color: 'auto',
      print: { noHeaders: false, labelColumns: [], showLabels: false, sortBy: undefined, allNamespaces: false },
    });
    expect(Object.isFrozen(plan)).toBe(true);
  });

  it('reads every flag', () => {
    const plan = resolveGetPlan({
      type: 'pods',
      names: [],
      flags: {
        ...base,
        namespace: 'web',
        output: 'wide',
        selector: 'app=x',
        fieldSelector: 'status.phase=Running',
        sortBy: '.metadata.name',
        headers: false,
        labelColumns: ['app'],
        showLabels: true,
        chunkSize: '0',
        concurrency: '2',
        requestTimeout: '0',
        quiet: true,
        color: 'never',
        context: ['a'],
      },
    });
    expect(plan).toMatchObject({
      namespace: 'web',
      output: { kind: 'wide' },
      labelSelector: 'app=x',
      fieldSelector: 'status.phase=Running',
      chunkSize: 0,
      concurrency: 2,
      requestTimeoutMs: 0,
      quiet: true,
      color: 'never',
      print: { noHeaders: true, labelColumns: ['app'], showLabels: true, sortBy: '.metadata.name' },
      selection: { context: ['a'] },
    });
  });

  it('-A drops -n', () => {
    expect(resolveGetPlan({ type: 'pods', names: [], flags: { ...base, namespace: 'x', allNamespaces: true } }).namespace).toBeUndefined();
  });

  it.each([
    [{ output: 'xml' }, /allowed formats are/],
    [{ concurrency: '0' }, /--concurrency/],
    [{ concurrency: 'many' }, /--concurrency/],
    [{ chunkSize: '-1' }, /--chunk-size/],
    [{ requestTimeout: 'soon' }, /--request-timeout/],
    [{ namespace: '' }, /--namespace/],
    [{ sortBy: '{.a' }, /--sort-by/],
  ] as [Partial<GetFlags>, RegExp][])('rejects %j', (extra, message) => {
    expect(() => resolveGetPlan({ type: 'pods', names: [], flags: { ...base, ...extra } })).toThrow(message);
  });

  it('rejects names with -A', () => {
    expect(() => resolveGetPlan({ type: 'pods', names: ['a'], flags: { ...base, allNamespaces: true } })).toThrow(UsageError);
  });
});
