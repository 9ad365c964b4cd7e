// Transactions: the order rows apply in, merged split events, and the share ledger that gives each
// sell its cost basis (fifo or average) and each buy what is left of it.
import type { IsoDate, SplitEvent } from '../types.js';
import type { CostMethod } from './model.js';

/**
 * Rows in the order they apply: by date, same-day rows in file order (Array.prototype.sort is
 * stable), undated rows (only buys can be undated) first, as held from the start.
 */
export function inDateOrder<T extends { date: IsoDate | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const da = a.date ?? '';
    const db = b.date ?? '';
    return da < db ? -1 : da > db ? 1 : 0;
  });
}

/**
 * Yahoo's split events with the file's split rows: a file row on a date where Yahoo has a split
 * replaces it (the file corrects Yahoo); other file rows are added. Sorted by date.
 */
export function mergeSplits(yahoo: readonly SplitEvent[], file: readonly SplitEvent[]): SplitEvent[] {
  const fileDates = new Set(file.map((s) => s.date));
  return [...yahoo.filter((s) => !fileDates.has(s.date)), ...file].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}

/** A buy in the ledger: shares in today's units (after every split), cost in base currency incl. fee. */
export interface LedgerBuy {
  kind: 'buy';
  key: number;
  shares: number;
  cost: number | null;
}

/** A sell in the ledger: shares in today's units. */
export interface LedgerSell {
  kind: 'sell';
  key: number;
  shares: number;
}

export interface Disposal {
  buyKey: number;
  shares: number;
}

export interface SellResult {
  /** Cost of the shares sold (base); null when a lot it takes from (fifo) or the pool (average) has no cost. */
  costBasis: number | null;
  /** Shares held just before the sale (today's units). */
  held: number;
  /** Physical lots the shares leave, oldest first (the value series uses these under either method). */
  disposals: Disposal[];
}

export interface LedgerResult {
  /** What is left of each buy at the end: shares and cost (base). */
  remaining: Map<number, { shares: number; cost: number | null }>;
  sells: Map<number, SellResult>;
  /** Every sell of more shares than held, in the order applied (the caller reports them). */
  oversold: { key: number; held: number }[];
}

// Shares are floats (0.1 + 0.2): a sale within this relative margin of the holding sells all of it.
const SHARE_EPSILON = 1e-9;

/**
 * Applies buys and sells in the given order. fifo: a sale takes the oldest shares first, at each
 * lot's cost per share. average: the pool's cost per share (total cost / shares held) at the time
 * of the sale; what remains is valued at the pool's final average. Either way the shares physically
 * leave the oldest lots first, so the value series does not depend on the method.
 */
export function runLedger(events: readonly (LedgerBuy | LedgerSell)[], method: CostMethod): LedgerResult {
  interface Open {
    key: number;
    original: number;
    shares: number;
    cost: number | null;
  }
  const open: Open[] = [];
  const remaining = new Map<number, { shares: number; cost: number | null }>();
  const sells = new Map<number, SellResult>();
  let pool = { shares: 0, cost: 0 as number | null };
  const oversold: LedgerResult['oversold'] = [];
  let anySell = false;

  for (const e of events) {
    if (e.kind === 'buy') {
      open.push({ key: e.key, original: e.shares, shares: e.shares, cost: e.cost });
      pool = {
        shares: pool.shares + e.shares,
        cost: pool.cost === null || e.cost === null ? null : pool.cost + e.cost,
      };
      continue;
    }
    const held = open.reduce((s, l) => s + l.shares, 0);
    if (e.shares > held * (1 + SHARE_EPSILON) + SHARE_EPSILON) {
      oversold.push({ key: e.key, held });
      sells.set(e.key, { costBasis: null, held, disposals: [] });
      continue;
    }
    const all = e.shares >= held * (1 - SHARE_EPSILON);
    let left = e.shares;
    let fifoCost: number | null = 0;
    const disposals: Disposal[] = [];
    for (const lot of open) {
      if (lot.shares <= 0) continue;
      if (!all && left <= 0) break;
      const take = all ? lot.shares : Math.min(lot.shares, left);
      left -= take;
      disposals.push({ buyKey: lot.key, shares: take });
      fifoCost = fifoCost === null || lot.cost === null ? null : fifoCost + (lot.cost * take) / lot.original;
      lot.shares = all ? 0 : lot.shares - take;
    }
    let costBasis: number | null;
    if (method === 'fifo') costBasis = fifoCost;
    else {
      costBasis = pool.cost === null || !(pool.shares > 0) ? null : (pool.cost * e.shares) / pool.shares;
      pool = all
        ? { shares: 0, cost: 0 } // an empty pool forgets an unknown cost
        : {
            shares: pool.shares - e.shares,
            cost: pool.cost === null || costBasis === null ? null : pool.cost - costBasis,
          };
    }
    anySell = true;
    sells.set(e.key, { costBasis, held, disposals });
  }

  const average = pool.cost === null || !(pool.shares > 0) ? null : pool.cost / pool.shares;
  for (const lot of open) {
    let cost: number | null;
    if (lot.cost === null && (method === 'fifo' || !anySell)) cost = null;
    else if (lot.shares === lot.original && (method === 'fifo' || !anySell))
      cost = lot.cost; // untouched: exact
    else if (method === 'fifo') cost = lot.cost === null ? null : (lot.cost * lot.shares) / lot.original;
    else cost = lot.shares === 0 ? 0 : average === null ? null : average * lot.shares;
    remaining.set(lot.key, { shares: lot.shares, cost });
  }
  return { remaining, sells, oversold };
}
