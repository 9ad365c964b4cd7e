// Per-lot adjustments: splits since the purchase, the trading date the money enters, cost in base.
import type { IsoDate, SplitEvent } from '../types.js';
import { firstIndexOnOrAfter } from './calendar.js';

export interface SplitAdjustment {
  factor: number;
  applied: SplitEvent[];
}

/**
 * Product of the ratios of splits strictly after the lot's date (a purchase on the split date already
 * buys post-split shares). Yahoo's closes are adjusted for every split in the history, so every later
 * split counts, even one after `asOf`. An undated lot is taken as holding today's shares (factor 1).
 */
export function splitAdjustment(lotDate: IsoDate | null, splits: readonly SplitEvent[]): SplitAdjustment {
  // Most symbols never split: no list to filter, sort and multiply.
  if (lotDate === null || splits.length === 0) return { factor: 1, applied: [] };
  const applied = splits
    .filter((s) => s.date > lotDate && s.ratio > 0)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return { factor: applied.reduce((f, s) => f * s.ratio, 1), applied };
}

/**
 * Calendar index where a lot enters: the first trading date on or after its date at which `isPriced`
 * holds (the symbol and its FX pair have a close in force). -1 when none (after asOf, or no data).
 */
export function entryIndex(
  calendar: readonly IsoDate[],
  lotDate: IsoDate,
  isPriced: (date: IsoDate, index: number) => boolean,
): number {
  const first = firstIndexOnOrAfter(calendar, lotDate);
  if (first < 0) return -1;
  for (let i = first; i < calendar.length; i++) if (isPriced(calendar[i] as IsoDate, i)) return i;
  return -1;
}
