// Unit tests of the pure freshness and merge rules (no queue, no clock, no network): when a cached
// quote or history is still good, how a tail merges, and when a tail says the cached bars are out of date.
// Instants are worked out by hand: New York is UTC-5 in late November (session 14:30Z-21:00Z), Tokyo
// UTC+9 (09:00-15:30 JST = 00:00Z-06:30Z), London UTC+0.
import { DailyBars } from '../../src/bars.js';
import { describe, expect, it } from 'vitest';

import type { CachedHistory, CachedQuote } from '../../src/prices/store/cache.js';
import { historyIsFresh, quoteIsFresh } from '../../src/prices/freshness.js';
import { mergeHistory, tailChangesHistory } from '../../src/prices/merge.js';
import type { YahooChart } from '../../src/prices/yahoo/client.js';

const at = (iso: string): number => Date.parse(iso);
const TTL = 60_000;

function quote(fetchedAt: string, marketState: string, extra: Partial<CachedQuote> = {}): CachedQuote {
  return {
    symbol: 'AAPL',
    name: null,
    currency: 'USD',
    quoteType: 'EQUITY',
    price: 100,
    previousClose: 99,
    marketTime: at(fetchedAt),
    marketState,
    exchangeTimezone: 'America/New_York',
    exchangeName: null,
    fetchedAt: at(fetchedAt),
    ...extra,
  };
}

describe('quoteIsFresh', () => {
  it.each([
    // [what, fetched at, marketState, checked at, fresh]
    ['open session: within the 60 s TTL', '2026-11-24T15:00:00Z', 'REGULAR', '2026-11-24T15:00:59Z', true],
    ['open session: TTL over', '2026-11-24T15:00:00Z', 'REGULAR', '2026-11-24T15:01:00Z', false],
    ['closed evening: until the next open', '2026-11-24T22:00:00Z', 'CLOSED', '2026-11-25T14:29:59Z', true],
    ['closed evening: the next open', '2026-11-24T22:00:00Z', 'CLOSED', '2026-11-25T14:30:00Z', false],
    [
      'pre-market: until the open of the same day',
      '2026-11-25T13:00:00Z',
      'PRE',
      '2026-11-25T14:29:00Z',
      true,
    ],
    ['pre-market: at the open', '2026-11-25T13:00:00Z', 'PRE', '2026-11-25T14:30:00Z', false],
    ['Friday evening: still fresh on Sunday', '2026-11-27T22:00:00Z', 'CLOSED', '2026-11-29T23:00:00Z', true],
    [
      'Friday evening: Monday before the open',
      '2026-11-27T22:00:00Z',
      'CLOSED',
      '2026-11-30T14:29:59Z',
      true,
    ],
    ['Friday evening: Monday at the open', '2026-11-27T22:00:00Z', 'CLOSED', '2026-11-30T14:30:00Z', false],
    [
      'fetched on Saturday: until Monday open',
      '2026-11-28T12:00:00Z',
      'CLOSED',
      '2026-11-30T14:00:00Z',
      true,
    ],
    // A pinned FOLIO_NOW makes the next run's clock read earlier than the last fetch: that quote is as new as any.
    ['stamped later than now (pinned clock)', '2026-11-27T22:00:00Z', 'CLOSED', '2026-11-27T21:59:00Z', true],
  ] as const)('%s', (_what, fetched, state, now, fresh) => {
    expect(quoteIsFresh(quote(fetched, state), at(now), TTL)).toBe(fresh);
  });

  it('uses the quote TTL setting while open', () => {
    const q = quote('2026-11-24T15:00:00Z', 'REGULAR');
    expect(quoteIsFresh(q, at('2026-11-24T15:04:59Z'), 300_000)).toBe(true);
    expect(quoteIsFresh(q, at('2026-11-24T15:05:00Z'), 300_000)).toBe(false);
  });

  it.each([
    // Tokyo: Friday 16:00 JST (07:00Z) after the 15:30 close; next open Monday 09:00 JST = Sunday 00:00Z.
    [
      'Tokyo after Friday close, Sunday 23:59Z',
      'Asia/Tokyo',
      'EQUITY',
      '2026-11-27T07:00:00Z',
      '2026-11-29T23:59:00Z',
      true,
    ],
    [
      'Tokyo after Friday close, Monday open',
      'Asia/Tokyo',
      'EQUITY',
      '2026-11-27T07:00:00Z',
      '2026-11-30T00:00:00Z',
      false,
    ],
    // FX trades around the clock on weekdays: the TTL applies on a Wednesday whatever marketState says.
    [
      'FX on a weekday: TTL',
      'Europe/London',
      'CURRENCY',
      '2026-11-25T12:00:00Z',
      '2026-11-25T12:01:00Z',
      false,
    ],
    // FX fetched on Saturday: fresh until Monday 00:00 London.
    [
      'FX on Saturday: Sunday night',
      'Europe/London',
      'CURRENCY',
      '2026-11-28T12:00:00Z',
      '2026-11-29T23:59:00Z',
      true,
    ],
    [
      'FX on Saturday: Monday 00:00',
      'Europe/London',
      'CURRENCY',
      '2026-11-28T12:00:00Z',
      '2026-11-30T00:00:00Z',
      false,
    ],
  ] as const)('%s', (_what, zone, type, fetched, now, fresh) => {
    const q = quote(fetched, 'CLOSED', { exchangeTimezone: zone, quoteType: type });
    expect(quoteIsFresh(q, at(now), TTL)).toBe(fresh);
  });
});

