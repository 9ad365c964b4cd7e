// What decides a report's exit code once its figures are in: no price at all (exit 4), --strict with
// stale or missing prices (exit 4), and --fail-if conditions that hold (exit 5).
import type { Report } from '../../analytics/model.js';
import { ConditionMetError, PriceUnavailableError } from '../../errors.js';
import type { PriceData } from '../../prices/index.js';
import { type FailCondition, evaluateFailIf, notEvaluatedWarning } from '../failif.js';

/** Every holding known to Yahoo lacks a price (nothing live, nothing cached): null when some have one. */
export function allHoldingsUnavailable(
  lots: readonly { symbol: string }[],
  data: PriceData,
): { symbols: string[]; reason: string } | null {
  const symbols = [...new Set(lots.map((l) => l.symbol))];
  const missing = symbols.filter((s) => data.unavailable.has(s));
  const known = symbols.filter((s) => !data.unknown.has(s));
  if (known.length === 0 || missing.length !== known.length) return null;
  return { symbols: missing, reason: data.unavailable.get(missing[0]!) ?? 'no data' };
}

/** Throws exit 4 when no holding has a price; the message names `file` when given. */
export function requireSomePrice(lots: readonly { symbol: string }[], data: PriceData, file?: string): void {
  const unavailable = allHoldingsUnavailable(lots, data);
  if (unavailable === null) return;
  throw new PriceUnavailableError(
    `${file === undefined ? '' : `${file}: `}prices unavailable for all ${unavailable.symbols.length} holdings and none cached (${unavailable.reason})`,
    {
      symbols: unavailable.symbols,
      hint: 'check the network or FOLIO_YAHOO_URL; a cache warmed earlier (folio cache warm) lets folio report offline',
    },
  );
}

/**
 * Throws for --strict with stale or missing prices, then for --fail-if conditions that hold; warns for
 * each condition that could not be evaluated.
 */
export function checkOutcome(
  report: Report,
  data: PriceData,
  strict: boolean,
  conditions: readonly FailCondition[],
  warn: (message: string) => void,
): void {
  // A holding out of the totals (no price, no FX rate, splits unknown) is missing whatever its source.
  const missing = report.summary.coverage.missing.map((m) => m.symbol);
  if (strict && (report.summary.stalePrices > 0 || missing.length > 0 || data.unknown.size > 0)) {
    throw new PriceUnavailableError(
      `--strict: ${report.summary.stalePrices} holding(s) with stale or missing prices${missing.length > 0 ? `, out of the totals: ${missing.join(', ')}` : ''}${data.unknown.size > 0 ? `, unknown: ${[...data.unknown].join(', ')}` : ''}`,
    );
  }
  const results = evaluateFailIf(report, conditions);
  for (const r of results) if (r.value === null) warn(notEvaluatedWarning(r));
  const met = results.filter((r) => r.holds);
  if (met.length > 0) {
    throw new ConditionMetError(
      `--fail-if: ${met.map((r) => `${r.condition.text} (value ${r.value === null ? 'n/a' : Number(r.value.toPrecision(6))})`).join('; ')}`,
    );
  }
}

/**
 * checkOutcome for several reports: every report is checked, and one error names each file whose
 * check failed (--strict first, exit 4; then --fail-if, exit 5).
 */
export function checkOutcomes(
  reports: readonly { file: string; report: Report; data: PriceData }[],
  strict: boolean,
  conditions: readonly FailCondition[],
  warn: (message: string) => void,
): void {
  const checks = new OutcomeChecks({ strict, conditions, count: reports.length, nameFiles: true });
  for (const r of reports) checks.add(r);
  checks.finish(warn);
}

/**
 * checkOutcome for the reports of a run, one at a time as each is made: only the messages are kept (a
 * run over thousands of files does not keep their reports); finish() warns and throws as one check.
 */
export class OutcomeChecks {
  private readonly warnings: string[] = [];
  private readonly strictFailures: string[] = [];
  private readonly conditionFailures: string[] = [];

  constructor(
    private readonly o: {
      strict: boolean;
      conditions: readonly FailCondition[];
      /** How many reports the run checks (their warnings name the file when more than one). */
      count: number;
      /** Errors name the file (not for `folio report FILE` alone). */
      nameFiles: boolean;
    },
  ) {}

  add(r: { file: string; report: Report; data: PriceData }): void {
    const prefix = this.o.count > 1 ? `${r.file}: ` : '';
    try {
      checkOutcome(r.report, r.data, this.o.strict, this.o.conditions, (m) => this.warnings.push(prefix + m));
    } catch (error) {
      const named = (e: Error) => (this.o.nameFiles ? `${r.file}: ${e.message}` : e.message);
      if (error instanceof ConditionMetError) this.conditionFailures.push(named(error));
      else if (error instanceof PriceUnavailableError) this.strictFailures.push(named(error));
      else throw error;
    }
  }

  finish(warn: (message: string) => void): void {
    for (const w of this.warnings) warn(w);
    if (this.strictFailures.length > 0) throw new PriceUnavailableError(this.strictFailures.join('; '));
    if (this.conditionFailures.length > 0) throw new ConditionMetError(this.conditionFailures.join('; '));
  }
}
