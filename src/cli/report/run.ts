// `folio report A.csv B.json DIR ...`: the one report path. Every file is loaded and validated first,
// then ONE price plan over all of them (each symbol, benchmark and FX pair fetched once), then one
// report per file, each what `folio report FILE` alone prints; or with --combine one report of all
// holdings, each file an account, with a "By portfolio" section. A single file is the one-file case:
// its report alone (no heading, no JSON envelope), and on a terminal its holdings part printed as soon
// as its prices are in, before the last benchmarks arrive.
import path from 'node:path';
import { portfolioRows } from '../../analytics/combine.js';
import type { ReportRenderOptions } from '../../render/options.js';
import type { RunStats } from '../../types.js';
import { requireNamedSymbols } from '../failif.js';
import { makeWarn, priceOptions, settingsFrom } from '../options.js';
import { protectFromOutput, writeOutputFile } from '../output.js';
import { spinnerWanted, startProgress } from '../progress.js';
import { type Io, openPrices, useColor } from '../runtime.js';
import { type Analyst, type Done, analyser, reportOf } from './analyse.js';
import { checkOutcome, checkOutcomes, requireSomePrice } from './checks.js';
import { expandInputs, formatExtension, loadAllHoldings } from './inputs.js';
import { planParts } from './parts.js';
import { loadReportPrices } from './prices.js';
import {
  type ReportFlags,
  type ReportRequest,
  type ReportRunOptions,
  checkOutputFlags,
  parseReportFlags,
  reportRenderOptions,
} from './request.js';
import { unitePlans } from './union.js';

export type { ReportFlags, ReportRunOptions } from './request.js';

/** `folio report FILE` (and `folio demo`): the one-file case of the run. */
export function runReport(file: string, flags: ReportFlags, io: Io, run: ReportRunOptions): Promise<void> {
  return runReports([file], flags, io, run);
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
  // One file named as such (not a directory, not --combine or --output-dir): its report alone.
  const single =
    args.length === 1 &&
    files[0] === args[0] &&
    flags.combine !== true &&
    flags.outputDir === undefined;
  const progress = await startProgress(
    io,
    spinnerWanted(io, { color: useColor(io.stderr, io.env, flags.color), quiet: flags.quiet }),
    'loading holdings',
  );
  try {
    const started = performance.now();
    const loaded = await loadAllHoldings(files, request.clock, io, { ...flags, debug: run.debug });
    requireNamedSymbols(
      request.conditions,
      loaded.flatMap((h) => h.lots.map((l) => l.symbol)),
    );
    const loadMs = performance.now() - started;
    run.lap?.('load');
    const { parts, combined } = planParts(loaded, flags, io, request, runSettings);
    const runPlan = unitePlans([...parts, ...(combined ? [combined] : [])].map((p) => p.plan));
    const planMs = performance.now() - started - loadMs;
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
      single &&
      request.format === 'table' &&
      flags.output === undefined &&
      io.stdout.isTTY === true;
    const analyst: Analyst | undefined = progressive ? analyser(parts[0]!, request, stats) : undefined;
    const { data, printedHoldings } = await loadReportPrices({
      plan: runPlan,
      prices,
      progress,
      io,
      ...(analyst && { early: { part: parts[0]!, analyst, renderOptions } }),
      lap: run.lap,
    });
    for (const part of parts) requireSomePrice(part.lots, data, single ? undefined : part.file);

    progress.update('analytics');
    const demoJson = run.demo === true && request.format === 'json';
    const results: Done[] = [];
    for (const part of parts)
      results.push(await reportOf(part, data, runPlan, request, stats, demoJson, analyst));
    const whole = combined && (await reportOf(combined, data, runPlan, request, stats, demoJson));
    for (const r of [...results, ...(whole ? [whole] : [])]) run.reported?.(r.report);
    run.lap?.('analytics');
    progress.stop();

    const jsonBench = flags.bench === true && request.format === 'json' && flags.outputDir === undefined;
    const bench = (): RunStats | undefined => {
      if (!jsonBench) return undefined;
      stats.addPhase('total', performance.now() - started);
      return stats.snapshot();
    };
    const texts = await stats.time('render', async () => {
      if (printedHoldings) {
        const { renderPerformancePart } = await import('../../render/table.js');
        return [renderPerformancePart(results[0]!.report, renderOptions)];
      }
      return renderOutputs({ results, whole, single, flags, request, renderOptions, bench });
    });
    if (flags.outputDir !== undefined) {
      const ext = formatExtension(request.format);
      texts.forEach((text, i) =>
        writeOutputFile(path.join(flags.outputDir!, `${results[i]!.name}${ext}`), text),
      );
    } else if (flags.output !== undefined) writeOutputFile(flags.output, texts[0]!);
    else io.stdout.write(texts[0]!);
    run.lap?.('render');

    const all = whole !== undefined ? [whole] : results;
    for (const r of all) for (const w of r.report.warnings) warn(all.length > 1 ? `${r.name}: ${w}` : w);
    if (flags.bench === true && !jsonBench) {
      stats.addPhase('total', performance.now() - started);
      const { renderBenchTable } = await import('../../render/bench.js');
      const color = useColor(io.stderr, io.env, flags.color);
      io.stderr.write(renderBenchTable(stats.snapshot(), { color, width: request.width }));
    }
    if (single) checkOutcome(all[0]!.report, all[0]!.data, flags.strict === true, request.conditions, warn);
    else checkOutcomes(all, flags.strict === true, request.conditions, warn);
  } finally {
    progress.stop();
  }
}

interface OutputsInput {
  results: readonly Done[];
  whole: Done | undefined;
  single: boolean;
  flags: ReportFlags;
  request: ReportRequest;
  renderOptions: ReportRenderOptions;
  bench: () => RunStats | undefined;
}

/** The run's output: one text (stdout or --output), or one per file for --output-dir. */
async function renderOutputs(o: OutputsInput): Promise<string[]> {
  const { format } = o.request;
  const { renderReport } = await import('../../render/report.js');
  if (o.single)
    return [await renderReport(o.results[0]!.report, format, o.renderOptions, o.bench())];
  const portfolios = await import('../../render/portfolios.js');
  if (o.whole !== undefined) {
    const rows = portfolioRows(o.results, o.whole.report.summary.marketValue);
    return [await portfolios.renderCombinedReport(o.whole.report, rows, format, o.renderOptions, o.bench())];
  }
  const each = [];
  for (const r of o.results) each.push({ ...r, text: await renderReport(r.report, format, o.renderOptions) });
  if (o.flags.outputDir !== undefined) return each.map((r) => r.text);
  return [portfolios.renderManyReports(each, format, o.renderOptions, o.bench())];
}
