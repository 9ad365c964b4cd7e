// Each buy of a symbol: its shares and cost per share in today's units (after later splits, noted),
// its cost in the base currency at the FX close of its date, and the trading date it enters on.
import type { Buy, IsoDate, SplitEvent } from '../types.js';
import type { PriceLookup } from './calendar.js';
import type { Diagnostics } from './diagnostics.js';
import type { FxTable } from './fx.js';
import { entryIndex, splitAdjustment } from './lots.js';
import type { SplitAdjustment } from './lots.js';
import type { PricedSymbol } from './pricing.js';
import { majorCurrency } from '../currencies.js';
import { costFarFromClose } from './sanity.js';
import { textNumber } from './text.js';
import type { Timeline } from './timeline.js';
import type { UnitValues } from './unit-values.js';

export interface BuyState {
  row: Buy;
  factor: number;
  /** Shares bought, in today's units (after every split). */
  shares: number;
  costCurrency: string;
  costPerShare: number | null;
  /** Cost in base incl. fee, as the holding's figures use it (null out of the totals). */
  costInBase: number | null;
  /** The same cost for the ledger, also for positions out of the totals (a sold-out, delisted symbol). */
  ledgerCost: number | null;
  /** Calendar index the buy enters the history figures on; -1 when it stays out of them. */
  entry: number;
}

/** What pricing a buy needs besides the buy: the calendar, FX and every symbol's lookup. */
export interface BuyContext {
  timeline: Timeline;
  fx: FxTable;
  lookups: ReadonlyMap<string, PriceLookup>;
}

/** A buy's cost plus its fee (the product alone when there is no fee). */
function withFee(cost: number, fee: number | undefined): number {
  return fee === undefined || fee === 0 ? cost : cost + fee;
}

export function bookBuys(
  ps: PricedSymbol,
  splits: readonly SplitEvent[],
  unitValues: UnitValues,
  ctx: BuyContext,
  diagnostics: Diagnostics,
): BuyState[] {
  const buys: Buy[] = [];
  for (const r of ps.rows) if (r.type === undefined || r.type === 'buy') buys.push(r);
  return buys.map((row) => {
    const where = `${ps.symbol} line ${row.source.line}`;
    const adj = splitAdjustment(row.date, splits);
    noteSplits(row, adj, where, diagnostics);
    const costCurrency = row.currency ?? ps.currency;
    warnCostFarFromClose(row, ps, adj.factor, costCurrency, ctx.fx, diagnostics);
    const costInBase = ps.inTotals ? costOfBuy(row, costCurrency, where, ctx, diagnostics) : null;
    const entry = ps.inTotals ? entryOf(row, ps, costInBase, unitValues, where, ctx, diagnostics) : -1;
    return {
      row,
      factor: adj.factor,
      shares: row.shares * adj.factor,
      costCurrency,
      costPerShare: row.costPerShare === null ? null : row.costPerShare / adj.factor,
      costInBase,
      ledgerCost: ps.inTotals ? costInBase : silentCostInBase(row, costCurrency, ctx),
      entry,
    };
  });
}

/**
 * Warns (with the file and line) when a dated lot's cost per share is more than 20x above or below the
 * close on its purchase date: compared in today's units, the cost divided by the later splits as folio
 * counts the lot and the close as Yahoo's split-adjusted series shows it, pence and pounds as one unit.
 */
function warnCostFarFromClose(
  row: Buy,
  ps: PricedSymbol,
  splitFactor: number,
  costCurrency: string,
  fx: FxTable,
  diagnostics: Diagnostics,
): void {
  if (row.date === null || row.costPerShare === null) return;
  const close = ps.lookup?.closeAt(row.date) ?? null;
  if (close === null) return;
  const costUnit = majorCurrency(costCurrency);
  const closeUnit = majorCurrency(ps.currency);
  let cost = (row.costPerShare / splitFactor) * costUnit.factor;
  let closeInCostUnit = close * closeUnit.factor;
  if (costUnit.code !== closeUnit.code) {
    // Different currencies: both in the base currency at the purchase date's FX closes.
    const costRate = fx.rateAt(costUnit.code, row.date);
    const closeRate = fx.rateAt(closeUnit.code, row.date);
    if (costRate === null || closeRate === null) return;
    cost *= costRate;
    closeInCostUnit *= closeRate;
  }
  const ratio = costFarFromClose(cost, closeInCostUnit);
  if (ratio === null) return;
  const times =
    ratio > 1
      ? `${textNumber(Number(ratio.toPrecision(3)))}x`
      : `1/${textNumber(Number((1 / ratio).toPrecision(3)))}`;
  diagnostics.warn(
    `${row.source.file}:${row.source.line}: ${ps.symbol} cost ${textNumber(row.costPerShare)} ${costCurrency} per share is ${times} the close of ${textNumber(close)} ${ps.currency} on ${row.date}` +
      (splitFactor === 1
        ? ''
        : ` (after splits: ${textNumber(row.costPerShare / splitFactor)} ${costCurrency})`) +
      ': check it (pence typed as pounds? a lost decimal point?)',
  );
}

