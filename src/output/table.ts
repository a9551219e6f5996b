/**
 * `-o table` and `-o wide` for `get` (DESIGN.md s.5): the server's Table columns as kubectl prints them, CLUSTER
 * first, one table per resource type (blank line between, as kubectl separates `get pods,svc`). Rows are buffered,
 * because the header must be the union of every cluster's columns and rows come out grouped by cluster in selection
 * order (or sorted with `--sort-by`); only the cells and row objects are kept.
 */
import type { OutStream } from '../io.js';
import { qualifiedResource, type KubeObject, type ResourceInfo, type TableColumnDefinition } from '../kube/types.js';
import { fallbackTable } from './cells.js';
import { clusterHeader, withClusterColumn } from './cluster-column.js';
import { createClusterPainter } from './color.js';
import { groupPlaced, TypeOrder, type Placed } from './ordering.js';
import type { RowSorter } from './sort.js';
import { alignCells, ColumnUnion, layoutCells, MISSING, tableLayout } from './table-layout.js';
import { TabWriter } from './tabwriter.js';
import type { ClusterRef, ListPage, ListPrinter, PrintOptions } from './types.js';
import { ChunkedWriter } from './write.js';

interface BufferedRow extends Placed {
  readonly cells: unknown[];
  readonly object: KubeObject | undefined;
}

interface TypeBlock {
  readonly info: ResourceInfo;
  readonly order: number;
  readonly union: ColumnUnion;
  readonly rows: BufferedRow[];
  /** Each cluster's last column definitions, for pages that come without them. */
  readonly lastColumns: Map<string, readonly TableColumnDefinition[]>;
  /** Each cluster's columns with its selection index, so the printed union follows selection order, not arrival. */
  readonly clusterColumns: Map<string, { index: number; columns: readonly TableColumnDefinition[] }>;
}

/** Lines formatted per write, so a huge table is never one string. */
const SLICE = 2000;

/** The table/wide list printer; `sorter` is the compiled `--sort-by`, if any. */
export function createTablePrinter(out: OutStream, opts: PrintOptions, wide: boolean, sorter: RowSorter | undefined): ListPrinter {
  const blocks = new Map<string, TypeBlock>();
  const types = new TypeOrder();
  const painter = createClusterPainter(opts.color);
  const now = opts.now ?? Date.now;

  const blockFor = (info: ResourceInfo, typeIndex: number | undefined): TypeBlock => {
    const key = qualifiedResource(info);
    let block = blocks.get(key);
    if (!block) {
      block = { info, order: types.of(info, typeIndex), union: new ColumnUnion(), rows: [], lastColumns: new Map(), clusterColumns: new Map() };
      blocks.set(key, block);
    }
    return block;
  };

  return {
    async page(cluster: ClusterRef, info: ResourceInfo, page: ListPage): Promise<void> {
      const table = page.table ?? fallbackTable(page.items ?? [], now());
      const block = blockFor(info, page.typeIndex);
      let columns: readonly TableColumnDefinition[] = table.columnDefinitions ?? [];
      if (columns.length === 0) columns = block.lastColumns.get(cluster.clusterId) ?? [];
      else block.lastColumns.set(cluster.clusterId, columns);
      if (!block.clusterColumns.has(cluster.clusterId)) block.clusterColumns.set(cluster.clusterId, { index: cluster.index, columns });
      const positions = block.union.add(columns);
      for (const row of table.rows ?? []) {
        const cells = alignCells(row, positions, block.union.columns.length);
        block.rows.push({ cluster, typeOrder: block.order, cells, object: row.object });
      }
    },

    async clusterDone(): Promise<void> {},

    async finish(): Promise<number> {
      const showKind = opts.showKind ?? blocks.size > 1;
      const writer = new ChunkedWriter(out);
      let printed = 0;
      for (const block of [...blocks.values()].sort((a, b) => a.order - b.order)) {
        const { columns, reorder } = inSelectionOrder(block);
        const grouped = groupPlaced(block.rows);
        const rows = sorter ? sorter.sort(grouped, (r) => r.object) : grouped;
        if (rows.length === 0) continue;
        if (printed > 0 && !opts.noHeaders) await writer.push('\n');
        const layout = tableLayout(columns, block.info, opts, wide, showKind);
        const lines = withClusterColumn(
          rows.map((r) => ({ cluster: r.cluster, cells: layoutCells(layout, reorder(r.cells), r.object) })),
          painter,
        );
        if (!opts.noHeaders) lines.unshift(clusterHeader(layout.headers));
        const tw = new TabWriter();
        tw.measure(lines);
        for (let i = 0; i < lines.length; i += SLICE) await writer.push(tw.format(lines.slice(i, i + SLICE)));
        printed += rows.length;
      }
      await writer.flush();
      return printed;
    },
  };
}

/**
 * The union of the block's columns in first-seen order over the clusters in selection order (DESIGN.md s.5), and
 * a function that moves a row's cells from arrival-order positions to those positions. Arrival order depends on
 * which cluster answered first, so without this the header could change from run to run.
 */
function inSelectionOrder(block: TypeBlock): { columns: readonly TableColumnDefinition[]; reorder: (cells: unknown[]) => unknown[] } {
  const ordered = new ColumnUnion();
  for (const { columns } of [...block.clusterColumns.values()].sort((a, b) => a.index - b.index)) ordered.add(columns);
  const target = ordered.lookup(block.union.columns);
  if (target.every((to, from) => to === from)) return { columns: block.union.columns, reorder: (cells) => cells };
  return {
    columns: ordered.columns,
    // A row aligned before later clusters widened the union is shorter than it: its missing cells stay MISSING.
    reorder: (cells) => {
      const moved = new Array<unknown>(target.length).fill(MISSING);
      target.forEach((to, from) => {
        if (from < cells.length) moved[to] = cells[from];
      });
      return moved;
    },
  };
}
