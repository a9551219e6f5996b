/**
 * Coalesces the watch printer's many small writes (one line per event) into few large writes to stdout: a write
 * syscall per event caps a merged stream at a few thousand events per second. Text is buffered until the end of the
 * current turn of the event loop (setImmediate) or until 64 KiB, then written at once. Backpressure is kept:
 * `write` returns false while stdout has not drained its last batch, and 'drain' is passed on, so the printer (and
 * through it the merge and the clusters' sockets) still pauses on a slow pipe. A closed stdout (EPIPE, `| head`)
 * is caught here and reported through `closed` instead of crashing the process.
 */
import type { OutStream } from '../io.js';

interface EventedOut extends OutStream {
  on?(event: 'error', listener: (err: Error) => void): unknown;
  destroyed?: boolean;
  writableEnded?: boolean;
}

/** A buffering OutStream in front of the real one; call `flush()` when the run ends. */
export class BatchedOut implements OutStream {
  private parts: string[] = [];
  private size = 0;
  private scheduled = false;
  private blocked = false;
  private drainWaiters: (() => void)[] = [];
  /** Set once the real stream failed or was closed: nothing more can be printed. */
  closed = false;
  private readonly onError = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.onClosed?.();
  };

  /** `onClosed` is called once when the real stream fails or is found closed, so a quiet run can stop at once. */
  constructor(
    private readonly out: EventedOut,
    private readonly limit = 64 * 1024,
    private readonly onClosed?: () => void,
  ) {
    out.on?.('error', this.onError);
  }

  get isTTY(): boolean | undefined {
    return this.out.isTTY;
  }

  get columns(): number | undefined {
    return this.out.columns;
  }

  /** Mirrors the real stream, so writeOut reports a closed stdout as OutputClosedError. */
  get destroyed(): boolean {
    return this.closed || this.out.destroyed === true;
  }

  get writableEnded(): boolean {
    return this.out.writableEnded === true;
  }

  write(chunk: string): boolean {
    if (this.closed) return true;
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limit) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
    return !this.blocked;
  }

  once(_event: 'drain', listener: () => void): this {
    if (!this.blocked || this.closed) setImmediate(listener);
    else this.drainWaiters.push(listener);
    return this;
  }

  /** Writes out whatever is buffered. */
  flush(): void {
    if (this.size === 0 || this.closed) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.out.destroyed === true) {
      this.onError();
      return;
    }
    if (!this.out.write(text) && !this.blocked) {
      this.blocked = true;
      this.out.once('drain', () => this.release());
    }
  }

  private release(): void {
    this.blocked = false;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
