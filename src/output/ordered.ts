/**
 * Streams per-cluster text in selection order without waiting for the slowest cluster more than needed: a cluster's
 * text is written as soon as every cluster before it in the selection is done; later clusters' text waits in a
 * per-cluster buffer. Used by `-o name`, which should both stream and come out in a stable order.
 */
import type { OutStream } from '../io.js';
import type { ClusterRef } from './types.js';
import { ChunkedWriter } from './write.js';

/** Per-cluster buffers released in selection order (ClusterRef.index 0, 1, 2...). */
export class OrderedRelease {
  private readonly pending = new Map<number, string[]>();
  private readonly done = new Set<number>();
  private next = 0;
  private readonly writer: ChunkedWriter;

  constructor(out: OutStream) {
    this.writer = new ChunkedWriter(out);
  }

  /** Adds `text` for `cluster`; written at once when it is the cluster now streaming. */
  async add(cluster: ClusterRef, text: string): Promise<void> {
    if (text === '') return;
    if (cluster.index === this.next) {
      await this.writer.push(text);
      await this.writer.flush();
      return;
    }
    const list = this.pending.get(cluster.index) ?? [];
    list.push(text);
    this.pending.set(cluster.index, list);
  }

  /** Marks `cluster` done and writes every buffer that is now unblocked. */
  async clusterDone(cluster: ClusterRef): Promise<void> {
    this.done.add(cluster.index);
    while (this.done.has(this.next)) {
      this.next++;
      await this.drain(this.next);
    }
    await this.writer.flush();
  }

  /** Writes everything still buffered, in selection order. */
  async finish(): Promise<void> {
    for (const index of [...this.pending.keys()].sort((a, b) => a - b)) await this.drain(index);
    await this.writer.flush();
  }

  /** One push per cluster, so text added while it waits for the stream cannot get in between. */
  private async drain(index: number): Promise<void> {
    const texts = this.pending.get(index);
    this.pending.delete(index);
    if (texts) await this.writer.push(texts.join(''));
  }
}
