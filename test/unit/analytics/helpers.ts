// Builders for synthetic price data used by the analytics tests.
import { DailyBars } from '../../../src/bars.js';
import type {
  Bar,
  Buy,
  Dividend,
  PriceHistory,
  Provenance,
  Quote,
  Sell,
  Split,
  SplitEvent,
} from '../../../src/types.js';

/** A PriceHistory from [date, close] or [date, close, adjClose] rows. */
export function history(
  symbol: string,
  currency: string,
  rows: readonly (readonly [string, number] | readonly [string, number, number])[],
  splits: SplitEvent[] = [],
  source: Provenance = 'live',
): PriceHistory {
  const bars: Bar[] = rows.map((r) => ({ date: r[0], close: r[1], adjClose: r[2] ?? r[1] }));
  return {
    symbol,
    currency,
    exchangeTimezone: 'America/New_York',
    bars: DailyBars.of(bars),
    splits,
    dividends: [],
    source,
    fetchedAt: 1_000,
  };
}

export function quote(
  symbol: string,
  currency: string,
  price: number,
  previousClose: number | null,
  extra: Partial<Quote> = {},
): Quote {
  return {
    symbol,
    name: `${symbol} Inc`,
    currency,
    quoteType: 'EQUITY',
    price,
    previousClose,
    marketTime: 1_700_000_000_000,
    marketState: 'CLOSED',
    exchangeTimezone: 'America/New_York',
    exchangeName: 'NMS',
    source: 'live',
    fetchedAt: 2_000,
    ...extra,
  };
}

let line = 1;
/** The fields every row carries, on the next line of an imaginary h.csv. */
function row(symbol: string, currency: string | null = null) {
  line += 1;
  return { symbol, currency, account: null, name: null, notes: null, source: { file: 'h.csv', line } };
}

export function lot(
  symbol: string,
  shares: number,
  costPerShare: number | null,
  date: string | null,
  currency: string | null = null,
): Buy {
  const { source, ...fields } = row(symbol, currency);
  return { ...fields, shares, costPerShare, date, source };
}

export function sellRow(
  symbol: string,
  shares: number,
  price: number,
  date: string,
  extra: Partial<Sell> = {},
): Sell {
  return { ...row(symbol), type: 'sell', shares, price, date, ...extra };
}

export function dividendRow(symbol: string, amount: number, date: string, fee?: number): Dividend {
  return { ...row(symbol), type: 'dividend', amount, shares: 0, date, ...(fee === undefined ? {} : { fee }) };
}

export function splitRow(symbol: string, ratio: number, date: string): Split {
  return { ...row(symbol), type: 'split', ratio, date };
}
