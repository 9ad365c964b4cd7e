// Portfolio totals of the open holdings in the totals: value, cost basis, unrealized gain, day change,
// and the freshness of their prices.
import type { Diagnostics } from './diagnostics.js';
import type { PriceFreshness } from './model.js';
import type { Position } from './positions.js';
import type { PricedSymbol } from './pricing.js';
import { NeumaierSum, neumaierSum } from './sum.js';

// The lots' figures summed in a loop, not through a mapped array: these run several times per holding.
export function holdingValue(p: Position): number {
  const sum = new NeumaierSum();
  for (const l of p.held) sum.add(l.marketValue);
  return sum.value;
}

/** Cost of the shares held; null when any lot's cost is unknown. */
export function holdingCost(p: Position): number | null {
  const sum = new NeumaierSum();
  for (const l of p.held) {
    if (l.costInBase === null) return null;
    sum.add(l.costInBase);
  }
  return sum.value;
}

export function heldShares(p: Position): number {
  const sum = new NeumaierSum();
  for (const l of p.held) sum.add(l.shares);
  return sum.value;
}

/** A ratio, null when either side is unknown or the denominator is not positive. */
export function pct(num: number | null, den: number | null): number | null {
  return num === null || den === null || !(den > 0) ? null : num / den;
}

export interface Totals {
  marketValue: number;
  costBasis: number | null;
  unrealizedGain: number | null;
  dayChange: number | null;
  /** Value at the previous close of the holdings in the day change (the day change's base). */
  dayBase: number;
}

/** `open`: positions still held and in the totals (sold-out ones have no value and no cost left). */
export function portfolioTotals(open: readonly Position[], diagnostics: Diagnostics): Totals {
  const marketValue = neumaierSum(open.map(holdingValue));
  const costs = open.map(holdingCost);
  const costBasis = costs.some((c) => c === null) ? null : neumaierSum(costs.map((c) => c ?? 0));
  const hasPrev = (p: Position): boolean => p.priced.previousClose !== null && p.priced.price !== null;
  const withPrev = open.filter(hasPrev);
  for (const p of open)
    if (!hasPrev(p)) diagnostics.warn(`no previous close for ${p.priced.symbol}: left out of day change`);
  const change = (p: Position): number =>
    heldShares(p) * ((p.priced.price ?? 0) - (p.priced.previousClose ?? 0)) * (p.priced.fxNow ?? 0);
  return {
    marketValue,
    costBasis,
    unrealizedGain: costBasis === null ? null : marketValue - costBasis,
    dayChange: withPrev.length === 0 ? null : neumaierSum(withPrev.map(change)),
    dayBase: neumaierSum(
      withPrev.map((p) => heldShares(p) * (p.priced.previousClose ?? 0) * (p.priced.fxNow ?? 0)),
    ),
  };
}

/** How many prices came from where, and the newest market time among the quotes. */
export function priceFreshness(priced: readonly PricedSymbol[]): PriceFreshness {
  const prices: PriceFreshness = {
    marketTime: null,
    timezone: null,
    live: 0,
    chart: 0,
    cache: 0,
    stale: 0,
    missing: 0,
  };
  for (const ps of priced) {
    prices[ps.source] += 1;
    if (
      ps.marketTime !== null &&
      ps.quote !== undefined &&
      (prices.marketTime === null || ps.marketTime > prices.marketTime)
    ) {
      prices.marketTime = ps.marketTime;
      prices.timezone = ps.quote.exchangeTimezone;
    }
  }
  return prices;
}

/** Stale or missing prices; a holding left out for unknown splits has no usable price either. */
export function stalePriceCount(priced: readonly PricedSymbol[], prices: PriceFreshness): number {
  return (
    prices.stale +
    prices.missing +
    priced.filter((ps) => ps.splitsUnknown && ps.source !== 'stale' && ps.source !== 'missing').length
  );
}
