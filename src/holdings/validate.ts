// Turns one raw row (CSV record or JSON lot object) into a Lot, or into problems. Shared by both formats
// so a rule is written once.

import type { InputProblem } from '../errors.js';
import type { IsoDate, Lot } from '../types.js';
import { normalizeCurrency } from './currencies.js';
import type { LotField } from './fields.js';
import { parseDecimal } from './numbers.js';
import { normalizeSymbol, symbolProblem } from './symbols.js';

/** One field value as found in the file. */
export interface RawCell {
  /** The column name or key as written, for messages. */
  label: string;
  /** The text (CSV field, JSON string, or a JSON number's literal); null for JSON null. */
  text: string | null;
  /** Set for a JSON number: no separator rules apply. */
  number?: number;
  /** Set when a JSON value has a type no field accepts (boolean, object, array). */
  wrongType?: string;
}

export type RawRow = Partial<Record<LotField, RawCell>>;

export interface RowContext {
  file: string;
  line: number;
  today: IsoDate;
  /** True in `;`-separated CSV, where `12,5` means 12.5 (see numbers.ts). */
  decimalComma: boolean;
}

/** Transaction types a row may carry. Only buys exist for now; the others come with a later issue. */
const KNOWN_TYPES = new Set(['buy', 'sell', 'dividend', 'split']);

// cost x shares and total_cost may differ by rounding: 0.5 % or one cent, whichever is larger.
const TOTAL_RELATIVE_TOLERANCE = 0.005;
const TOTAL_ABSOLUTE_TOLERANCE = 0.01;

