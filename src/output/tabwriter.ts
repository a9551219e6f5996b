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
  // Code points, as Go counts runes: a surrogate pair is one.
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A cell printed through a style (the coloured CLUSTER cell): its width is that of `text`, and the padding goes
 * outside the style, so colour never shifts a column.
 */
export interface StyledCell {
  readonly text: string;
  readonly style: (text: string) => string;
}

/** A cell: plain text, or text with a style. Either way already sanitised. */
export type Cell = string | StyledCell;

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

/** Aligns rows of cells into kubectl-style lines, remembering column widths between calls. */
export class TabWriter {
  private readonly widths: number[] = [];

  /**
   * Widens the remembered columns to fit `rows` without printing them: a long table is measured once, then
   * formatted in slices that all share its widths.
   */
  measure(rows: readonly (readonly Cell[])[]): void {
    for (const row of rows) {
      for (let i = 0; i < row.length - 1; i++) {
        const width = Math.max(runeLength(cellText(row[i]!)) + PADDING, MIN_WIDTH);
        if (width > (this.widths[i] ?? 0)) this.widths[i] = width;
      }
    }
  }

  /** Formats `rows` (each an array of already-sanitised cells) into lines ending in `\n`. */
  format(rows: readonly (readonly Cell[])[]): string {
    this.measure(rows);
    let out = '';
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) {
        const cell = row[i]!;
        const text = cellText(cell);
        out += typeof cell === 'string' ? text : cell.style(text);
        if (i < row.length - 1) out += ' '.repeat(this.widths[i]! - runeLength(text));
      }
      out += '\n';
    }
    return out;
  }
}

/** Formats one complete table (header row included in `rows`) the way kubectl would. */
export function formatTable(rows: readonly (readonly Cell[])[]): string {
  return new TabWriter().format(rows);
}
