/**
 * The fair merge of many clusters' watch streams into the one consumer that feeds the printer (DESIGN.md s.8).
 * Each stream gets a bounded queue; the consumer takes one item from each non-empty queue in turn (round-robin), so a
 * chatty cluster's backlog never starves a quiet one. When a queue is full its producer is told to stop (push returns
 * false) and waits on `whenReady()`, which resolves once the queue has drained to half: the producer pauses its
 * socket meanwhile, so memory stays bounded however slow the consumer (stdout) is.
 */

/** One producer's end of the merge. */
export interface MergeSource<T> {
  /** The stream key (`clusterId|scope`), used in diagnostics. */
  readonly key: string;
  /** Queues an item; returns false when the queue is at capacity (stop reading until whenReady resolves). */
  push(item: T): boolean;
  /** Resolves when the queue has room again (or the merge has stopped). */
  whenReady(): Promise<void>;
  /** No more items will come from this source. */
  close(): void;
}

/** How many items a queue holds before its producer is paused, and where it is resumed. */
export interface MergeOptions {
  readonly capacity: number;
  /** Resume producers at or below this length; default capacity / 2. */
  readonly lowWater?: number;
}

class SourceQueue<T> implements MergeSource<T> {
  private items: T[] = [];
  private head = 0;
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(
    readonly key: string,
    private readonly owner: FairMerge<T>,
    private readonly capacity: number,
    private readonly lowWater: number,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): boolean {
    if (this.closed || this.owner.stopped) return true;
    this.items.push(item);
    this.owner.wake();
    return this.length < this.capacity;
  }

  whenReady(): Promise<void> {
    if (this.length <= this.lowWater || this.owner.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.owner.wake();
  }

  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.waiters.length > 0 && this.length <= this.lowWater) this.release();
    return item;
  }

  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Merges items from many sources into one consumer, fairly and with bounded queues. */
export class FairMerge<T> {
  private readonly sources: SourceQueue<T>[] = [];
  private next = 0;
  private wakeup: (() => void) | undefined;
  /** Set by stop(): queued items are still delivered (flushed), new pushes are dropped, producers are released. */
  stopped = false;

  constructor(private readonly options: MergeOptions) {}

  /** Adds a producer; its items join the round-robin. */
  open(key: string): MergeSource<T> {
    const lowWater = this.options.lowWater ?? Math.floor(this.options.capacity / 2);
    const source = new SourceQueue<T>(key, this, Math.max(1, this.options.capacity), lowWater);
    this.sources.push(source);
    return source;
  }

  /** Items queued across all sources (for tests and diagnostics). */
  get queued(): number {
    return this.sources.reduce((n, s) => n + s.length, 0);
  }

  /** Ends the merge: what is queued is still delivered, then run() resolves. */
  stop(): void {
    this.stopped = true;
    for (const s of this.sources) s.release();
    this.wake();
  }

  /** @internal called by sources when something changed. */
  wake(): void {
    const w = this.wakeup;
    this.wakeup = undefined;
    w?.();
  }

  /**
   * Delivers items one at a time, round-robin over the sources, awaiting `consume` (the printer, which waits for
   * stdout's 'drain'). Resolves when every source is closed and drained, or after stop() once the queues are empty.
   */
  async run(consume: (item: T, key: string) => Promise<void> | void): Promise<void> {
    for (;;) {
      const source = this.pick();
      if (source) {
        const done = consume(source.shift(), source.key);
        if (done) await done;
        continue;
      }
      if (this.stopped || this.sources.every((s) => s.closed)) return;
      await new Promise<void>((resolve) => (this.wakeup = resolve));
    }
  }

  private pick(): SourceQueue<T> | undefined {
    const n = this.sources.length;
    for (let i = 0; i < n; i++) {
      const source = this.sources[(this.next + i) % n]!;
      if (source.length > 0) {
        this.next = (this.next + i + 1) % n;
        return source;
      }
    }
    return undefined;
  }
}
