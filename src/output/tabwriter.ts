/**
 * Column alignment exactly as kubectl prints tables: Go's text/tabwriter with kubectl's settings (minwidth 6,
 * padding 3, pad character space). Every cell except the last of a line is padded to its column's width; the last
 * cell is printed as is. Widths count code points, as Go counts runes.
 *
 * `TabWriter` remembers widths across calls (tabwriter.RememberWidths), which the watch printer needs: a later row
 * may widen a column but never shrinks one already printed.
 */

const MIN_WIDTH = 6;
const PADDING = 3;

function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Aligns rows of cells into kubectl-style lines, remembering column widths between calls. */
export class TabWriter {
  private readonly widths: number[] = [];

  /** Formats `rows` (each an array of already-sanitised cells) into lines ending in `\n`. */
  format(rows: readonly (readonly string[])[]): string {
    for (const row of rows) {
      for (let i = 0; i < row.length - 1; i++) {
        const width = Math.max(runeLength(row[i]!) + PADDING, MIN_WIDTH);
        if (width > (this.widths[i] ?? 0)) this.widths[i] = width;
      }
    }
    let out = '';
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) {
        const cell = row[i]!;
        out += i === row.length - 1 ? cell : cell + ' '.repeat(this.widths[i]! - runeLength(cell));
      }
      out += '\n';
    }
    return out;
  }
}

/** Formats one complete table (header row included in `rows`) the way kubectl would. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  return new TabWriter().format(rows);
}
