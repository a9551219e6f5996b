/**
 * The CLUSTER column as a decoration, the way kubectl's decorateTable adds NAMESPACE: every text printer builds its
 * lines without knowing about clusters, and this wrapper puts the cluster's name (escaped, optionally coloured)
 * in front. Header and cells are sanitised here, so no printer can forget it.
 */
import type { ClusterPainter } from './color.js';
import { escapeControls } from './sanitize.js';
import type { Cell } from './tabwriter.js';
import type { ClusterRef } from './types.js';

/** A line of a text table before decoration: its cluster and its raw (unescaped) cells. */
export interface ClusterLine {
  readonly cluster: ClusterRef;
  readonly cells: readonly string[];
}

/** The CLUSTER cell of `cluster`: its escaped name, styled with its colour when colour is on. */
export function clusterCell(cluster: ClusterRef, painter: ClusterPainter): Cell {
  const text = escapeControls(cluster.clusterName);
  return painter.enabled ? { text, style: (t) => painter.paint(cluster.clusterName, t) } : text;
}

/** The header with CLUSTER first, escaped. */
export function clusterHeader(header: readonly string[]): Cell[] {
  return ['CLUSTER', ...header.map(escapeControls)];
}

/** `lines` with the CLUSTER cell first and every cell escaped, ready for the TabWriter. */
export function withClusterColumn(lines: readonly ClusterLine[], painter: ClusterPainter): Cell[][] {
  return lines.map((line) => [clusterCell(line.cluster, painter), ...line.cells.map(escapeControls)]);
}