function cached(
  fetchedAt: string,
  from: string,
  to: string,
  bars: [string, number, number?][],
  extra: Partial<CachedHistory> = {},
): CachedHistory {
  return {
    symbol: 'KO',
    currency: 'USD',
    exchangeTimezone: 'America/New_York',
    from,
    to,
    fetchedAt: at(fetchedAt),
    bars: DailyBars.of(bars.map(([date, close, adj]) => ({ date, close, adjClose: adj ?? close }))),
    splits: [],
    dividends: [],
    name: null,
    quoteType: 'EQUITY',
    lastPrice: null,
    lastMarketTime: null,
    ...extra,
  };
}

describe('historyIsFresh', () => {
  const friday = cached('2026-11-27T22:00:00Z', '2026-01-02', '2026-11-27', [
    ['2026-11-26', 10],
    ['2026-11-27', 11],
  ]);
  it.each([
    ['after Friday close, Saturday', friday, '2026-01-02', '2026-11-28', '2026-11-28T15:00:00Z', true],
    [
      'after Friday close, Monday before the close',
      friday,
      '2026-01-02',
      '2026-11-30',
      '2026-11-30T20:59:00Z',
      true,
    ],
    [
      'after Friday close, Monday at the close',
      friday,
      '2026-01-02',
      '2026-11-30',
      '2026-11-30T21:00:00Z',
      false,
    ],
    [
      'an earlier start than cached is not covered',
      friday,
      '2025-12-01',
      '2026-11-28',
      '2026-11-28T15:00:00Z',
      false,
    ],
    [
      'fetched during Friday session: fresh until the Friday close',
      cached('2026-11-27T20:00:00Z', '2026-01-02', '2026-11-27', [['2026-11-26', 10]]),
      '2026-01-02',
      '2026-11-27',
      '2026-11-27T20:59:00Z',
      true,
    ],
    [
      'fetched during Friday session: stale at the Friday close',
      cached('2026-11-27T20:00:00Z', '2026-01-02', '2026-11-27', [['2026-11-26', 10]]),
      '2026-01-02',
      '2026-11-27',
      '2026-11-27T21:00:00Z',
      false,
    ],
    [
      '--as-of in the past: fetched after that day closed, fresh for good',
      cached('2026-07-01T00:00:00Z', '2026-01-02', '2026-06-30', [['2026-06-01', 10]]),
      '2026-01-02',
      '2026-06-01',
      '2026-11-30T22:00:00Z',
      true,
    ],
  ] as const)('%s', (_what, h, from, to, now, fresh) => {
    expect(historyIsFresh(h, from, to, at(now))).toBe(fresh);
  });
});

