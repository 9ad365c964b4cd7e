// The report's date and calendar: asOf is the last trading date of the portfolio's symbols (on or
// before --as-of); the calendar is the union of the trading dates of the holdings and the given
// benchmarks up to asOf.
import type { IsoDate } from '../types.js';
import { isoDateOfEpochMs } from '../dates.js';
import { lastIndexOnOrBefore, unionCalendar } from './calendar.js';
import type { AnalyticsInput } from './model.js';
import type { Scope } from './scope.js';

export interface Timeline {
  asOf: IsoDate;
  /** --as-of before the last trading date: values come from that date's closes, not today's quotes. */
  past: boolean;
  calendar: IsoDate[];
  /** Index of asOf in the calendar (its last date). */
  asOfIndex: number;
  /** The trading date before asOf (for the previous close), or null. */
  prevDate: IsoDate | null;
}

/** The union of the trading dates of the symbols with a history, in scope. */
export function portfolioDates(scope: Scope): IsoDate[] {
  return unionCalendar(scope.symbols.filter((s) => !scope.unknown.has(s)).map(scope.tradingDates));
}

export function reportTimeline(
  input: AnalyticsInput,
  scope: Scope,
  holdingDates: readonly IsoDate[],
  benchmarks: readonly string[],
): Timeline {
  const benchmarkDates = benchmarks.map(scope.tradingDates);
  const lastTrading = holdingDates[holdingDates.length - 1] ?? null;
  const fromHoldings =
    input.asOf === undefined
      ? lastTrading
      : (holdingDates[lastIndexOnOrBefore(holdingDates, input.asOf)] ?? null);
  const asOf = fromHoldings ?? fallbackAsOf(input, scope, benchmarkDates);
  const calendar = unionCalendar([holdingDates, ...benchmarkDates], asOf);
  return {
    asOf,
    past: input.asOf !== undefined && lastTrading !== null && asOf < lastTrading,
    calendar,
    asOfIndex: calendar.length - 1,
    prevDate: calendar[lastIndexOnOrBefore(calendar, asOf) - 1] ?? null,
  };
}

/** No holding history: the benchmarks' last date, then --as-of, then the quotes' date, then the run's. */
function fallbackAsOf(
  input: AnalyticsInput,
  scope: Scope,
  benchmarkDates: readonly (readonly IsoDate[])[],
): IsoDate {
  const dates = unionCalendar(benchmarkDates, input.asOf);
  const quoteTimes = scope.symbols.map((s) => input.quotes.get(s)?.marketTime ?? 0);
  return (
    dates[dates.length - 1] ??
    input.asOf ??
    isoDateOfEpochMs(
      quoteTimes.some((t) => t > 0) ? quoteTimes.reduce((a, b) => Math.max(a, b), 0) : input.generatedAt,
    )
  );
}
