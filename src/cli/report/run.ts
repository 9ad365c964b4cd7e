// `folio report A.csv B.json DIR ...`: the one report path. Every file is loaded and validated first,
// then ONE price plan over all of them (each symbol, benchmark and FX pair fetched once), then one
// report per file, each what `folio report FILE` alone prints; or with --combine one report of all
// holdings, each file an account, with a "By portfolio" section. A single file is the one-file case:
// its report alone (no heading, no JSON envelope), and on a terminal its holdings part printed as soon
// as its prices are in, before the last benchmarks arrive.
import type { Report } from '../../analytics/model.js';
import {
  type PriceData,
  type PricePlan,
  type RunStatsCollector,
  keepYoungGenerationSmall,
  monotonicMs,
} from '../../prices/index.js';
import { requireNamedSymbols } from '../failif.js';
import { priceOptions, settingsFrom } from '../options.js';
import { loadHoldingsFile } from '../holdings.js';
import { protectFromOutput } from '../output.js';
import { spinnerWanted, startProgress } from '../progress.js';
import { openPrices } from '../runtime.js';
import { type Io, makeWarn, useColor } from '../terminal.js';
import { type Analyst, type Part, analyser, reportOf } from './analyse.js';
import { OutcomeChecks, requireSomePrice } from './checks.js';
import { expandInputs, loadEachHoldings } from './inputs.js';
import { type PartInput, RunPlanner, lotsOf, reportPlan } from './parts.js';
import { loadReportPrices } from './prices.js';
import {
  type ReportFlags,
  type ReportRequest,
  type ReportRunOptions,
  checkOutputFlags,
  parseReportFlags,
  reportRenderOptions,
} from './request.js';
import { ReportWriter } from './write.js';

export type { ReportFlags, ReportRunOptions } from './request.js';

/** `folio report FILE` (and `folio demo`): the one-file case of the run. */
export function runReport(file: string, flags: ReportFlags, io: Io, run: ReportRunOptions): Promise<void> {
  return runReports([file], flags, io, run);
}

/** One file named as such (not a directory, not --combine or --output-dir): its report alone. */
function isSingleReport(args: readonly string[], files: readonly string[], flags: ReportFlags): boolean {
  return args.length === 1 && files[0] === args[0] && flags.combine !== true && flags.outputDir === undefined;
}

/** A report run over the files the arguments name (a directory stands for its holdings files). */
export async function runReports(
  args: readonly string[],
  flags: ReportFlags,
  io: Io,
  run: ReportRunOptions,
): Promise<void> {
  protectFromOutput(args); // before --output is checked: it must not be one of them
  const request = parseReportFlags(flags, io, run.clock);
  const warn = run.warn ?? makeWarn(io);
  const runSettings = settingsFrom(flags, io); // flag and config errors first, before any file is read
  const files = expandInputs(args);
  checkOutputFlags(flags, files.length);
  const single = isSingleReport(args, files, flags);
  // A short run: V8's young generation kept small (prices/heap.ts), from before the renderer loads.
  const releaseHeap = single ? keepYoungGenerationSmall() : undefined;
  preloadReportModules(request.format);
  const progress = await startProgress(
    io,
    spinnerWanted(io, { color: useColor(io.stderr, io.env, flags.color), quiet: flags.quiet }),
    'loading holdings',
  );
  let writer: ReportWriter | undefined;
  try {
    const started = monotonicMs();
    // Each file planned as it is read; with several, a file keeps its name, settings and symbols
    // (its lots are read again at its report's turn): a run over thousands of files holds no more.
    const readFlags = { ...flags, debug: run.debug };
    const planner = new RunPlanner(files, {
      flags,
      io,
      request,
      runSettings,
      readAgain: (file) => loadHoldingsFile(file, request.clock, io, readFlags),
    });
    await loadEachHoldings(files, request.clock, io, readFlags, (h) => planner.add(h));
    requireNamedSymbols(request.conditions, planner.allSymbols());
    const loadMs = monotonicMs() - started;
    run.lap?.('load');
    const { parts, combined, runPlan } = planner.finish();
    const planMs = monotonicMs() - started - loadMs;
    run.planned?.(runPlan);
    run.lap?.('plan');

    const priceFlags = { ...flags, yahooUrl: flags.yahooUrl ?? run.yahooUrl };
    const prices = await openPrices(
      parts[0]!.settings,
      priceOptions(priceFlags, run.debug),
      io,
      request.clock,
      warn,
    );
    const { stats } = prices;
    stats.addPhase('load', loadMs);
    stats.addPhase('plan', planMs);
    run.lap?.('open');
    const renderOptions = reportRenderOptions(request, flags, run);
    // On a terminal one file's summary and holdings print as soon as their prices are in (quotes, the
    // holdings' histories for splits, FX for costs, the first benchmark); the returns, the ETF
    // comparison and the charts follow once the other benchmarks' histories arrive. Off a terminal
    // (or with --output, another format, several files) each report is written once.
    const progressive =
      single && request.format === 'table' && flags.output === undefined && io.stdout.isTTY === true;
    const first = progressive ? { ...parts[0]!, lots: await lotsOf(parts[0]!), plan: runPlan } : undefined;
    const analyst: Analyst | undefined = first && analyser(first, request, stats);
    const { data, printedHoldings } = await loadReportPrices({
      plan: runPlan,
      prices,
      progress,
      io,
      ...(first && analyst && { early: { part: first, analyst, renderOptions } }),
      lap: run.lap,
    });
    // No file without any price: checked for all before any report is written.
    requireSomePriceEach(parts, data, single);

    progress.update('analytics');
    const jsonBench = flags.bench === true && request.format === 'json' && flags.outputDir === undefined;
    writer = new ReportWriter({
      flags,
      request,
      renderOptions,
      io,
      stats,
      progress,
      single,
      bench: () => {
        if (!jsonBench) return undefined;
        stats.addPhase('total', monotonicMs() - started);
        return stats.snapshot();
      },
    });
    const { warnings, outcomes } = await writeReports({
      parts,
      combined,
      single,
      printedHoldings,
      writer,
      analyst,
      inputs: { data, runPlan, request, stats, demo: run.demo === true },
      flags,
      run,
    });
    progress.stop();

    for (const w of warnings) warn(w);
    if (flags.bench === true && !jsonBench) {
      stats.addPhase('total', monotonicMs() - started);
      const { renderBenchTable } = await import('../../render/bench.js');
      const color = useColor(io.stderr, io.env, flags.color);
      io.stderr.write(renderBenchTable(stats.snapshot(), { color, width: request.width }));
    }
    outcomes.finish(warn);
  } catch (error) {
    writer?.abandon();
    throw error;
  } finally {
    progress.stop();
    releaseHeap?.();
  }
}

