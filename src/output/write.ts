/**
 * Backpressure: every byte a printer sends to stdout goes through `writeOut`, which resolves only once the stream can
 * take more (write returned true, or 'drain' fired). Producers await it, so a slow pipe pauses the clusters' readers
 * instead of growing memory (DESIGN.md s.4 and s.8).
 */
import type { OutStream } from '../io.js';

/** Raised when stdout was closed under us (for example `| head`): there is no one left to print for. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
  constructor() {
    super('stdout was closed');
  }
}

interface StreamState {
  destroyed?: boolean;
  writableEnded?: boolean;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Writes `chunk` and resolves when `out` can take more; rejects with OutputClosedError when `out` is closed. */
export function writeOut(out: OutStream, chunk: string): Promise<void> {
  if (chunk === '') return Promise.resolve();
  const stream = out as unknown as StreamState;
  if (stream.destroyed === true || stream.writableEnded === true) return Promise.reject(new OutputClosedError());
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onClose = (): void => {
      stream.removeListener?.('drain', onDrain);
      reject(new OutputClosedError());
    };
    const onDrain = (): void => {
      stream.removeListener?.('close', onClose);
      resolve();
    };
    stream.once('drain', onDrain);
    if (typeof stream.removeListener === 'function') stream.once('close', onClose);
  });
}

/** Collects text and writes it in chunks of about `limit` characters, so a large table is never one huge string. */
export class ChunkedWriter {
  private buffer = '';

  constructor(
    private readonly out: OutStream,
    private readonly limit = 64 * 1024,
  ) {}

  /** Appends `text`; writes (and waits for room) once the buffer is full. */
  async push(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= this.limit) await this.flush();
  }

  /** Writes whatever is buffered. */
  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    await writeOut(this.out, chunk);
  }
}