/** One note per split after the purchase, each from the units after the earlier ones (10 -> 70 -> 280). */
function noteSplits(row: Buy, adj: SplitAdjustment, where: string, diagnostics: Diagnostics): void {
  let before = 1;
  for (const s of adj.applied) {
    const after = before * s.ratio;
    diagnostics.note(
      `${where}: split ${textNumber(s.ratio)}:1 on ${s.date} after the purchase on ${row.date ?? ''}: shares ${textNumber(row.shares * before)} -> ${textNumber(row.shares * after)}` +
        (row.costPerShare === null
          ? ''
          : `, cost per share ${textNumber(row.costPerShare / before)} -> ${textNumber(row.costPerShare / after)}`) +
        ' (total cost unchanged)',
    );
    before = after;
  }
}

/** The rate a buy's cost converts at: its date's FX close (undated: today's rate). */
function costRate(row: Buy, costCurrency: string, ctx: BuyContext): number | null {
  const { fx, timeline } = ctx;
  if (row.date !== null) return fx.rateAt(costCurrency, row.date);
  return timeline.past ? fx.rateAt(costCurrency, timeline.asOf) : fx.rateNow(costCurrency, timeline.asOf);
}

function costOfBuy(
  row: Buy,
  costCurrency: string,
  where: string,
  ctx: BuyContext,
  diagnostics: Diagnostics,
): number | null {
  if (row.costPerShare === null) return null;
  const pair = ctx.fx.pairFor(costCurrency) ?? costCurrency;
  if (!ctx.fx.hasHistory(costCurrency)) {
    diagnostics.warn(`no FX history for ${pair}: cost of ${where} in ${costCurrency} unknown`);
    return null;
  }
  const rate = costRate(row, costCurrency, ctx);
  if (rate === null) {
    diagnostics.warn(
      `no ${pair} close on or before ${row.date ?? ctx.timeline.asOf}: cost of ${where} unknown`,
    );
    return null;
  }
  return withFee(row.costPerShare * row.shares, row.fee) * rate;
}

/** A buy's cost in base currency without the warnings (those come with the holding's own figures). */
function silentCostInBase(row: Buy, costCurrency: string, ctx: BuyContext): number | null {
  if (row.costPerShare === null || !ctx.fx.hasHistory(costCurrency)) return null;
  const rate = costRate(row, costCurrency, ctx);
  return rate === null ? null : withFee(row.costPerShare * row.shares, row.fee) * rate;
}

/**
 * The calendar index a dated, costed buy enters the history figures on: the first trading date on or
 * after its date with a price; -1 (with a warning) when it has no date, no cost or no such date.
 */
function entryOf(
  row: Buy,
  ps: PricedSymbol,
  costInBase: number | null,
  unitValues: UnitValues,
  where: string,
  ctx: BuyContext,
  diagnostics: Diagnostics,
): number {
  if (row.date === null)
    diagnostics.warn(
      `${where}: no purchase date: counted in value, weights and day change, not in returns, XIRR, risk, charts or same cash flows`,
    );
  if (row.costPerShare === null)
    diagnostics.warn(
      `${where}: no cost: counted in value, weights and day change, not in cost basis, returns, XIRR, risk, charts or same cash flows`,
    );
  if (row.date === null || costInBase === null || ps.lookup === undefined) return -1;
  const { calendar, asOf } = ctx.timeline;
  const lotDate = row.date;
  const entry = entryIndex(calendar, lotDate, (_d, t) => !Number.isNaN(unitValues.at(t)));
  const entryDate = calendar[entry];
  if (entryDate === undefined) {
    diagnostics.warn(
      `${where}: no trading date with prices on or after ${lotDate} up to ${asOf}: not in returns, XIRR, risk, charts or same cash flows`,
    );
  } else if (entryDate !== lotDate) {
    const pair = ctx.fx.pairFor(ps.currency);
    const firstData = [ps.lookup.firstDate, pair === null ? null : (ctx.lookups.get(pair)?.firstDate ?? null)]
      .filter((d): d is IsoDate => d !== null)
      .sort()
      .pop();
    if (firstData !== undefined && firstData > lotDate)
      diagnostics.warn(
        `${where}: price history starts ${firstData}, after the purchase on ${lotDate}: the lot enters on ${entryDate}`,
      );
    else
      diagnostics.note(
        `${where}: dated ${lotDate}, not a trading date: enters on the next trading date ${entryDate}`,
      );
  }
  return entry;
}
