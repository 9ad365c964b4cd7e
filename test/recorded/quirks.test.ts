// Yahoo's quirks as real recordings show them, each through folio's Yahoo client (the real
// yahoo-finance2 behind folio's fetch) against the replay origin.
import { afterEach, describe, expect, it } from 'vitest';
import { UnknownSymbolError } from '../../src/errors.js';
import { tradingDate } from '../../src/prices/sessions.js';
import { RunStatsCollector } from '../../src/prices/stats.js';
import { type YahooClient, createYahooClient, isCrumb } from '../../src/prices/yahoo/client.js';
import { type RawChartResult, readRecording } from './recordings.js';
import { type Replay, type ReplayOptions, startReplay } from './replay.js';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

async function client(now: string, options: Omit<ReplayOptions, 'now'> = {}): Promise<YahooClient> {
  replay = await startReplay({ now: Date.parse(now), ...options });
  return createYahooClient({
    origin: new URL(replay.url),
    timeoutMs: 10_000,
    stats: new RunStatsCollector(),
    now: () => Date.parse(now),
  });
}

describe('bars are dated in the exchange’s zone', () => {
  it.each([
    // [symbol, from, to, clock, first bar's stamp (UTC), its trading date]
    ['EURUSD=X', '2020-01-01', '2020-01-02', '2020-01-05T00:00:00Z', '2020-01-01T00:00:00Z', '2020-01-01'],
    ['GC=F', '2020-01-01', '2020-01-02', '2020-01-05T00:00:00Z', '2020-01-02T05:00:00Z', '2020-01-02'],
    ['7974.T', '2026-08-27', '2026-09-26', '2026-09-27T00:00:00Z', '2026-08-28T00:00:00Z', '2026-08-28'],
    ['WSU.DE', '2023-08-04', '2023-08-08', '2023-08-12T00:00:00Z', '2023-08-04T07:00:00Z', '2023-08-04'],
    ['BATS.L', '2026-08-27', '2026-09-26', '2026-09-27T00:00:00Z', '2026-08-28T07:00:00Z', '2026-08-28'],
  ])('%s: a bar stamped %s', async (symbol, from, to, now, stamp, date) => {
    const c = await client(now);
    const chart = await c.chart(symbol, from, to);
    expect(chart.bars.bar(0)?.date).toBe(date);
    expect(tradingDate(Date.parse(stamp), chart.exchangeTimezone)).toBe(date);
  });

  it('an FX bar at 23:00 UTC in British summer time belongs to the next day', () => {
    // Yahoo stamps FX bars at 00:00 London: in summer that is 23:00 UTC the evening before.
    expect(tradingDate(Date.parse('2023-08-06T23:00:00Z'), 'Europe/London')).toBe('2023-08-07');
    expect(tradingDate(Date.parse('2020-01-01T23:00:00Z'), 'Europe/London')).toBe('2020-01-01');
  });
});

