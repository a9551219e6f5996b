/**
 * The watch printers (DESIGN.md s.8), fed one event at a time by the merge. The table printer has memory, like
 * kubectl's watch printing: the header is printed once (CLUSTER, EVENT, then NAMESPACE with `-A`, the server's
 * columns, `-L` and LABELS), column widths are remembered so they only ever grow, and since the header cannot be
 * reprinted, a cluster whose Table has other columns is mapped onto the first-seen ones by name (a missing cell is
 * `<none>`, an extra column is dropped). Watch Tables send column definitions only in a stream's first event, so
 * each cluster's last definitions are kept. Record formats write one record per event; errors are records in
 * ndjson/json/yaml and are left to stderr (the command) in the text formats.
 */
import type { ClusterError } from '../errors.js';
import type { OutStream } from '../io.js';
import { qualifiedResource, type KubeObject, type ResourceInfo, type Table, type TableColumnDefinition } from '../kube/types.js';
import { fallbackTable, withTypeMeta } from './cells.js';
import { clusterHeader, withClusterColumn, type ClusterLine } from './cluster-column.js';
import { createClusterPainter } from './color.js';
import { compileCustomColumns } from './custom-columns.js';
import { nameLine } from './name.js';
import { jsonLine } from './ndjson.js';
import { escapeJsonControls, escapeYamlControls } from './sanitize.js';
import { alignCells, ColumnUnion, layoutCells, tableLayout, type TableLayout } from './table-layout.js';
import { TabWriter, type Cell } from './tabwriter.js';
import type { ClusterRef, OutputSpec, PrintOptions, WatchEventType, WatchPrinter } from './types.js';
import { writeOut } from './write.js';

/** kubectl's EVENT cells, padded to one width so the column never moves (`ADDED   `, `MODIFIED`, `DELETED `). */
export function formatEventType(type: string): string {
  return type.padEnd(8);
}

type WatchRow = { table?: Table; object: KubeObject; raw?: string | undefined };

/** The text of an ndjson watch record up to its object: `{"type":..,"clusterId":..,"clusterName":..,"object":`. */
export function recordHead(type: WatchEventType, cluster: ClusterRef): string {
  const { clusterId, clusterName } = cluster;
  return `${escapeJsonControls(JSON.stringify({ type, clusterId, clusterName })).slice(0, -1)},"object":`;
}

// Any control character: JSON text holding one raw (whitespace between tokens, C1 or DEL inside strings) is not
// what JSON.stringify plus escapeJsonControls would print, so it takes the slow path.
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * One ndjson watch record made by splicing an object's JSON text as the server sent it (rawEventObject in
 * kube/watch-stream.ts) after `head`, instead of parsing and re-serialising the object: the same line as the slow
 * path for what JSON.stringify itself would print. Undefined when `raw` holds a control character (then the caller
 * re-serialises, which escapes C1 and DEL and drops whitespace).
 */
export function splicedRecordLine(head: string, raw: string): string | undefined {
  return RAW_CONTROL.test(raw) ? undefined : `${head}${raw}}\n`;
}

/** The table/wide watch printer. */
function createTableWatchPrinter(out: OutStream, opts: PrintOptions, wide: boolean): WatchPrinter {
  const painter = createClusterPainter(opts.color);
  const tw = new TabWriter();
  const lastColumns = new Map<string, readonly TableColumnDefinition[]>();
  const now = opts.now ?? Date.now;
  let header: { union: ColumnUnion; layout: TableLayout } | undefined;

  return {
    async event(cluster, info, type, row) {
      const key = `${cluster.clusterId}|${qualifiedResource(info)}`;
      let table = row.table ?? fallbackTable([row.object], now());
      let columns: readonly TableColumnDefinition[] | undefined = table.columnDefinitions;
      if (columns && columns.length > 0) lastColumns.set(key, columns);
      else columns = lastColumns.get(key);
      if (!columns) {
        table = fallbackTable([row.object], now());
        columns = table.columnDefinitions;
      }
      const lines: Cell[][] = [];
      if (!header) {
        const union = new ColumnUnion();
        union.add(columns);
        header = { union, layout: tableLayout(union.columns, info, opts, wide, opts.showKind ?? false) };
        if (!opts.noHeaders) lines.push(clusterHeader(['EVENT', ...header.layout.headers]));
      }
      const { union, layout } = header;
      const positions = union.lookup(columns);
      const body: ClusterLine[] = (table.rows ?? []).map((r) => ({
        cluster,
        cells: [formatEventType(type), ...layoutCells(layout, alignCells(r, positions, union.columns.length), r.object ?? row.object)],
      }));
      lines.push(...withClusterColumn(body, painter));
      await writeOut(out, tw.format(lines));
    },
    async error() {},
  };
}

