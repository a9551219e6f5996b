import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { parseDuration } from '../../src/duration.js';
import { ClusterError, exitCodeFor, UsageError } from '../../src/errors.js';
import { homeDir } from '../../src/io.js';
import { escapeControls } from '../../src/output/sanitize.js';
import { formatTable, TabWriter } from '../../src/output/tabwriter.js';
import { VERSION } from '../../src/version.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['2m', 120_000],
  ])('%s -> %d ms', (text, ms) => expect(parseDuration(text, '--request-timeout')).toBe(ms));

  it.each(['', 'abc', '10x', '5s junk', '-1s'])('rejects %j naming the flag', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(/--timeout/);
  });
});

describe('exit codes', () => {
  it('follows DESIGN.md section 6', () => {
    expect(exitCodeFor(3, 0)).toBe(0);
    expect(exitCodeFor(0, 2)).toBe(1);
    expect(exitCodeFor(1, 1)).toBe(3);
  });

  it('formats a cluster error line and record', () => {
    const err = new ClusterError('config:a', 'a', 'Forbidden', 'pods is forbidden', 403);
    expect(err.toLine()).toBe('error: [a] Forbidden: pods is forbidden');
    expect(err.toRecord()).toEqual({ code: 403, reason: 'Forbidden', message: 'pods is forbidden' });
  });

  it('recognises errors made by another copy of the module (each dist bundle inlines its own)', async () => {
    vi.resetModules();
    const other = (await import('../../src/errors.js')) as typeof import('../../src/errors.js');
    expect(other.UsageError).not.toBe(UsageError);
    expect(new other.UsageError('bad flag')).toBeInstanceOf(UsageError);
    expect(new UsageError('bad flag') instanceof other.UsageError).toBe(true);
    expect(new other.ClusterError('config:a', 'a', 'Timeout', 'slow') instanceof ClusterError).toBe(true);
    expect(new other.ClusterError('config:a', 'a', 'Timeout', 'slow') instanceof UsageError).toBe(false);
    expect(new Error('plain') instanceof UsageError).toBe(false);
    const notObjects: unknown[] = [null, undefined, 'text', 42];
    expect(notObjects.some((v) => v instanceof UsageError || v instanceof ClusterError)).toBe(false);
    // A subclass keeps the ordinary check: a plain UsageError is not one of its instances.
    class Narrower extends UsageError {}
    expect(new Narrower('x') instanceof Narrower).toBe(true);
    expect(new Narrower('x') instanceof other.UsageError).toBe(true);
    expect(new UsageError('x') instanceof Narrower).toBe(false);
  });
});

describe('escapeControls', () => {
  it('escapes C0, DEL and C1 but keeps printable text', () => {
    expect(escapeControls('a\x1b[31mb\x7f\u009b\tc')).toBe('a\\x1b[31mb\\x7f\\x9b\\x09c');
    expect(escapeControls('héllo-世界')).toBe('héllo-世界');
  });
});

describe('tabwriter', () => {
  it('pads like kubectl: padding 3, minimum width 6, last cell unpadded', () => {
    expect(formatTable([['NAME', 'READY', 'AGE'], ['a', '1/1', '5m']])).toBe('NAME   READY   AGE\na      1/1     5m\n');
  });

  it('remembers widths between calls', () => {
    const tw = new TabWriter();
    expect(tw.format([['A', 'B']])).toBe('A     B\n');
    expect(tw.format([['longer-name', 'x']])).toBe('longer-name   x\n');
    expect(tw.format([['A', 'B']])).toBe('A             B\n');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(formatTable([['😀😀', 'x'], ['abcd', 'y']])).toBe('😀😀     x\nabcd   y\n');
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('homeDir', () => {
  it('takes $HOME from the given environment, and asks the system only when it is unset', () => {
    expect(homeDir({ HOME: '/home/someone' })).toBe('/home/someone');
    expect(homeDir({})).toBe(os.homedir());
  });
});
