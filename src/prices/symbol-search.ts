// Yahoo symbols for ISINs, through Yahoo's search endpoint (yahoo-finance2's `search`), on the run's
// one transport (queue, retry policy, circuit breaker) and cached for good: an ISIN's listing does not
// change. Of the listings found, a stock, ETF or fund on the exchange the export names wins (its Yahoo
// suffix), else the first one; an ISIN without any is answered null.
import type { PriceCache } from './store/cache.js';
import type { CachedSearch } from './store/store.js';
import type { Transport } from './yahoo/transport.js';
import type { SearchListing } from './yahoo/client.js';

export interface IsinRequest {
  isin: string;
  /** The Yahoo suffix of the exchange the export names ('' for US), when it names one. */
  suffix?: string | undefined;
}

const HELD_TYPES = new Set(['EQUITY', 'ETF', 'MUTUALFUND']);

/** The listing to use among a search's answers. */
export function pickListing(listings: readonly SearchListing[], suffix: string | undefined): string | null {
  const held = listings.filter((l) => l.quoteType === null || HELD_TYPES.has(l.quoteType.toUpperCase()));
  if (held.length === 0) return null;
  if (suffix !== undefined) {
    const onExchange = held.find((l) =>
      suffix === '' ? !l.symbol.includes('.') : l.symbol.toUpperCase().endsWith(suffix),
    );
    if (onExchange !== undefined) return onExchange.symbol;
  }
  return held[0]!.symbol;
}

export class IsinSearch {
  constructor(
    private readonly o: {
      transport: Transport;
      cache: PriceCache | null;
      offline: boolean;
      now: () => number;
    },
  ) {}

  async resolve(requests: readonly IsinRequest[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    const ids = [...new Set(requests.map((r) => r.isin))];
    const cached =
      (await this.o.cache?.getSearches?.(ids).catch(() => undefined)) ?? new Map<string, CachedSearch>();
    for (const [id, hit] of cached) out.set(id, hit.symbol);
    const missing = requests.filter(
      (r, i) => !out.has(r.isin) && requests.findIndex((q) => q.isin === r.isin) === i,
    );
    if (missing.length === 0 || this.o.offline) return out;
    const found: CachedSearch[] = [];
    await Promise.all(
      missing.map(async (r) => {
        const listings = await this.o.transport.send(async (client) => {
          if (client.search === undefined) return [];
          return await client.search(r.isin);
        });
        const symbol = pickListing(listings, r.suffix);
        out.set(r.isin, symbol);
        if (symbol !== null) found.push({ id: r.isin, symbol, fetchedAt: this.o.now() });
      }),
    );
    if (found.length > 0) await this.o.cache?.write({ searches: found }).catch(() => {});
    return out;
  }
}
