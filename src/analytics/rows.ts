// The holdings table: one row per open holding, with its lots, weight and return against the first
// benchmark.
import type { HoldingRow, LotRow } from './model.js';
import type { Position } from './positions.js';
import type { Timeline } from './timeline.js';
import { heldShares, holdingCost, holdingValue, pct } from './totals.js';

/**
 * Holding TWR (base currency, closes) since its first entry minus the benchmark's return from the date
 * before; `levelOf` gives the holding's chained index on asOf.
 */
function holdingVsBenchmark(
  p: Position,
  levelOf: (p: Position) => number | undefined,
  asOfIndex: number,
  benchmarkLevels: readonly (number | null)[] | undefined,
): number | null {
  const lots = p.seriesLots;
  if (lots.length === 0 || benchmarkLevels === undefined || asOfIndex < 0) return null;
  let first = Infinity;
  for (const l of lots) first = Math.min(first, l.entryIndex);
  if (first < 1) return null;
  const from = benchmarkLevels[first - 1] ?? null;
  const to = benchmarkLevels[asOfIndex] ?? null;
  const level = levelOf(p);
  if (from === null || to === null || !(from > 0) || level === undefined) return null;
  return level - 1 - (to / from - 1);
}

function lotRows(p: Position): LotRow[] {
  return p.held.map((l) => {
    const cost = p.priced.inTotals ? l.costInBase : null;
    const value = p.priced.inTotals ? l.marketValue : null;
    return {
      line: l.buy.row.source.line,
      date: l.buy.row.date,
      account: l.buy.row.account,
      shares: l.shares,
      splitFactor: l.buy.factor,
      costPerShare: l.buy.costPerShare,
      costCurrency: l.buy.costCurrency,
      costBasis: cost,
      marketValue: value,
      unrealizedGain: cost === null || value === null ? null : value - cost,
      unrealizedGainPct: cost === null || value === null ? null : pct(value - cost, cost),
    };
  });
}

/**
 * Rows of the open positions. `totalValue` is the portfolio's value (for the weights); vsBenchmark is
 * measured on the positions' own calendar (`timeline`) against `firstBenchmark` levels.
 */
export function holdingRows(
  open: readonly Position[],
  totalValue: number,
  { timeline, levelOf }: { timeline: Timeline; levelOf: (p: Position) => number | undefined },
  firstBenchmark: readonly (number | null)[] | undefined,
): HoldingRow[] {
  const { asOfIndex } = timeline;
  return open.map((p) => {
    const ps = p.priced;
    // Out of the totals (no price, no FX): value and weight unknown, never 0.
    const mv = ps.inTotals ? holdingValue(p) : null;
    const cost = ps.inTotals ? holdingCost(p) : null;
    return {
      symbol: ps.symbol,
      name: ps.name,
      currency: ps.currency,
      shares: heldShares(p),
      price: ps.price,
      dayChangePct:
        ps.price === null || ps.previousClose === null
          ? null
          : pct(ps.price - ps.previousClose, ps.previousClose),
      marketValue: mv,
      weight: mv === null ? null : pct(mv, totalValue),
      costBasis: cost,
      unrealizedGain: cost === null || mv === null ? null : mv - cost,
      unrealizedGainPct: cost === null || mv === null ? null : pct(mv - cost, cost),
      vsBenchmark: holdingVsBenchmark(p, levelOf, asOfIndex, firstBenchmark),
      source: ps.source,
      fetchedAt: ps.fetchedAt,
      lots: lotRows(p),
      income: p.realized?.income ?? 0,
      incomeEstimated: p.realized?.incomeEstimated ?? false,
    };
  });
}
