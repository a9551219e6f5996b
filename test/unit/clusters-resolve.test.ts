import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { hasSelectionFlag, resolveClusters } from '../../src/clusters/resolve.js';
import { writeSavedSelection } from '../../src/clusters/saved.js';
import { NoSelectionError } from '../../src/clusters/selection.js';
import { UsageError } from '../../src/errors.js';
import type { Io } from '../../src/io.js';
import { Capture, testEnv } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

let dir: string;
let io: Io & { stderr: Capture; stdout: Capture };
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-resolve-'));
  kc().entry('prod').entry('dev').current('dev').writeTo(dir, 'config');
  kc().entry('prod').writeTo(dir, 'other.yaml');
  const env = testEnv({ KUBECONFIG: [path.join(dir, 'config'), path.join(dir, 'other.yaml')].join(path.delimiter) });
  io = { stdout: new Capture(), stderr: new Capture(), env, cwd: dir, signal: new AbortController().signal };
});

describe('resolveClusters', () => {
  it('uses the current-context without selection flags', async () => {
    const { loaded, selection } = await resolveClusters({}, io);
    expect(loaded.files.map((f) => f.id)).toEqual(['config', 'other.yaml']);
    expect(selection.active.map((e) => e.clusterId)).toEqual(['config:dev']);
    expect(io.stderr.text).toBe('');
  });

  it('prints selection warnings on stderr', async () => {
    const { selection } = await resolveClusters({ allContexts: true }, io);
    expect(selection.active.map((e) => e.clusterId)).toEqual(['config:prod', 'config:dev']);
    expect(io.stderr.text).toBe('prod is already active. Duplicate context names are not allowed.\n');
  });

  it('applies the saved selection, and prints stale ids even when nothing is left to select', async () => {
    await writeSavedSelection(io.env, ['other.yaml:prod', 'gone:x']);
    const { selection } = await resolveClusters({ kubeconfig: [path.join(dir, 'config'), path.join(dir, 'other.yaml')] }, io);
    expect(selection.active.map((e) => e.clusterId)).toEqual(['other.yaml:prod']);
    expect(io.stderr.text).toContain('saved context "gone:x" no longer exists');

    io.stderr.text = '';
    kc().entry('a').writeTo(dir, 'plain');
    await expect(resolveClusters({ kubeconfig: [path.join(dir, 'plain')] }, io)).rejects.toBeInstanceOf(NoSelectionError);
    expect(io.stderr.text).toContain('warning: saved context "other.yaml:prod" no longer exists');
  });

  it('does not read the saved selection when a selection flag is given', async () => {
    await writeSavedSelection(io.env, ['gone:x']);
    const { selection } = await resolveClusters({ context: ['prod'] }, io);
    expect(selection.active.map((e) => e.clusterId)).toEqual(['config:prod']);
    expect(io.stderr.text).toBe('');
  });

  it('throws usage errors for bad selections', async () => {
    await expect(resolveClusters({ context: ['prod', 'other.yaml:prod'] }, io)).rejects.toThrow(
      new UsageError('prod is already active. Duplicate context names are not allowed.', { bare: true }),
    );
  });

  it.each([
    [{}, false],
    [{ context: [] }, false],
    [{ context: [' '] }, false],
    [{ context: ['a'] }, true],
    [{ allContexts: true }, true],
    [{ excludeContext: ['a'] }, false],
  ])('hasSelectionFlag(%j) = %s', (flags, expected) => expect(hasSelectionFlag(flags)).toBe(expected));
});
