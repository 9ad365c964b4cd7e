// The holdings figures: value, cost, gains, day change, income, the holdings table, realized gains,
// closed positions, allocation and target drift. Defined on the calendar of the holdings and the
// first benchmark, so a terminal can print them before the other benchmarks' histories arrive.
import { allocation, pricedHoldings, targetDrift } from './allocation.js';
import { openPositions, positionLevels } from './book.js';
import type { Book } from './book.js';
import { benchmarkLevels } from './comparison.js';
import type { ReportContext } from './context.js';
import type { HoldingsFigures } from './model.js';
import type { Position } from './positions.js';
import { holdingRows } from './rows.js';
import { sumOrNull } from './sum.js';
import { pct, portfolioTotals, priceFreshness, stalePriceCount } from './totals.js';

/** Drifts beyond 5 percentage points are flagged unless `--drift-band` says otherwise. */
const DEFAULT_DRIFT_BAND = 0.05;

export function holdingsFigures(context: ReportContext, book: Book): HoldingsFigures {
  const { input, diagnostics } = context;
  const { timeline, priced, positions } = book;
  const open = openPositions(context, book);
  const totals = portfolioTotals(
    open.filter((p) => p.priced.inTotals),
    diagnostics,
  );
  const first = input.benchmarks[0];
  const levels = first === undefined ? undefined : benchmarkLevels(first, { ...context, timeline });
  let ownLevels: Map<Position, number> | undefined;
  const levelOf = (p: Position) => (ownLevels ??= positionLevels(book)).get(p);
  const holdings = holdingRows(
    open,
    totals.marketValue,
    { timeline, levelOf },
    levels?.ok === true ? levels.levels : undefined,
  );
  const realized = positions.flatMap((p) => (p.realized === undefined ? [] : [p.realized]));
  const prices = priceFreshness(priced);
  const allocated = pricedHoldings(open);
  // A holding without a price is named once, by the pricing step's warning ("excluded from totals").
  return {
    asOf: timeline.asOf,
    generatedAt: new Date(input.generatedAt).toISOString(),
    baseCurrency: input.baseCurrency,
    benchmark: first ?? null,
    summary: {
      marketValue: totals.marketValue,
      costBasis: totals.costBasis,
      unrealizedGain: totals.unrealizedGain,
      unrealizedGainPct: pct(totals.unrealizedGain, totals.costBasis),
      dayChange: totals.dayChange,
      dayChangePct: pct(totals.dayChange, totals.dayBase),
      holdingsCount: holdings.length,
      realizedGain: sumOrNull(realized.map((r) => r.gain)),
      income: sumOrNull(realized.map((r) => r.income)),
      stalePrices: stalePriceCount(priced, prices),
      prices,
      coverage: {
        priced: open.filter((p) => p.priced.inTotals).length,
        total: open.length,
        missing: open
          .filter((p) => !p.priced.inTotals)
          .map((p) => ({ symbol: p.priced.symbol, reason: p.priced.missingReason ?? 'no price' })),
      },
    },
    holdings,
    realized,
    closedPositions: positions.flatMap((p) => (p.closed === undefined ? [] : [p.closed])),
    allocation: allocation(allocated),
    ...(input.targets === undefined
      ? {}
      : { targets: targetDrift(allocated, input.targets, input.driftBand ?? DEFAULT_DRIFT_BAND) }),
    notes: diagnostics.notes,
    warnings: diagnostics.warnings,
  };
}