/**
 * Starts loading the analytics and the format's renderer, each imported again where it is used. Their
 * modules then compile while the run waits on what other threads read (the holdings files, the cache)
 * instead of after the prices are in. A module that fails to load fails where it is used.
 */
function preloadReportModules(format: ReportRequest['format']): void {
  const ignore = (): void => {};
  import('../../analytics/report.js').catch(ignore);
  import('../../render/report.js').then(({ preloadRenderer }) => preloadRenderer(format)).catch(ignore);
}

/** Each file has some price (checked for all before any report is written); the message names it. */
function requireSomePriceEach(parts: readonly PartInput[], data: PriceData, single: boolean): void {
  for (const part of parts)
    requireSomePrice(
      part.symbols.map((symbol) => ({ symbol })),
      data,
      single ? undefined : part.file,
    );
}

interface WriteReportsInput {
  /** Emptied as the reports are made. */
  parts: PartInput[];
  combined: Part | undefined;
  single: boolean;
  printedHoldings: boolean;
  writer: ReportWriter;
  analyst: Analyst | undefined;
  inputs: {
    data: PriceData;
    runPlan: PricePlan;
    request: ReportRequest;
    stats: RunStatsCollector;
    demo: boolean;
  };
  flags: ReportFlags;
  run: ReportRunOptions;
}

/**
 * Each report made, written and let go in turn (--combine keeps each file's row for its table, then
 * writes the combined report); what remains is each report's warnings and its checks' messages.
 */
async function writeReports(o: WriteReportsInput): Promise<{ warnings: string[]; outcomes: OutcomeChecks }> {
  const { parts, combined, writer, run } = o;
  const { data, runPlan, request, stats } = o.inputs;
  const demoJson = o.inputs.demo && request.format === 'json';
  const outcomes = new OutcomeChecks({
    strict: o.flags.strict === true,
    conditions: request.conditions,
    count: combined === undefined ? parts.length : 1,
    nameFiles: !o.single,
  });
  const warnings: string[] = [];
  const rows: { name: string; report: Pick<Report, 'summary'> }[] = [];
  const one = parts.length === 1;
  // Each part taken off the run's list as its turn comes: its lots go with its report.
  for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
    // One file's plan is the run's; each of several gets its own, made again (it is cheap).
    const lots = await lotsOf(part);
    const plan = one && combined === undefined ? runPlan : reportPlan(lots, part.settings, request);
    const done = await reportOf({ ...part, lots, plan }, data, runPlan, request, stats, demoJson, o.analyst);
    run.reported?.(done.report);
    run.lap?.('analytics');
    if (combined !== undefined) {
      rows.push({ name: done.name, report: { summary: done.report.summary } });
      continue;
    }
    await writer.add(done, o.printedHoldings);
    run.lap?.('render');
    for (const w of done.report.warnings) warnings.push(one ? w : `${done.name}: ${w}`);
    outcomes.add(done);
  }
  if (combined !== undefined) {
    const whole = await reportOf(combined, data, runPlan, request, stats, demoJson);
    run.reported?.(whole.report);
    run.lap?.('analytics');
    const { portfolioRows } = await import('../../analytics/combine.js');
    await writer.combined(whole, portfolioRows(rows, whole.report.summary.marketValue));
    warnings.push(...whole.report.warnings);
    outcomes.add(whole);
  }
  await writer.end();
  run.lap?.('render');
  return { warnings, outcomes };
}
