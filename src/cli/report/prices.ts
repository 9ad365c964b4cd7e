// The prices of a run: load its plan, and on a terminal print the one report's holdings part as soon
// as its prices are in (the early hand-over), while the later benchmarks' histories still arrive.
import type { PriceData, PricePlan } from '../../prices/index.js';
import type { ReportRenderOptions } from '../../render/options.js';
import type { Progress } from '../progress.js';
import type { Prices } from '../runtime.js';
import type { Io } from '../terminal.js';
import type { Analyst, Part } from './analyse.js';
import { allHoldingsUnavailable } from './checks.js';
import type { RunPhase } from './request.js';

export interface ReportPricesInput {
  plan: PricePlan;
  prices: Prices;
  progress: Progress;
  io: Io;
  /** The one report whose holdings part is printed early (a table on a terminal), if any. */
  early?: { part: Pick<Part, 'lots' | 'settings'>; analyst: Analyst; renderOptions: ReportRenderOptions };
  lap?: (phase: RunPhase) => void;
}

export interface ReportPrices {
  data: PriceData;
  /** The holdings part is on stdout already: only the performance part remains. */
  printedHoldings: boolean;
}

/** Loads the run's prices; the cache is written and closed whatever happens. */
export async function loadReportPrices(input: ReportPricesInput): Promise<ReportPrices> {
  const { plan, prices, progress } = input;
  let printedHoldings = false;
  try {
    progress.update(`prices: ${plan.quoteSymbols.length} symbols`);
    const { early } = input;
    const ready = early && {
      later: (await import('../../analytics/report.js')).laterBenchmarks({
        lots: early.part.lots,
        benchmarks: early.part.settings.benchmarks,
      }),
      ready: async (d: PriceData) => {
        if (allHoldingsUnavailable(early.part.lots, d) !== null) return; // the whole run fails later
        printedHoldings = await printHoldingsPart(input, early, d);
      },
    };
    const data = await prices.service.load(
      plan,
      (done, total) => progress.update(`history ${done}/${total}`),
      ready,
    );
    input.lap?.('prices');
    return { data, printedHoldings };
  } finally {
    await prices.close();
    input.lap?.('close');
  }
}

async function printHoldingsPart(
  input: ReportPricesInput,
  early: NonNullable<ReportPricesInput['early']>,
  data: PriceData,
): Promise<true> {
  const { prices, progress, io } = input;
  const first = await early.analyst.holdingsFigures(data);
  const { renderHoldingsPart } = await import('../../render/table.js');
  const part = await prices.stats.time('render', () => renderHoldingsPart(first, early.renderOptions));
  progress.aside(() => io.stdout.write(part));
  return true;
}