export function validateRow(row: RawRow, ctx: RowContext, problems: InputProblem[]): Lot | null {
  const before = problems.length;
  const problem = (cell: RawCell | undefined, fallbackLabel: string, reason: string, withValue = true): void => {
    const field = cell?.label ?? fallbackLabel;
    const value = cell?.text ?? undefined;
    problems.push(
      withValue && value !== undefined && value !== ''
        ? { file: ctx.file, line: ctx.line, field, value, reason }
        : { file: ctx.file, line: ctx.line, field, reason },
    );
  };
  const wrongType = (cell: RawCell | undefined, fallbackLabel: string, expected: string): boolean => {
    if (cell?.wrongType === undefined) return false;
    problems.push({ file: ctx.file, line: ctx.line, field: cell.label ?? fallbackLabel, reason: `must be ${expected}, not ${cell.wrongType}` });
    return true;
  };

  // type: only buys are supported for now.
  const typeCell = row.type;
  if (!wrongType(typeCell, 'type', 'a string')) {
    const type = (typeCell?.text ?? '').trim().toLowerCase();
    if (type !== '' && type !== 'buy') {
      problem(typeCell, 'type', KNOWN_TYPES.has(type) ? `transaction type ${type} is not supported yet` : 'is not a transaction type (buy, sell, dividend or split)');
    }
  }

  // symbol
  const symbolCell = row.symbol;
  let symbol: string | null = null;
  if (!wrongType(symbolCell, 'symbol', 'a string')) {
    const raw = symbolCell?.text ?? '';
    symbol = normalizeSymbol(raw);
    if (symbol === null) {
      if (raw.trim() === '') problem(symbolCell, 'symbol', symbolCell === undefined || symbolCell.text === null ? 'is missing' : 'is empty');
      else problem(symbolCell, 'symbol', symbolProblem(raw) ?? 'is not a valid symbol');
    }
  }

  // shares
  const sharesCell = row.shares;
  let shares: number | null = null;
  if (!wrongType(sharesCell, 'shares', 'a number')) {
    const parsed = numberOf(sharesCell, ctx.decimalComma);
    if (parsed === null) problem(sharesCell, 'shares', sharesCell === undefined || sharesCell.text === null ? 'is missing' : 'is empty');
    else if (!parsed.ok) problem(sharesCell, 'shares', parsed.reason);
    else if (!(parsed.value > 0)) problem(sharesCell, 'shares', 'must be greater than 0');
    else shares = parsed.value;
  }

  // cost and total_cost: both optional; cost 0 is a gift.
  const cost = optionalNonNegative(row.cost, 'cost');
  const totalCost = optionalNonNegative(row.totalCost, 'total_cost');
  let costPerShare: number | null = cost ?? null;
  if (typeof totalCost === 'number' && shares !== null) {
    if (typeof cost === 'number') {
      const product = cost * shares;
      const tolerance = Math.max(TOTAL_ABSOLUTE_TOLERANCE, TOTAL_RELATIVE_TOLERANCE * totalCost);
      if (Math.abs(product - totalCost) > tolerance) {
        problem(row.totalCost, 'total_cost', `disagrees with cost x shares = ${roundForMessage(product)}`);
      }
    } else {
      costPerShare = totalCost / shares;
    }
  }

  // date: optional, a real calendar date, not after today.
  let date: IsoDate | null = null;
  const dateCell = row.date;
  if (!wrongType(dateCell, 'date', 'a string')) {
    const raw = (dateCell?.text ?? '').trim();
    if (raw !== '') {
      const reason = dateProblem(raw, ctx.today);
      if (reason !== null) problem(dateCell, 'date', reason);
      else date = raw;
    }
  }

  // currency: optional.
  let currency: string | null = null;
  const currencyCell = row.currency;
  if (!wrongType(currencyCell, 'currency', 'a string')) {
    const raw = (currencyCell?.text ?? '').trim();
    if (raw !== '') {
      currency = normalizeCurrency(raw);
      if (currency === null) problem(currencyCell, 'currency', 'is not a known currency code (ISO 4217, or GBp/GBX/ZAc)');
    }
  }

  const account = optionalText(row.account, 'account');
  const name = optionalText(row.name, 'name');
  const notes = optionalText(row.notes, 'notes');

  if (problems.length > before || symbol === null || shares === null) return null;
  return {
    symbol,
    shares,
    costPerShare: costPerShare ?? null,
    currency,
    date,
    account,
    name,
    notes,
    source: { file: ctx.file, line: ctx.line },
  };

  // A non-negative number, null when absent, undefined when invalid (a problem was recorded).
  function optionalNonNegative(cell: RawCell | undefined, fallbackLabel: string): number | null | undefined {
    if (wrongType(cell, fallbackLabel, 'a number')) return undefined;
    const parsed = numberOf(cell, ctx.decimalComma);
    if (parsed === null) return null;
    if (!parsed.ok) {
      problem(cell, fallbackLabel, parsed.reason);
      return undefined;
    }
    if (parsed.value < 0) {
      problem(cell, fallbackLabel, 'must not be negative');
      return undefined;
    }
    return parsed.value === 0 ? 0 : parsed.value; // no -0
  }

  function optionalText(cell: RawCell | undefined, fallbackLabel: string): string | null {
    if (wrongType(cell, fallbackLabel, 'a string')) return null;
    const text = (cell?.text ?? '').trim();
    return text === '' ? null : text;
  }
}

/** null when the cell is absent or blank. */
function numberOf(cell: RawCell | undefined, decimalComma: boolean): ReturnType<typeof parseDecimal> | null {
  if (cell === undefined) return null;
  if (cell.number !== undefined) {
    return Number.isFinite(cell.number) ? { ok: true, value: cell.number } : { ok: false, reason: 'is not a finite number' };
  }
  if (cell.text === null || cell.text.trim() === '') return null;
  return parseDecimal(cell.text, decimalComma);
}

function roundForMessage(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a real `YYYY-MM-DD` calendar date (proleptic Gregorian). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= days;
}

function dateProblem(text: string, today: IsoDate): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'must be a date written YYYY-MM-DD';
  if (!isCalendarDate(text)) return 'is not a real calendar date';
  // ISO dates compare correctly as strings.
  if (text > today) return 'is in the future';
  return null;
}
