// Portfolio files for the many-files scenarios: file `n` holds 30 distinct symbols drawn (seeded by `n`)
// from a pool of 200, so file n is the same file whatever the number of files around it, and any number
// of files shares the same ~200 symbols (the price work stays the same; the per-file work grows).
import fs from 'node:fs';
import path from 'node:path';
import { simBars } from '../src/sim/index.js';
import { seededRandom, symbolFor } from './portfolios.js';

/** The day the many-files scenarios run on, and folio's "now": after every close. */
export const MANY_FILES_TODAY = '2026-11-18';
export const MANY_FILES_NOW = `${MANY_FILES_TODAY}T22:00:00.000Z`;
export const HOLDINGS_PER_FILE = 30;
export const SYMBOL_POOL = 200;
/** The scale scenario's pool: an adviser's clients hold more distinct symbols than one family. */
export const SCALE_POOL = 600;

function isoDaysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** File `n`: 30 distinct symbols of the pool (of `pool` symbols), 1-2 lots each, costs at the simulator's close. */
export function poolPortfolio(n: number, today: string, pool = SYMBOL_POOL): string {
  const random = seededRandom(1000 + n);
  const picked = new Set<number>();
  while (picked.size < HOLDINGS_PER_FILE) picked.add(Math.floor(random() * pool));
  const rows = ['symbol,shares,cost,currency,date'];
  for (const index of picked) {
    const symbol = symbolFor(index);
    const lots = random() < 0.3 ? 2 : 1;
    for (let l = 0; l < lots; l++) {
      let date = isoDaysBefore(today, 7 + Math.floor(random() * (5 * 365 - 7)));
      const day = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (day === 6 || day === 0) date = isoDaysBefore(date, day === 6 ? 1 : 2);
      const bar = simBars(symbol, date, isoDaysBefore(date, -7), { today })[0];
      rows.push(`${symbol},${1 + Math.floor(random() * 200)},${(bar?.close ?? 100).toFixed(4)},,${date}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Writes files 1..count (family-00001.csv, ...) into `dir` and returns their paths in order. */
export function writePoolPortfolios(dir: string, count: number, today: string, pool = SYMBOL_POOL): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `family-${String(i + 1).padStart(width, '0')}.csv`);
    fs.writeFileSync(file, poolPortfolio(i + 1, today, pool));
    return file;
  });
}
