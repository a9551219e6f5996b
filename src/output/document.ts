/**
 * `-o json` and `-o yaml` for `get` (DESIGN.md s.5): one MultiClusterList document with every cluster's status in
 * `clusters[]` (failed ones too, so a failure never disappears) and every object in `items[]`, grouped by cluster in
 * selection order or sorted with `--sort-by`. The document is written item by item, never built as one string.
 * JSON is indented with 4 spaces as kubectl's `-o json` is; the yaml package is loaded only when needed.
 */
import type { OutStream } from '../io.js';
import type { KubeObject, ResourceInfo } from '../kube/types.js';
import { withTypeMeta } from './cells.js';
import { errorRecord, pageObjects } from './ndjson.js';
import { groupPlaced, TypeOrder, type Placed } from './ordering.js';
import { escapeJsonControls, escapeYamlControls } from './sanitize.js';
import type { RowSorter } from './sort.js';
import type { ClusterOutcome, ClusterRef, ListPage, ListPrinter } from './types.js';
import { ChunkedWriter } from './write.js';

/** One entry of `clusters[]`. */
export interface ClusterRecord {
  clusterId: string;
  clusterName: string;
  server: string;
  ok: boolean;
  count: number;
  durationMs: number;
  error?: { code: number | null; reason: string; message: string };
}

/** One entry of `items[]`. */
export interface ItemRecord {
  clusterId: string;
  clusterName: string;
  object: KubeObject;
}

interface BufferedItem extends Placed {
  readonly object: KubeObject;
}

/** Serialises the document's parts; `head` has no items, `item` is one element of `items[]`. */
interface DocumentSyntax {
  head(head: { apiVersion: string; kind: string; clusters: ClusterRecord[] }): string;
  itemsOpen(empty: boolean): string;
  item(item: ItemRecord, first: boolean): string;
  close(empty: boolean): string;
}

function indent(text: string, pad: string): string {
  return text.replace(/^(?=.)/gm, pad);
}

const jsonSyntax: DocumentSyntax = {
  head: (head) => escapeJsonControls(JSON.stringify(head, null, 4)).replace(/\n}$/, ''),
  itemsOpen: (empty) => (empty ? ',\n    "items": []' : ',\n    "items": ['),
  item: (item, first) => `${first ? '' : ','}\n${indent(escapeJsonControls(JSON.stringify(item, null, 4)), '        ')}`,
  close: (empty) => (empty ? '\n}\n' : '\n    ]\n}\n'),
};

async function yamlSyntax(): Promise<DocumentSyntax> {
  const yaml = await import('yaml');
  // No folding: long strings stay on one line, as kubectl's -o yaml prints them, and each item is stringified on
  // its own without changing the result.
  const stringify = (value: unknown): string => yaml.stringify(value, { lineWidth: 0 });
  return {
    head: (head) => escapeYamlControls(stringify(head)),
    itemsOpen: (empty) => (empty ? 'items: []\n' : 'items:\n'),
    item: (item) => indent(escapeYamlControls(stringify([item])), '  '),
    close: () => '',
  };
}

/** The json/yaml list printer; `sorter` is the compiled `--sort-by`, if any. */
export function createDocumentPrinter(out: OutStream, format: 'json' | 'yaml', sorter: RowSorter | undefined): ListPrinter {
  const items: BufferedItem[] = [];
  const clusters: { index: number; record: ClusterRecord }[] = [];
  const types = new TypeOrder();

  return {
    async page(cluster: ClusterRef, info: ResourceInfo, page: ListPage): Promise<void> {
      const typeOrder = types.of(info, page.typeIndex);
      for (const object of pageObjects(page)) items.push({ cluster, typeOrder, object: withTypeMeta(object, info) });
    },

    async clusterDone(outcome: ClusterOutcome): Promise<void> {
      const { clusterId, clusterName, index } = outcome.cluster;
      const { server, ok, count, durationMs } = outcome;
      const record: ClusterRecord = { clusterId, clusterName, server, ok, count, durationMs };
      if (!ok) record.error = errorRecord(outcome);
      clusters.push({ index, record });
    },

    async finish(): Promise<number> {
      const syntax = format === 'json' ? jsonSyntax : await yamlSyntax();
      const grouped = groupPlaced(items);
      const ordered = sorter ? sorter.sort(grouped, (i) => i.object) : grouped;
      const writer = new ChunkedWriter(out);
      const clusterRecords = clusters.sort((a, b) => a.index - b.index).map((c) => c.record);
      await writer.push(syntax.head({ apiVersion: 'kubemux/v1', kind: 'MultiClusterList', clusters: clusterRecords }));
      await writer.push(syntax.itemsOpen(ordered.length === 0));
      let first = true;
      for (const { cluster, object } of ordered) {
        await writer.push(syntax.item({ clusterId: cluster.clusterId, clusterName: cluster.clusterName, object }, first));
        first = false;
      }
      await writer.push(syntax.close(ordered.length === 0));
      await writer.flush();
      return ordered.length;
    },
  };
}
