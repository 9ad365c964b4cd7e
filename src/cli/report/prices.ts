// The prices of one report: plan them, load them, and on a terminal print the holdings part as soon
// as its prices are in (the early hand-over), while the later benchmarks' histories still arrive.
import type { HoldingsFigures, Report } from '../../analytics/model.js';
import type { Lot } from '../../types.js';
import { planPrices, type PriceData } from '../../prices/index.js';
import type { ReportRenderOptions } from '../../render/options.js';
import type { Progress } from '../progress.js';
import type { Io, Prices } from '../runtime.js';
import type { Settings } from '../settings.js';
import { allHoldingsUnavailable } from './checks.js';

export interface ReportPricesInput {
  lots: Lot[];
  settings: Settings;
  today: string;
  asOf: string | undefined;
  prices: Prices;
  progress: Progress;
  io: Io;
  /** Print the holdings part early (a table on a terminal). */
  progressive: boolean;
  renderOptions: ReportRenderOptions;
  analyse: Analyst;
}

/** The report's figures from price data: all of them, or the holdings figures printed first. */
export interface Analyst {
  report(data: PriceData): Promise<Report>;
  holdingsFigures(data: PriceData): Promise<HoldingsFigures>;
}

export interface ReportPrices {
  data: PriceData;
  /** The holdings part is on stdout already: only the performance part remains. */
  printedHoldings: boolean;
}

/** Loads the report's prices; the cache is written and closed whatever happens. */
export async function loadReportPrices(input: ReportPricesInput): Promise<ReportPrices> {
  const { lots, settings, today, asOf, prices, progress } = input;
  const { stats } = prices;
  let printedHoldings = false;
  try {
    const planned = await stats.time('plan', () =>
      planPrices({ lots, baseCurrency: settings.baseCurrency, benchmarks: settings.benchmarks, today, asOf }),
    );
    // With --as-of, history still runs to today: the same cache entries a normal report uses, and
    // analytics sees that the as-of date lies in the past (so it values at that date's closes, not
    // at today's quotes; it tells "past" from the history's last date, whatever the cache held).
    const plan = { ...planned, to: today };
    progress.update(`prices: ${plan.quoteSymbols.length} symbols`);
    const early = input.progressive
      ? {
          later: (await import('../../analytics/report.js')).laterBenchmarks({
            lots,
            benchmarks: settings.benchmarks,
          }),
          ready: async (d: PriceData) => {
            if (allHoldingsUnavailable(lots, d) !== null) return; // the whole run fails later
            printedHoldings = await printHoldingsPart(input, d);
          },
        }
      : undefined;
    const data = await prices.service.load(
      plan,
      (done, total) => progress.update(`history ${done}/${total}`),
      early,
    );
    return { data, printedHoldings };
  } finally {
    await prices.close();
  }
}

async function printHoldingsPart(input: ReportPricesInput, data: PriceData): Promise<true> {
  const { prices, progress, io } = input;
  const first = await input.analyse.holdingsFigures(data);
  const { renderHoldingsPart } = await import('../../render/table.js');
  const part = await prices.stats.time('render', () => renderHoldingsPart(first, input.renderOptions));
  progress.aside(() => io.stdout.write(part));
  return true;
}
