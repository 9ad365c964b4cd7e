// `folio report <file>` (also `folio <file>`): the main job. Validate options -> load holdings ->
// plan and fetch prices -> analytics -> render -> write stdout (or --output, atomically).
import { type Command, Option } from 'commander';
import { ConditionMetError, PriceUnavailableError, UsageError } from '../../errors.js';
import { COST_METHODS, type AnalyticsInput, type CostMethod, type Report } from '../../analytics/model.js';
import { SORT_KEYS, type SortKey } from '../../render/options.js';
import { planPrices } from '../../prices/plan.js';
import type { PriceData } from '../../prices/service.js';
import { evaluateFailIf, parseFailIf, type FailCondition } from '../failif.js';
import {
  type PriceFlags,
  addPriceOptions,
  loadHoldingsFile,
  makeWarn,
  parseChoice,
  parseDateOption,
  parseIntOption,
  priceOptions,
  settingsFrom,
} from '../options.js';
import { spinnerWanted, startProgress } from '../progress.js';
import { type Io, createClock, isoToday, openPrices, useColor, writeFileAtomic } from '../runtime.js';
import { EXIT_CODES_HELP } from '../help.js';

export const DEMO_NOTE = "DEMO: synthetic prices from folio's built-in simulator, not market data";

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

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
  debug?: boolean;
}

export function addReportOptions(cmd: Command): Command {
  addPriceOptions(
    cmd
      .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
      .option('-o, --output <file>', 'write the result to a file (atomically) instead of stdout')
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
      .option('--by-year', 'break realized gains and income down by calendar year'),
  );
  return cmd;
}

