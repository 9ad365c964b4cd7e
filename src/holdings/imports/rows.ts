// Helpers the CSV formats share: reading a table or reporting why not, telling data rows from
// preamble, footer and total lines, and reading a cell as a number or date with a located problem.
import { type Table, type TableRow, readTable } from './table.js';
import type { ParsedExport } from './types.js';
import { type DateOrder, type DecimalStyle, parseAmount, parseDate } from './values.js';

/** The table, or a problem on `out` (then undefined). */
export function tableOf(
  text: string,
  out: ParsedExport,
  isHeader: (keys: string[]) => boolean,
  delimiter?: string,
): Table | undefined {
  const result = readTable(text, isHeader, delimiter);
  if (result.ok) return result.table;
  out.problems.push({ line: result.line, reason: result.reason });
  return undefined;
}

/** A footer or disclaimer line: one filled cell that is no date (`Date downloaded ...`, legal text). */
export function isFooter(row: TableRow, dateOrder: DateOrder): boolean {
  const cells = row.fields.filter((f) => f.trim() !== '');
  return cells.length <= 1 && parseDate(cells[0] ?? '', dateOrder) === null;
}

/** Reads numbers and dates of one row, collecting problems with the row's line and column. */
export class Cells {
  ok = true;
  constructor(
    private readonly table: Table,
    private readonly row: TableRow,
    private readonly out: ParsedExport,
    private readonly style: DecimalStyle = 'dot',
  ) {}

  text(...names: string[]): string {
    return this.table.cell(this.row, ...names);
  }

  /** The number in the first of `names` that exists; null when empty; a problem when unreadable. */
  number(...names: string[]): number | null {
    const raw = this.text(...names);
    const value = parseAmount(raw, this.style);
    if (value !== null && Number.isNaN(value)) {
      this.problem(names[0]!, raw, 'is not a number');
      return null;
    }
    return value;
  }

  /** A number that must be there. */
  required(...names: string[]): number {
    const value = this.number(...names);
    if (value === null && this.ok) this.problem(names[0]!, '', 'is empty');
    return value ?? 0;
  }

  date(order: DateOrder, ...names: string[]): string {
    const raw = this.text(...names);
    const value = parseDate(raw, order);
    if (value === null) this.problem(names[0]!, raw, raw === '' ? 'is empty' : 'is not a date');
    return value ?? '';
  }

  private problem(column: string, raw: string, reason: string): void {
    this.ok = false;
    this.out.problems.push({ line: this.row.line, reason: `${column} ${JSON.stringify(raw)}: ${reason}` });
  }
}

/** A string column or undefined when empty. */
export function present(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}
