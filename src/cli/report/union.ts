// One price plan for several reports: the union of their symbols, each history from the earliest date
// any report needs, so a run over many files fetches each symbol, benchmark and FX pair once. Each
// report then sees only its own share of the data, cut to its own plan (the symbols and dates
// `folio report FILE` alone would have fetched), so its figures equal that run's.
import type { PricePlan, PriceData } from '../../prices/index.js';
import { toEpochDay } from '../../dates.js';
import type { IsoDate, PriceHistory } from '../../types.js';

/** The union of `plans` (at least one); the first plan's base currency decides late FX pairs. */
export function unitePlans(plans: readonly PricePlan[]): PricePlan {
  const first = plans[0]!;
  if (plans.length === 1) return first; // one report's plan is the run's: its data is all of the run's
  const union = (pick: (p: PricePlan) => readonly string[]): string[] => [
    ...new Set(plans.flatMap((p) => [...pick(p)])),
  ];
  const historyFrom = new Map<string, IsoDate>();
  for (const p of plans)
    for (const [s, from] of p.historyFrom) {
      const prev = historyFrom.get(s);
      if (prev === undefined || from < prev) historyFrom.set(s, from);
    }
  const to = plans.reduce((a, p) => (p.to > a ? p.to : a), first.to);
  return {
    baseCurrency: first.baseCurrency,
    holdings: union((p) => p.holdings),
    benchmarks: union((p) => p.benchmarks),
    fx: union((p) => p.fx),
    quoteSymbols: union((p) => p.quoteSymbols),
    historyFrom,
    to,
  };
}

/** A history from `from` on: what a chart asked from that date would have held. */
function historyFrom(h: PriceHistory, from: IsoDate | undefined): PriceHistory {
  if (from === undefined) return h;
  return {
    ...h,
    bars: h.bars.from(toEpochDay(from)),
    splits: h.splits.filter((e) => e.date >= from),
    dividends: h.dividends.filter((e) => e.date >= from),
  };
}

/**
 * The part of the run's data one report's plan asked for: its symbols (plus FX pairs into its base
 * currency that the quotes revealed), histories from its own start dates, its warnings.
 */
export function dataForPlan(data: PriceData, plan: PricePlan, runPlan: PricePlan): PriceData {
  if (plan === runPlan) return data;
  const own = new Set([...plan.quoteSymbols, ...plan.historyFrom.keys()]);
  const runSymbols = new Set([...runPlan.quoteSymbols, ...runPlan.historyFrom.keys()]);
  const late = (s: string): boolean => !runSymbols.has(s) && s.endsWith(`${plan.baseCurrency}=X`);
  const mine = (s: string): boolean => own.has(s) || late(s);
  const quotes = new Map([...data.quotes].filter(([s]) => mine(s)));
  const histories = new Map(
    [...data.histories]
      .filter(([s]) => mine(s))
      .map(([s, h]) => [s, historyFrom(h, plan.historyFrom.get(s))] as const),
  );
  const warnings = data.warnings.filter((w) => {
    const subject = w.slice(0, Math.max(0, w.indexOf(':')));
    return !data.quotes.has(subject) && !data.histories.has(subject) && !runSymbols.has(subject)
      ? true
      : mine(subject);
  });
  return {
    quotes,
    histories,
    unknown: new Set([...data.unknown].filter(mine)),
    unavailable: new Map([...data.unavailable].filter(([s]) => mine(s))),
    warnings,
  };
}
