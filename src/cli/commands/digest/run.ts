// `folio digest <file...>`: what changed since the previous digest of each holdings file (or since a
// date with --since), for a morning mail or a phone notification. The figures are the report's: the
// same loading path as `folio report A B` (every file validated first, one price plan, each file's
// report exactly what `folio report FILE` prints). The baseline is a small snapshot per file kept in
// the cache under the file's absolute path; `cache clear` keeps it, `--reset` starts it over.
import path from 'node:path';
import { UsageError } from '../../../errors.js';
import type { Digest, DigestCondition } from '../../../analytics/digest.js';
import type { Report } from '../../../analytics/model.js';
import { mergeSplits } from '../../../analytics/transactions.js';
import { planPrices, type PricePlan, type PriceData } from '../../../prices/index.js';
import type { DigestSnapshot, Lot, SplitEvent } from '../../../types.js';
import { DIGEST_FORMATS, type DigestFormat } from '../../../render/options.js';
import { evaluateFailIf, requireNamedSymbols } from '../../failif.js';
import { type PriceFlags, priceOptions, settingsFrom } from '../../options.js';
import { parseChoice, parseDateOption } from '../../option-values.js';
import { checkOutputFile, writeOutputFile } from '../../output.js';
import { type Prices, openPrices } from '../../runtime.js';
import type { Settings } from '../../settings.js';
import { type Io, makeWarn, useColor } from '../../terminal.js';
import { checkOutcome, checkOutcomes } from '../../report/checks.js';
import { expandInputs, loadAllHoldings, reportNames } from '../../report/inputs.js';
import { type Done, reportOf } from '../../report/analyse.js';
import { unitePlans } from '../../report/union.js';
import { type ReportRequest, parseReportFlags } from '../../report/request.js';

export interface DigestFlags extends PriceFlags {
  format?: string;
  output?: string;
  since?: string;
  reset?: boolean;
  failIf?: string[];
  costMethod?: string;
}

/** One file of the run: its plans now (and at --since), its report, its baseline. */
interface DigestPart {
  file: string;
  name: string;
  lots: Lot[];
  settings: Settings;
  plan: PricePlan;
  sincePlan: PricePlan | undefined;
}

function checkDigestFlags(args: readonly string[], flags: DigestFlags, since: string | undefined): void {
  if (since !== undefined && flags.reset === true)
    throw new UsageError(
      '--since compares with a date and stores nothing; --reset starts the stored baseline over: use one',
    );
  if (since !== undefined) return;
  if (flags.cache === false)
    throw new UsageError(
      'digest keeps its baseline in the cache: drop --no-cache, or compare with a date (--since DATE)',
    );
  if (args.includes('-'))
    throw new UsageError(
      'digest of standard input has no file to remember its baseline by: compare with a date (--since DATE)',
    );
}

export interface DigestOptions extends DigestFlags {
  /** Holdings files and directories, as typed. */
  files: readonly string[];
  debug: boolean;
}

