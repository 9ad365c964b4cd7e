// ISO calendar-date arithmetic on `YYYY-MM-DD` strings via day numbers (days since 1970-01-01, UTC).
// No clock and no time zones: a trading date is a label, not an instant.
import type { IsoDate } from '../types.js';
import type { PeriodKey, PeriodReturnKey } from './model.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (m === null) throw new Error(`not an ISO date: ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Days since 1970-01-01 of an ISO date. */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Same day `months` later (or earlier), clamped to the month's last day: 2024-03-31 - 1 month = 2024-02-29. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(year, month, Math.min(d, lastDay)) / DAY_MS);
}

/** Same day `years` later (or earlier); February 29 clamps to February 28. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

/** The UTC calendar date of an epoch-ms instant. */
export function isoDateOfEpochMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The calendar date a period reaches back to from `asOf` (before snapping to a trading date):
 * asOf minus 1/3/6 months or 1/3/5 years; YTD: December 31 of the previous year.
 * null for `max` and `inception`, whose start is the portfolio's own.
 */
export function periodTargetDate(asOf: IsoDate, key: PeriodKey | PeriodReturnKey): IsoDate | null {
  switch (key) {
    case '1m':
      return addMonths(asOf, -1);
    case '3m':
      return addMonths(asOf, -3);
    case '6m':
      return addMonths(asOf, -6);
    case 'ytd':
      return `${String(yearOf(asOf) - 1).padStart(4, '0')}-12-31`;
    case '1y':
      return addYears(asOf, -1);
    case '3y':
      return addYears(asOf, -3);
    case '5y':
      return addYears(asOf, -5);
    case 'max':
    case 'inception':
      return null;
  }
}