export function registerReportCommand(program: Command, io: Io): void {
  const cmd = program
    .command('report', { isDefault: true })
    .description('report on a holdings file: summary, holdings, ETF comparison, charts')
    .argument('<file>', 'holdings file (CSV or JSON), or - for standard input');
  addReportOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio report holdings.csv
  $ folio report holdings.csv --format json --bench > report.json
  $ folio report holdings.json --currency EUR --period 3y --fail-if 'maxDrawdown<-0.2'
  $ cat holdings.csv | folio report - --format markdown --output /var/reports/daily.md
${EXIT_CODES_HELP}`,
  );
  cmd.action(async (file: string, flags: ReportFlags) => {
    await runReport(file, flags, io, { debug: program.opts<{ debug?: boolean }>().debug === true });
  });
}

export interface ReportRunOptions {
  debug: boolean;
  /** Marks the output as synthetic demo data. */
  demo?: boolean;
  /** Environment overrides (the demo points FOLIO_YAHOO_URL at its own simulator). */
  yahooUrl?: string;
}

export async function runReport(
  file: string,
  flags: ReportFlags,
  io: Io,
  run: ReportRunOptions,
): Promise<void> {
  // Validate every flag before any work.
  const format = parseChoice('--format', flags.format ?? 'table', FORMATS)!;
  const sort = parseChoice<SortKey>('--sort', flags.sort ?? 'value', SORT_KEYS)!;
  const costMethod = parseChoice<CostMethod>('--cost-method', flags.costMethod ?? 'fifo', COST_METHODS)!;
  const clock = createClock(io.env);
  const today = isoToday(clock);
  const asOf = parseDateOption('--as-of', flags.asOf, today);
  const width =
    parseIntOption('--width', flags.width, 40, 1000) ??
    (io.stdout.isTTY ? Math.max(40, io.stdout.columns || 80) : 80);
  const height = parseIntOption('--height', flags.height, 3, 100) ?? 12;
  const conditions: FailCondition[] = (flags.failIf ?? []).map(parseFailIf);
  const color = format === 'table' && flags.output === undefined && useColor(io.stdout, io.env, flags.color);
  const warn = makeWarn(io, flags.quiet);
  settingsFrom(flags, io); // flag and config errors are usage errors, before the file is read

  const progress = await startProgress(
    io,
    spinnerWanted(io, { color: useColor(io.stderr, io.env, flags.color), quiet: flags.quiet }),
    'loading holdings',
  );
  try {
    const started = performance.now();
    const loadStart = performance.now();
    const holdings = await loadHoldingsFile(file, clock, io);
    const loadMs = performance.now() - loadStart;
    const settings = settingsFrom(flags, io, holdings.settings);

    const prices = await openPrices(
      settings,
      priceOptions({ ...flags, yahooUrl: flags.yahooUrl ?? run.yahooUrl }, run.debug),
      io,
      clock,
      warn,
    );
    const { stats } = prices;
    stats.addPhase('load', loadMs);
    const renderOptions = {
      color,
      width,
      height,
      charts: flags.charts !== false,
      lots: flags.lots === true,
      sort,
      demo: run.demo === true,
      byYear: flags.byYear === true,
    };
    // One timestamp for the whole report (taken when its figures are first computed), however many
    // parts it is printed in.
    let generatedAt: number | undefined;
    const analyticsInput = (d: PriceData): AnalyticsInput => ({
      lots: holdings.lots,
      quotes: d.quotes,
      histories: d.histories,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      asOf,
      period: settings.period,
      riskFreeRate: settings.riskFreeRate,
      generatedAt: (generatedAt ??= clock.now()),
      unknownSymbols: [...d.unknown],
      costMethod,
    });
    const analyse = async (d: PriceData): Promise<Report> => {
      const { buildReport } = await import('../../analytics/report.js');
      return stats.time('analytics', () => buildReport(analyticsInput(d)));
    };
    // On a terminal the summary and holdings print as soon as their prices are in (quotes, the
    // holdings' histories for splits, FX for costs, the first benchmark); the returns, the ETF
    // comparison and the charts follow once the other benchmarks' histories arrive. Off a terminal
    // (or with --output, or another format) the same report is written once.
    const progressive = format === 'table' && flags.output === undefined && io.stdout.isTTY === true;
    let printedHoldings = false;
    let data: PriceData;
    try {
      const planned = await stats.time('plan', () =>
        planPrices({
          lots: holdings.lots,
          baseCurrency: settings.baseCurrency,
          benchmarks: settings.benchmarks,
          today,
          asOf,
        }),
      );
      // With --as-of, history still runs to today: the same cache entries a normal report uses, and
      // analytics sees that the as-of date lies in the past (so it values at that date's closes, not
      // at today's quotes; it tells "past" from the history's last date, whatever the cache held).
      const plan = { ...planned, to: today };
      progress.update(`prices: ${plan.quoteSymbols.length} symbols`);
      const early = progressive
        ? {
            later: (await import('../../analytics/report.js')).laterBenchmarks({
              lots: holdings.lots,
              benchmarks: settings.benchmarks,
            }),
            ready: async (d: PriceData) => {
              if (allHoldingsUnavailable(holdings.lots, d) !== null) return; // the whole run fails below
              const { buildHoldingsFigures } = await import('../../analytics/report.js');
              const first = await stats.time('analytics', () => buildHoldingsFigures(analyticsInput(d)));
              const { renderHoldingsPart } = await import('../../render/table.js');
              const part = await stats.time('render', () => renderHoldingsPart(first, renderOptions));
              progress.aside(() => io.stdout.write(part));
              printedHoldings = true;
            },
          }
        : undefined;
      data = await prices.service.load(
        plan,
        (done, total) => progress.update(`history ${done}/${total}`),
        early,
      );
    } finally {
      await prices.close();
    }

    const unavailable = allHoldingsUnavailable(holdings.lots, data);
    if (unavailable !== null) {
      throw new PriceUnavailableError(
        `prices unavailable for all ${unavailable.symbols.length} holdings and none cached (${unavailable.reason})`,
        {
          symbols: unavailable.symbols,
          hint: 'check the network or FOLIO_YAHOO_URL; a cache warmed earlier (folio cache warm) lets folio report offline',
        },
      );
    }

    progress.update('analytics');
    const report = await analyse(data);
    // What the pipeline had to do (stale data, quotes from charts, null bars) belongs with the report.
    report.warnings = [
      ...data.warnings,
      ...[...data.unavailable].map(([s, why]) => `${s}: no price available (${why}); excluded from totals`),
      ...report.warnings,
    ];
    // Machine output carries its own label: a demo's JSON must never pass for real prices.
    if (run.demo === true && format === 'json') report.notes.unshift(DEMO_NOTE);
    progress.stop();

    const output = await stats.time('render', async () => {
      if (!printedHoldings)
        return renderReport(report, format, renderOptions, flags.bench === true ? stats : undefined, started);
      const { renderPerformancePart } = await import('../../render/table.js');
      return renderPerformancePart(report, renderOptions);
    });
    if (flags.output !== undefined) writeFileAtomic(flags.output, output);
    else io.stdout.write(output);

    for (const w of report.warnings) warn(w);
    if (flags.bench === true && format !== 'json') {
      stats.addPhase('total', performance.now() - started);
      const { renderBenchTable } = await import('../../render/bench.js');
      io.stderr.write(
        renderBenchTable(stats.snapshot(), { color: useColor(io.stderr, io.env, flags.color), width }),
      );
    }

    if (flags.strict === true && (report.summary.stalePrices > 0 || data.unknown.size > 0)) {
      throw new PriceUnavailableError(
        `--strict: ${report.summary.stalePrices} holding(s) with stale or missing prices${data.unknown.size > 0 ? `, unknown: ${[...data.unknown].join(', ')}` : ''}`,
      );
    }
    const met = evaluateFailIf(report, conditions).filter((r) => r.holds);
    if (met.length > 0) {
      throw new ConditionMetError(
        `--fail-if: ${met.map((r) => `${r.condition.text} (value ${r.value === null ? 'n/a' : Number(r.value.toPrecision(6))})`).join('; ')}`,
      );
    }
  } finally {
    progress.stop();
  }
}

/** Every holding known to Yahoo lacks a price (nothing live, nothing cached): null when some have one. */
function allHoldingsUnavailable(
  lots: readonly { symbol: string }[],
  data: PriceData,
): { symbols: string[]; reason: string } | null {
  const symbols = [...new Set(lots.map((l) => l.symbol))];
  const missing = symbols.filter((s) => data.unavailable.has(s));
  const known = symbols.filter((s) => !data.unknown.has(s));
  if (known.length === 0 || missing.length !== known.length) return null;
  return { symbols: missing, reason: data.unavailable.get(missing[0]!) ?? 'no data' };
}

async function renderReport(
  report: Report,
  format: string,
  options: Parameters<typeof import('../../render/table.js').renderReportTable>[1],
  stats:
    | { snapshot(): import('../../types.js').RunStats; addPhase(p: 'total', ms: number): void }
    | undefined,
  started: number,
): Promise<string> {
  switch (format) {
    case 'json': {
      const { renderReportJson } = await import('../../render/json.js');
      if (stats) stats.addPhase('total', performance.now() - started);
      return renderReportJson(report, stats?.snapshot());
    }
    case 'csv': {
      const { renderHoldingsCsv } = await import('../../render/csv.js');
      return renderHoldingsCsv(report);
    }
    case 'markdown': {
      const { renderReportMarkdown } = await import('../../render/markdown.js');
      return renderReportMarkdown(report, options);
    }
    case 'table': {
      const { renderReportTable } = await import('../../render/table.js');
      return renderReportTable(report, options);
    }
    default:
      throw new UsageError(`--format ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}`);
  }
}
