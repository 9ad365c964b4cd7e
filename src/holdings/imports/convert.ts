// From a parsed export to folio's holdings rows: Yahoo symbols (the --symbols map, the export's
// exchange, the ISIN through Yahoo's search), split ratios from added shares, opening lots for sales
// of shares bought before the export's first row, positions reconciled with trades, date order, and
// the holdings CSV text. Pure but for the injected ISIN resolver.
import { InputError, type InputProblem } from '../../errors.js';
import { normalizeCurrency } from '../currencies.js';
import { SYMBOL_PATTERN } from '../symbols.js';
import { yahooSuffix, yahooSymbolFor } from './exchanges.js';
import type { ImportRow, ParsedExport, SkippedRow } from './types.js';
import { dayBefore, isIsin } from './values.js';

/** Finds Yahoo symbols for ISINs (null: Yahoo knows none), preferring a listing with `suffix`. */
export type IsinResolver = (
  requests: readonly { isin: string; suffix?: string | undefined }[],
) => Promise<Map<string, string | null>>;

export interface ConvertOptions {
  /** The export's name, for messages. */
  file: string;
  /** id (ISIN, CUSIP or broker ticker, upper-case) -> Yahoo symbol: settles anything. */
  symbolMap?: ReadonlyMap<string, string>;
  resolveIsins?: IsinResolver;
}

/** A holdings row ready to write. */
export interface HoldingRow {
  type: 'buy' | 'sell' | 'dividend' | 'split';
  symbol: string;
  shares: number | null;
  cost: number | null;
  totalCost: number | null;
  fee: number | null;
  date: string | null;
  currency: string | null;
  account: string | null;
  name: string | null;
  notes: string | null;
  /** Line of the export (0 for an added opening lot). */
  line: number;
}

export interface Conversion {
  rows: HoldingRow[];
  skipped: SkippedRow[];
  warnings: string[];
  counts: { rows: number; buys: number; sells: number; dividends: number; splits: number; skipped: number };
}

const OPENING_NOTE = 'opening position, not in the export';
const EPSILON = 1e-9;

export async function convertExport(parsed: ParsedExport, options: ConvertOptions): Promise<Conversion> {
  const { file } = options;
  if (parsed.problems.length > 0) {
    throw new InputError(
      parsed.problems.slice(0, 20).map((p) => ({ file, line: p.line, reason: p.reason })),
      {
        total: parsed.problems.length,
      },
    );
  }
  const symbols = await resolveSymbols(parsed.rows, options);
  const skipped = [...parsed.skipped];
  const warnings = [...parsed.warnings];
  const descending = isDescending(parsed.rows);
  const ordered = parsed.rows
    .map((row, i) => ({ row, symbol: symbols[i]!, order: descending ? -row.line : row.line }))
    .sort((a, b) => (a.row.date ?? '').localeCompare(b.row.date ?? '') || a.order - b.order);
  const trades = ordered.filter((o) => !o.row.position);
  const positions = ordered.filter((o) => o.row.position);
  const reconcile = trades.some((o) => o.row.type === 'buy' || o.row.type === 'sell') && positions.length > 0;
  const firstDate = ordered.find((o) => o.row.date !== null)?.row.date ?? null;
  const openingDate = firstDate === null ? null : dayBefore(firstDate);
  const out: HoldingRow[] = [];
  const held = new Map<string, { shares: number; factor: number; opening: HoldingRow | null }>();
  const keyOf = (row: ImportRow, symbol: string) => `${row.account ?? ''}\u0000${symbol}`;
  const stateOf = (key: string) => {
    let s = held.get(key);
    if (s === undefined) held.set(key, (s = { shares: 0, factor: 1, opening: null }));
    return s;
  };
  for (const { row, symbol } of reconcile ? trades : ordered) {
    const state = stateOf(keyOf(row, symbol));
    if (row.type === 'split') {
      let ratio = row.ratio;
      if (ratio === undefined && row.splitAddedShares !== undefined) {
        if (state.shares <= EPSILON) {
          skipped.push({
            line: row.line,
            reason: `split of ${symbol}: the shares held before it are not in the export (Yahoo's split events apply)`,
          });
          continue;
        }
        ratio = (state.shares + row.splitAddedShares) / state.shares;
      }
      if (ratio === undefined || !(ratio > 0) || Math.abs(ratio - 1) < EPSILON) {
        skipped.push({ line: row.line, reason: `split of ${symbol} without a usable ratio` });
        continue;
      }
      state.shares *= ratio;
      state.factor *= ratio;
      out.push(holdingRow(row, symbol, { shares: round(ratio) }));
      continue;
    }
    if (row.type === 'buy') state.shares += row.shares;
    if (row.type === 'sell') {
      const short = row.shares - state.shares;
      if (short > 1e-6) {
        addOpening(state, short / state.factor, row, symbol, openingDate, out, warnings);
        state.shares = 0;
      } else state.shares -= row.shares;
    }
    out.push(rowFor(row, symbol));
  }
  if (reconcile) reconcilePositions(positions, held, keyOf, openingDate, out, skipped, warnings);
  out.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  // Opening lots (line 0) come from no row of the export.
  const count = (t: HoldingRow['type']) => out.filter((r) => r.type === t && r.line > 0).length;
  const merged = parsed.rows.reduce((n, r) => n + (r.mergedLines?.length ?? 0), 0);
  const buys = count('buy');
  const sells = count('sell');
  const dividends = count('dividend');
  const splits = count('split');
  skipped.sort((a, b) => a.line - b.line);
  return {
    rows: out,
    skipped,
    warnings,
    counts: {
      rows: buys + sells + dividends + splits + merged + skipped.length,
      buys,
      sells,
      dividends,
      splits,
      skipped: skipped.length,
    },
  };
}

