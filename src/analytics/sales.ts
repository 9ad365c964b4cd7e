// A symbol's sells and file dividends: proceeds and cash in base currency at the FX close of their
// date, and the ledger that gives each sale its cost basis and each buy what is left of it.
import { InputError, type InputProblem } from '../errors.js';
import type { Dividend, IsoDate, Sell, SplitEvent } from '../types.js';
import type { BuyState } from './buys.js';
import { firstIndexOnOrAfter } from './calendar.js';
import type { Diagnostics } from './diagnostics.js';
import type { FxTable } from './fx.js';
import { splitAdjustment } from './lots.js';
import type { CostMethod } from './model.js';
import type { PricedSymbol } from './pricing.js';
import type { Timeline } from './timeline.js';
import { inDateOrder, runLedger } from './transactions.js';
import type { Disposal, LedgerBuy, LedgerSell } from './transactions.js';

export interface SaleState {
  row: Sell;
  /** Calendar index the proceeds leave on (end of that day). */
  index: number;
  sharesToday: number;
  currency: string;
  /** Fee in base currency. */
  fee: number | null;
  /** Price x shares - fee, in base currency. */
  proceeds: number | null;
  costBasis: number | null;
  /** The buys the shares leave (by index into the symbol's buys), oldest first. */
  disposals: Disposal[];
}

export interface DividendState {
  row: Dividend;
  index: number;
  /** Cash net of fee, in base. */
  amount: number | null;
}

export interface Transactions {
  sales: SaleState[];
  fileDividends: DividendState[];
  /** What is left of each buy (by index) at asOf: shares in today's units, cost in base; a buy not in it is left whole. */
  remaining: Map<number, { shares: number; cost: number | null }>;
}

export interface SalesContext {
  timeline: Timeline;
  fx: FxTable;
  costMethod: CostMethod;
}

/** Runs the symbol's sells against its buys; its oversells are one InputError naming each sell's line. */
export function applyTransactions(
  ps: PricedSymbol,
  buys: readonly BuyState[],
  splits: readonly SplitEvent[],
  ctx: SalesContext,
  diagnostics: Diagnostics,
): Transactions {
  const sells: Sell[] = [];
  const dividends: Dividend[] = [];
  for (const r of ps.rows)
    if (r.type === 'sell') sells.push(r);
    else if (r.type === 'dividend') dividends.push(r);
  const fileDividends = (): DividendState[] => dividends.map((row) => dividendOf(row, ps, ctx, diagnostics));
  // Without sells every buy is left whole: no ledger to run (what is left of a buy is then the buy).
  if (sells.length === 0) return { sales: [], fileDividends: fileDividends(), remaining: new Map() };
  const sales = sells.map((row) => saleOf(row, ps, splits, ctx, diagnostics));
  const saleOfRow = new Map<unknown, number>(sells.map((row, k) => [row, k]));
  const buyOfRow = new Map<unknown, number>(buys.map((b, k) => [b.row, k]));
  const events: (LedgerBuy | LedgerSell)[] = [];
  for (const r of inDateOrder(ps.rows.filter((r) => buyOfRow.has(r) || saleOfRow.has(r)))) {
    const b = buyOfRow.get(r);
    if (b !== undefined)
      events.push({ kind: 'buy', key: b, shares: buys[b]!.shares, cost: buys[b]!.ledgerCost });
    else {
      const k = saleOfRow.get(r)!;
      events.push({ kind: 'sell', key: k, shares: sales[k]!.sharesToday });
    }
  }
  const ledger = runLedger(events, ctx.costMethod);
  if (ledger.oversold.length > 0)
    throw new InputError(ledger.oversold.map((o) => oversold(sales[o.key]!, o.held, ps.symbol)));
  for (const [k, r] of ledger.sells) {
    const sale = sales[k]!;
    sale.costBasis = r.costBasis;
    sale.disposals = r.disposals;
    if (r.costBasis === null && sale.proceeds !== null)
      diagnostics.warn(
        `${ps.symbol} line ${sale.row.source.line}: realized gain unknown: shares sold come from a lot without a known cost`,
      );
  }
  return { sales, fileDividends: fileDividends(), remaining: ledger.remaining };
}

function calendarIndexOf(timeline: Timeline, date: IsoDate): number {
  const i = firstIndexOnOrAfter(timeline.calendar, date);
  return i < 0 ? timeline.asOfIndex : i;
}

function saleOf(
  row: Sell,
  ps: PricedSymbol,
  splits: readonly SplitEvent[],
  ctx: SalesContext,
  diagnostics: Diagnostics,
): SaleState {
  const currency = row.currency ?? ps.currency;
  const rate = ctx.fx.hasHistory(currency) ? ctx.fx.rateAt(currency, row.date) : null;
  const fee = row.fee ?? 0;
  const gross = row.price * row.shares;
  if (rate === null)
    diagnostics.warn(
      `${ps.symbol} line ${row.source.line}: no ${ctx.fx.pairFor(currency) ?? currency} close on or before ${row.date}: proceeds and realized gain unknown`,
    );
  return {
    row,
    index: calendarIndexOf(ctx.timeline, row.date),
    sharesToday: row.shares * splitAdjustment(row.date, splits).factor,
    currency,
    fee: rate === null ? null : fee * rate,
    proceeds: rate === null ? null : (fee === 0 ? gross : gross - fee) * rate,
    costBasis: null,
    disposals: [],
  };
}

function oversold(sale: SaleState, heldToday: number, symbol: string): InputProblem {
  const factor = sale.sharesToday / sale.row.shares;
  const held = Number((heldToday / factor).toPrecision(10));
  return {
    file: sale.row.source.file,
    line: sale.row.source.line,
    field: 'shares',
    value: String(sale.row.shares),
    reason: `sells ${sale.row.shares} ${symbol} on ${sale.row.date} but ${held === 0 ? 'none are' : `only ${held} are`} held on that date (after splits)`,
  };
}

function dividendOf(
  row: Dividend,
  ps: PricedSymbol,
  ctx: SalesContext,
  diagnostics: Diagnostics,
): DividendState {
  const currency = row.currency ?? ps.currency;
  const rate = ctx.fx.hasHistory(currency) ? ctx.fx.rateAt(currency, row.date) : null;
  if (rate === null)
    diagnostics.warn(
      `${ps.symbol} line ${row.source.line}: no ${ctx.fx.pairFor(currency) ?? currency} close on or before ${row.date}: dividend unknown`,
    );
  const fee = row.fee ?? 0;
  return {
    row,
    index: calendarIndexOf(ctx.timeline, row.date),
    amount: rate === null ? null : (fee === 0 ? row.amount : row.amount - fee) * rate,
  };
}
