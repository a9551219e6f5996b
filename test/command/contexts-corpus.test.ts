import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, testEnv } from '../helpers/cli.js';
import { damagedKubeconfigs } from '../helpers/damaged-kubeconfigs.js';

const corpus = damagedKubeconfigs();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-corpus-'));
  for (const c of corpus) {
    const file = path.join(dir, c.name);
    writeFileSync(file, c.content);
    if (c.sparseSize) truncateSync(file, c.sparseSize);
  }
});

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a corpus of damaged kubeconfig files', () => {
  it('has at least 200 files of every kind', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.kind))).toEqual(new Set(['truncated', 'wrong-type', 'junk', 'nested', 'large']));
  });

  it.each(corpus.map((c, i) => [c.name, c, i] as const))('%s: exit 2, one stderr line naming the file', async (_name, c, i) => {
    const file = path.join(dir, c.name);
    // Alternate between the flag and $KUBECONFIG: both name the file explicitly, so both must fail.
    const viaFlag = i % 2 === 0;
    const env = testEnv(viaFlag ? {} : { KUBECONFIG: file });
    const r = await runInProcess(['contexts', ...(viaFlag ? ['--kubeconfig', file] : [])], { env, cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const where = c.hasLine ? ':[1-9][0-9]*: ' : ': ';
    expect(r.stderr).toMatch(new RegExp(`^error: ${escapeRe(file)}${where}[^\\n]+\\n$`));
    expect(r.stderr).not.toContain('sekret-token-value');
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('skips the same files silently when they are found by a directory scan', async () => {
    const r = await runInProcess(['contexts', '--kubeconfig', dir, '-o', 'name'], { env: testEnv(), cwd: dir });
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });
});
