/**
 * `-o custom-columns=HEADER:.path,...` (DESIGN.md s.5), as kubectl's custom-columns printer: headers as given,
 * each cell every value the path selects (Go's fmt.Sprint, joined with `,`), `<none>` when it selects nothing;
 * CLUSTER is still the first column. Rows are buffered so all clusters share one set of column widths.
 */
import type { OutStream } from '../io.js';
import type { KubeObject, ResourceInfo } from '../kube/types.js';
import { goSprint } from './cells.js';
import { clusterHeader, withClusterColumn } from './cluster-column.js';
import { createClusterPainter } from './color.js';
import { compileJsonPath, type JsonPath } from './jsonpath.js';
import { pageObjects } from './ndjson.js';
import { groupPlaced, TypeOrder, type Placed } from './ordering.js';
import type { RowSorter } from './sort.js';
import { TabWriter } from './tabwriter.js';
import type { ClusterRef, ListPage, ListPrinter, PrintOptions } from './types.js';
import { ChunkedWriter } from './write.js';

/** A compiled custom-columns spec. */
export interface CustomColumns {
  readonly headers: readonly string[];
  /** The row's raw (unescaped) cells for `object`. */
  cells(object: KubeObject): string[];
}

/** Compiles the columns of a parsed `custom-columns` spec. */
export function compileCustomColumns(columns: readonly { header: string; path: string }[]): CustomColumns {
  const paths: JsonPath[] = columns.map((c) => compileJsonPath(c.path, `-o custom-columns ${c.header}`));
  return {
    headers: columns.map((c) => c.header),
    cells: (object) =>
      paths.map((path) => {
        const values = path.find(object).filter((v) => v !== null && v !== undefined);
        return values.length === 0 ? '<none>' : values.map(goSprint).join(',');
      }),
  };
}

interface BufferedRow extends Placed {
  readonly cells: string[];
  readonly object: KubeObject | undefined;
}

const SLICE = 2000;

/** The custom-columns list printer; `sorter` is the compiled `--sort-by`, if any. */
export function createCustomColumnsPrinter(
  out: OutStream,
  columns: readonly { header: string; path: string }[],
  opts: PrintOptions,
  sorter: RowSorter | undefined,
): ListPrinter {
  const spec = compileCustomColumns(columns);
  const painter = createClusterPainter(opts.color);
  const rows: BufferedRow[] = [];
  const types = new TypeOrder();

  return {
    async page(cluster: ClusterRef, info: ResourceInfo, page: ListPage): Promise<void> {
      const typeOrder = types.of(info, page.typeIndex);
      for (const object of pageObjects(page)) {
        rows.push({ cluster, typeOrder, cells: spec.cells(object), object: sorter ? object : undefined });
      }
    },

    async clusterDone(): Promise<void> {},

    async finish(): Promise<number> {
      const grouped = groupPlaced(rows);
      const ordered = sorter ? sorter.sort(grouped, (r) => r.object) : grouped;
      if (ordered.length === 0) return 0;
      const lines = withClusterColumn(ordered, painter);
      if (!opts.noHeaders) lines.unshift(clusterHeader(spec.headers));
      const tw = new TabWriter();
      tw.measure(lines);
      const writer = new ChunkedWriter(out);
      for (let i = 0; i < lines.length; i += SLICE) await writer.push(tw.format(lines.slice(i, i + SLICE)));
      await writer.flush();
      return ordered.length;
    },
  };
}