function addOpening(
  state: { opening: HoldingRow | null },
  shares: number,
  row: ImportRow,
  symbol: string,
  date: string | null,
  out: HoldingRow[],
  warnings: string[],
): void {
  if (state.opening !== null) {
    state.opening.shares = round((state.opening.shares ?? 0) + shares);
    return;
  }
  state.opening = {
    type: 'buy',
    symbol,
    shares: round(shares),
    cost: null,
    totalCost: null,
    fee: null,
    date,
    currency: null,
    account: row.account ?? null,
    name: row.name ?? null,
    notes: OPENING_NOTE,
    line: 0,
  };
  out.push(state.opening);
  warnings.push(
    `${symbol}: sold more shares than the export bought; added an opening position dated ${date ?? '(undated)'} with no cost (${OPENING_NOTE})`,
  );
}

function reconcilePositions(
  positions: { row: ImportRow; symbol: string }[],
  held: Map<string, { shares: number; factor: number; opening: HoldingRow | null }>,
  keyOf: (row: ImportRow, symbol: string) => string,
  openingDate: string | null,
  out: HoldingRow[],
  skipped: SkippedRow[],
  warnings: string[],
): void {
  const byKey = new Map<string, { row: ImportRow; symbol: string; shares: number }>();
  for (const { row, symbol } of positions) {
    const key = keyOf(row, symbol);
    const p = byKey.get(key);
    if (p === undefined) byKey.set(key, { row, symbol, shares: row.shares });
    else p.shares += row.shares;
    skipped.push({ line: row.line, reason: `open position of ${symbol}: reconciled with the trades` });
  }
  for (const [key, state] of held) {
    if (!byKey.has(key) && state.shares > 1e-6) {
      const symbol = key.split('\u0000')[1];
      warnings.push(
        `${symbol}: the trades leave ${round(state.shares)} shares but the export lists no open position`,
      );
    }
  }
  for (const [key, p] of byKey) {
    const state = held.get(key) ?? { shares: 0, factor: 1, opening: null };
    const difference = round(p.shares - state.shares);
    if (Math.abs(difference) <= 1e-6) continue;
    if (difference > 0) {
      if (state.opening === null) {
        warnings.push(
          `${p.symbol}: the open position is ${round(p.shares)} shares, the trades give ${round(state.shares)}; added an opening position of ${difference} shares (${OPENING_NOTE})`,
        );
      }
      addOpening(state, difference / state.factor, p.row, p.symbol, openingDate, out, []);
    } else {
      warnings.push(
        `${p.symbol}: the open position is ${round(p.shares)} shares, the trades give ${round(state.shares)} (${-difference} more than held)`,
      );
    }
  }
}

function rowFor(row: ImportRow, symbol: string): HoldingRow {
  if (row.type === 'dividend') {
    return holdingRow(row, symbol, {
      shares: row.shares > 0 ? row.shares : null,
      totalCost: row.total ?? null,
    });
  }
  const price = row.price ?? null;
  return holdingRow(row, symbol, {
    shares: row.shares,
    cost: price,
    totalCost: price === null ? (row.total ?? null) : null,
  });
}

function holdingRow(row: ImportRow, symbol: string, values: Partial<HoldingRow>): HoldingRow {
  const currency = row.currency ? normalizeCurrency(row.currency) : null;
  return {
    type: row.type,
    symbol,
    shares: null,
    cost: null,
    totalCost: null,
    fee: row.type !== 'split' && row.fee !== undefined && row.fee > 0 ? round(row.fee) : null,
    date: row.date,
    currency: row.type === 'split' ? null : currency,
    account: row.account ?? null,
    name: row.name ?? null,
    notes: row.notes ?? null,
    line: row.line,
    ...values,
  };
}

/** True when the export lists its newest rows first (Schwab, Fidelity). */
function isDescending(rows: readonly ImportRow[]): boolean {
  const dated = rows.filter((r) => r.date !== null).sort((a, b) => a.line - b.line);
  return dated.length > 1 && (dated[0]!.date ?? '') > (dated[dated.length - 1]!.date ?? '');
}

