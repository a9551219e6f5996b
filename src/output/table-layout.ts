/**
 * kubectl's decorateTable and printTable for one resource type, shared by the list and watch table printers:
 * which server columns show (priority 0, or all with `-o wide`), NAMESPACE in front with `-A` for namespaced types,
 * `-L` columns and LABELS after the server's columns, `kind[.group]/` before names when several types print. Cells
 * arrive aligned to a column list that may be the union of several clusters' columns; a cell a cluster did not send
 * is MISSING and prints `<none>`.
 */
import type { KubeObject, ResourceInfo, TableColumnDefinition, TableRow } from '../kube/types.js';
import { formatLabels, kindPrefix, labelHeader, tableCell } from './cells.js';
import type { PrintOptions } from './types.js';

/** Marks a cell the cluster's server did not send (its Table lacked that column). */
export const MISSING: unique symbol = Symbol('missing');

/** Columns matched by name: a union that grows in first-seen order. */
export class ColumnUnion {
  readonly columns: TableColumnDefinition[] = [];
  private readonly byName = new Map<string, number>();

  /** Adds `defs` (new names at the end) and returns, for each of them, its index in the union. */
  add(defs: readonly TableColumnDefinition[]): number[] {
    return defs.map((def) => {
      let at = this.byName.get(def.name);
      if (at === undefined) {
        at = this.columns.length;
        this.columns.push(def);
        this.byName.set(def.name, at);
      }
      return at;
    });
  }

  /** The union index of each of `defs`, or -1 for a name the union lacks (it does not grow). */
  lookup(defs: readonly TableColumnDefinition[]): number[] {
    return defs.map((def) => this.byName.get(def.name) ?? -1);
  }
}

/** A row's cells placed at their union positions (MISSING elsewhere); cells beyond the definitions are dropped. */
export function alignCells(row: TableRow, positions: readonly number[], width: number): unknown[] {
  const aligned: unknown[] = new Array<unknown>(width).fill(MISSING);
  positions.forEach((at, i) => {
    if (at >= 0 && i < row.cells.length) aligned[at] = row.cells[i];
  });
  return aligned;
}

/** What the printers need to turn aligned cells into kubectl's columns for one type. */
export interface TableLayout {
  readonly visible: readonly number[];
  readonly headers: readonly string[];
  readonly nameColumn: number;
  readonly withNamespace: boolean;
  readonly prefix: string | undefined;
  readonly labelColumns: readonly string[];
  readonly showLabels: boolean;
}

/** The layout of `columns` (a union) for `info` under the print options. */
export function tableLayout(
  columns: readonly TableColumnDefinition[],
  info: ResourceInfo,
  opts: PrintOptions,
  wide: boolean,
  showKind: boolean,
): TableLayout {
  const visible: number[] = [];
  columns.forEach((col, i) => {
    if (wide || col.priority === 0) visible.push(i);
  });
  const withNamespace = opts.allNamespaces && info.namespaced;
  const headers = [
    ...(withNamespace ? ['NAMESPACE'] : []),
    ...visible.map((i) => columns[i]!.name.toUpperCase()),
    ...opts.labelColumns.map(labelHeader),
    ...(opts.showLabels ? ['LABELS'] : []),
  ];
  return {
    visible,
    headers,
    nameColumn: showKind ? columns.findIndex((c) => c.format === 'name' && c.type === 'string') : -1,
    withNamespace,
    prefix: showKind ? kindPrefix(info) : undefined,
    labelColumns: opts.labelColumns,
    showLabels: opts.showLabels,
  };
}

/** One row's text cells (not yet escaped) under `layout`. */
export function layoutCells(layout: TableLayout, aligned: readonly unknown[], object: KubeObject | undefined): string[] {
  const metadata = object?.metadata;
  const cells: string[] = [];
  if (layout.withNamespace) cells.push(metadata?.namespace ?? '');
  for (const i of layout.visible) {
    const value = i < aligned.length ? aligned[i] : MISSING;
    if (value === MISSING) cells.push('<none>');
    else if (i === layout.nameColumn) cells.push(`${layout.prefix}/${tableCell(value)}`);
    else cells.push(tableCell(value));
  }
  const labels = metadata?.labels;
  for (const key of layout.labelColumns) cells.push(labels?.[key] ?? '');
  if (layout.showLabels) cells.push(metadata ? formatLabels(labels) : '');
  return cells;
}