export async function runDigest(options: DigestOptions, io: Io): Promise<void> {
  const { files: args, debug, ...flags } = options;
  const format = parseChoice<DigestFormat>('--format', flags.format ?? 'text', DIGEST_FORMATS)!;
  // The report's own checks (--fail-if, --cost-method, the clock) on the report's flags.
  const request = parseReportFlags({ ...flags, format: 'json' }, io);
  const since = parseDateOption('--since', flags.since, request.today);
  checkDigestFlags(args, flags, since);
  if (flags.output !== undefined) checkOutputFile(flags.output); // before any file is read or price fetched
  const warn = makeWarn(io);
  settingsFrom(flags, io); // flag and config errors first, before any file is read
  const files = expandInputs(args);
  const loaded = await loadAllHoldings(files, request.clock, io);
  requireNamedSymbols(
    request.conditions,
    loaded.flatMap((h) => h.lots.map((l) => l.symbol)),
  );
  const names = reportNames(loaded.map((h) => h.file));
  const plan = (lots: Lot[], settings: Settings, asOf: string | undefined): PricePlan => ({
    ...planPrices({
      lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      today: request.today,
      asOf,
    }),
    to: request.today, // as in a report: history runs to today, whatever the report's date
  });
  const parts: DigestPart[] = loaded.map((h, i) => {
    const settings = settingsFrom(flags, io, h.settings);
    const sincePlan = since === undefined ? undefined : plan(h.lots, settings, since);
    return {
      file: h.file,
      name: names[i]!,
      lots: h.lots,
      settings,
      plan: plan(h.lots, settings, undefined),
      sincePlan,
    };
  });
  const runPlan = unitePlans(parts.flatMap((p) => [p.plan, ...(p.sincePlan ? [p.sincePlan] : [])]));

  const prices = await openPrices(parts[0]!.settings, priceOptions(flags, debug), io, request.clock, warn);
  let results: { done: Done; digest: Digest }[];
  try {
    if (prices.cache === null && since === undefined)
      throw new UsageError(
        'digest keeps its baseline in the cache, and the cache cannot be used (see the warning above)',
        {
          hint: 'compare with a date instead: --since DATE',
        },
      );
    const data = await prices.service.load(runPlan);
    results = [];
    for (const part of parts)
      results.push(await digestOf(part, data, runPlan, request, since, flags, prices));
    const { renderDigests } = await import('../../../render/digest.js');
    const output = await renderDigests(
      results.map((r) => r.digest),
      format,
    );
    if (flags.output !== undefined) writeOutputFile(flags.output, output);
    else io.stdout.write(output);
    // The digest is out: it becomes the baseline of the next one (never with --since).
    if (since === undefined && prices.cache !== null) {
      const { writeDigestBaseline } = await import('../../../prices/store/digests.js');
      const { digestSnapshotOf } = await import('../../../analytics/digest.js');
      for (const r of results)
        await writeDigestBaseline(prices.cache, path.resolve(r.done.file), digestSnapshotOf(r.done.report));
    }
  } finally {
    await prices.close();
  }
  for (const r of results)
    for (const w of r.done.report.warnings) warn(results.length > 1 ? `${r.done.name}: ${w}` : w);
  if (flags.bench === true) {
    const { renderBenchTable } = await import('../../../render/bench.js');
    const color = useColor(io.stderr, io.env, flags.color);
    io.stderr.write(renderBenchTable(prices.stats.snapshot(), { color, width: request.width }));
  }
  if (results.length === 1) {
    const only = results[0]!.done;
    checkOutcome(only.report, only.data, flags.strict === true, request.conditions, warn);
  } else
    checkOutcomes(
      results.map((r) => r.done),
      flags.strict === true,
      request.conditions,
      warn,
    );
}

async function digestOf(
  part: DigestPart,
  data: PriceData,
  runPlan: PricePlan,
  request: ReportRequest,
  since: string | undefined,
  flags: DigestFlags,
  prices: Prices,
): Promise<{ done: Done; digest: Digest }> {
  const done = await reportOf(part, data, runPlan, request, prices.stats, false);
  const { buildDigest, digestSnapshotOf } = await import('../../../analytics/digest.js');
  let before: DigestSnapshot | undefined;
  if (part.sincePlan !== undefined && since !== undefined) {
    const then = await reportOf(
      { ...part, plan: part.sincePlan },
      data,
      runPlan,
      { ...request, asOf: since },
      prices.stats,
      false,
    );
    before = digestSnapshotOf(then.report);
  } else if (flags.reset !== true && prices.cache !== null) {
    const { readDigestBaseline } = await import('../../../prices/store/digests.js');
    before = await readDigestBaseline(prices.cache, path.resolve(part.file));
  }
  const digest = buildDigest({
    file: part.file,
    before,
    now: done.report,
    splits: splitsOf(part.lots, done.data),
    conditionsHeld: conditionsHeld(done.report, request),
    startedOver: flags.reset === true ? 'started over (--reset)' : undefined,
  });
  return { done, digest };
}

/** Each symbol's split events: Yahoo's, with the file's split rows in place of Yahoo's on their dates. */
function splitsOf(lots: readonly Lot[], data: PriceData): Map<string, SplitEvent[]> {
  const out = new Map<string, SplitEvent[]>();
  for (const symbol of new Set(lots.map((l) => l.symbol))) {
    const file = lots.flatMap((l) =>
      l.symbol === symbol && l.type === 'split' ? [{ date: l.date, ratio: l.ratio }] : [],
    );
    out.set(symbol, mergeSplits(data.histories.get(symbol)?.splits ?? [], file));
  }
  return out;
}

function conditionsHeld(report: Report, request: ReportRequest): DigestCondition[] {
  return evaluateFailIf(report, request.conditions)
    .filter((r) => r.holds)
    .map((r) => ({ condition: r.condition.text, value: r.value }));
}
