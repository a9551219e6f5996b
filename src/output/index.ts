/**
 * The public surface of the printers (contracts.md, OUTPUT): `get` and `watch` parse `-o` with parseOutputFormat,
 * ask wantsTable/wantsRowObjects what to request, and feed one printer per run. Chosen by `-o` as kubectl's
 * PrintFlags.ToPrinter() does; `--sort-by` is compiled here, so a bad path is a usage error before any request.
 */
import type { OutStream } from '../io.js';
import { createCustomColumnsPrinter } from './custom-columns.js';
import { createDocumentPrinter } from './document.js';
import { createNamePrinter } from './name.js';
import { createNdjsonPrinter } from './ndjson.js';
import { createRowSorter, type RowSorter } from './sort.js';
import { createTablePrinter } from './table.js';
import type { ListPrinter, OutputSpec, PrintOptions } from './types.js';

export type {
  ClusterOutcome,
  ClusterRef,
  ListPage,
  ListPrinter,
  OutputSpec,
  PrintOptions,
  WatchEventType,
  WatchPrinter,
} from './types.js';
export { OUTPUT_FORMATS, parseOutputFormat, wantsRowObjects, wantsTable } from './format.js';
export { shouldColor } from './color.js';
export { createWatchPrinter } from './watch.js';
export { OutputClosedError, writeOut } from './write.js';

/**
 * The list printer for `spec`. Throws UsageError for a bad `--sort-by` path. `finish()` may throw UsageError too,
 * as kubectl does, when no row has the `--sort-by` field at all.
 */
export function createListPrinter(spec: OutputSpec, out: OutStream, opts: PrintOptions): ListPrinter {
  const sorter: RowSorter | undefined = opts.sortBy ? createRowSorter(opts.sortBy) : undefined;
  switch (spec.kind) {
    case 'table':
    case 'wide':
      return createTablePrinter(out, opts, spec.kind === 'wide', sorter);
    case 'ndjson':
      return createNdjsonPrinter(out, sorter);
    case 'json':
    case 'yaml':
      return createDocumentPrinter(out, spec.kind, sorter);
    case 'name':
      return createNamePrinter(out, opts, sorter);
    case 'custom-columns':
      return createCustomColumnsPrinter(out, spec.columns, opts, sorter);
  }
}
