// The reports of a run, one per holdings file (and with --combine one of all holdings, each file an
// account), each with the settings and price plan `folio report FILE` alone would have.
import { combinedLots } from '../../analytics/combine.js';
import { planPrices, type PricePlan } from '../../prices/index.js';
import type { HoldingsFile, Lot } from '../../types.js';
import { settingsFrom } from '../options.js';
import type { Io } from '../terminal.js';
import type { Settings } from '../settings.js';
import type { Part } from './analyse.js';
import { reportNames } from './inputs.js';
import type { ReportFlags, ReportRequest } from './request.js';
import { checkTargetsAgainstFile, requireTargetsForDrift } from './targets.js';
import { PlanUnion } from './union.js';

/** A report's price plan: history runs to today, whatever --as-of says. */
export function reportPlan(lots: Lot[], settings: Settings, request: ReportRequest): PricePlan {
  // With --as-of, history still runs to today: the same cache entries a normal report uses, and
  // analytics sees that the as-of date lies in the past (so it values at that date's closes, not
  // at today's quotes; it tells "past" from the history's last date, whatever the cache held).
  return {
    ...planPrices({
      lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      today: request.today,
      asOf: request.asOf,
    }),
    to: request.today,
  };
}

/** A file's report before its price plan is made: what the run keeps of each file. */
export type PartInput = Omit<Part, 'plan'>;

/**
 * Each file's report of the run (and the combined one with --combine), and the run's one price plan:
 * the union of every report's plan, made in one pass that keeps no file's plan (a run over thousands
 * of files makes each again when its report is made).
 */
export function planRun(
  loaded: readonly Pick<HoldingsFile, 'file' | 'lots' | 'settings'>[],
  flags: ReportFlags,
  io: Io,
  request: ReportRequest,
  runSettings: Settings,
): { parts: PartInput[]; combined: Part | undefined; runPlan: PricePlan } {
  const names = reportNames(loaded.map((h) => h.file));
  const union = new PlanUnion();
  const parts: PartInput[] = loaded.map((h, i) => {
    const own = settingsFrom(flags, io, h.settings);
    // Combined, every file's figures are in the combined report's currency.
    const settings = flags.combine === true ? { ...own, baseCurrency: runSettings.baseCurrency } : own;
    const targets = h.settings.targets;
    union.add(reportPlan(h.lots, settings, request));
    return {
      file: h.file,
      name: names[i]!,
      lots: h.lots,
      settings,
      ...(targets === undefined ? {} : { targets }),
    };
  });
  checkTargets(parts, request);
  if (flags.combine !== true) return { parts, combined: undefined, runPlan: union.plan()! };
  const lots = combinedLots(parts);
  const combined = {
    file: 'combined',
    name: 'combined',
    lots,
    settings: runSettings,
    plan: reportPlan(lots, runSettings, request),
  };
  union.add(combined.plan);
  return { parts, combined, runPlan: union.plan()! };
}

/**
 * Before any price is fetched: each file's targets name groups its holdings have (those the file itself
 * tells), and `--fail-if drift` has targets to measure against.
 */
function checkTargets(parts: readonly PartInput[], request: ReportRequest): void {
  let any = false;
  for (const part of parts) {
    const targets = request.targets ?? part.targets;
    if (targets === undefined) continue;
    any = true;
    checkTargetsAgainstFile(targets, part.lots);
  }
  if (!any) requireTargetsForDrift(request.conditions);
}
