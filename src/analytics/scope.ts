// The report's scope: histories cleaned of outlier closes, the rows that count as of the report date,
// grouped by symbol, each symbol's split events (Yahoo's merged with the file's) and whether it is
// still held.
import type { IsoDate, PriceHistory, SplitEvent, Transaction } from '../types.js';
import { isBuy } from '../types.js';
import { PriceLookup } from './calendar.js';
import type { Diagnostics } from './diagnostics.js';
import { splitAdjustment } from './lots.js';
import type { AnalyticsInput } from './model.js';
import { SPLIT_DUPLICATE_DAYS, dropOutlierCloses } from './sanity.js';
import { toEpochDay } from '../dates.js';
import { textNumber } from './text.js';
import { mergeSplits } from './transactions.js';

export interface Scope {
  /** Every history with outlier closes dropped. */
  histories: Map<string, PriceHistory>;
  /** Carry-forward lookups of the histories that have bars. */
  lookups: Map<string, PriceLookup>;
  /** A symbol's trading days (epoch days): all its bars' (a dropped close leaves its day a trading day). */
  tradingDays: (symbol: string) => Int32Array;
  /** Symbols of the rows in scope, in order of first appearance. */
  symbols: string[];
  rowsBySymbol: Map<string, Transaction[]>;
  /** Symbols Yahoo does not know, or without quote and history: out of the totals. */
  unknown: Set<string>;
  splitsBySymbol: Map<string, SplitEvent[]>;
  /** Symbols with no shares left at asOf. */
  closedSymbols: Set<string>;
  /** Symbols with shares held at asOf (neither sold out nor only dividend or split rows). */
  openSymbols: Set<string>;
  /** Symbols with dividend rows in the file (at any date): their income is never estimated. */
  fileDividendSymbols: Set<string>;
}

export function selectScope(input: AnalyticsInput, diagnostics: Diagnostics): Scope {
  const { histories, lookups, tradingDays } = cleanHistories(input.histories, diagnostics);
  const rows = rowsInScope(input.lots, input.asOf, diagnostics);
  const { symbols, rowsBySymbol } = groupBySymbol(rows);
  // Only what Yahoo said it does not know: a symbol without data for another reason is unpriced, not unknown.
  const unknown = new Set(input.unknownSymbols ?? []);
  const splitsBySymbol = new Map<string, SplitEvent[]>();
  for (const symbol of symbols)
    splitsBySymbol.set(
      symbol,
      symbolSplits(
        symbol,
        rowsBySymbol.get(symbol) ?? [],
        histories.get(symbol)?.splits ?? [],
        tradingDays(symbol),
        diagnostics,
      ),
    );
  const { closedSymbols, openSymbols } = openAndClosed(symbols, rowsBySymbol, splitsBySymbol);
  const fileDividendSymbols = new Set(input.lots.filter((l) => l.type === 'dividend').map((l) => l.symbol));
  return {
    histories,
    lookups,
    tradingDays,
    symbols,
    rowsBySymbol,
    unknown,
    splitsBySymbol,
    closedSymbols,
    openSymbols,
    fileDividendSymbols,
  };
}

/** Drops closes over 50x off both neighbours (with a warning each) and builds the lookups. */
function cleanHistories(
  raw: ReadonlyMap<string, PriceHistory>,
  diagnostics: Diagnostics,
): Pick<Scope, 'histories' | 'lookups' | 'tradingDays'> {
  const histories = new Map<string, PriceHistory>();
  for (const [symbol, h] of raw) {
    const { history, dropped } = dropOutlierCloses(h);
    for (const date of dropped)
      diagnostics.warn(
        `data: ${symbol} close on ${date} is over 50x off both neighbouring closes: ignored, previous close carried forward`,
      );
    histories.set(symbol, history);
  }
  const lookups = new Map<string, PriceLookup>();
  for (const [symbol, h] of histories) if (h.bars.length > 0) lookups.set(symbol, new PriceLookup(h.bars));
  const none = new Int32Array(0);
  const tradingDays = (symbol: string): Int32Array => raw.get(symbol)?.bars.days ?? none;
  return { histories, lookups, tradingDays };
}

/**
 * With --as-of, rows dated after it are left out (with a note); split rows always count: like Yahoo's
 * split events, they adjust the whole price history.
 */
