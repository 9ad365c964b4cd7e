// `folio report A.csv B.json DIR ...`: every file loaded and validated first, then ONE price plan over
// all of them (each symbol, benchmark and FX pair fetched once), then one report per file, each what
// `folio report FILE` alone prints; or with --combine one report of all holdings, each file an account,
// with a "By portfolio" section. The terminal's progressive output (the holdings part printed before
// the last benchmarks arrive) is off here: several reports are printed once they are all complete.
import path from 'node:path';
import { combinedLots, portfolioRows } from '../../analytics/combine.js';
import type { Report } from '../../analytics/model.js';
import { PriceUnavailableError, UsageError } from '../../errors.js';
import { planPrices, type PricePlan, type PriceData, type RunStatsCollector } from '../../prices/index.js';
import type { AllocationTargets, HoldingsFile, Lot, RunStats } from '../../types.js';
import type { Format, ReportRenderOptions } from '../../render/options.js';
import {
  DEMO_NOTE,
  type ReportFlags,
  type ReportRequest,
  type ReportRunOptions,
  analyser,
  loaderWarnings,
  parseReportFlags,
  reportRenderOptions,
} from '../commands/report.js';
import { makeWarn, priceOptions, settingsFrom } from '../options.js';
import { checkOutputDirectory, protectFromOutput, writeOutputFile } from '../output.js';
import { type Io, openPrices, useColor } from '../runtime.js';
import type { Settings } from '../settings.js';
import { checkOutcomes, requireSomePrice } from './checks.js';
import { requireNamedSymbols } from '../failif.js';
import { requireTargetsForDrift } from './targets.js';
import { expandInputs, formatExtension, loadAllHoldings, reportNames } from './inputs.js';
import { dataForPlan, unitePlans } from './union.js';

export interface ManyFlags extends ReportFlags {
  outputDir?: string;
  combine?: boolean;
}

/** One report of the run: its lots, settings and plan, later its data and figures. */
export interface Part {
  file: string;
  name: string;
  lots: Lot[];
  settings: Settings;
  plan: PricePlan;
  /** The JSON file's own targets (`--targets` overrides them). */
  targets?: AllocationTargets;
}

function checkManyFlags(flags: ManyFlags, count: number): void {
  if (flags.output !== undefined && flags.outputDir !== undefined)
    throw new UsageError('--output and --output-dir exclude each other');
  if (flags.combine === true && flags.outputDir !== undefined)
    throw new UsageError('--combine writes one report: use --output FILE, not --output-dir');
  // Several files' JSON is one document (what stdout gets); other formats would be several reports.
  if (flags.combine !== true && flags.output !== undefined && count > 1 && flags.format !== 'json')
    throw new UsageError(`--output writes one file but ${count} files were given`, {
      hint: 'use --output-dir DIR for one report per file, --combine for one report of all, or --format json for one document',
    });
  if (flags.combine !== true && flags.outputDir === undefined && flags.format === 'csv' && count > 1)
    throw new UsageError(
      '--format csv with several files needs --output-dir DIR (one CSV per file) or --combine',
    );
  if (flags.outputDir !== undefined) checkOutputDirectory(flags.outputDir);
}

export interface Done extends Part {
  report: Report;
  data: PriceData;
}

/** Each file's part of the run (and the combined one with --combine), planned. */
function planParts(
  loaded: readonly HoldingsFile[],
  flags: ManyFlags,
  io: Io,
  request: ReportRequest,
  runSettings: Settings,
): { parts: Part[]; combined: Part | undefined } {
  const names = reportNames(loaded.map((h) => h.file));
  const plan = (lots: Lot[], settings: Settings): PricePlan => ({
    ...planPrices({
      lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      today: request.today,
      asOf: request.asOf,
    }),
    to: request.today, // as in a single report: history runs to today, whatever --as-of says
  });
  const parts: Part[] = loaded.map((h, i) => {
    const own = settingsFrom(flags, io, h.settings);
    // Combined, every file's figures are in the combined report's currency.
    const settings = flags.combine === true ? { ...own, baseCurrency: runSettings.baseCurrency } : own;
    const targets = h.settings.targets;
    return {
      file: h.file,
      name: names[i]!,
      lots: h.lots,
      settings,
      plan: plan(h.lots, settings),
      ...(targets === undefined ? {} : { targets }),
    };
  });
  if (flags.combine !== true) return { parts, combined: undefined };
  const lots = combinedLots(parts);
  const combined = {
    file: 'combined',
    name: 'combined',
    lots,
    settings: runSettings,
    plan: plan(lots, runSettings),
  };
  return { parts, combined };
}

