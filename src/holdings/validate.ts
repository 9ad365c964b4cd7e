// Turns one raw row (CSV record or JSON lot object) into a transaction, or into problems. Shared by both formats
// so a rule is written once.

import type { InputProblem } from '../errors.js';
import type { IsoDate, LotType, Transaction } from '../types.js';
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

/** One holdings file being read: where its problems go and the symbols with a rejected row. */
export interface FileReading {
  file: string;
  today: IsoDate;
  problems: InputProblem[];
  /** Symbols with a rejected row: the rows left of them cannot be checked against each other. */
  rejected: Set<string>;
}

/** Transaction types a row may carry; a blank type is a buy. */
const KNOWN_TYPES: ReadonlySet<string> = new Set<LotType>(['buy', 'sell', 'dividend', 'split']);

// cost x shares and total_cost may differ by rounding: 0.5 % or one cent, whichever is larger.
const TOTAL_RELATIVE_TOLERANCE = 0.005;
const TOTAL_ABSOLUTE_TOLERANCE = 0.01;

function report(
  problems: InputProblem[],
  ctx: RowContext,
  cell: RawCell | undefined,
  fallbackLabel: string,
  reason: string,
): void {
  const field = cell?.label ?? fallbackLabel;
  const value = shortValue(cell?.text ?? '');
  problems.push(
    value !== ''
      ? { file: ctx.file, line: ctx.line, field, value, reason }
      : { file: ctx.file, line: ctx.line, field, reason },
  );
}

/** Values longer than this are cut in messages (a 10 MB field must not become a 10 MB error line). */
const MAX_VALUE_IN_MESSAGE = 80;

export function shortValue(value: string): string {
  return value.length <= MAX_VALUE_IN_MESSAGE ? value : `${value.slice(0, MAX_VALUE_IN_MESSAGE)}...`;
}

/** Records a problem and returns true when a JSON value has a type the field does not take. */
function wrongType(
  problems: InputProblem[],
  ctx: RowContext,
  cell: RawCell | undefined,
  fallbackLabel: string,
  expected: string,
): boolean {
  if (cell?.wrongType === undefined) return false;
  problems.push({
    file: ctx.file,
    line: ctx.line,
    field: cell.label || fallbackLabel,
    reason: `must be ${expected}, not ${cell.wrongType}`,
  });
  return true;
}

/** A non-negative number, null when absent, undefined when invalid (a problem was recorded). */
function optionalNonNegative(
  problems: InputProblem[],
  ctx: RowContext,
  cell: RawCell | undefined,
  fallbackLabel: string,
): number | null | undefined {
  if (wrongType(problems, ctx, cell, fallbackLabel, 'a number')) return undefined;
  const parsed = numberOf(cell, ctx.decimalComma);
  if (parsed === null) return null;
  if (!parsed.ok) {
    report(problems, ctx, cell, fallbackLabel, parsed.reason);
    return undefined;
  }
  if (parsed.value < 0) {
    report(problems, ctx, cell, fallbackLabel, 'must not be negative');
    return undefined;
  }
  return parsed.value === 0 ? 0 : parsed.value; // no -0
}

function optionalText(
  problems: InputProblem[],
  ctx: RowContext,
  cell: RawCell | undefined,
  fallbackLabel: string,
): string | null {
  if (cell === undefined || wrongType(problems, ctx, cell, fallbackLabel, 'a string') || cell.text === null)
    return null;
  const text = cell.text.trim();
  return text === '' ? null : text;
}

