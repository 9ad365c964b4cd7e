// Data sanity: Yahoo occasionally serves one close in the wrong unit (pence for pounds, a lost decimal).
// A close more than 50x away from BOTH neighbours is dropped, so the previous close carries forward.
import type { Bar, IsoDate, PriceHistory } from '../types.js';

const MAX_RATIO = 50;

function farOff(a: number, b: number): 'up' | 'down' | null {
  if (!(a > 0) || !(b > 0)) return null;
  const ratio = a / b;
  if (ratio > MAX_RATIO) return 'up';
  if (ratio < 1 / MAX_RATIO) return 'down';
  return null;
}

/** Bars whose close is > 50x or < 1/50 of both the previous and the next close (first and last bars are kept). */
export function outlierBars(bars: readonly Bar[]): Bar[] {
  const out: Bar[] = [];
  for (let i = 1; i + 1 < bars.length; i++) {
    const prev = bars[i - 1] as Bar;
    const bar = bars[i] as Bar;
    const next = bars[i + 1] as Bar;
    // Fast path for the usual bar (within 50x of the previous one); farOff gives null there too.
    const ratio = bar.close / prev.close;
    if (!(ratio > MAX_RATIO) && !(ratio < 1 / MAX_RATIO)) continue;
    const a = farOff(bar.close, prev.close);
    if (a !== null && a === farOff(bar.close, next.close)) out.push(bar);
  }
  return out;
}

export interface CleanedHistory {
  history: PriceHistory;
  dropped: IsoDate[];
}

/** The history without its outlier bars, and the dates dropped. */
export function dropOutlierCloses(history: PriceHistory): CleanedHistory {
  const bad = new Set(outlierBars(history.bars).map((b) => b.date));
  if (bad.size === 0) return { history, dropped: [] };
  return { history: { ...history, bars: history.bars.filter((b) => !bad.has(b.date)) }, dropped: [...bad] };
}