function chart(bars: [string, number, number?][], extra: Partial<YahooChart> = {}): YahooChart {
  return {
    symbol: 'KO',
    currency: 'USD',
    exchangeTimezone: 'America/New_York',
    bars: DailyBars.of(bars.map(([date, close, adj]) => ({ date, close, adjClose: adj ?? close }))),
    splits: [],
    dividends: [],
    nullDates: [],
    regularMarketPrice: null,
    regularMarketTime: null,
    name: null,
    instrumentType: 'EQUITY',
    exchangeName: null,
    ...extra,
  };
}

describe('mergeHistory', () => {
  it('replaces bars on the same dates, appends new ones in order, merges events, widens the range', () => {
    const h = cached(
      '2026-11-27T22:00:00Z',
      '2026-11-20',
      '2026-11-27',
      [
        ['2026-11-25', 10],
        ['2026-11-27', 11],
      ],
      {
        dividends: [{ date: '2026-11-25', amount: 0.5 }],
      },
    );
    const tail = chart(
      [
        ['2026-11-27', 11],
        ['2026-11-30', 12, 11.9],
      ],
      { dividends: [{ date: '2026-11-25', amount: 0.5 }], splits: [{ date: '2026-11-30', ratio: 2 }] },
    );
    const m = mergeHistory(h, tail, '2026-11-20', '2026-11-30');
    expect(m.bars.toBars()).toEqual([
      { date: '2026-11-25', close: 10, adjClose: 10 },
      { date: '2026-11-27', close: 11, adjClose: 11 },
      { date: '2026-11-30', close: 12, adjClose: 11.9 },
    ]);
    expect(m.dividends).toEqual([{ date: '2026-11-25', amount: 0.5 }]);
    expect(m.splits).toEqual([{ date: '2026-11-30', ratio: 2 }]);
    expect([m.from, m.to]).toEqual(['2026-11-20', '2026-11-30']);
  });

  it('a head before the cached range widens `from` and keeps the order', () => {
    const h = cached('2026-11-27T22:00:00Z', '2026-11-20', '2026-11-27', [['2026-11-20', 10]]);
    const m = mergeHistory(h, chart([['2026-11-10', 9]]), '2026-11-05', '2026-11-27');
    expect(m.bars.toBars().map((b) => b.date)).toEqual(['2026-11-10', '2026-11-20']);
    expect([m.from, m.to]).toEqual(['2026-11-05', '2026-11-27']);
  });
});

describe('tailChangesHistory', () => {
  const h = cached(
    '2026-11-27T22:00:00Z',
    '2026-01-02',
    '2026-11-27',
    [
      ['2026-11-26', 10, 9.5],
      ['2026-11-27', 11, 10.5],
    ],
    {
      splits: [{ date: '2026-06-01', ratio: 2 }],
      dividends: [{ date: '2026-09-01', amount: 0.4 }],
    },
  );
  const last = h.bars.toBars().at(-1)!;
  it.each([
    [
      'the same last bar, known events',
      chart([
        ['2026-11-27', 11, 10.5],
        ['2026-11-30', 12],
      ]),
      false,
    ],
    [
      'a split the cache did not know',
      chart(
        [
          ['2026-11-27', 5.5, 5.25],
          ['2026-11-30', 6],
        ],
        { splits: [{ date: '2026-11-30', ratio: 2 }] },
      ),
      true,
    ],
    [
      'a dividend the cache did not know',
      chart(
        [
          ['2026-11-27', 11, 10.4],
          ['2026-11-30', 12],
        ],
        { dividends: [{ date: '2026-11-30', amount: 0.3 }] },
      ),
      true,
    ],
    [
      'a known split and dividend repeated',
      chart([['2026-11-27', 11, 10.5]], {
        splits: [{ date: '2026-06-01', ratio: 2 }],
        dividends: [{ date: '2026-09-01', amount: 0.4 }],
      }),
      false,
    ],
    ['the last close moved', chart([['2026-11-27', 11.5, 10.5]]), true],
    ['the last adjusted close moved', chart([['2026-11-27', 11, 10.4]]), true],
    ['a float-noise difference is not a change', chart([['2026-11-27', 11 + 1e-9, 10.5]]), false],
    ['the last cached bar absent from the tail', chart([['2026-11-30', 12]]), false],
  ] as const)('%s', (_what, tail, changed) => {
    expect(tailChangesHistory(h, tail, last)).toBe(changed);
  });
});
