// Positions: for each symbol its buys, sells and dividends applied in date order, giving what is held
// of each buy today (valued), the lots of the value series with their exits (sales and dividends
// leave at the end of their day), the cash flows of XIRR and same cash flows, and realized gains.
import type { IsoDate, SplitEvent } from '../types.js';
import type { FlowLot, FlowSale } from './benchmarks.js';
import { bookBuys } from './buys.js';
import type { BuyContext, BuyState } from './buys.js';
import type { Diagnostics } from './diagnostics.js';
import type { FxTable } from './fx.js';
import type { ClosedPosition, CostMethod, DividendRow, RealizedRow } from './model.js';
import type { PricedSymbol } from './pricing.js';
import { closedPosition, disposalsByBuy, estimatedDividends, heldOn, realizedRow } from './realized.js';
import type { DisposalsByBuy } from './realized.js';
import { applyTransactions } from './sales.js';
import { InputError, type InputProblem } from '../errors.js';
import type { Transactions } from './sales.js';
import type { Scope } from './scope.js';
import type { SeriesLot } from './series.js';
import { UnitValues } from './unit-values.js';

/** What is held of one buy today. */
export interface HeldLot {
  buy: BuyState;
  /** Shares held today (today's units). */
  shares: number;
  /** Cost in base of the shares held (null when unknown or out of the totals). */
  costInBase: number | null;
  marketValue: number;
}

type Exit = { index: number; shares: number; cash: number };

export interface Position {
  priced: PricedSymbol;
  held: HeldLot[];
  /** Dated, costed buys in the history figures, with their exits. */
  seriesLots: SeriesLot[];
  /** The same buys as cash flows, each with the value held of it today. */
  flowLots: (FlowLot & { marketValue: number })[];
  flowSales: FlowSale[];
  flowDividends: { date: IsoDate; amount: number }[];
  realized: RealizedRow | undefined;
  closed: ClosedPosition | undefined;
}

export interface PositionContext extends BuyContext {
  fx: FxTable;
  costMethod: CostMethod;
}

export function bookPositions(
  priced: readonly PricedSymbol[],
  scope: Scope,
  ctx: PositionContext,
  diagnostics: Diagnostics,
): Position[] {
  // Every symbol's problems (sells of more than held) are listed together, not the first symbol's only.
  const problems: InputProblem[] = [];
  const positions = priced.map((ps) => {
    try {
      return bookPosition(ps, scope, scope.splitsBySymbol.get(ps.symbol) ?? [], ctx, diagnostics);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return null;
    }
  });
  if (problems.length > 0) throw InputError.listing(problems);
  return positions.filter((p) => p !== null);
}

