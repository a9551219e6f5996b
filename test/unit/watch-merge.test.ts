import { describe, expect, it } from 'vitest';
import { FairMerge } from '../../src/watch/merge.js';

describe('FairMerge', () => {
  it('takes one item from each non-empty queue in turn, so a backlog cannot starve a quiet source', async () => {
    const merge = new FairMerge<string>({ capacity: 1000 });
    const chatty = merge.open('config:chatty|pods/default');
    const quiet = merge.open('config:quiet|pods/default');
    for (let i = 0; i < 5; i++) chatty.push(`c${i}`);
    quiet.push('q0');
    quiet.push('q1');
    chatty.close();
    quiet.close();
    const seen: string[] = [];
    await merge.run((item) => void seen.push(item));
    expect(seen).toEqual(['c0', 'q0', 'c1', 'q1', 'c2', 'c3', 'c4']);
  });

  it('reports full at capacity and releases the producer at the low-water mark', async () => {
    const merge = new FairMerge<number>({ capacity: 4 });
    const source = merge.open('k');
    expect([1, 2, 3].map((n) => source.push(n))).toEqual([true, true, true]);
    expect(source.push(4)).toBe(false);
    let released = false;
    const ready = source.whenReady().then(() => (released = true));
    const seen: number[] = [];
    let gate!: () => void;
    const running = merge.run(async (n) => {
      seen.push(n);
      if (n === 1) await new Promise<void>((r) => (gate = r));
    });
    await new Promise((r) => setImmediate(r));
    expect(released).toBe(false); // 3 still queued while the consumer is slow
    gate();
    await ready;
    expect(seen.length).toBeGreaterThanOrEqual(2);
    source.close();
    await running;
    expect(seen).toEqual([1, 2, 3, 4]);
    await expect(source.whenReady()).resolves.toBeUndefined();
  });

  it('waits for items, ends when every source is closed, and stop() flushes what is queued', async () => {
    const merge = new FairMerge<string>({ capacity: 10 });
    const a = merge.open('a');
    const seen: string[] = [];
    const running = merge.run((item, key) => void seen.push(`${key}:${item}`));
    setTimeout(() => a.push('late'), 5);
    setTimeout(() => a.close(), 10);
    await running;
    expect(seen).toEqual(['a:late']);

    const stopped = new FairMerge<string>({ capacity: 2 });
    const b = stopped.open('b');
    b.push('1');
    b.push('2');
    const waiting = b.whenReady();
    stopped.stop();
    await waiting;
    expect(b.push('dropped')).toBe(true);
    const flushed: string[] = [];
    await stopped.run((item) => void flushed.push(item));
    expect(flushed).toEqual(['1', '2']);
    expect(stopped.queued).toBe(0);
  });

  it('compacts its queues while staying in order', async () => {
    const merge = new FairMerge<number>({ capacity: 5000 });
    const s = merge.open('s');
    for (let i = 0; i < 3000; i++) s.push(i);
    s.close();
    const seen: number[] = [];
    await merge.run((n) => void seen.push(n));
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
