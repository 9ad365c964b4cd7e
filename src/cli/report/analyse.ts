// One report from a run's price data, made in one place for every caller (one file, each of several,
// the combined report, a digest): the analytics input built here, the loader's warnings merged with
// the analytics' own, a demo's JSON labelled.
import type { AnalyticsInput, HoldingsFigures, Report } from '../../analytics/model.js';
import { noPriceText } from '../../errors.js';
import type { PriceData, PricePlan, RunStatsCollector } from '../../prices/index.js';
import type { AllocationTargets, Lot } from '../../types.js';
import type { Settings } from '../settings.js';
import { requireSomePrice } from './checks.js';
import { DEMO_NOTE, type ReportRequest } from './request.js';
import { checkReportTargets } from './targets.js';
import { dataForPlan } from './union.js';

/** One report of the run: its lots, settings and plan. */
export interface Part {
  file: string;
  name: string;
  lots: Lot[];
  settings: Settings;
  plan: PricePlan;
  /** The JSON file's own targets (`--targets` overrides them). */
  targets?: AllocationTargets;
}

/** A report made: its part, its figures and its own share of the run's data. */
export interface Done extends Part {
  report: Report;
  data: PriceData;
}

/** The report's figures from price data: all of them, or the holdings figures printed first. */
export interface Analyst {
  report(data: PriceData): Promise<Report>;
  holdingsFigures(data: PriceData): Promise<HoldingsFigures>;
}

/**
 * The report from price data. One timestamp for the whole report (taken when its figures are first
 * computed), however many parts it is printed in.
 */
export function analyser(
  part: Pick<Part, 'lots' | 'settings' | 'targets'>,
  request: ReportRequest,
  stats: RunStatsCollector,
): Analyst {
  let generatedAt: number | undefined;
  const { lots, settings } = part;
  const targets = request.targets ?? part.targets;
  const input = (d: PriceData): AnalyticsInput => ({
    lots,
    quotes: d.quotes,
    histories: d.histories,
    baseCurrency: settings.baseCurrency,
    benchmarks: settings.benchmarks,
    asOf: request.asOf,
    period: settings.period,
    riskFreeRate: settings.riskFreeRate,
    generatedAt: (generatedAt ??= request.clock.now()),
    unknownSymbols: [...d.unknown],
    unavailable: d.unavailable,
    costMethod: request.costMethod,
    ...(targets === undefined ? {} : { targets }),
    ...(request.driftBand === undefined ? {} : { driftBand: request.driftBand }),
  });
  return {
    async report(d) {
      const { buildReport } = await import('../../analytics/report.js');
      const report = await stats.time('analytics', () => buildReport(input(d)));
      checkReportTargets(report, targets);
      return report;
    },
    async holdingsFigures(d) {
      const { buildHoldingsFigures } = await import('../../analytics/report.js');
      return stats.time('analytics', () => buildHoldingsFigures(input(d)));
    },
  };
}

/**
 * What the price loader has to say, for the report's warnings: its own lines (stale data, quotes from
 * charts, null bars), and the benchmarks and FX pairs it could not price (the analytics name the
 * holdings without a price, with the same words).
 */
function loaderWarnings(data: PriceData, lots: readonly { symbol: string }[]): string[] {
  const held = new Set(lots.map((l) => l.symbol));
  return [
    ...data.warnings,
    ...[...data.unavailable].filter(([s]) => !held.has(s)).map(([s, why]) => noPriceText(s, why)),
  ];
}

/**
 * One report from the run's data: its own share of it, exactly as a single run would analyse it.
 * `demoJson` labels it as synthetic (a demo's JSON must never pass for real prices); `analyst` is the
 * part's own when the run made one already (the holdings part printed early: one timestamp).
 */
export async function reportOf(
  part: Part,
  data: PriceData,
  runPlan: PricePlan,
  request: ReportRequest,
  stats: RunStatsCollector,
  demoJson: boolean,
  analyst: Analyst = analyser(part, request, stats),
): Promise<Done> {
  const own = dataForPlan(data, part.plan, runPlan);
  requireSomePrice(part.lots, own, part.file);
  const report = await analyst.report(own);
  // What the pipeline had to do (stale data, quotes from charts, null bars) belongs with the report.
  report.warnings = [...loaderWarnings(own, part.lots), ...report.warnings];
  if (demoJson) report.notes.unshift(DEMO_NOTE);
  return { ...part, report, data: own };
}
