// Data sanity: Yahoo occasionally serves one close in the wrong unit (pence for pounds, a lost decimal).
// A close more than 50x away from BOTH neighbours is dropped, so the previous close carries forward.
// Users make the same slips in their files: a lot's cost per share far from its day's close, and a
// split row that repeats one of Yahoo's a few days off; those are warned about, never dropped.
import type { DailyBars } from '../bars.js';
import type { IsoDate, PriceHistory } from '../types.js';

const MAX_RATIO = 50;
const MIN_RATIO = 1 / MAX_RATIO;

function farOff(a: number, b: number): 'up' | 'down' | null {
  if (!(a > 0) || !(b > 0)) return null;
  const ratio = a / b;
  if (ratio > MAX_RATIO) return 'up';
  if (ratio < MIN_RATIO) return 'down';
  return null;
}

/** Indexes of the bars whose close is > 50x or < 1/50 of both the previous and the next close (first and last bars are kept). */
function outlierBars(bars: DailyBars): number[] {
  const out: number[] = [];
  const close = bars.close;
  const last = close.length - 1;
  for (let i = 1; i < last; i++) {
    const c = close[i] as number;
    // Fast path for the usual bar (within 50x of the previous one); farOff gives null there too.
    const ratio = c / (close[i - 1] as number);
    if (!(ratio > MAX_RATIO) && !(ratio < MIN_RATIO)) continue;
    const a = farOff(c, close[i - 1] as number);
    if (a !== null && a === farOff(c, close[i + 1] as number)) out.push(i);
  }
  return out;
}

export interface CleanedHistory {
  history: PriceHistory;
  dropped: IsoDate[];
}

/** The history without its outlier bars, and the dates dropped. */
export function dropOutlierCloses(history: PriceHistory): CleanedHistory {
  const bad = outlierBars(history.bars);
  if (bad.length === 0) return { history, dropped: [] };
  const dropped = new Set(bad);
  return {
    history: { ...history, bars: history.bars.filter((i) => !dropped.has(i)) },
    dropped: bad.map((i) => history.bars.date(i)),
  };
}

/** A lot's cost per share more than this many times above or below its day's close looks like a typo. */
const COST_TYPO_RATIO = 20;

/**
 * How many times the cost per share is above (> 1) or below (< 1) the close, both in the same unit,
 * when that is more than COST_TYPO_RATIO either way (pence typed as pounds, a lost decimal point);
 * null when within it or either is not positive.
 */
export function costFarFromClose(cost: number, close: number): number | null {
  if (!(cost > 0) || !(close > 0)) return null;
  const ratio = cost / close;
  return ratio > COST_TYPO_RATIO || ratio < 1 / COST_TYPO_RATIO ? ratio : null;
}

/** A split row this many trading days or fewer from one of Yahoo's with the same ratio is the same split. */
export const SPLIT_DUPLICATE_DAYS = 5;
