/**
 * `-o ndjson` for `get` (DESIGN.md s.5): one line per object, `{"clusterId","clusterName","object"}`, written as each
 * page arrives so memory stays flat however large the clusters are; a failed cluster is one `error` line. With
 * `--sort-by` the lines must wait for every cluster, so they are buffered and sorted at the end.
 */
import type { OutStream } from '../io.js';
import type { KubeObject, ResourceInfo, Table } from '../kube/types.js';
import { withTypeMeta } from './cells.js';
import { groupPlaced, TypeOrder, type Placed } from './ordering.js';
import { escapeJsonControls } from './sanitize.js';
import type { RowSorter } from './sort.js';
import type { ClusterOutcome, ClusterRef, ListPage, ListPrinter } from './types.js';
import { ChunkedWriter, writeOut } from './write.js';

/** One NDJSON line: compact JSON with every control character escaped, and `\n`. */
export function jsonLine(value: unknown): string {
  return `${escapeJsonControls(JSON.stringify(value))}\n`;
}

/** The objects of a page: the plain list's items, or the objects a Table's rows carry. */
export function pageObjects(page: { table?: Table; items?: KubeObject[] }): KubeObject[] {
  if (page.items) return page.items;
  const objects: KubeObject[] = [];
  for (const row of page.table?.rows ?? []) if (row.object) objects.push(row.object);
  return objects;
}

/** The `error` line (or `clusters[]` error member) of a failed cluster. */
export function errorRecord(outcome: ClusterOutcome): { code: number | null; reason: string; message: string } {
  return outcome.error?.toRecord() ?? { code: null, reason: 'Unknown', message: 'the cluster failed' };
}

interface BufferedObject extends Placed {
  readonly object: KubeObject;
}

/** The ndjson list printer; `sorter` is the compiled `--sort-by`, if any. */
export function createNdjsonPrinter(out: OutStream, sorter: RowSorter | undefined): ListPrinter {
  const buffered: BufferedObject[] = [];
  const types = new TypeOrder();
  let count = 0;
  const line = (cluster: ClusterRef, object: KubeObject): string =>
    jsonLine({ clusterId: cluster.clusterId, clusterName: cluster.clusterName, object });

  return {
    async page(cluster: ClusterRef, info: ResourceInfo, page: ListPage): Promise<void> {
      const objects = pageObjects(page).map((o) => withTypeMeta(o, info));
      count += objects.length;
      if (sorter) {
        const typeOrder = types.of(info, page.typeIndex);
        for (const object of objects) buffered.push({ cluster, typeOrder, object });
        return;
      }
      await writeOut(out, objects.map((o) => line(cluster, o)).join(''));
    },

    async clusterDone(outcome: ClusterOutcome): Promise<void> {
      if (outcome.ok) return;
      const { clusterId, clusterName } = outcome.cluster;
      await writeOut(out, jsonLine({ clusterId, clusterName, error: errorRecord(outcome) }));
    },

    async finish(): Promise<number> {
      if (sorter) {
        const writer = new ChunkedWriter(out);
        for (const entry of sorter.sort(groupPlaced(buffered), (e) => e.object)) {
          await writer.push(line(entry.cluster, entry.object));
        }
        await writer.flush();
      }
      return count;
    },
  };
}
