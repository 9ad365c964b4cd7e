// One price plan for several reports: the union of their symbols, each history from the earliest date
// any report needs, so a run over many files fetches each symbol, benchmark and FX pair once. Each
// report then sees only its own share of the data, cut to its own plan (the symbols and dates
// `folio report FILE` alone would have fetched), so its figures equal that run's.
import type { PricePlan, PriceData } from '../../prices/index.js';
import { toEpochDay } from '../../dates.js';
import type { IsoDate, PriceHistory } from '../../types.js';

/** The union of `plans` (at least one); the first plan's base currency decides late FX pairs. */
export function unitePlans(plans: readonly PricePlan[]): PricePlan {
  const union = new PlanUnion();
  for (const p of plans) union.add(p);
  return union.plan()!;
}

/**
 * unitePlans one plan at a time (a run over thousands of files keeps none of their plans). A union of
 * one plan is that plan: its report's data is then all of the run's.
 */
export class PlanUnion {
  private first: PricePlan | undefined;
  private count = 0;
  private readonly holdings = new Set<string>();
  private readonly benchmarks = new Set<string>();
  private readonly fx = new Set<string>();
  private readonly quoteSymbols = new Set<string>();
  private readonly historyFrom = new Map<string, IsoDate>();
  private to: IsoDate | undefined;

  add(p: PricePlan): void {
    this.first ??= p;
    this.count += 1;
    for (const s of p.holdings) this.holdings.add(s);
    for (const s of p.benchmarks) this.benchmarks.add(s);
    for (const s of p.fx) this.fx.add(s);
    for (const s of p.quoteSymbols) this.quoteSymbols.add(s);
    for (const [s, from] of p.historyFrom) {
      const prev = this.historyFrom.get(s);
      if (prev === undefined || from < prev) this.historyFrom.set(s, from);
    }
    if (this.to === undefined || p.to > this.to) this.to = p.to;
  }

  /** The union so far; undefined before the first plan. */
  plan(): PricePlan | undefined {
    if (this.count <= 1) return this.first;
    return {
      baseCurrency: this.first!.baseCurrency,
      holdings: [...this.holdings],
      benchmarks: [...this.benchmarks],
      fx: [...this.fx],
      quoteSymbols: [...this.quoteSymbols],
      historyFrom: new Map(this.historyFrom),
      to: this.to!,
    };
  }
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
