// The calendar date each period reaches back to from the report date.
import type { IsoDate } from '../types.js';
import { addMonths, addYears, yearOf } from '../dates.js';
import type { PeriodKey, PeriodReturnKey } from './model.js';

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