/** A record printer: ndjson lines, or one json/yaml document per event. */
function createRecordWatchPrinter(out: OutStream, kind: 'ndjson' | 'json' | 'yaml'): WatchPrinter {
  let stringifyYaml: ((value: unknown) => string) | undefined;
  const write = async (record: Record<string, unknown>): Promise<void> => {
    if (kind === 'ndjson') return writeOut(out, jsonLine(record));
    if (kind === 'json') return writeOut(out, `${escapeJsonControls(JSON.stringify(record, null, 4))}\n`);
    if (!stringifyYaml) {
      const yaml = await import('yaml');
      stringifyYaml = (value) => yaml.stringify(value, { lineWidth: 0 });
    }
    return writeOut(out, `---\n${escapeYamlControls(stringifyYaml(record))}`);
  };
  const heads = new Map<ClusterRef, Partial<Record<WatchEventType, string>>>();
  return {
    event(cluster: ClusterRef, info: ResourceInfo, type: WatchEventType, row: WatchRow) {
      const { clusterId, clusterName } = cluster;
      if (kind === 'ndjson' && row.raw !== undefined && row.object.apiVersion !== undefined && row.object.kind !== undefined) {
        let byType = heads.get(cluster);
        if (!byType) heads.set(cluster, (byType = {}));
        const line = splicedRecordLine((byType[type] ??= recordHead(type, cluster)), row.raw);
        if (line !== undefined) return writeOut(out, line);
      }
      return write({ type, clusterId, clusterName, object: withTypeMeta(row.object, info) });
    },
    async error(cluster: ClusterRef, error: ClusterError) {
      await write({ type: 'ERROR', clusterId: cluster.clusterId, clusterName: cluster.clusterName, error: error.toRecord() });
    },
  };
}

/** `-o name` while watching: one line per event. */
function createNameWatchPrinter(out: OutStream, opts: PrintOptions): WatchPrinter {
  const painter = createClusterPainter(opts.color);
  return {
    event: (cluster, info, _type, row) => writeOut(out, nameLine(cluster, info, row.object, painter)),
    async error() {},
  };
}

/** `-o custom-columns` while watching: header once, widths remembered. */
function createCustomColumnsWatchPrinter(
  out: OutStream,
  columns: readonly { header: string; path: string }[],
  opts: PrintOptions,
): WatchPrinter {
  const spec = compileCustomColumns(columns);
  const painter = createClusterPainter(opts.color);
  const tw = new TabWriter();
  let headerDone = opts.noHeaders;
  return {
    async event(cluster, _info, _type, row) {
      const lines = withClusterColumn([{ cluster, cells: spec.cells(row.object) }], painter);
      if (!headerDone) lines.unshift(clusterHeader(spec.headers));
      headerDone = true;
      await writeOut(out, tw.format(lines));
    },
    async error() {},
  };
}

/** The watch printer for `spec` (one instance per run, fed by the merge). */
export function createWatchPrinter(spec: OutputSpec, out: OutStream, opts: PrintOptions): WatchPrinter {
  switch (spec.kind) {
    case 'table':
    case 'wide':
      return createTableWatchPrinter(out, opts, spec.kind === 'wide');
    case 'ndjson':
    case 'json':
    case 'yaml':
      return createRecordWatchPrinter(out, spec.kind);
    case 'name':
      return createNameWatchPrinter(out, opts);
    case 'custom-columns':
      return createCustomColumnsWatchPrinter(out, spec.columns, opts);
  }
}
