// A borderless cli-table3 table that fits a width: columns are measured first, then the shrinkable
// column (a name) is shortened, then low-priority columns are dropped, before cli-table3 lays it out.
// Cells are plain text plus an optional style, so measuring and truncating never see ANSI codes.
import Table from 'cli-table3';
import { paint, type Style } from './color.js';
import { displayWidth, truncateText } from './sanitize.js';

export interface GridColumn {
  head: string;
  align?: 'left' | 'right';
  /** Dropped when the table is too wide; higher numbers go first. Absent: never dropped. */
  drop?: number;
  /** May be truncated down to this many columns (before anything is dropped). */
  minWidth?: number;
}

export interface StyledCell {
  text: string;
  style?: Style;
}
export type GridCell = string | StyledCell;

export interface GridOptions {
  width: number;
  color: boolean;
  /** Print the head row and its rule (default true). */
  head?: boolean;
}

/** Two spaces between columns. */
const COLUMN_GAP = 2;

const CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '─',
  // The separator under the head must be as wide as the gap it crosses.
  'mid-mid': '─'.repeat(COLUMN_GAP),
  right: '',
  'right-mid': '',
  middle: ' '.repeat(COLUMN_GAP),
};

function cellText(cell: GridCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? cell : cell.text;
}

function textWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(displayWidth));
}

/** Total width of a table whose columns have these widths. */
function tableWidth(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * Math.max(0, widths.length - 1);
}

/** Which columns survive and how wide each is, so the table fits `width` where possible. */
function fitColumns(
  columns: readonly GridColumn[],
  natural: readonly number[],
  width: number,
): { keep: number[]; widths: number[] } {
  let keep = columns.map((_, i) => i);
  const widths = [...natural];
  const total = (): number => tableWidth(keep.map((i) => widths[i] ?? 0));

  // A column that may be dropped gives up its room first (higher drop first); a kept-for-good column
  // (a symbol holding lot dates) shrinks only when that is not enough.
  const shrinkOrder = (): number[] =>
    [...keep].sort((a, b) => (columns[b]?.drop ?? -Infinity) - (columns[a]?.drop ?? -Infinity) || a - b);
  const shrink = (): void => {
    for (const i of shrinkOrder()) {
      const min = columns[i]?.minWidth;
      if (min === undefined) continue;
      const over = total() - width;
      if (over > 0) widths[i] = Math.max(min, Math.min(widths[i] ?? 0, (widths[i] ?? 0) - over));
    }
  };
  shrink();
  const droppable = keep
    .filter((i) => columns[i]?.drop !== undefined)
    .sort((a, b) => (columns[b]?.drop ?? 0) - (columns[a]?.drop ?? 0));
  for (const i of droppable) {
    if (total() <= width) break;
    keep = keep.filter((k) => k !== i);
    // Dropping a column may give a shrunk one its room back.
    for (const k of keep) if (columns[k]?.minWidth !== undefined) widths[k] = natural[k] ?? 0;
    shrink();
  }
  return { keep, widths: keep.map((i) => widths[i] ?? 0) };
}

/** Renders rows under a head line, fitted to `options.width`. */
export function renderGrid(
  columns: readonly GridColumn[],
  rows: readonly (readonly GridCell[])[],
  options: GridOptions,
): string {
  return layoutGrid(columns, rows, options).text;
}

/** The fitted table and the columns it shows (those the width fitting kept), in order. */
export function layoutGrid(
  columns: readonly GridColumn[],
  rows: readonly (readonly GridCell[])[],
  options: GridOptions,
): { text: string; shown: GridColumn[] } {
  const headWidth = (c: GridColumn): number => (options.head === false ? 0 : displayWidth(c.head));
  const natural = columns.map((c, i) =>
    Math.max(headWidth(c), ...rows.map((r) => textWidth(cellText(r[i])))),
  );
  const { keep, widths } = fitColumns(columns, natural, options.width);
  const fit = (text: string, w: number): string =>
    text
      .split('\n')
      .map((line) => truncateText(line, w))
      .join('\n');

  const table = new Table({
    head:
      options.head === false
        ? []
        : keep.map((i, k) => paint(fit(columns[i]?.head ?? '', widths[k] ?? 0), 'bold', options.color)),
    chars: CHARS,
    colAligns: keep.map((i) => columns[i]?.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of rows) {
    table.push(
      keep.map((i, k) => {
        const cell = row[i];
        const text = fit(cellText(cell), widths[k] ?? 0);
        return typeof cell === 'object' ? paint(text, cell.style, options.color) : text;
      }),
    );
  }
  // cli-table3 pads the last column; trailing spaces are noise in a terminal and in tests.
  const text = table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
  return { text, shown: keep.map((i) => columns[i]!) };
}