/** One report from the run's data: its own share of it, exactly as a single run would analyse it. */
export async function reportOf(
  part: Part,
  data: PriceData,
  runPlan: PricePlan,
  request: ReportRequest,
  stats: RunStatsCollector,
  demoJson: boolean,
): Promise<Done> {
  const own = dataForPlan(data, part.plan, runPlan);
  try {
    requireSomePrice(part.lots, own);
  } catch (error) {
    if (!(error instanceof PriceUnavailableError)) throw error;
    throw new PriceUnavailableError(`${part.file}: ${error.message}`, {
      symbols: error.symbols,
      hint: error.hint,
    });
  }
  const ownTargets = part.targets === undefined ? {} : { targets: part.targets };
  const report = await analyser(
    { lots: part.lots, settings: ownTargets },
    part.settings,
    request,
    stats,
  ).report(own);
  report.warnings = [...loaderWarnings(own, part.lots), ...report.warnings];
  if (demoJson) report.notes.unshift(DEMO_NOTE);
  return { ...part, report, data: own };
}

/** The run's output: one text (stdout or --output), or one per file for --output-dir. */
async function renderOutputs(
  results: readonly Done[],
  whole: Done | undefined,
  flags: ManyFlags,
  format: Format,
  renderOptions: ReportRenderOptions,
  bench: () => RunStats | undefined,
): Promise<string[]> {
  const { renderReport } = await import('../../render/report.js');
  const portfolios = await import('../../render/portfolios.js');
  if (whole !== undefined) {
    const rows = portfolioRows(results, whole.report.summary.marketValue);
    return [await portfolios.renderCombinedReport(whole.report, rows, format, renderOptions, bench())];
  }
  const each = [];
  for (const r of results) each.push({ ...r, text: await renderReport(r.report, format, renderOptions) });
  if (flags.outputDir !== undefined) return each.map((r) => r.text);
  return [portfolios.renderManyReports(each, format, renderOptions, bench())];
}

export async function runManyReports(
  args: readonly string[],
  flags: ManyFlags,
  io: Io,
  run: ReportRunOptions,
): Promise<void> {
  protectFromOutput(args); // before --output is checked: it must not be one of them
  const request = parseReportFlags(flags, io);
  const { format, clock } = request;
  const warn = makeWarn(io);
  const runSettings = settingsFrom(flags, io); // flag and config errors first, before any file is read
  const files = expandInputs(args);
  checkManyFlags(flags, files.length);

  const started = performance.now();
  const loaded = await loadAllHoldings(files, clock, io);
  requireNamedSymbols(
    request.conditions,
    loaded.flatMap((h) => h.lots.map((l) => l.symbol)),
  );
  const loadMs = performance.now() - started;
  const { parts, combined } = planParts(loaded, flags, io, request, runSettings);
  if (request.targets === undefined && parts.every((p) => p.targets === undefined))
    requireTargetsForDrift(request.conditions);
  const runPlan = unitePlans([...parts, ...(combined ? [combined] : [])].map((p) => p.plan));

  const priceFlags = { ...flags, yahooUrl: flags.yahooUrl ?? run.yahooUrl };
  const prices = await openPrices(parts[0]!.settings, priceOptions(priceFlags, run.debug), io, clock, warn);
  const { stats } = prices;
  stats.addPhase('load', loadMs);
  let data: PriceData;
  try {
    data = await prices.service.load(runPlan);
  } finally {
    await prices.close();
  }

  const demoJson = run.demo === true && format === 'json';
  const results: Done[] = [];
  for (const part of parts) results.push(await reportOf(part, data, runPlan, request, stats, demoJson));
  const whole = combined && (await reportOf(combined, data, runPlan, request, stats, demoJson));

  const jsonBench = flags.bench === true && format === 'json' && flags.outputDir === undefined;
  const renderOptions = reportRenderOptions(request, flags, run);
  const texts = await stats.time('render', () =>
    renderOutputs(results, whole, flags, format, renderOptions, () => {
      if (!jsonBench) return undefined;
      stats.addPhase('total', performance.now() - started);
      return stats.snapshot();
    }),
  );
  if (flags.outputDir !== undefined) {
    const ext = formatExtension(format);
    texts.forEach((text, i) =>
      writeOutputFile(path.join(flags.outputDir!, `${results[i]!.name}${ext}`), text),
    );
  } else if (flags.output !== undefined) writeOutputFile(flags.output, texts[0]!);
  else io.stdout.write(texts[0]!);

  const all = whole !== undefined ? [whole] : results;
  for (const r of all) for (const w of r.report.warnings) warn(all.length > 1 ? `${r.name}: ${w}` : w);
  if (flags.bench === true && !jsonBench) {
    stats.addPhase('total', performance.now() - started);
    const { renderBenchTable } = await import('../../render/bench.js');
    const color = useColor(io.stderr, io.env, flags.color);
    io.stderr.write(renderBenchTable(stats.snapshot(), { color, width: request.width }));
  }
  checkOutcomes(all, flags.strict === true, request.conditions, warn);
}
