import type { HoldingRow } from '../analytics/model.js';
import type { SortKey } from './options.js';

function sortValue(row: HoldingRow, key: Exclude<SortKey, 'symbol'>): number | null {
  const v = {
    value: row.marketValue,
    gain: row.unrealizedGain,
    gainPct: row.unrealizedGainPct,
    dayPct: row.dayChangePct,
  }[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Holdings in display order: numeric keys descending, `symbol` ascending; rows without a value go
 * last; ties by symbol so the order is stable across runs. Returns a new array.
 */
export function sortHoldings(rows: readonly HoldingRow[], key: SortKey): HoldingRow[] {
  const bySymbol = (a: HoldingRow, b: HoldingRow): number =>
    a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
  if (key === 'symbol') return [...rows].sort(bySymbol);
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb === null) return bySymbol(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return vb - va || bySymbol(a, b);
  });
}
