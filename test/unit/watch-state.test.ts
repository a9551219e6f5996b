import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { EmittedState, lastKnown, objectKey, rvNotNewer } from '../../src/watch/state.js';
import { pod } from './watch-fakes.js';

const p = (name: string, rv: number, uid?: string): KubeObject => pod(name, rv, uid ? { uid } : {}) as KubeObject;
const summary = (es: { type: string; object: KubeObject }[]): string[] => es.map((e) => `${e.type} ${e.object.metadata?.name}@${e.object.metadata?.resourceVersion}`);

describe('rvNotNewer', () => {
  it.each([
    ['5', '5', true],
    ['4', '5', true],
    ['9', '10', true],
    ['10', '9', false],
    ['6', '5', false],
    ['a', 'b', false],
    ['a', 'a', true],
    [undefined, '5', false],
    ['5', undefined, false],
  ])('%s vs %s -> %s', (a, b, expected) => expect(rvNotNewer(a, b)).toBe(expected));
});

describe('objectKey', () => {
  it('is namespace/name, with an empty namespace for cluster-scoped objects', () => {
    expect(objectKey(p('a', 1))).toBe('default/a');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('/node-1');
  });
});

describe('EmittedState', () => {
  it('passes watch events through and drops stale, repeated and unknown deletions', () => {
    const s = new EmittedState();
    expect(summary(s.fromWatch('ADDED', p('a', 5)))).toEqual(['ADDED a@5']);
    expect(summary(s.fromWatch('MODIFIED', p('a', 5)))).toEqual([]);
    expect(summary(s.fromWatch('MODIFIED', p('a', 4)))).toEqual([]);
    expect(summary(s.fromWatch('MODIFIED', p('a', 7)))).toEqual(['MODIFIED a@7']);
    expect(summary(s.fromWatch('DELETED', p('b', 8)))).toEqual([]);
    expect(summary(s.fromWatch('DELETED', p('a', 9)))).toEqual(['DELETED a@9']);
    expect(summary(s.fromWatch('DELETED', p('a', 9)))).toEqual([]);
    expect(s.size).toBe(0);
  });

  it('emits ADDED for a first list, or nothing when quiet (--watch-only) while remembering the objects', () => {
    const loud = new EmittedState();
    loud.beginList();
    expect(summary([...loud.fromList(p('a', 1), undefined, false), ...loud.fromList(p('b', 2), undefined, false), ...loud.endList()])).toEqual(['ADDED a@1', 'ADDED b@2']);
    const quiet = new EmittedState();
    quiet.beginList();
    expect([...quiet.fromList(p('a', 1), undefined, true), ...quiet.endList()]).toEqual([]);
    expect(quiet.size).toBe(1);
  });

  it('emits only the difference on a re-list: changed, new, replaced and gone objects', () => {
    const s = new EmittedState();
    s.beginList();
    for (const o of [p('same', 1), p('changed', 2), p('gone', 3), p('replaced', 4, 'old')]) s.fromList(o, undefined, false);
    s.endList();
    s.beginList();
    const diff = [
      ...s.fromList(p('same', 1), undefined, false),
      ...s.fromList(p('changed', 9), undefined, false),
      ...s.fromList(p('replaced', 10, 'new'), undefined, false),
      ...s.fromList(p('new', 11), undefined, false),
      ...s.endList(),
    ];
    expect(summary(diff)).toEqual(['MODIFIED changed@9', 'DELETED replaced@4', 'ADDED replaced@10', 'ADDED new@11', 'DELETED gone@3']);
    expect(s.endList()).toEqual([]);
  });

  it('keeps only type and metadata (no managedFields) for a DELETED a re-list finds, with its table row', () => {
    const s = new EmittedState();
    const full = { ...p('a', 3), spec: { big: 'x'.repeat(100) }, status: { phase: 'Running' } } as KubeObject;
    full.metadata!.managedFields = [{ manager: 'kubectl' }];
    full.metadata!.labels = { app: 'a' };
    const table = { kind: 'Table' as const, apiVersion: 'meta.k8s.io/v1', columnDefinitions: [], rows: [{ cells: ['a', 'Running'], object: full }] };
    s.fromWatch('ADDED', full, table);
    s.beginList();
    const [gone] = s.endList();
    expect(gone!.object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', resourceVersion: '3', uid: 'uid-a', labels: { app: 'a' } } });
    expect(Object.keys(gone!.object)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(gone!.table!.rows).toEqual([{ cells: ['a', 'Running'], object: gone!.object }]);
    expect(lastKnown({ metadata: { name: 'n' } })).toEqual({ metadata: { name: 'n' } });
  });

  it('never lets a re-list move an object backwards', () => {
    const s = new EmittedState();
    s.fromWatch('ADDED', p('a', 8));
    s.beginList();
    expect(s.fromList(p('a', 6), undefined, false)).toEqual([]);
  });
});
