// Benchmark ETFs: levels are adjusted closes (dividends reinvested) converted to the base currency at
// the same date's FX; "same cash flows" invests each lot's cost in the ETF on the lot's entry date.
import type { IsoDate } from '../types.js';
import type { SameCashFlows } from './model.js';
import { NeumaierSum } from './sum.js';
import { xirr } from './xirr.js';

export interface FlowLot {
  /** Purchase date (the XIRR flow date). */
  date: IsoDate;
  /** Calendar index the money enters on. */
  entryIndex: number;
  costInBase: number;
}

/** A sale: its proceeds sell ETF units of equal value on the same calendar date. */
export interface FlowSale {
  date: IsoDate;
  index: number;
  /** Proceeds in base currency. */
  amount: number;
}

export type SameCashFlowsResult =
  | { ok: true; value: SameCashFlows; xirrReason: string | null }
  | { ok: false; reason: string };

/**
 * Every lot's cost bought in the ETF at its base-currency adjusted close on the lot's entry date, valued
 * at asOf. `portfolio` is the value today of the same lots and their XIRR; vsPortfolio = portfolio - ETF.
 */
export function sameCashFlows({
  lots,
  levels,
  calendar,
  asOfIndex,
  portfolio,
  sales = [],
}: {
  lots: readonly FlowLot[];
  /** The ETF's levels in base currency on the calendar. */
  levels: readonly (number | null)[];
  calendar: readonly IsoDate[];
  asOfIndex: number;
  portfolio: { value: number; xirr: number | null };
  sales?: readonly FlowSale[];
}): SameCashFlowsResult {
  if (lots.length === 0) return { ok: false, reason: 'no dated lots with a cost' };
  const end = levels[asOfIndex] ?? null;
  const asOf = calendar[asOfIndex];
  if (end === null || asOf === undefined) return { ok: false, reason: 'no close on the report date' };
  const units = new NeumaierSum();
  const cost = new NeumaierSum();
  for (const lot of lots) {
    const level = levels[lot.entryIndex] ?? null;
    if (level === null || !(level > 0)) {
      return { ok: false, reason: `no close on ${calendar[lot.entryIndex] ?? lot.date} (history too short)` };
    }
    units.add(lot.costInBase / level);
    cost.add(lot.costInBase);
  }
  // Sales take out ETF units worth the proceeds at that day's level. When the ETF fell behind the
  // holding, it may hold less than that: it then sells all its units (never going short) and receives
  // only their value, so its proceeds are smaller than the portfolio's.
  for (const sale of sales) {
    const level = levels[sale.index] ?? null;
    if (level === null || !(level > 0)) {
      return { ok: false, reason: `no close on ${calendar[sale.index] ?? sale.date} (history too short)` };
    }
  }
  const etfSales = sellUnits(lots, sales, levels);
  const proceeds = new NeumaierSum();
  let value: number;
  if (etfSales === null) {
    // No sale exceeds the ETF units held: the plain sums.
    for (const sale of sales) {
      units.add(-sale.amount / (levels[sale.index] as number));
      proceeds.add(sale.amount);
    }
    value = units.value * end;
  } else {
    for (const s of etfSales) proceeds.add(s.amount);
    value = etfSales.unitsLeft * end;
  }
  const etfFlows = etfSales ?? sales;
  // gain = value + proceeds - cost; `value - cost` alone when nothing was sold.
  const gain = sales.length === 0 ? value - cost.value : value + proceeds.value - cost.value;
  const x = xirr([
    ...lots.map((l) => ({ date: l.date, amount: -l.costInBase })),
    ...etfFlows.map((s) => ({ date: s.date, amount: s.amount })),
    { date: asOf, amount: value },
  ]);
  return {
    ok: true,
    xirrReason: x.reason,
    value: {
      value,
      gain,
      gainPct: cost.value > 0 ? gain / cost.value : null,
      xirr: x.rate,
      vsPortfolio: {
        value: portfolio.value - value,
        xirr: portfolio.xirr === null || x.rate === null ? null : portfolio.xirr - x.rate,
      },
    },
  };
}

/**
 * The ETF's sales in date order (buys enter at the start of their day, sales leave at its end) when
 * some sale would take more units than the ETF holds: that sale sells all the units left instead and
 * its amount is their value. null when no sale needs that (the caller keeps the plain sums). Levels
 * at the lots' and sales' indexes are known to be > 0.
 */
function sellUnits(
  lots: readonly FlowLot[],
  sales: readonly FlowSale[],
  levels: readonly (number | null)[],
): (FlowSale[] & { unitsLeft: number }) | null {
  if (sales.length === 0) return null;
  type Ev = { index: number; order: number; lot?: FlowLot; sale?: FlowSale };
  const events: Ev[] = [
    ...lots.map((lot, k) => ({ index: lot.entryIndex, order: k, lot })),
    ...sales.map((sale, k) => ({ index: sale.index, order: lots.length + k, sale })),
  ].sort((a, b) => a.index - b.index || a.order - b.order);
  let held = new NeumaierSum();
  const out: FlowSale[] = [];
  let clamped = false;
  for (const e of events) {
    const level = levels[e.index] as number;
    if (e.lot !== undefined) held.add(e.lot.costInBase / level);
    else if (e.sale !== undefined) {
      const want = e.sale.amount / level;
      const have = held.value;
      if (want > have) {
        clamped = true;
        const left = have > 0 ? have : 0;
        out.push({ ...e.sale, amount: left * level });
        held = new NeumaierSum(); // nothing left
      } else {
        out.push(e.sale);
        held.add(-want);
      }
    }
  }
  return clamped ? Object.assign(out, { unitsLeft: Math.max(0, held.value) }) : null;
}

/** Daily returns of a level series on the calendar (null where either level is unknown). */
export function levelReturns(levels: readonly (number | null)[]): (number | null)[] {
  return levels.map((l, t) => {
    const prev = t > 0 ? (levels[t - 1] ?? null) : null;
    return l === null || prev === null || !(prev > 0) ? null : l / prev - 1;
  });
}
