import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createClusterPainter, fnv1a32, shouldColor } from '../../src/output/color.js';
import { parseOutputFormat, wantsRowObjects, wantsTable } from '../../src/output/index.js';
import { formatTable, TabWriter } from '../../src/output/tabwriter.js';
import type { PrintOptions } from '../../src/output/types.js';

const opts: PrintOptions = { noHeaders: false, labelColumns: [], showLabels: false, allNamespaces: false, color: false };

describe('parseOutputFormat', () => {
  it.each([
    [undefined, { kind: 'table' }],
    ['', { kind: 'table' }],
    ['table', { kind: 'table' }],
    ['wide', { kind: 'wide' }],
    ['ndjson', { kind: 'ndjson' }],
    ['json', { kind: 'json' }],
    ['yaml', { kind: 'yaml' }],
    ['name', { kind: 'name' }],
    [
      'custom-columns=NAME:.metadata.name,IMAGE:{.spec.containers[0].image}',
      {
        kind: 'custom-columns',
        columns: [
          { header: 'NAME', path: '.metadata.name' },
          { header: 'IMAGE', path: '{.spec.containers[0].image}' },
        ],
      },
    ],
  ])('%j', (text, spec) => expect(parseOutputFormat(text)).toEqual(spec));

  it('rejects an unknown format listing the allowed ones', () => {
    expect(() => parseOutputFormat('xml')).toThrow(UsageError);
    expect(() => parseOutputFormat('xml')).toThrow(
      'unable to match a printer suitable for the output format "xml" (-o), allowed formats are: table,wide,ndjson,json,yaml,name,custom-columns',
    );
  });

  it.each([
    ['custom-columns', 'custom-columns format specified but no custom columns given (-o)'],
    ['custom-columns=', 'custom-columns format specified but no custom columns given (-o)'],
    ['custom-columns=NAME', 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr> (-o)'],
    ['custom-columns=A:.a:b', 'unexpected custom-columns spec: A:.a:b, expected <header>:<json-path-expr> (-o)'],
    ['custom-columns=:.a', 'unexpected custom-columns spec: :.a, expected <header>:<json-path-expr> (-o)'],
    ['custom-columns=A:.a[', '-o custom-columns A: invalid JSONPath ".a[": unterminated ['],
  ])('rejects %j', (text, message) => {
    expect(() => parseOutputFormat(text)).toThrow(UsageError);
    expect(() => parseOutputFormat(text)).toThrow(message);
  });
});

describe('what a list must request', () => {
  it.each([
    ['table', true],
    ['wide', true],
    ['ndjson', false],
    ['json', false],
    ['yaml', false],
    ['name', false],
    ['custom-columns=A:.a', false],
  ])('wantsTable(%s) = %s', (text, expected) => expect(wantsTable(parseOutputFormat(text))).toBe(expected));

  it('asks for full row objects only for --sort-by in table modes, as kubectl does', () => {
    expect(wantsRowObjects({ kind: 'table' }, opts)).toBe(false);
    expect(wantsRowObjects({ kind: 'table' }, { ...opts, labelColumns: ['app'], showLabels: true, allNamespaces: true })).toBe(false);
    expect(wantsRowObjects({ kind: 'table' }, { ...opts, sortBy: '.metadata.name' })).toBe(true);
    expect(wantsRowObjects({ kind: 'wide' }, { ...opts, sortBy: '.metadata.name' })).toBe(true);
    expect(wantsRowObjects({ kind: 'ndjson' }, { ...opts, sortBy: '.metadata.name' })).toBe(false);
    expect(wantsRowObjects({ kind: 'table' }, { ...opts, sortBy: '' })).toBe(false);
  });
});

describe('shouldColor', () => {
  it.each([
    ['always', {}, false, true],
    ['never', {}, true, false],
    ['always', { NO_COLOR: '1' }, false, true],
    ['auto', {}, true, true],
    ['auto', {}, false, false],
    ['auto', {}, undefined, false],
    ['auto', { NO_COLOR: '1' }, true, false],
    ['auto', { NO_COLOR: '' }, true, true],
    ['auto', { FORCE_COLOR: '1' }, false, true],
    ['auto', { FORCE_COLOR: '' }, false, true],
    ['auto', { FORCE_COLOR: '0' }, true, false],
    ['auto', { FORCE_COLOR: 'false' }, true, false],
    ['auto', { NO_COLOR: 'x', FORCE_COLOR: '1' }, true, false],
    ['auto', { TERM: 'dumb' }, true, false],
  ] as const)('--color %s env %j tty %s -> %s', (flag, env, tty, expected) => {
    expect(shouldColor(flag, env as NodeJS.ProcessEnv, tty)).toBe(expected);
  });
});

describe('cluster colours', () => {
  it('hashes names with FNV-1a 32', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('gives each name a stable colour, and nothing when off', () => {
    const on = createClusterPainter(true);
    // fnv1a32('prod-eu') % 12 picks the palette entry; the same name always gets the same escape.
    const painted = on.paint('prod-eu', 'prod-eu');
    expect(painted).toMatch(/^\x1b\[\d+mprod-eu\x1b\[39m$/);
    expect(on.paint('prod-eu', 'x')).toBe(painted.replace('prod-eu', 'x'));
    expect(on.paint('a', 'a')).toBe('\x1b[94ma\x1b[39m'); // 0xe40c292c % 12 = 4 -> blueBright
    expect(createClusterPainter(false).paint('a', 'a')).toBe('a');
  });

  it('keeps columns aligned when a cell is styled', () => {
    const style = (t: string): string => `<${t}>`;
    expect(formatTable([['CLUSTER', 'NAME'], [{ text: 'a', style }, 'x']])).toBe(`CLUSTER   NAME\n<a>${' '.repeat(9)}x\n`);
    expect(new TabWriter().format([[{ text: 'last', style }]])).toBe('<last>\n');
  });
});