function round(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

// ---- Symbols

async function resolveSymbols(rows: readonly ImportRow[], options: ConvertOptions): Promise<string[]> {
  const map = options.symbolMap ?? new Map<string, string>();
  const direct = rows.map((row) => directSymbol(row, map));
  // A row without an exchange (a corporate action, a dividend) takes the symbol its ticker or ISIN has
  // on the export's other rows.
  const byId = new Map<string, string>();
  rows.forEach((row, i) => {
    const symbol = direct[i];
    if (symbol === undefined) return;
    for (const id of [row.isin, row.ticker]) if (id !== undefined && !byId.has(id)) byId.set(id, symbol);
  });
  rows.forEach((row, i) => {
    if (direct[i] !== undefined) return;
    const id = [row.isin, row.ticker].find((x) => x !== undefined && byId.has(x));
    if (id !== undefined) direct[i] = byId.get(id);
  });
  const requests = new Map<string, { isin: string; suffix?: string | undefined }>();
  rows.forEach((r, i) => {
    if (direct[i] !== undefined || r.isin === undefined || !isIsin(r.isin) || requests.has(r.isin)) return;
    requests.set(r.isin, { isin: r.isin, suffix: yahooSuffix(r.exchange) });
  });
  const found =
    requests.size > 0 && options.resolveIsins
      ? await options.resolveIsins([...requests.values()])
      : new Map<string, string | null>();
  const problems: InputProblem[] = [];
  const reported = new Set<string>();
  const result = rows.map((row, i) => {
    const known = direct[i] ?? (row.isin !== undefined ? (found.get(row.isin) ?? undefined) : undefined);
    const fallback =
      known ??
      (row.ticker !== undefined && row.exchange === undefined && row.isin === undefined
        ? tickerSymbol(row.ticker)
        : undefined);
    if (fallback !== undefined) return fallback;
    const id = row.isin ?? row.cusip ?? row.ticker ?? '';
    if (!reported.has(id)) {
      reported.add(id);
      const what = [
        row.ticker && row.ticker !== id ? `ticker ${row.ticker}` : '',
        row.exchange ? `exchange ${row.exchange}` : '',
        row.name ?? '',
      ]
        .filter(Boolean)
        .join(', ');
      problems.push({
        file: options.file,
        line: row.line,
        reason: `no Yahoo symbol for ${id || 'this row'}${what ? ` (${what})` : ''}: add the line "${id || row.name || '?'},SYMBOL" to a --symbols file (columns id,symbol)`,
      });
    }
    return '';
  });
  if (problems.length > 0) throw new InputError(problems, { total: problems.length });
  return result;
}

function directSymbol(row: ImportRow, map: ReadonlyMap<string, string>): string | undefined {
  for (const id of [row.isin, row.cusip, row.ticker, row.yahooSymbol]) {
    const hit = id === undefined ? undefined : map.get(id.trim().toUpperCase());
    if (hit !== undefined) return hit;
  }
  if (row.yahooSymbol !== undefined && valid(row.yahooSymbol)) return row.yahooSymbol.toUpperCase();
  if (row.ticker !== undefined && row.exchange !== undefined) {
    const s = yahooSymbolFor(row.ticker, row.exchange);
    if (s !== undefined && valid(s)) return s;
  }
  return undefined;
}

function tickerSymbol(ticker: string): string | undefined {
  const s = ticker.trim().toUpperCase().replace(/[ /]+/g, '-');
  return valid(s) ? s : undefined;
}

function valid(symbol: string): boolean {
  return SYMBOL_PATTERN.test(symbol.toUpperCase());
}

// ---- Output

const HEADER = [
  'type',
  'symbol',
  'shares',
  'cost',
  'total_cost',
  'fee',
  'date',
  'currency',
  'account',
  'name',
  'notes',
];

/** folio's holdings CSV of the rows. */
export function holdingsCsv(rows: readonly HoldingRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.type,
        r.symbol,
        num(r.shares),
        num(r.cost),
        num(r.totalCost),
        num(r.fee),
        r.date ?? '',
        r.currency ?? '',
        r.account ?? '',
        r.name ?? '',
        r.notes ?? '',
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function num(value: number | null): string {
  if (value === null) return '';
  return value.toFixed(10).replace(/\.?0+$/, '');
}

function field(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').trim();
  return /[",#]/.test(clean) || clean !== text.trim() ? `"${clean.replace(/"/g, '""')}"` : clean;
}

/** `N rows: B buys, S sells, D dividends, P splits, K skipped`. */
export function summaryLine(c: Conversion['counts']): string {
  return `${c.rows} rows: ${c.buys} buys, ${c.sells} sells, ${c.dividends} dividends, ${c.splits} splits, ${c.skipped} skipped`;
}
