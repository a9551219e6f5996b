import { describe, expect, it } from 'vitest';
import { progressText, startProgress } from '../../src/output/progress.js';
import { Capture } from '../helpers/cli.js';

describe('progress spinner', () => {
  it.each([
    [3, ['b', 'c'], '1/3 clusters answered, waiting for b, c'],
    [5, ['a', 'b', 'c', 'd', 'e'], '0/5 clusters answered, waiting for a, b, c +2 more'],
  ])('%d clusters, waiting %j', (total, waiting, text) => {
    expect(progressText(total, waiting)).toBe(text);
  });

  it('never shows when stderr is not a terminal, or with --quiet', async () => {
    const plain = new Capture();
    const p = await startProgress(plain, ['a'], false);
    p.settled('a');
    p.stop();
    const tty = Object.assign(new Capture(), { isTTY: true });
    (await startProgress(tty, ['a'], true)).stop();
    const noWidth = Object.assign(new Capture(), { isTTY: true, columns: 0 });
    (await startProgress(noWidth, ['a'], false)).stop();
    expect(plain.text + tty.text + noWidth.text).toBe('');
  });

  it('spins on a terminal, updates as clusters answer, and clears when stopped', async () => {
    const tty = Object.assign(new Capture(), { isTTY: true, columns: 80, clearLine: () => true, cursorTo: () => true, moveCursor: () => true });
    const p = await startProgress(tty, ['a', 'b', 'c'], false);
    p.settled('a');
    p.settled('zzz');
    await new Promise((r) => setTimeout(r, 120));
    p.stop();
    p.stop();
    p.settled('b');
    expect(tty.text).toContain('1/3 clusters answered, waiting for b, c');
  });
});
