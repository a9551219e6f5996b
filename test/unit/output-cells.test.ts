import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { humanDuration } from '../../src/kube/age.js';
import {
  fallbackTable,
  formatLabels,
  goSprint,
  groupVersion,
  kindPrefix,
  labelHeader,
  tableCell,
  withTypeMeta,
} from '../../src/output/cells.js';
import { escapeJsonControls, escapeYamlControls } from '../../src/output/sanitize.js';

const pods = { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true };
const deployments = { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true };

describe('cell rendering as kubectl prints Table cells', () => {
  it.each([
    ['web-1', 'web-1'],
    ['two\nlines', 'two...'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [3, '3'],
    [-7, '-7'],
    [1.5, '1.5'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [123456789012, '123456789012'],
    [true, 'true'],
    [false, 'false'],
    [['a', 'b'], '[a b]'],
    [[1, null], '[1 <nil>]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
    [[], '[]'],
  ])('%j -> %j', (value, text) => expect(tableCell(value)).toBe(text));

  it('goSprint prints null as <nil>', () => {
    expect(goSprint(null)).toBe('<nil>');
    expect(goSprint('s')).toBe('s');
    expect(goSprint(Symbol.for('x'))).toBe('Symbol(x)');
    expect(goSprint(Number.NaN)).toBe('NaN');
  });
});

describe('labels', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ b: '2', a: '1' }, 'a=1,b=2'],
    [{ 'app.kubernetes.io/name': 'x' }, 'app.kubernetes.io/name=x'],
  ])('formatLabels(%j) = %s', (labels, text) => expect(formatLabels(labels)).toBe(text));

  it.each([
    ['app', 'APP'],
    ['app.kubernetes.io/name', 'NAME'],
    ['a/b/c', 'C'],
  ])('labelHeader(%s) = %s', (key, header) => expect(labelHeader(key)).toBe(header));
});

describe('type names', () => {
  it('prints kinds as kubectl -o name does', () => {
    expect(kindPrefix(pods)).toBe('pod');
    expect(kindPrefix(deployments)).toBe('deployment.apps');
    expect(kindPrefix({ kind: 'Widget', group: 'Example.COM' })).toBe('widget.example.com');
    expect(groupVersion(pods)).toBe('v1');
    expect(groupVersion(deployments)).toBe('apps/v1');
  });

  it('fills apiVersion and kind on list items only when missing', () => {
    expect(withTypeMeta({ metadata: { name: 'x' } }, deployments)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } });
    expect(Object.keys(withTypeMeta({ metadata: { name: 'x' } }, pods))).toEqual(['apiVersion', 'kind', 'metadata']);
    const full = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {} };
    expect(withTypeMeta(full, pods)).toBe(full);
    expect(withTypeMeta({ kind: 'Pod' }, pods)).toEqual({ apiVersion: 'v1', kind: 'Pod' });
  });
});

describe('humanDuration (kubectl ages)', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  it.each([
    [-3 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [75 * s, '75s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 4 * s, '5m4s'],
    [10 * m + 4 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [8 * h + 20 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [3 * d + 5 * h, '3d5h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d + 10 * d, '9y'],
  ])('%d ms -> %s', (ms, text) => expect(humanDuration(ms)).toBe(text));

  it('builds kubectl NAME/AGE rows for objects without a server Table', () => {
    const now = Date.parse('2026-11-26T13:00:00Z');
    const table = fallbackTable([{ metadata: { name: 'a', creationTimestamp: '2026-11-26T12:55:00Z' } }, {}], now);
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['a', '5m'],
      ['', '<unknown>'],
    ]);
  });
});

describe('escaping in JSON and YAML', () => {
  const value = { name: 'x\u0085y\u009b2J', del: 'd\x7f', esc: 'e\x1b[31m', bell: 'b\x07', key: { 'k\u0090': 'v' } };

  it('escapes C1 and DEL that JSON.stringify leaves raw, keeping the same value', () => {
    const json = escapeJsonControls(JSON.stringify(value));
    expect(json).toBe(
      '{"name":"x\\u0085y\\u009b2J","del":"d\\u007f","esc":"e\\u001b[31m","bell":"b\\u0007","key":{"k\\u0090":"v"}}',
    );
    expect(JSON.parse(json)).toEqual(value);
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('escapes C1 and DEL that the yaml package leaves raw, keeping the same value', () => {
    const yaml = escapeYamlControls(stringifyYaml(value));
    expect(yaml).toBe('name: "x\\x85y\\x9b2J"\ndel: "d\\x7f"\nesc: "e\\e[31m"\nbell: "b\\a"\nkey:\n  "k\\x90": v\n');
    expect(parseYaml(yaml)).toEqual(value);
    expect(yaml.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
