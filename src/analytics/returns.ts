// Time-weighted returns: daily returns with flows at the start of the day, chained into an index;
// period returns read off a level series at "the last trading date on or before the same date back".
import type { IsoDate } from '../types.js';
import { PERIOD_RETURN_KEYS } from './model.js';
import type { PeriodKey, PeriodReturnKey, PeriodReturns } from './model.js';
import { lastIndexOnOrBefore } from '../dates.js';
import { daysBetween } from '../dates.js';
import { periodTargetDate } from './periods.js';

/**
 * r_t = (V_t + O_t) / (V_{t-1} + F_t) - 1 (V_{-1} = 0): money bought on t enters at the start of t at
 * its cost, so the first day measures purchase price to close; proceeds and dividends O_t leave at
 * the end of t. null while nothing is held.
 */
export function dailyReturns(
  values: readonly number[],
  flows: readonly number[],
  outflows?: readonly number[],
): (number | null)[] {
  const out: (number | null)[] = [];
  let prev = 0;
  for (let t = 0; t < values.length; t++) {
    const denominator = prev + (flows[t] ?? 0);
    // (V_t + 0) is V_t exactly: without sells the returns are bit-for-bit those of before.
    const end = (values[t] as number) + (outflows?.[t] ?? 0);
    out.push(denominator > 0 ? end / denominator - 1 : null);
    prev = values[t] as number;
  }
  return out;
}

/** (1 + total)^(365 / calendar days) - 1; null for a zero-day period or a total loss beyond -100 %. */
export function annualize(total: number, start: IsoDate, end: IsoDate): number | null {
  const days = daysBetween(start, end);
  if (days <= 0 || !(1 + total >= 0)) return null;
  return Math.pow(1 + total, 365 / days) - 1;
}

/** Base date of a period: the last calendar date on or before asOf minus the period; null when before the calendar. */
export function baseDate(
  calendar: readonly IsoDate[],
  asOf: IsoDate,
  key: PeriodKey | PeriodReturnKey,
): IsoDate | null {
  const target = periodTargetDate(asOf, key);
  if (target === null) return null;
  const i = lastIndexOnOrBefore(calendar, target);
  return i < 0 ? null : (calendar[i] as IsoDate);
}

/**
 * Period returns of a level series on `calendar` (null where the series does not exist), ending at
 * `asOfIndex`. A period is null when its base date is before the calendar or the series has no level there.
 * `inception` is given by the caller (its base differs between portfolio and benchmark).
 */
export function periodReturnsFromLevels(
  calendar: readonly IsoDate[],
  levels: readonly (number | null)[],
  asOfIndex: number,
  inception: number | null,
): PeriodReturns {
  const asOf = calendar[asOfIndex];
  const end = levels[asOfIndex] ?? null;
  const out = {} as PeriodReturns;
  for (const key of PERIOD_RETURN_KEYS) {
    if (key === 'inception') {
      out[key] = inception;
      continue;
    }
    if (asOf === undefined || end === null) {
      out[key] = null;
      continue;
    }
    const base = baseDate(calendar, asOf, key);
    const i = base === null ? -1 : lastIndexOnOrBefore(calendar, base);
    const start = i < 0 ? null : (levels[i] ?? null);
    out[key] = start === null || !(start > 0) ? null : end / start - 1;
  }
  return out;
}
