// Deterministic benchmark portfolios: N holdings with made-up US tickers plus a few London, XETRA and
// Tokyo listings (so the run needs GBPUSD=X, EURUSD=X and JPYUSD=X), 1-2 lots each, purchase dates
// spread over the five years before `today`. The simulator "knows" every valid symbol, so the
// tickers need not be real; costs are the simulator's close on the purchase date, so gains look sane.
import { simBars } from '../src/sim/index.js';

export interface Portfolio {
  size: number;
  /** Holding symbols in file order. */
  symbols: string[];
  csv: string;
  lots: number;
}

/** Small seeded PRNG (mulberry32): the same portfolio on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `K` + three letters from the index: KAAA, KAAB, ... (no real ETF, no ZZZ/UNKNOWN prefix). */
export function tickerFor(index: number): string {
  let n = index;
  let s = '';
  for (let i = 0; i < 3; i++) {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return `K${s}`;
}

/** Every 10th holding (from the 4th) trades in London, every 10th (from the 8th) on XETRA, every 25th (from the 12th) in Tokyo. */
export function symbolFor(index: number): string {
  const base = tickerFor(index);
  if (index % 25 === 11) return `${base}.T`;
  if (index % 10 === 3) return `${base}.L`;
  if (index % 10 === 7) return `${base}.DE`;
  return base;
}

function isoDaysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function toWeekday(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 6 ? isoDaysBefore(date, 1) : day === 0 ? isoDaysBefore(date, 2) : date;
}

/**
 * The portfolio of `size` holdings as a holdings CSV (blank currency: the listing's own). Purchase
 * dates fall in the five years before `today`, or from `since` (YYYY-MM-DD) on when given.
 */
export function makePortfolio(size: number, today: string, seed = 42, since?: string): Portfolio {
  const random = seededRandom(seed);
  const symbols: string[] = [];
  const rows = ['symbol,shares,cost,currency,date'];
  const spanDays =
    since === undefined ? 5 * 365 : Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000);
  for (let i = 0; i < size; i++) {
    const symbol = symbolFor(i);
    symbols.push(symbol);
    const lots = random() < 0.3 ? 2 : 1;
    for (let l = 0; l < lots; l++) {
      // Not today itself: a lot bought today has no history to measure.
      const date = toWeekday(isoDaysBefore(today, 7 + Math.floor(random() * (spanDays - 7))));
      const bar = simBars(symbol, date, isoDaysBefore(date, -7), { today })[0];
      const cost = bar === undefined ? 100 : bar.close;
      const shares = 1 + Math.floor(random() * 200);
      rows.push(`${symbol},${shares},${cost.toFixed(4)},,${date}`);
    }
  }
  return { size, symbols, csv: `${rows.join('\n')}\n`, lots: rows.length - 1 };
}
