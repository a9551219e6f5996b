/**
 * `-o name` for `get` (DESIGN.md s.5): one line per object, `<clusterName> <kind>[.<group>]/<name>`, the second
 * word exactly what `kubectl get -o name` prints (`pod/nginx`, `deployment.apps/web`). Lines stream per cluster in
 * selection order, or are sorted all together with `--sort-by`.
 */
import type { OutStream } from '../io.js';
import type { KubeObject, ResourceInfo } from '../kube/types.js';
import { kindPrefix } from './cells.js';
import { createClusterPainter, type ClusterPainter } from './color.js';
import { OrderedRelease } from './ordered.js';
import { groupPlaced, TypeOrder, type Placed } from './ordering.js';
import { pageObjects } from './ndjson.js';
import { escapeControls } from './sanitize.js';
import type { RowSorter } from './sort.js';
import type { ClusterOutcome, ClusterRef, ListPage, ListPrinter, PrintOptions } from './types.js';
import { ChunkedWriter } from './write.js';

/** The `-o name` line of one object, escaped (and the cluster name coloured when colour is on). */
export function nameLine(cluster: ClusterRef, info: ResourceInfo, object: KubeObject, painter: ClusterPainter): string {
  const clusterName = painter.paint(cluster.clusterName, escapeControls(cluster.clusterName));
  return `${clusterName} ${kindPrefix(info)}/${escapeControls(object.metadata?.name ?? '')}\n`;
}

interface BufferedName extends Placed {
  readonly info: ResourceInfo;
  readonly object: KubeObject;
}

/** The name list printer; `sorter` is the compiled `--sort-by`, if any. */
export function createNamePrinter(out: OutStream, opts: PrintOptions, sorter: RowSorter | undefined): ListPrinter {
  const painter = createClusterPainter(opts.color);
  const release = new OrderedRelease(out);
  const buffered: BufferedName[] = [];
  const types = new TypeOrder();
  let count = 0;

  return {
    async page(cluster: ClusterRef, info: ResourceInfo, page: ListPage): Promise<void> {
      const objects = pageObjects(page);
      count += objects.length;
      if (sorter) {
        const typeOrder = types.of(info, page.typeIndex);
        for (const object of objects) buffered.push({ cluster, typeOrder, info, object });
        return;
      }
      await release.add(cluster, objects.map((o) => nameLine(cluster, info, o, painter)).join(''));
    },

    async clusterDone(outcome: ClusterOutcome): Promise<void> {
      await release.clusterDone(outcome.cluster);
    },

    async finish(): Promise<number> {
      if (!sorter) {
        await release.finish();
        return count;
      }
      const writer = new ChunkedWriter(out);
      for (const e of sorter.sort(groupPlaced(buffered), (b) => b.object)) {
        await writer.push(nameLine(e.cluster, e.info, e.object, painter));
      }
      await writer.flush();
      return count;
    },
  };
}
