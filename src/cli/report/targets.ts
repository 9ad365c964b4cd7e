// A target allocation for a report or a rebalance: read `--targets FILE` (or take the JSON holdings
// file's own `targets`), and check that every group it names is one the holdings have (exit 2).
import fs from 'node:fs';
import { NO_ACCOUNT, UNCLASSIFIED } from '../../analytics/allocation.js';
import type { Report } from '../../analytics/model.js';
import { UsageError } from '../../errors.js';
import { describeFsError } from '../../holdings/load.js';
import { checkTargetGroups, parseTargetsCsv } from '../../holdings/targets.js';
import type { AllocationTargets, Lot, TargetDimension } from '../../types.js';

/** Reads and checks a targets CSV; a file that cannot be read is a usage error naming it. */
export function readTargetsFile(file: string): AllocationTargets {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--targets ${file}: ${describeFsError(error)}`, { cause: error });
  }
  return parseTargetsCsv(text, file);
}

/** `--drift-band`: a fraction from 0 to 1 (0.05 = 5 percentage points). */
export function parseDriftBand(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(
      `--drift-band ${JSON.stringify(value)}: must be a fraction from 0 to 1, e.g. 0.05 for 5 pp`,
    );
  return n;
}

const BREAKDOWN_OF: Record<Exclude<TargetDimension, 'symbol'>, keyof NonNullable<Report['allocation']>> = {
  class: 'byClass',
  type: 'byType',
  currency: 'byCurrency',
  account: 'byAccount',
  region: 'byRegion',
};

/** The groups a report's holdings fall in, priced or not. */
function heldGroups(report: Report, dimension: TargetDimension): Set<string> {
  if (dimension === 'symbol') return new Set(report.holdings.map((h) => h.symbol));
  return new Set((report.allocation?.[BREAKDOWN_OF[dimension]] ?? []).map((s) => s.name));
}

/**
 * Before any price is fetched, the groups the file itself tells (class, symbol, account): a typo in
 * the targets fails at once. Type, currency and country need the quotes and are checked after.
 */
export function checkTargetsAgainstFile(targets: AllocationTargets, lots: readonly Lot[]): void {
  const { dimension } = targets;
  if (dimension !== 'class' && dimension !== 'symbol' && dimension !== 'account') return;
  const names = new Set<string>();
  const bySymbol = new Map<string, Lot[]>();
  for (const lot of lots) bySymbol.set(lot.symbol, [...(bySymbol.get(lot.symbol) ?? []), lot]);
  for (const [symbol, rows] of bySymbol) {
    if (dimension === 'symbol') names.add(symbol);
    else if (dimension === 'class') names.add(rows.find((r) => r.class !== undefined)?.class ?? UNCLASSIFIED);
    else for (const r of rows) names.add(r.account ?? NO_ACCOUNT);
  }
  checkTargetGroups(targets, names);
}

/** The report's targets name only groups its holdings have (exit 2 naming the line otherwise). */
export function checkReportTargets(report: Report, targets: AllocationTargets | undefined): void {
  if (targets !== undefined) checkTargetGroups(targets, heldGroups(report, targets.dimension));
}

/** `--fail-if drift...` means nothing without targets: a usage error rather than a check that never holds. */
export function requireTargetsForDrift(conditions: readonly { metric: string; text: string }[]): void {
  const drift = conditions.find((c) => c.metric === 'drift');
  if (drift !== undefined)
    throw new UsageError(
      `--fail-if ${drift.text}: drift needs targets (--targets FILE, or a JSON file's "targets")`,
    );
}