describe('bars Yahoo sends oddly', () => {
  it('drops an all-null bar and names its date', async () => {
    const c = await client('2023-08-12T00:00:00Z', {
      charts: { 'WSU.DE': ['yf2v2-chart-WSU.DE-2023-08-04-to-2023-08-09.json'] },
    });
    const chart = await c.chart('WSU.DE', '2023-08-04', '2023-08-08');
    expect(chart.bars.toBars().map((b) => b.date)).toEqual(['2023-08-04', '2023-08-08']);
    expect(chart.nullDates).toEqual(['2023-08-07']);
  });

  it('a duplicated last bar (same local date twice): the later one wins', async () => {
    const dup = (_s: string, r: RawChartResult): RawChartResult => {
      const q = r.indicators.quote[0]!;
      const adj = r.indicators.adjclose![0]!.adjclose!;
      const last = r.timestamp!.length - 1;
      return {
        ...r,
        timestamp: [...r.timestamp!, r.timestamp![last]! + 5 * 3600],
        indicators: {
          quote: [
            {
              open: [...q.open!, 34.1],
              high: [...q.high!, 34.6],
              low: [...q.low!, 34.0],
              close: [...q.close!, 34.5],
              volume: [...q.volume!, 1000],
            },
          ],
          adjclose: [{ adjclose: [...adj, 34.5] }],
        },
      };
    };
    const c = await client('2023-08-12T00:00:00Z', { editChart: dup });
    const chart = await c.chart('WSU.DE', '2023-08-04', '2023-08-08');
    expect(chart.bars.toBars().map((b) => b.date)).toEqual(['2023-08-04', '2023-08-07', '2023-08-08']);
    expect(chart.bars.toBars().at(-1)).toEqual({ date: '2023-08-08', close: 34.5, adjClose: 34.5 });
  });

  it('a close column shorter than the timestamps is a malformed chart of that symbol, not a shifted one', async () => {
    const c = await client('2023-08-12T00:00:00Z', {
      editChart: (_s, r) => {
        const q = r.indicators.quote[0]!;
        return { ...r, indicators: { ...r.indicators, quote: [{ ...q, close: q.close!.slice(1) }] } };
      },
    });
    await expect(c.chart('WSU.DE', '2023-08-04', '2023-08-08')).rejects.toThrow(
      /chart for WSU\.DE has 3 timestamps but 2 closes/,
    );
  });

  it('without adjclose the close stands in for it', async () => {
    const c = await client('2020-01-05T00:00:00Z', {
      editChart: (_s, r) => ({ ...r, indicators: { quote: r.indicators.quote } }),
    });
    const chart = await c.chart('AAPL', '2020-01-01', '2020-01-03');
    expect(chart.bars).toHaveLength(1);
    expect(chart.bars.bar(0).adjClose).toBe(chart.bars.bar(0).close);
  });

  it('meta describing the recording day (2025) is not taken as a price of a 2020 range', async () => {
    const c = await client('2020-01-05T00:00:00Z');
    const chart = await c.chart('AAPL', '2020-01-01', '2020-01-03');
    expect(chart.regularMarketPrice).toBeNull();
    expect(chart.regularMarketTime).toBeNull();
  });

  it('a range before the listing (Yahoo 400 "Data doesn’t exist") is a range without bars', async () => {
    const c = await client('2021-11-21T00:00:00Z');
    // BEKE's only recording is that 400.
    const chart = await c.chart('BEKE', '2020-01-01', '2020-01-03');
    expect(chart.bars.toBars()).toEqual([]);
  });

  it('"No data found, symbol may be delisted" is an unknown or delisted symbol', async () => {
    const c = await client('2024-09-16T00:00:00Z');
    const error = await c.chart('SI', '2020-01-01', '2020-01-03').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSymbolError);
    expect((error as Error).message).toBe(
      "Yahoo's chart has no data for SI (No data found, symbol may be delisted)",
    );
  });
});

describe('quotes', () => {
  it('keeps real quotes, drops stubs without a price or currency, matches by symbol', async () => {
    // Feb 2025: every v3 quote recording exists at this clock.
    const c = await client('2025-02-18T00:00:00Z');
    const quotes = await c.quotes(['SIX', 'ADH', 'BRKS', 'OCDO.L', 'NONEXIST', 'AAPL', 'EURUSD=X']);
    // SIX and NONEXIST: absent (empty result); ADH: no currency, no price; BRKS: quoteType NONE.
    expect(quotes.map((q) => q.symbol).sort()).toEqual(['AAPL', 'EURUSD=X', 'OCDO.L']);
    for (const q of quotes) {
      expect(Number.isFinite(q.price)).toBe(true);
      expect(typeof q.currency).toBe('string');
    }
    expect(quotes.find((q) => q.symbol === 'OCDO.L')).toMatchObject({ currency: 'GBp', price: 308.8 });
  });

  it('an empty quote result is no quotes, not an error', async () => {
    const c = await client('2025-02-18T00:00:00Z');
    expect(await c.quotes(['SIX'])).toEqual([]);
  });

  it('a quote missing only its currency is dropped, never multiplied as undefined', async () => {
    const c = await client('2025-02-18T00:00:00Z', {
      editQuote: (q) => (q.symbol === 'AAPL' ? { ...q, currency: undefined } : q),
    });
    const quotes = await c.quotes(['AAPL', 'QQQ']);
    expect(quotes.map((q) => q.symbol)).toEqual(['QQQ']);
  });
});

describe('what counts as a crumb', () => {
  const bytes = (text: string) => new TextEncoder().encode(text).buffer;
  it.each([
    ['the recorded crumb', readRecording('getCrumb-getcrumb.json').body, true],
    ['the older recorded crumb', readRecording('yf2v2-getCrumb-getcrumb').body, true],
    ['an empty body', '', false],
    ['the recorded consent page', readRecording('getCrumb-quote-AAPL-collectConsent.html.json').body, false],
    ['a plain-text 429 body', 'Edge: Too Many Requests', false],
    ['a JSON error', '{"finance":{"result":null}}', false],
  ])('%s', (_name, body, expected) => {
    expect(isCrumb(bytes(body))).toBe(expected);
  });
});
