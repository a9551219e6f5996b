import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OutputClosedError, writeOut } from '../../src/output/write.js';
import { BatchedOut } from '../../src/watch/out-batch.js';

/** A stdout stand-in: records writes, answers false (full) when told to, emits 'drain' and 'error' on demand. */
class SlowOut extends EventEmitter {
  writes: string[] = [];
  full = false;
  destroyed = false;
  isTTY = false;
  columns = 120;
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return !this.full;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('BatchedOut', () => {
  it('coalesces the writes of one turn into one, and writes at once past the limit', async () => {
    const real = new SlowOut();
    const out = new BatchedOut(real, 10);
    expect(out.write('a\n')).toBe(true);
    expect(out.write('b\n')).toBe(true);
    expect(real.writes).toEqual([]);
    await tick();
    expect(real.writes).toEqual(['a\nb\n']);
    out.write('0123456789\n');
    expect(real.writes).toEqual(['a\nb\n', '0123456789\n']);
    await tick();
    expect(real.writes).toHaveLength(2);
    expect([out.isTTY, out.columns, out.destroyed, out.writableEnded]).toEqual([false, 120, false, false]);
  });

  it('keeps backpressure: false while the real stream has not drained, then drain is passed on', async () => {
    const real = new SlowOut();
    real.full = true;
    const out = new BatchedOut(real);
    out.write('x\n');
    out.flush();
    expect(out.write('y\n')).toBe(false);
    let drained = false;
    const waiting = writeOut(out, 'z\n').then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    real.full = false;
    real.emit('drain');
    await waiting;
    expect(drained).toBe(true);
    await tick();
    expect(real.writes.join('')).toBe('x\ny\nz\n');
  });

  it('turns a closed stdout (EPIPE) into OutputClosedError instead of a crash', async () => {
    const real = new SlowOut();
    real.full = true;
    const out = new BatchedOut(real);
    out.write('x\n');
    out.flush();
    const pending = new Promise<void>((resolve) => out.once('drain', resolve));
    real.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await pending;
    expect(out.write('more\n')).toBe(true);
    await expect(writeOut(out, 'again\n')).rejects.toBeInstanceOf(OutputClosedError);
    const gone = new SlowOut();
    const batched = new BatchedOut(gone);
    gone.destroyed = true;
    batched.write('late\n');
    batched.flush();
    expect(batched.destroyed).toBe(true);
    expect(gone.writes).toEqual([]);
  });
});
