// The report's date and calendar: asOf is the last trading date of the portfolio's symbols (on or
// before --as-of); the calendar is the union of the trading dates of the holdings and the given
// benchmarks up to asOf.
import type { IsoDate } from '../types.js';
import { fromEpochDay, isoDateOfEpochMs, lastIndexOnOrBefore, toEpochDay } from '../dates.js';
import { unionCalendar } from './calendar.js';
import type { AnalyticsInput } from './model.js';
import type { Scope } from './scope.js';

export interface Timeline {
  asOf: IsoDate;
  /** --as-of before the last trading date: values come from that date's closes, not today's quotes. */
  past: boolean;
  calendar: IsoDate[];
  /** The calendar as epoch days (what prices are aligned on). */
  calendarDays: Int32Array;
  /** Index of asOf in the calendar (its last date). */
  asOfIndex: number;
  /** The trading date before asOf (for the previous close), or null. */
  prevDate: IsoDate | null;
}

/** The union of the trading days of the symbols with a history, in scope. */
export function portfolioDays(scope: Scope): Int32Array {
  return unionCalendar(scope.symbols.filter((s) => !scope.unknown.has(s)).map(scope.tradingDays));
}

export function reportTimeline(
  input: AnalyticsInput,
  scope: Scope,
  holdingDays: Int32Array,
  benchmarks: readonly string[],
): Timeline {
  const benchmarkDays = benchmarks.map(scope.tradingDays);
  const lastTrading = holdingDays.length > 0 ? (holdingDays[holdingDays.length - 1] as number) : null;
  const fromHoldings =
    input.asOf === undefined
      ? lastTrading
      : (holdingDays[lastIndexOnOrBefore(holdingDays, toEpochDay(input.asOf))] ?? null);
  const asOfDay = fromHoldings ?? toEpochDay(fallbackAsOf(input, scope, benchmarkDays));
  const calendarDays = unionCalendar([holdingDays, ...benchmarkDays], asOfDay);
  const calendar = Array.from(calendarDays, fromEpochDay);
  const asOf = fromEpochDay(asOfDay);
  return {
    asOf,
    past: input.asOf !== undefined && lastTrading !== null && asOfDay < lastTrading,
    calendar,
    calendarDays,
    asOfIndex: calendar.length - 1,
    prevDate: calendar[lastIndexOnOrBefore(calendarDays, asOfDay) - 1] ?? null,
  };
}

/** No holding history: the benchmarks' last date, then --as-of, then the quotes' date, then the run's. */
function fallbackAsOf(input: AnalyticsInput, scope: Scope, benchmarkDays: readonly Int32Array[]): IsoDate {
  const days = unionCalendar(benchmarkDays, input.asOf === undefined ? undefined : toEpochDay(input.asOf));
  if (days.length > 0) return fromEpochDay(days[days.length - 1] as number);
  const quoteTimes = scope.symbols.map((s) => input.quotes.get(s)?.marketTime ?? 0);
  return (
    input.asOf ??
    isoDateOfEpochMs(
      quoteTimes.some((t) => t > 0) ? quoteTimes.reduce((a, b) => Math.max(a, b), 0) : input.generatedAt,
    )
  );
}