/** Validates one row; returns its transaction, or null after pushing at least one problem. */
export function validateRow(row: RawRow, ctx: RowContext, problems: InputProblem[]): Transaction | null {
  const before = problems.length;
  const type = typeOf(row, ctx, problems);
  const symbol = symbolOf(row, ctx, problems);
  const shares = sharesOf(row, ctx, problems, type);
  const { costPerShare, amount, fee } = moneyOf(row, ctx, problems, type, shares, before);
  const date = dateOf(row, ctx, problems);
  const currency = currencyOf(row, ctx, problems);
  // Sells, dividends and splits happen on a day: without it they cannot be placed among the buys.
  if (
    date === null &&
    (type === 'sell' || type === 'dividend' || type === 'split') &&
    !problems.slice(before).some((p) => p.field === (row.date?.label ?? 'date'))
  )
    report(problems, ctx, row.date, 'date', `a ${type} needs a date`);

  const account = optionalText(problems, ctx, row.account, 'account');
  const name = optionalText(problems, ctx, row.name, 'name');
  const notes = optionalText(problems, ctx, row.notes, 'notes');
  const assetClass = optionalText(problems, ctx, row.class, 'class');

  if (problems.length > before || symbol === null || type === undefined) return null;
  if (shares === null && type !== 'dividend') return null;
  // `class` only when given, like `fee`: files without the column parse to the rows they always did.
  const fields = {
    symbol,
    currency,
    account,
    name,
    notes,
    ...(assetClass === null ? {} : { class: assetClass }),
    source: { file: ctx.file, line: ctx.line },
  };
  // `fee` only when given, and buys carry no `type` key: a file without those columns parses to plain buys.
  const withFee = typeof fee === 'number' ? { fee } : {};
  switch (type) {
    case 'buy':
      return { ...withFee, ...fields, shares: shares ?? 0, costPerShare, date };
    case 'sell':
      return { type, ...withFee, ...fields, shares: shares ?? 0, price: costPerShare ?? 0, date: date ?? '' };
    case 'dividend':
      return { type, ...withFee, ...fields, amount: amount ?? 0, shares: shares ?? 0, date: date ?? '' };
    case 'split':
      return { type, ...fields, ratio: shares ?? 0, date: date ?? '' };
  }
}

/** The row's type: blank is a buy; undefined after a problem (the row is then rejected anyway). */
function typeOf(row: RawRow, ctx: RowContext, problems: InputProblem[]): LotType | undefined {
  const typeCell = row.type;
  if (typeCell === undefined) return 'buy';
  if (wrongType(problems, ctx, typeCell, 'type', 'a string')) return undefined;
  const text = (typeCell.text ?? '').trim().toLowerCase();
  if (text === '') return 'buy';
  if (KNOWN_TYPES.has(text)) return text as LotType;
  report(problems, ctx, typeCell, 'type', 'is not a transaction type (buy, sell, dividend or split)');
  return undefined;
}

function symbolOf(row: RawRow, ctx: RowContext, problems: InputProblem[]): string | null {
  const symbolCell = row.symbol;
  if (wrongType(problems, ctx, symbolCell, 'symbol', 'a string')) return null;
  const raw = symbolCell?.text ?? '';
  const symbol = normalizeSymbol(raw);
  if (symbol === null) {
    const missing = symbolCell === undefined || symbolCell.text === null;
    report(
      problems,
      ctx,
      symbolCell,
      'symbol',
      raw.trim() === ''
        ? missing
          ? 'is missing'
          : 'is empty'
        : (symbolProblem(raw) ?? 'is not a valid symbol'),
    );
  }
  return symbol;
}

/** Shares (a split's ratio; optional on a dividend that gives total_cost). */
function sharesOf(
  row: RawRow,
  ctx: RowContext,
  problems: InputProblem[],
  type: LotType | undefined,
): number | null {
  const sharesCell = row.shares;
  if (wrongType(problems, ctx, sharesCell, 'shares', 'a number')) return null;
  const parsed = numberOf(sharesCell, ctx.decimalComma);
  if (parsed === null) {
    if (type !== 'dividend')
      report(
        problems,
        ctx,
        sharesCell,
        'shares',
        sharesCell === undefined || sharesCell.text === null ? 'is missing' : 'is empty',
      );
  } else if (!parsed.ok) report(problems, ctx, sharesCell, 'shares', parsed.reason);
  else if (!(parsed.value > 0)) report(problems, ctx, sharesCell, 'shares', 'must be greater than 0');
  else return parsed.value;
  return null;
}

/**
 * cost, total_cost and fee: both costs optional on a buy (cost 0 is a gift); a sell needs a price, a
 * dividend its cash, a split none of them.
 */
