// The business-day calendar shared by all simulated symbols: Mon-Fri, no holidays, from the first bar.
import { addDays, isBusinessDay } from './time.js';

export const FIRST_BAR_DATE = '2015-01-02';

/** Business dates from FIRST_BAR_DATE, built on demand; index = bar index. */
export const businessDates: string[] = [];
const businessIndex = new Map<string, number>();

export function ensureCalendar(upTo: string): void {
  const known = businessDates[businessDates.length - 1];
  if (known !== undefined && upTo <= known) return;
  let next =
    businessDates.length === 0 ? FIRST_BAR_DATE : addDays(businessDates[businessDates.length - 1]!, 1);
  while (next <= upTo) {
    if (isBusinessDay(next)) {
      businessIndex.set(next, businessDates.length);
      businessDates.push(next);
    }
    next = addDays(next, 1);
  }
}

/** Index of the last business day on or before `date` (-1 when before the first bar). */
export function indexOnOrBefore(date: string): number {
  if (date < FIRST_BAR_DATE) return -1;
  ensureCalendar(date);
  let lo = 0;
  let hi = businessDates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (businessDates[mid]! <= date) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the first business day on or after `date` (may be one past the calendar built so far). */
export function indexOnOrAfter(date: string): number {
  const d = date < FIRST_BAR_DATE ? FIRST_BAR_DATE : date;
  const i = indexOnOrBefore(d);
  return businessDates[i] === d ? i : i + 1;
}
