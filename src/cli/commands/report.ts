// `folio report <file...>` (also `folio <file...>`): the main job. Validate options -> load holdings ->
// plan and fetch prices -> analytics -> render -> write stdout (or --output, atomically).
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { COST_METHODS, type AnalyticsInput, type CostMethod } from '../../analytics/model.js';
import { noPriceText } from '../../errors.js';
import {
  FORMATS,
  type Format,
  type ReportRenderOptions,
  SORT_KEYS,
  type SortKey,
} from '../../render/options.js';
import type { PriceData, Clock, RunStatsCollector } from '../../prices/index.js';
import { parseFailIf, requireNamedSymbols, type FailCondition } from '../failif.js';
import { type PriceFlags, addPriceOptions, makeWarn, priceOptions, settingsFrom } from '../options.js';
import { parseChoice, parseDateOption, parseIntOption, parseWidthOption } from '../option-values.js';
import { loadHoldingsFile } from '../holdings.js';
import { spinnerWanted, startProgress } from '../progress.js';
import type { AllocationTargets, HoldingsFile } from '../../types.js';
import { EXIT_CODES_HELP } from '../help.js';
import { checkOutcome, requireSomePrice } from '../report/checks.js';
import {
  checkReportTargets,
  checkTargetsAgainstFile,
  parseDriftBand,
  readTargetsFile,
  requireTargetsForDrift,
} from '../report/targets.js';
import { type Analyst, loadReportPrices } from '../report/prices.js';
import { checkOutputFile, protectFromOutput, writeOutputFile } from '../output.js';
import { type Io, createClock, isoToday, openPrices, useColor } from '../runtime.js';
import type { Settings } from '../settings.js';

export const DEMO_NOTE = "DEMO: synthetic prices from folio's built-in simulator, not market data";

export interface ReportFlags extends PriceFlags {
  format?: string;
  output?: string;
  asOf?: string;
  sort?: string;
  lots?: boolean;
  charts?: boolean;
  width?: string;
  height?: string;
  failIf?: string[];
  costMethod?: string;
  byYear?: boolean;
  targets?: string;
  driftBand?: string;
  debug?: boolean;
}