function bookPosition(
  ps: PricedSymbol,
  scope: Scope,
  splits: readonly SplitEvent[],
  ctx: PositionContext,
  diagnostics: Diagnostics,
): Position {
  const { calendarDays, asOf, asOfIndex } = ctx.timeline;
  // Base-currency value of one share on every calendar date (close x fx), shared by every lot. One day,
  // one value: at asOf a share is worth what the holding's value uses (today: the quote price and the
  // FX quote; --as-of: that date's closes), not the last closes, so the series, TWR, returns, drawdown,
  // risk and comparisons end at the market value shown above them.
  const unitValues = UnitValues.onCalendar(
    ps.lookup,
    calendarDays,
    ctx.fx.ratesOn(ps.currency, calendarDays),
    ps.inTotals && ps.price !== null && ps.fxNow !== null && asOfIndex >= 0
      ? { index: asOfIndex, value: ps.price * ps.fxNow }
      : null,
  );
  const buys = bookBuys(ps, splits, unitValues, ctx, diagnostics);
  const tx = applyTransactions(ps, buys, splits, ctx, diagnostics);
  const disposals = disposalsByBuy(tx.sales);
  const exits = new Map<number, Exit[]>();
  const flowSales = saleExits(tx, buys, exits);
  const flowDividends = dividendExits(tx, buys, disposals, exits);
  const position: Position = {
    priced: ps,
    held: [],
    seriesLots: [],
    flowLots: [],
    flowSales,
    flowDividends,
    realized: undefined,
    closed: undefined,
  };
  buys.forEach((b, k) => {
    const rem = tx.remaining.get(k) ?? { shares: b.shares, cost: b.ledgerCost };
    const marketValue =
      ps.inTotals && ps.price !== null && ps.fxNow !== null ? rem.shares * ps.price * ps.fxNow : 0;
    if (rem.shares > 0)
      position.held.push({
        buy: b,
        shares: rem.shares,
        costInBase: ps.inTotals ? rem.cost : null,
        marketValue,
      });
    if (!inSeries(b) || b.costInBase === null || b.row.date === null) return;
    const lotExits = exits.get(k);
    position.seriesLots.push(
      lotExits === undefined
        ? { entryIndex: b.entry, shares: b.shares, costInBase: b.costInBase, unitValues }
        : { entryIndex: b.entry, shares: b.shares, costInBase: b.costInBase, unitValues, exits: lotExits },
    );
    position.flowLots.push({ date: b.row.date, entryIndex: b.entry, costInBase: b.costInBase, marketValue });
  });
  const dividends: DividendRow[] = tx.fileDividends.map((d) => ({
    date: d.row.date,
    line: d.row.source.line,
    amount: d.amount,
    estimated: false,
  }));
  if (!scope.fileDividendSymbols.has(ps.symbol))
    dividends.push(...estimatedDividends(ps, buys, disposals, asOf, ctx.fx));
  if (tx.sales.length > 0 || dividends.length > 0) position.realized = realizedRow(ps, tx.sales, dividends);
  if (scope.closedSymbols.has(ps.symbol))
    position.closed = closedPosition(ps, buys, tx.sales, position.realized);
  if (
    ps.inTotals &&
    buys.some((b) => b.row.costPerShare !== null) &&
    position.held.some((l) => l.costInBase === null)
  )
    diagnostics.warn(
      `${ps.symbol}: some lots have no cost: its cost basis and unrealized gain are left empty`,
    );
  return position;
}

function inSeries(b: BuyState): boolean {
  return b.entry >= 0 && b.costInBase !== null && b.row.date !== null;
}

function exitsOf(exits: Map<number, Exit[]>, k: number): Exit[] {
  let list = exits.get(k);
  if (list === undefined) exits.set(k, (list = []));
  return list;
}

/**
 * Sales: the shares leave the lots they come from; their proceeds count in O_t and XIRR only for the
 * part that came from lots in the history figures.
 */
function saleExits(tx: Transactions, buys: readonly BuyState[], exits: Map<number, Exit[]>): FlowSale[] {
  const flows: FlowSale[] = [];
  for (const sale of tx.sales) {
    let cash = 0;
    let any = false;
    for (const d of sale.disposals) {
      const b = buys[d.buyKey];
      if (b === undefined || !inSeries(b)) continue;
      const part = sale.proceeds === null ? 0 : (sale.proceeds * d.shares) / sale.sharesToday;
      exitsOf(exits, d.buyKey).push({ index: sale.index, shares: d.shares, cash: part });
      cash += part;
      any = true;
    }
    if (any) flows.push({ date: sale.row.date, index: sale.index, amount: cash });
  }
  return flows;
}

/** Dividends from the file: cash shared among the lots held on the day, by shares. */
function dividendExits(
  tx: Transactions,
  buys: readonly BuyState[],
  disposals: DisposalsByBuy,
  exits: Map<number, Exit[]>,
): { date: IsoDate; amount: number }[] {
  const flows: { date: IsoDate; amount: number }[] = [];
  for (const dv of tx.fileDividends) {
    const amount = dv.amount;
    if (amount === null) continue;
    const date = dv.row.date;
    let weights = buys.map((b, k) => heldOn(b, k, date, disposals, false));
    if (!weights.some((w) => w > 0))
      weights = buys.map((b) => (b.row.date === null || b.row.date <= date ? b.shares : 0));
    const total = weights.reduce((a, w) => a + w, 0);
    if (!(total > 0)) continue;
    let cash = 0;
    buys.forEach((b, k) => {
      const w = weights[k] ?? 0;
      if (w > 0 && inSeries(b)) {
        const part = amount * (w / total);
        exitsOf(exits, k).push({ index: dv.index, shares: 0, cash: part });
        cash += part;
      }
    });
    if (cash !== 0) flows.push({ date, amount: cash });
  }
  return flows;
}