function moneyOf(
  row: RawRow,
  ctx: RowContext,
  problems: InputProblem[],
  type: LotType | undefined,
  shares: number | null,
  before: number,
): { costPerShare: number | null; amount: number | null; fee: number | null | undefined } {
  const cost = optionalNonNegative(problems, ctx, row.cost, 'cost');
  const totalCost = optionalNonNegative(problems, ctx, row.totalCost, 'total_cost');
  const fee = optionalNonNegative(problems, ctx, row.fee, 'fee');
  let costPerShare: number | null = cost ?? null;
  if (typeof totalCost === 'number' && shares !== null) {
    if (typeof cost === 'number') {
      const product = cost * shares;
      const tolerance = Math.max(TOTAL_ABSOLUTE_TOLERANCE, TOTAL_RELATIVE_TOLERANCE * totalCost);
      if (Math.abs(product - totalCost) > tolerance)
        report(
          problems,
          ctx,
          row.totalCost,
          'total_cost',
          `disagrees with cost x shares = ${roundForMessage(product)}`,
        );
    } else costPerShare = totalCost / shares;
  }
  let amount: number | null = null;
  if (type === 'sell' && cost === null && totalCost === null)
    report(
      problems,
      ctx,
      row.cost,
      'cost',
      'a sell needs cost (the sale price per share) or total_cost (the proceeds)',
    );
  if (type === 'dividend') {
    if (typeof totalCost === 'number') amount = totalCost;
    else if (typeof cost === 'number' && shares !== null) amount = cost * shares;
    // Only when nothing else is wrong with the row: a bad number has said so already.
    else if (problems.length === before)
      report(
        problems,
        ctx,
        row.totalCost,
        'total_cost',
        'a dividend needs total_cost (the cash received) or cost (per share) and shares',
      );
  }
  if (type === 'split') {
    for (const [cell, label] of [
      [row.cost, 'cost'],
      [row.totalCost, 'total_cost'],
      [row.fee, 'fee'],
    ] as const) {
      if (cell !== undefined && cell.text !== null && cell.text.trim() !== '')
        report(
          problems,
          ctx,
          cell,
          label,
          'must be empty on a split row (shares gives the ratio, e.g. 2 for 2:1)',
        );
    }
  }
  return { costPerShare, amount, fee };
}

/** Optional, a real calendar date, not after today. */
function dateOf(row: RawRow, ctx: RowContext, problems: InputProblem[]): IsoDate | null {
  const dateCell = row.date;
  if (dateCell === undefined || wrongType(problems, ctx, dateCell, 'date', 'a string')) return null;
  const raw = dateCell.text ?? '';
  const trimmed = isCalendarDate(raw) ? raw : raw.trim(); // skip the trim copy in the common case
  if (trimmed === '') return null;
  const reason = dateProblem(trimmed, ctx.today);
  if (reason === null) return trimmed;
  report(problems, ctx, dateCell, 'date', reason);
  return null;
}

function currencyOf(row: RawRow, ctx: RowContext, problems: InputProblem[]): string | null {
  const currencyCell = row.currency;
  if (currencyCell === undefined || wrongType(problems, ctx, currencyCell, 'currency', 'a string'))
    return null;
  const raw = currencyCell.text ?? '';
  if (raw.trim() === '') return null;
  const currency = normalizeCurrency(raw);
  if (currency === null)
    report(
      problems,
      ctx,
      currencyCell,
      'currency',
      'is not a known currency code (ISO 4217, or GBp/GBX/ZAc/ILA)',
    );
  return currency;
}

/** null when the cell is absent or blank. */
function numberOf(cell: RawCell | undefined, decimalComma: boolean): ReturnType<typeof parseDecimal> | null {
  if (cell === undefined) return null;
  if (cell.number !== undefined) {
    return Number.isFinite(cell.number)
      ? { ok: true, value: cell.number }
      : { ok: false, reason: 'is not a finite number' };
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
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= days;
}

/** The number written by text[from, to) if all of it is ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function dateProblem(text: string, today: IsoDate): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'must be a date written YYYY-MM-DD';
  if (!isCalendarDate(text)) return 'is not a real calendar date';
  // ISO dates compare correctly as strings.
  if (text > today) return 'is in the future';
  return null;
}
