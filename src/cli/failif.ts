// `--fail-if <condition>` for CI and cron gating: `maxDrawdown<-0.2`, `dayChangePct<-0.03`,
// `stalePrices>0`, `weight.TSLA>0.25`. A metric of the JSON summary or `weight.<SYMBOL>`, an operator,
// a number. A condition that holds makes the run exit 5 (the report is still written). A weight of a
// symbol no holdings file names is a typo, refused before any price is fetched (exit 2); a condition
// whose metric has no value (no price, too little history) is reported as not evaluated, never as met.
import { UsageError } from '../errors.js';
import type { Report } from '../analytics/model.js';
import { normalizeSymbol } from '../holdings/symbols.js';

export const FAIL_IF_METRICS = [
  'marketValue',
  'costBasis',
  'unrealizedGain',
  'unrealizedGainPct',
  'dayChange',
  'dayChangePct',
  'xirr',
  'twr',
  'twrAnnualized',
  'volatility',
  'sharpe',
  'sortino',
  'maxDrawdown',
  'beta',
  'correlation',
  'holdingsCount',
  'stalePrices',
  'drift',
] as const;

type Operator = '<' | '<=' | '>' | '>=';

export interface FailCondition {
  text: string;
  metric: string;
  /** Set for `weight.<SYMBOL>`. */
  weightOf?: string;
  operator: Operator;
  threshold: number;
}

export function parseFailIf(text: string): FailCondition {
  const m =
    /^\s*([A-Za-z][A-Za-z0-9]*)(?:\.([^<>=\s]+))?\s*(<=|>=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e-?\d+)?)\s*$/i.exec(
      text,
    );
  const usage = `--fail-if ${JSON.stringify(text)}: expected <metric><op><number>, e.g. maxDrawdown<-0.2 or weight.TSLA>0.25 (metrics: ${FAIL_IF_METRICS.join(', ')}, weight.<SYMBOL>; ops < <= > >=)`;
  if (!m) throw new UsageError(usage);
  const [, metric, sub, op, num] = m as unknown as [string, string, string | undefined, Operator, string];
  const threshold = Number(num);
  if (!Number.isFinite(threshold)) throw new UsageError(usage);
  if (metric === 'weight') {
    const symbol = sub === undefined ? null : normalizeSymbol(sub);
    if (symbol === null)
      throw new UsageError(`--fail-if ${JSON.stringify(text)}: weight needs a symbol, e.g. weight.TSLA>0.25`);
    return { text: text.trim(), metric, weightOf: symbol, operator: op, threshold };
  }
  if (sub !== undefined || !(FAIL_IF_METRICS as readonly string[]).includes(metric))
    throw new UsageError(usage);
  return { text: text.trim(), metric, operator: op, threshold };
}

/**
 * Throws a usage error naming every `weight.<SYMBOL>` whose symbol appears in none of the holdings files
 * (after the files are read, before any price is fetched): `weight.NOPE>0` would otherwise be a weight of
 * 0 that never fires. A symbol sold in full is still named by its file and keeps its weight of 0.
 */
export function requireNamedSymbols(
  conditions: readonly FailCondition[],
  symbolsInFiles: Iterable<string>,
): void {
  const known = new Set(symbolsInFiles);
  const unknown = conditions.filter((c) => c.weightOf !== undefined && !known.has(c.weightOf));
  if (unknown.length === 0) return;
  throw new UsageError(
    unknown
      .map((c) => `--fail-if ${JSON.stringify(c.text)}: ${c.weightOf} is not in the holdings file`)
      .join('; '),
  );
}

export interface FailIfResult {
  condition: FailCondition;
  /** null when the metric has no value (no price, too little history): then `holds` is false. */
  value: number | null;
  holds: boolean;
}

/** The warning for a condition that could not be evaluated. */
export function notEvaluatedWarning(result: FailIfResult): string {
  const { text, metric, weightOf } = result.condition;
  const why = weightOf === undefined ? `${metric} has no value` : `${weightOf} has no price`;
  return `--fail-if ${text}: could not be evaluated (${why}); not counted as met`;
}

export function evaluateFailIf(report: Report, conditions: readonly FailCondition[]): FailIfResult[] {
  return conditions.map((condition) => {
    let value: number | null;
    if (condition.weightOf !== undefined) {
      const h = report.holdings.find((x) => x.symbol === condition.weightOf);
      // Not held today (sold in full): weight 0. Held without a price: no weight to compare.
      value = h === undefined ? 0 : h.price === null ? null : finiteOrNull(h.weight);
    } else {
      const v = (report.summary as unknown as Record<string, unknown>)[condition.metric];
      value = finiteOrNull(v);
    }
    const t = condition.threshold;
    const holds =
      value !== null &&
      (condition.operator === '<'
        ? value < t
        : condition.operator === '<='
          ? value <= t
          : condition.operator === '>'
            ? value > t
            : value >= t);
    return { condition, value, holds };
  });
}

function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