function rowsInScope(
  rows: readonly Transaction[],
  asOf: IsoDate | undefined,
  diagnostics: Diagnostics,
): Transaction[] {
  const inScope = (r: Transaction): boolean => asOf === undefined || r.date === null || r.date <= asOf;
  const buysAfter = rows.filter((r) => isBuy(r) && !inScope(r)).length;
  if (buysAfter > 0) diagnostics.note(`${buysAfter} lot(s) bought after ${asOf ?? ''} ignored (--as-of)`);
  const othersAfter = rows.filter((r) => (r.type === 'sell' || r.type === 'dividend') && !inScope(r)).length;
  if (othersAfter > 0)
    diagnostics.note(`${othersAfter} sell or dividend row(s) after ${asOf ?? ''} ignored (--as-of)`);
  return rows.filter((r) => r.type === 'split' || inScope(r));
}

function groupBySymbol(rows: readonly Transaction[]): Pick<Scope, 'symbols' | 'rowsBySymbol'> {
  const symbols: string[] = [];
  const rowsBySymbol = new Map<string, Transaction[]>();
  for (const row of rows) {
    const list = rowsBySymbol.get(row.symbol);
    if (list === undefined) {
      symbols.push(row.symbol);
      rowsBySymbol.set(row.symbol, [row]);
    } else list.push(row);
  }
  return { symbols, rowsBySymbol };
}

/**
 * Yahoo's split events with the file's split rows (a row replaces Yahoo's event on its date), noted. A
 * row within SPLIT_DUPLICATE_DAYS trading days of a Yahoo split of the same ratio is that split written
 * with another date (a record or payable date for the ex-date): applied once, on Yahoo's date (which its
 * prices follow), with a warning; applying both multiplied the shares twice.
 */
function symbolSplits(
  symbol: string,
  rows: readonly Transaction[],
  yahoo: SplitEvent[],
  days: Int32Array,
  diagnostics: Diagnostics,
): SplitEvent[] {
  const fileSplits: SplitEvent[] = [];
  for (const r of rows) {
    if (r.type !== 'split') continue;
    const y = yahoo.find((x) => x.date === r.date);
    const twin =
      y === undefined
        ? yahoo.find(
            (x) =>
              Math.abs(x.ratio - r.ratio) < 1e-9 &&
              tradingDaysApart(x.date, r.date, days) <= SPLIT_DUPLICATE_DAYS,
          )
        : undefined;
    if (twin !== undefined) {
      diagnostics.warn(
        `${r.source.file}:${r.source.line}: ${symbol} split ${textNumber(r.ratio)}:1 on ${r.date} is ${tradingDaysApart(twin.date, r.date, days)} trading day(s) from Yahoo's ${textNumber(twin.ratio)}:1 split on ${twin.date}: taken as the same split and applied once, on ${twin.date} (date the row ${twin.date} to correct Yahoo's instead)`,
      );
      continue;
    }
    diagnostics.note(
      `${symbol} line ${r.source.line}: split ${textNumber(r.ratio)}:1 on ${r.date} from the file` +
        (y === undefined ? ' (Yahoo has none on that date)' : ` replaces Yahoo's ${textNumber(y.ratio)}:1`),
    );
    fileSplits.push({ date: r.date, ratio: r.ratio });
  }
  return fileSplits.length === 0 ? yahoo : mergeSplits(yahoo, fileSplits);
}

/** Trading days (of `days`, epoch days ascending) after the earlier date up to the later one; calendar days without bars. */
function tradingDaysApart(a: IsoDate, b: IsoDate, days: Int32Array): number {
  const [from, to] = a < b ? [toEpochDay(a), toEpochDay(b)] : [toEpochDay(b), toEpochDay(a)];
  if (days.length === 0) return to - from;
  let n = 0;
  for (const d of days) if (d > from && d <= to) n++;
  return n;
}

/** Sold out (sells took every share bought) or never bought (only dividend or split rows) vs held. */
function openAndClosed(
  symbols: readonly string[],
  rowsBySymbol: ReadonlyMap<string, readonly Transaction[]>,
  splitsBySymbol: ReadonlyMap<string, readonly SplitEvent[]>,
): Pick<Scope, 'closedSymbols' | 'openSymbols'> {
  const closedSymbols = new Set<string>();
  const openSymbols = new Set<string>();
  for (const symbol of symbols) {
    const splits = splitsBySymbol.get(symbol) ?? [];
    let bought = 0;
    let sold = 0;
    let sells = 0;
    for (const r of rowsBySymbol.get(symbol) ?? []) {
      if (isBuy(r)) bought += r.shares * splitAdjustment(r.date, splits).factor;
      else if (r.type === 'sell') {
        sold += r.shares * splitAdjustment(r.date, splits).factor;
        sells++;
      }
    }
    if (bought === 0) continue;
    if (sells > 0 && sold >= bought * (1 - 1e-9)) closedSymbols.add(symbol);
    else openSymbols.add(symbol);
  }
  return { closedSymbols, openSymbols };
}
