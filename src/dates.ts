// Calendar-date arithmetic on `YYYY-MM-DD` strings through epoch days (days since 1970-01-01, UTC),
// for the whole project. No clock and no time zones: a trading date is a label, not an instant.
//
// Months and years back clamp to the month's last day: one month before March 31 is February 29 (or
// 28), and one year before February 29 is February 28 of the year before, never March 1, so "a year
// back" always stays in the same month.
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const DASH = 45;
const ZERO = 48;

/** The number written by `count` ASCII digits from `at`; -1 when one is not a digit. */
function digits(date: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = date.charCodeAt(i) - ZERO;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Year, month and day of `YYYY-MM-DD` (read by character codes: a report reads thousands of dates). */
function parts(date: IsoDate): [number, number, number] {
  if (date.length === 10 && date.charCodeAt(4) === DASH && date.charCodeAt(7) === DASH) {
    const y = digits(date, 0, 4);
    const m = digits(date, 5, 2);
    const d = digits(date, 8, 2);
    if (y >= 0 && m >= 0 && d >= 0) return [y, m, d];
  }
  throw new Error(`not an ISO date: ${JSON.stringify(date)}`);
}

/** Days since 1970-01-01 of an ISO date. */
export function toEpochDay(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/**
 * The ISO date of an epoch day, by arithmetic (Howard Hinnant's civil_from_days) rather than a Date:
 * a warm report turns hundreds of thousands of trading days into dates.
 */
export function fromEpochDay(day: number): IsoDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Index of the last date <= `date` in an ascending list of dates (ISO dates, or epoch days), or -1:
 * a binary search.
 */
export function lastIndexOnOrBefore<T extends IsoDate | number>(dates: ArrayLike<T>, date: T): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as T) <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `date` moved by `days` calendar days (negative: earlier). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Same day `months` later (or earlier), clamped to the month's last day: 2024-03-31 - 1 month = 2024-02-29. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromEpochDay(Date.UTC(year, month, Math.min(d, lastDay)) / DAY_MS);
}

/** Same day `years` later (or earlier); February 29 becomes February 28 in a year without one. */
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