export function addReportOptions(cmd: Command): Command {
  addPriceOptions(
    cmd
      .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
      .option(
        '-o, --output <file>',
        'write the result to a file (atomically; through a symlink) instead of stdout',
      )
      .option('--currency <code>', 'report currency (default USD)')
      .option('--benchmarks <list>', 'benchmark ETFs, comma-separated (default SPY,QQQ,VTI)')
      .option('--period <period>', 'risk-metric window: 1m, 3m, 6m, ytd, 1y, 3y, 5y, max (default 1y)')
      .option('--risk-free <rate>', 'annual risk-free rate as a fraction, e.g. 0.04 (default 0)')
      .option('--as-of <date>', 'the report as of a past date YYYY-MM-DD')
      .option('--sort <key>', `holdings order: ${SORT_KEYS.join(', ')}`, 'value')
      .option('--lots', 'show each lot under its holding')
      .option('--no-charts', 'skip the charts')
      .option('--width <columns>', 'output width (default: the terminal, or 80)')
      .option('--height <rows>', 'chart height (default 12)')
      .addOption(
        new Option(
          '--fail-if <condition>',
          'exit 5 when a condition holds, e.g. maxDrawdown<-0.2 (repeatable)',
        ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
      )
      .option('--strict', 'exit 4 when any price is stale or missing')
      .option('--cost-method <method>', `cost basis of sells: ${COST_METHODS.join(', ')} (default fifo)`)
      .option('--by-year', 'break realized gains and income down by calendar year')
      .option(
        '--targets <file>',
        'target allocation, a CSV of group,target (class:Bonds,0.25): show the drift',
      )
      .option('--drift-band <fraction>', 'flag drifts from the targets beyond this (default 0.05 = 5 pp)'),
  );
  return cmd;
}

export function registerReportCommand(program: Command, io: Io): void {
  const cmd = program
    .command('report', { isDefault: true })
    .description('report on holdings files: summary, holdings, ETF comparison, charts')
    .argument('<file...>', 'holdings files (CSV or JSON), directories of them, or - for standard input');
  addReportOptions(cmd)
    .option('--output-dir <dir>', 'with several files: write one report per file into DIR (atomically)')
    .option('--combine', 'with several files: one report of all holdings, each file an account')
    .addHelpText(
      'after',
      `
Examples:
  $ folio report holdings.csv
  $ folio report holdings.json --currency EUR --period 3y --fail-if 'maxDrawdown<-0.2'
  $ cat holdings.csv | folio report - --format markdown --output /var/reports/daily.md
  $ folio report mine.csv joint.json kids/ --combine --format json --bench > all.json
${EXIT_CODES_HELP}`,
    );
  cmd.action(async (files: string[], flags: ReportFlags & { outputDir?: string; combine?: boolean }) => {
    const run = { debug: program.opts<{ debug?: boolean }>().debug === true };
    // Several files (or a directory, --combine, --output-dir) share one price plan; one file alone
    // takes the single-report path, with its progressive terminal output.
    const only = files.length === 1 ? files[0]! : undefined;
    if (only === undefined || flags.combine === true || flags.outputDir !== undefined || isDirectory(only)) {
      const { runManyReports } = await import('../report/many.js');
      await runManyReports(files, flags, io, run);
    } else await runReport(only, flags, io, run);
  });
}

function isDirectory(file: string): boolean {
  try {
    return file !== '-' && fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export interface ReportRunOptions {
  debug: boolean;
  /** Marks the output as synthetic demo data. */
  demo?: boolean;
  /** Environment overrides (the demo points FOLIO_YAHOO_URL at its own simulator). */
  yahooUrl?: string;
}

/** The flags of one report, checked before any work. */
export interface ReportRequest {
  format: Format;
  sort: SortKey;
  costMethod: CostMethod;
  clock: Clock;
  today: string;
  asOf: string | undefined;
  width: number;
  height: number;
  conditions: FailCondition[];
  /** Colour on stdout. */
  color: boolean;
  /** `--targets FILE`, read and checked (a JSON holdings file's own targets apply without it). */
  targets?: AllocationTargets;
  driftBand?: number;
}

export function parseReportFlags(flags: ReportFlags, io: Io): ReportRequest {
  const format = parseChoice('--format', flags.format ?? 'table', FORMATS)!;
  const sort = parseChoice<SortKey>('--sort', flags.sort ?? 'value', SORT_KEYS)!;
  const costMethod = parseChoice<CostMethod>('--cost-method', flags.costMethod ?? 'fifo', COST_METHODS)!;
  const clock = createClock(io.env);
  const today = isoToday(clock);
  // Where the report goes is checked before any file is read or price requested.
  if (flags.output !== undefined) checkOutputFile(flags.output);
  return {
    format,
    sort,
    costMethod,
    clock,
    today,
    asOf: parseDateOption('--as-of', flags.asOf, today),
    width: parseWidthOption(flags.width, io.stdout),
    height: parseIntOption('--height', flags.height, 3, 100) ?? 12,
    conditions: (flags.failIf ?? []).map(parseFailIf),
    color: format === 'table' && flags.output === undefined && useColor(io.stdout, io.env, flags.color),
    ...(flags.targets === undefined ? {} : { targets: readTargetsFile(flags.targets) }),
    ...(flags.driftBand === undefined ? {} : { driftBand: parseDriftBand(flags.driftBand) }),
  };
}

/**
 * The report from price data. One timestamp for the whole report (taken when its figures are first
 * computed), however many parts it is printed in.
 */
export function analyser(
  holdings: Pick<HoldingsFile, 'lots'> & { settings?: HoldingsFile['settings'] },
  settings: Settings,
  request: ReportRequest,
  stats: RunStatsCollector,
): Analyst {
  let generatedAt: number | undefined;
  const targets = request.targets ?? holdings.settings?.targets;
  const input = (d: PriceData): AnalyticsInput => ({
    lots: holdings.lots,
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
export function loaderWarnings(data: PriceData, lots: readonly { symbol: string }[]): string[] {
  const held = new Set(lots.map((l) => l.symbol));
  return [
    ...data.warnings,
    ...[...data.unavailable].filter(([s]) => !held.has(s)).map(([s, why]) => noPriceText(s, why)),
  ];
}

export function reportRenderOptions(
  request: ReportRequest,
  flags: ReportFlags,
  run: ReportRunOptions,
): ReportRenderOptions {
  return {
    color: request.color,
    width: request.width,
    height: request.height,
    charts: flags.charts !== false,
    lots: flags.lots === true,
    sort: request.sort,
    demo: run.demo === true,
    byYear: flags.byYear === true,
  };
}

export async function runReport(
  file: string,
  flags: ReportFlags,
  io: Io,
  run: ReportRunOptions,
): Promise<void> {
  protectFromOutput([file]); // before --output is checked: it must not be one of them
  const request = parseReportFlags(flags, io);
  const { format, clock } = request;
  const warn = makeWarn(io);
  settingsFrom(flags, io); // flag and config errors are usage errors, before the file is read

  const progress = await startProgress(
    io,
    spinnerWanted(io, { color: useColor(io.stderr, io.env, flags.color), quiet: flags.quiet }),
    'loading holdings',
  );
  try {
    const started = performance.now();
    const holdings = await loadHoldingsFile(file, clock, io, { ...flags, debug: run.debug });
    requireNamedSymbols(
      request.conditions,
      holdings.lots.map((l) => l.symbol),
    );
    const loadMs = performance.now() - started;
    const settings = settingsFrom(flags, io, holdings.settings);
    const targets = request.targets ?? holdings.settings.targets;
    if (targets !== undefined) checkTargetsAgainstFile(targets, holdings.lots);
    else requireTargetsForDrift(request.conditions);
    const priceFlags = { ...flags, yahooUrl: flags.yahooUrl ?? run.yahooUrl };
    const prices = await openPrices(settings, priceOptions(priceFlags, run.debug), io, clock, warn);
    const { stats } = prices;
    stats.addPhase('load', loadMs);
    const renderOptions = reportRenderOptions(request, flags, run);
    const analyse = analyser(holdings, settings, request, stats);
    // On a terminal the summary and holdings print as soon as their prices are in (quotes, the
    // holdings' histories for splits, FX for costs, the first benchmark); the returns, the ETF
    // comparison and the charts follow once the other benchmarks' histories arrive. Off a terminal
    // (or with --output, or another format) the same report is written once.
    const { data, printedHoldings } = await loadReportPrices({
      lots: holdings.lots,
      settings,
      today: request.today,
      asOf: request.asOf,
      prices,
      progress,
      io,
      progressive: format === 'table' && flags.output === undefined && io.stdout.isTTY === true,
      renderOptions,
      analyse,
    });
    requireSomePrice(holdings.lots, data);

    progress.update('analytics');
    const report = await analyse.report(data);
    // What the pipeline had to do (stale data, quotes from charts, null bars) belongs with the report.
    report.warnings = [...loaderWarnings(data, holdings.lots), ...report.warnings];
    // Machine output carries its own label: a demo's JSON must never pass for real prices.
    if (run.demo === true && format === 'json') report.notes.unshift(DEMO_NOTE);
    progress.stop();

    const output = await stats.time('render', async () => {
      if (printedHoldings) {
        const { renderPerformancePart } = await import('../../render/table.js');
        return renderPerformancePart(report, renderOptions);
      }
      const bench = flags.bench === true && format === 'json';
      if (bench) stats.addPhase('total', performance.now() - started);
      const { renderReport } = await import('../../render/report.js');
      return renderReport(report, format, renderOptions, bench ? stats.snapshot() : undefined);
    });
    if (flags.output !== undefined) writeOutputFile(flags.output, output);
    else io.stdout.write(output);

    for (const w of report.warnings) warn(w);
    if (flags.bench === true && format !== 'json') {
      stats.addPhase('total', performance.now() - started);
      const { renderBenchTable } = await import('../../render/bench.js');
      io.stderr.write(
        renderBenchTable(stats.snapshot(), {
          color: useColor(io.stderr, io.env, flags.color),
          width: request.width,
        }),
      );
    }
    checkOutcome(report, data, flags.strict === true, request.conditions, warn);
  } finally {
    progress.stop();
  }
}
