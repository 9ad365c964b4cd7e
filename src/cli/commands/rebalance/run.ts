// `folio rebalance <file> --targets FILE`: the trades that bring the holdings to a target allocation at
// today's prices and FX. Loads holdings and prices like a report (no benchmarks), then rebalance.ts.
import { groupParts } from '../../../analytics/allocation.js';
import { UsageError } from '../../../errors.js';
import { checkTargetGroups } from '../../../holdings/targets.js';
import { planPrices } from '../../../prices/index.js';
import { QUOTE_FORMATS } from '../../../render/options.js';
import type { RebalanceDocument } from '../../../render/rebalance.js';
import { loadHoldingsFile } from '../../holdings.js';
import { type PriceFlags, priceOptions, settingsFrom } from '../../options.js';
import { parseChoice, parseWidthOption } from '../../option-values.js';
import { requireSomePrice } from '../../report/checks.js';
import { checkTargetsAgainstFile, readTargetsFile } from '../../report/targets.js';
import { checkOutputFile, writeOutputFile } from '../../output.js';
import { createClock, isoToday, openPrices } from '../../runtime.js';
import { type Io, makeWarn, useColor } from '../../terminal.js';

export interface RebalanceFlags extends PriceFlags {
  targets?: string;
  cash?: string;
  sell?: boolean;
  wholeShares?: boolean;
  format?: string;
  output?: string;
  width?: string;
}

function parseCash(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(
      `--cash ${JSON.stringify(value)}: must be an amount >= 0 in the base currency, e.g. 5000`,
    );
  return n;
}

export interface RebalanceOptions extends RebalanceFlags {
  /** The holdings file, or - for standard input. */
  file: string;
  debug: boolean;
}

export async function runRebalance(options: RebalanceOptions, io: Io): Promise<void> {
  const { file, debug, ...flags } = options;
  const format = parseChoice('--format', flags.format ?? 'table', QUOTE_FORMATS)!;
  const width = parseWidthOption(flags.width, io.stdout);
  const cash = parseCash(flags.cash);
  const flagTargets = flags.targets === undefined ? undefined : readTargetsFile(flags.targets);
  if (flags.output !== undefined) checkOutputFile(flags.output); // before any file is read or price fetched
  const warn = makeWarn(io);
  const clock = createClock(io.env);
  settingsFrom(flags, io); // flag and config errors first
  const holdings = await loadHoldingsFile(file, clock, io);
  const targets = flagTargets ?? holdings.settings.targets;
  if (targets === undefined)
    throw new UsageError(
      'rebalance needs targets: --targets FILE (lines such as class:Bonds,0.25), or a JSON holdings file with "targets"',
    );
  checkTargetsAgainstFile(targets, holdings.lots);
  // No benchmark is needed: only the holdings' prices, histories (splits) and FX.
  const settings = { ...settingsFrom(flags, io, holdings.settings), benchmarks: [] };
  const prices = await openPrices(settings, priceOptions(flags, debug), io, clock, warn);
  const today = isoToday(clock);
  let data;
  try {
    const plan = planPrices({
      lots: holdings.lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: [],
      today,
    });
    data = await prices.service.load(plan);
  } finally {
    await prices.close();
  }
  requireSomePrice(holdings.lots, data);
  const { buildPricedHoldings } = await import('../../../analytics/report.js');
  const priced = buildPricedHoldings({
    lots: holdings.lots,
    quotes: data.quotes,
    histories: data.histories,
    baseCurrency: settings.baseCurrency,
    benchmarks: [],
    period: settings.period,
    riskFreeRate: settings.riskFreeRate,
    generatedAt: clock.now(),
    unknownSymbols: [...data.unknown],
  });
  checkTargetGroups(
    targets,
    new Set(priced.holdings.flatMap((h) => groupParts(h, targets.dimension).map((p) => p.group))),
  );
  const { rebalance } = await import('../../../analytics/rebalance.js');
  const plan = rebalance({
    holdings: priced.holdings,
    targets,
    cash,
    noSell: flags.sell === false,
    wholeShares: flags.wholeShares === true,
  });
  const warnings = [
    ...data.warnings,
    ...[...data.unavailable].map(([s, why]) => `${s}: no price available (${why}); not traded`),
    ...priced.warnings,
    ...(plan.unpriced.length > 0
      ? [`no price for ${plan.unpriced.join(', ')}: neither traded nor counted in the weights`]
      : []),
  ];
  const doc: RebalanceDocument = {
    asOf: priced.asOf,
    baseCurrency: settings.baseCurrency,
    targetsFile: targets.file,
    cashAdded: cash,
    noSell: flags.sell === false,
    wholeShares: flags.wholeShares === true,
    plan,
    warnings,
  };
  const render = await import('../../../render/rebalance.js');
  const color = format === 'table' && flags.output === undefined && useColor(io.stdout, io.env, flags.color);
  const output =
    format === 'json'
      ? render.renderRebalanceJson(doc)
      : format === 'csv'
        ? render.renderRebalanceCsv(doc)
        : format === 'markdown'
          ? render.renderRebalanceMarkdown(doc)
          : render.renderRebalanceTable(doc, {
              color,
              width,
              height: 12,
              charts: false,
              lots: false,
              sort: 'value',
            });
  if (flags.output !== undefined) writeOutputFile(flags.output, output);
  else io.stdout.write(output);
  for (const w of warnings) warn(w);
}
