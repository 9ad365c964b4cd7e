// The simulator, driven by the REAL yahoo-finance2 client (re-routed to 127.0.0.1 by a fetch wrapper) and
// by raw fetch for the wire details. Expected dates, counts and adjustments are worked out here
// independently (calendar arithmetic, the dividend formula) rather than read back from the simulator.
//
// yahoo-finance2 keeps its crumb and cookie jar in module-wide singletons, and a failed crumb request
// poisons every later quote() in the process: the one test that makes the crumb fail through the
// library runs last.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import YahooFinance from 'yahoo-finance2';

import { registerSimCommand } from '../../../src/cli/commands/sim.js';
import { parseSimCliValues, runSim } from '../../../src/cli/commands/sim/run.js';
import { UsageError } from '../../../src/errors.js';
import { routeUrl, urlOf } from '../../../src/prices/yahoo/routing.js';
import {
  SIM_CRUMB,
  simBars,
  simDividends,
  simInstrument,
  simSplits,
  startSimulator,
} from '../../../src/sim/index.js';
import type { SimOptions, Simulator } from '../../../src/sim/index.js';

const execFileAsync = promisify(execFile);

type YahooClient = InstanceType<typeof YahooFinance>;

const TODAY = '2024-07-16'; // a Tuesday, in summer time everywhere north
const NOW = Date.parse('2024-07-16T18:00:00Z'); // 14:00 in New York (open), 19:00 in London (closed)
const DAY = 86_400_000;

/** Mon-Fri days d with from <= d < toExclusive, counted day by day. */
function businessDaysBetween(from: string, toExclusive: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${toExclusive}T00:00:00Z`); t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const iso = (d: Date): string => d.toISOString();
const day = (d: Date): string => d.toISOString().slice(0, 10);

let sim: Simulator;
let yf: YahooClient;
const logged: string[] = [];

function clientFor(simulator: Simulator): YahooClient {
  const original = globalThis.fetch;
  const origin = new URL(simulator.url);
  // The constructor copies the global fetch: install the routing wrapper only while constructing.
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
    original(routeUrl(urlOf(input), origin), init)) as typeof fetch;
  try {
    const record =
      (level: string) =>
      (...args: unknown[]) => {
        logged.push(`${level}: ${args.map(String).join(' ')}`);
      };
    return new YahooFinance({
      suppressNotices: ['yahooSurvey'],
      validation: { logErrors: true },
      logger: {
        info: record('info'),
        warn: record('warn'),
        error: record('error'),
        dir: record('dir'),
        debug: () => {},
      },
    });
  } finally {
    globalThis.fetch = original;
  }
}

const CLEAN: Partial<SimOptions> = {
  today: TODAY,
  latencyMs: 0,
  hangMs: 0,
  failRate: 0,
  truncateRate: 0,
  rateLimit: undefined,
  maxSymbolsPerQuote: undefined,
  down: false,
  failCrumb: false,
  omitQuoteSymbols: [],
  unknownSymbols: [],
  nullBars: [],
  badPrices: [],
};

beforeAll(async () => {
  sim = await startSimulator({ today: TODAY, now: () => NOW });
  yf = clientFor(sim);
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.configure(CLEAN);
  sim.resetCounters();
  logged.length = 0;
});

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${sim.url}${path}`, init);

const SIXTY = [
  'AAPL',
  'MSFT',
  'SPY',
  'QQQ',
  'VTI',
  'KO',
  'JNJ',
  'TSLA',
  'NVDA',
  'VOD.L',
  'ULVR.L',
  'SAP.DE',
  'AIR.PA',
  'ASML.AS',
  'RY.TO',
  '7203.T',
  '0700.HK',
  'NESN.SW',
  'BHP.AX',
  'NPN.JO',
  'EURUSD=X',
  'USDEUR=X',
  'GBPUSD=X',
  'USDJPY=X',
  'JPYUSD=X',
  'CADUSD=X',
  '^GSPC',
  '^FTSE',
  'BRK-B',
  'GLD',
  ...Array.from({ length: 30 }, (_, i) => `SIM${i}`),
];

describe('quote', () => {
  it('answers 60 symbols in ONE request, each at the last bar close and previous close', async () => {
    expect(new Set(SIXTY).size).toBe(60);
    const quotes = await yf.quote(SIXTY);
    expect(sim.counters.byEndpoint.quote).toBe(1);
    expect(sim.counters.byEndpoint.cookie).toBeLessThanOrEqual(1);
    expect(sim.counters.byEndpoint.crumb).toBeLessThanOrEqual(1);
    expect(sim.counters.symbolsPerQuote).toEqual([60]);
    expect(quotes.map((q) => q.symbol)).toEqual(SIXTY);
    for (const q of quotes) {
      const bars = simBars(q.symbol, '2024-07-01', TODAY, { today: TODAY });
      expect(bars.at(-1)?.date).toBe(TODAY);
      expect(q.regularMarketPrice).toBe(bars.at(-1)?.close);
      expect(q.regularMarketPreviousClose).toBe(bars.at(-2)?.close);
    }
    expect(logged).toEqual([]);
  });

  it.each([
    // symbol, quoteType, currency, zone, marketState at 18:00Z, regularMarketTime
    ['AAPL', 'EQUITY', 'USD', 'America/New_York', 'REGULAR', '2024-07-16T18:00:00.000Z'],
    ['SPY', 'ETF', 'USD', 'America/New_York', 'REGULAR', '2024-07-16T18:00:00.000Z'],
    ['VOD.L', 'EQUITY', 'GBp', 'Europe/London', 'CLOSED', '2024-07-16T15:30:00.000Z'], // 16:30 BST
    ['SAP.DE', 'EQUITY', 'EUR', 'Europe/Berlin', 'CLOSED', '2024-07-16T15:30:00.000Z'], // 17:30 CEST
    ['7203.T', 'EQUITY', 'JPY', 'Asia/Tokyo', 'CLOSED', '2024-07-16T06:00:00.000Z'], // 15:00 JST
    ['NPN.JO', 'EQUITY', 'ZAc', 'Africa/Johannesburg', 'CLOSED', '2024-07-16T15:00:00.000Z'], // 17:00 SAST
    ['RY.TO', 'EQUITY', 'CAD', 'America/Toronto', 'REGULAR', '2024-07-16T18:00:00.000Z'],
    ['USDJPY=X', 'CURRENCY', 'JPY', 'Europe/London', 'REGULAR', '2024-07-16T18:00:00.000Z'],
    ['^GSPC', 'INDEX', 'USD', 'America/New_York', 'REGULAR', '2024-07-16T18:00:00.000Z'],
  ])('%s is %s in %s (%s), %s', async (symbol, quoteType, currency, zone, state, time) => {
    const q = await yf.quote(symbol);
    expect(q).toMatchObject({ symbol, quoteType, currency, exchangeTimezoneName: zone, marketState: state });
    expect(iso(q.regularMarketTime!)).toBe(time);
    expect(logged).toEqual([]);
  });

  it('gives inverse FX pairs reciprocal prices at realistic levels', async () => {
    const quotes = await yf.quote(['EURUSD=X', 'USDEUR=X', 'JPYUSD=X', 'USDJPY=X']);
    const price = (s: string): number => quotes.find((q) => q.symbol === s)!.regularMarketPrice!;
    expect(price('EURUSD=X') * price('USDEUR=X')).toBeCloseTo(1, 4);
    expect(price('JPYUSD=X') * price('USDJPY=X')).toBeCloseTo(1, 2); // JPYUSD has only 6 decimals
    expect(price('USDJPY=X')).toBeGreaterThan(50);
    expect(price('USDJPY=X')).toBeLessThan(400);
  });
});

describe('chart', () => {
  it('serves two years of AAPL with the 4:1 split and quarterly dividends', async () => {
    const period1 = new Date('2019-06-01T00:00:00Z');
    const period2 = new Date('2021-06-01T00:00:00Z');
    const chart = await yf.chart('AAPL', { period1, period2, interval: '1d', events: 'div|split' });
    // US bars are stamped 13:30Z/14:30Z, so the bar of 2021-06-01 is after period2.
    const expectedDays = businessDaysBetween('2019-06-01', '2021-06-01');
    expect(chart.quotes.map((q) => day(q.date))).toEqual(expectedDays);
    expect(chart.events?.splits).toEqual([
      { date: new Date('2020-08-31T13:30:00Z'), numerator: 4, denominator: 1, splitRatio: '4:1' },
    ]);
    const dividends = chart.events?.dividends ?? [];
    expect(dividends).toHaveLength(8); // quarterly, 24 months
    for (const dividend of dividends) {
      const at = chart.quotes.findIndex((q) => q.date.getTime() === dividend.date.getTime());
      expect(at).toBeGreaterThan(0);
      const yieldOfQuarter = dividend.amount / chart.quotes[at - 1]!.close!;
      expect(yieldOfQuarter).toBeGreaterThanOrEqual(0.0039);
      expect(yieldOfQuarter).toBeLessThanOrEqual(0.0101);
    }
    expect(chart.meta).toMatchObject({
      currency: 'USD',
      symbol: 'AAPL',
      exchangeTimezoneName: 'America/New_York',
      timezone: 'EDT',
    });
    expect(logged).toEqual([]);
  });

  it.each([
    ['AAPL', '2024-01-16T14:30:00Z'], // 09:30 EST
    ['AAPL', '2024-07-16T13:30:00Z'], // 09:30 EDT
    ['VOD.L', '2024-01-16T08:00:00Z'], // 08:00 GMT
    ['VOD.L', '2024-07-16T07:00:00Z'], // 08:00 BST
    ['SAP.DE', '2024-07-16T07:00:00Z'], // 09:00 CEST
    ['7203.T', '2024-07-16T00:00:00Z'], // 09:00 JST
    ['EURUSD=X', '2024-01-16T00:00:00Z'], // 00:00 GMT
    ['EURUSD=X', '2024-07-15T23:00:00Z'], // 00:00 BST of 2024-07-16: the previous UTC day
  ])('stamps the %s bar at %s', async (symbol, stamp) => {
    const t = Date.parse(stamp);
    const chart = await yf.chart(symbol, {
      period1: new Date(t - 3_600_000),
      period2: new Date(t + 3_600_000),
      interval: '1d',
    });
    expect(chart.quotes.map((q) => iso(q.date))).toEqual([new Date(t).toISOString()]);
  });

  it('keeps earlier bars when today moves forward; only adjclose absorbs new dividends', async () => {
    const period = {
      period1: new Date('2022-01-01T00:00:00Z'),
      period2: new Date('2023-06-30T00:00:00Z'),
      interval: '1d' as const,
    };
    sim.configure({ today: '2023-06-29' });
    const early = await yf.chart('KO', { ...period, events: 'div' });
    sim.configure({ today: TODAY });
    const late = await yf.chart('KO', { ...period, events: 'div' });
    expect(late.quotes.length).toBe(early.quotes.length);
    expect(
      late.quotes.map(({ open, high, low, close, volume }) => ({ open, high, low, close, volume })),
    ).toEqual(early.quotes.map(({ open, high, low, close, volume }) => ({ open, high, low, close, volume })));
    // Dividends paid after 2023-06-29 scale every earlier adjclose by the same factor.
    const later = await yf.chart('KO', {
      period1: new Date('2023-06-30T00:00:00Z'),
      period2: new Date(NOW),
      interval: '1d',
      events: 'div',
    });
    let factor = 1;
    for (const dividend of later.events?.dividends ?? []) {
      const all = [...late.quotes, ...later.quotes];
      const at = all.findIndex((q) => q.date.getTime() === dividend.date.getTime());
      factor *= 1 - dividend.amount / all[at - 1]!.close!;
    }
    expect((later.events?.dividends ?? []).length).toBeGreaterThanOrEqual(4);
    late.quotes.forEach((q, i) => expect(q.adjclose!).toBeCloseTo(early.quotes[i]!.adjclose! * factor, 3));
    // The same through the pure helper, over the whole history.
    const before = simBars('MSFT', '2015-01-01', '2020-12-31', { today: '2020-12-31' });
    const after = simBars('MSFT', '2015-01-01', '2020-12-31', { today: '2024-12-31' });
    expect(after.map((b) => b.close)).toEqual(before.map((b) => b.close));
  });

  it('dividend-adjusts adjclose the CRSP way: below close before a dividend, equal after the last', async () => {
    const chart = await yf.chart('JNJ', {
      period1: new Date('2023-01-01T00:00:00Z'),
      period2: new Date(NOW),
      interval: '1d',
      events: 'div',
    });
    const dividends = chart.events?.dividends ?? [];
    expect(dividends.length).toBeGreaterThanOrEqual(6);
    const lastEx = dividends.at(-1)!.date.getTime();
    for (const [i, q] of chart.quotes.entries()) {
      let factor = 1;
      for (const dividend of dividends) {
        if (dividend.date.getTime() <= q.date.getTime()) continue;
        const at = chart.quotes.findIndex((x) => x.date.getTime() === dividend.date.getTime());
        factor *= 1 - dividend.amount / chart.quotes[at - 1]!.close!;
      }
      expect(q.adjclose!, `bar ${i}`).toBeCloseTo(q.close! * factor, 4);
      if (q.date.getTime() < lastEx) expect(q.adjclose!).toBeLessThan(q.close!);
      else expect(q.adjclose).toBe(q.close);
    }
  });

  it('answers an empty range with no bars', async () => {
    const chart = await yf.chart('AAPL', {
      period1: new Date('2024-07-13T00:00:00Z'),
      period2: new Date('2024-07-14T23:00:00Z'),
      interval: '1d',
    });
    expect(chart.quotes).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe('pure helpers', () => {
  it.each([
    ['AAPL', 'EQUITY', 'USD', 'America/New_York'],
    ['QQQ', 'ETF', 'USD', 'America/New_York'],
    ['VWRL.L', 'ETF', 'GBp', 'Europe/London'],
    ['MC.PA', 'EQUITY', 'EUR', 'Europe/Paris'],
    ['ASML.AS', 'EQUITY', 'EUR', 'Europe/Amsterdam'],
    ['0005.HK', 'EQUITY', 'HKD', 'Asia/Hong_Kong'],
    ['NESN.SW', 'EQUITY', 'CHF', 'Europe/Zurich'],
    ['CBA.AX', 'EQUITY', 'AUD', 'Australia/Sydney'],
    ['GBPJPY=X', 'CURRENCY', 'JPY', 'Europe/London'],
    ['^N225', 'INDEX', 'JPY', 'Asia/Tokyo'],
  ])('simInstrument(%s) is %s in %s, %s', (symbol, quoteType, currency, timezone) => {
    expect(simInstrument(symbol)).toMatchObject({ symbol, quoteType, currency, timezone });
  });

  it('rejects malformed symbols', () => {
    expect(simInstrument('aapl')).toBeUndefined();
    expect(simInstrument('A'.repeat(21))).toBeUndefined();
  });

  it('has one bar per business day from 2015-01-02, FX prices with 6 decimals', () => {
    const bars = simBars('GBPUSD=X', '2014-01-01', '2015-03-01', { today: TODAY });
    expect(bars.map((b) => b.date)).toEqual(businessDaysBetween('2015-01-02', '2015-03-02'));
    for (const b of bars) {
      expect(Math.abs(b.close * 1e6 - Math.round(b.close * 1e6))).toBeLessThan(1e-6);
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
    }
    // The pound closed 2015-01-02 near 1.53 USD; the simulated market starts at that year's level.
    expect(bars[0]!.close).toBeGreaterThan(1.45);
    expect(bars[0]!.close).toBeLessThan(1.6);
  });

  it('lists default splits and dividend payers, none for FX and non-payers', () => {
    expect(
      simSplits('NVDA', '2015-01-01', TODAY, { today: TODAY }).map((s) => [s.date, s.splitRatio]),
    ).toEqual([['2024-06-10', '10:1']]);
    expect(simSplits('NVDA', '2015-01-01', TODAY, { today: '2024-06-07' })).toEqual([]); // not yet happened
    expect(
      simSplits('TSLA', '2015-01-01', TODAY, {
        today: TODAY,
        splits: [{ symbol: 'TSLA', date: '2019-05-02', ratio: 0.5 }],
      }).map((s) => s.splitRatio),
    ).toEqual(['1:2']);
    expect(simDividends('SPY', '2023-01-01', '2023-12-31', { today: TODAY })).toHaveLength(4);
    expect(simDividends('TSLA', '2015-01-01', TODAY, { today: TODAY })).toEqual([]);
    expect(simDividends('EURUSD=X', '2015-01-01', TODAY, { today: TODAY })).toEqual([]);
    expect(simBars('ZZZTOP', '2015-01-01', TODAY, { today: TODAY })).toEqual([]);
  });
});

describe('unknown symbols', () => {
  it('chart throws the delisted error and quote leaves them out', async () => {
    await expect(
      yf.chart('ZZZNOPE', {
        period1: new Date('2024-01-01T00:00:00Z'),
        period2: new Date(NOW),
        interval: '1d',
      }),
    ).rejects.toThrow('No data found, symbol may be delisted');
    const quotes = await yf.quote(['AAPL', 'ZZZNOPE', 'DELISTEDCO', 'UNKNOWN1']);
    expect(quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    expect(await yf.quote('UNKNOWNX')).toBeUndefined();
    const raw = await get('/v8/finance/chart/ZZZNOPE?period1=0&period2=1700000000');
    expect(raw.status).toBe(404);
    expect(await raw.json()).toEqual({
      chart: {
        result: null,
        error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
      },
    });
  });

  it('honours the configured unknown and omitted symbols', async () => {
    sim.configure({ unknownSymbols: ['FOO'], omitQuoteSymbols: ['MSFT'] });
    await expect(
      yf.chart('FOO', { period1: new Date('2024-01-01T00:00:00Z'), period2: new Date(NOW), interval: '1d' }),
    ).rejects.toThrow('No data found');
    expect((await yf.quote(['FOO', 'MSFT', 'KO'])).map((q) => q.symbol)).toEqual(['KO']);
    const msft = await yf.chart('MSFT', {
      period1: new Date('2024-07-01T00:00:00Z'),
      period2: new Date(NOW),
      interval: '1d',
    });
    expect(msft.quotes.length).toBe(businessDaysBetween('2024-07-01', '2024-07-17').length);
  });
});

describe('cookie and crumb', () => {
  it('sets a .yahoo.com cookie, and gives the crumb only with it', async () => {
    const page = await get('/quote/AAPL', { redirect: 'manual' });
    const cookie = page.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^A3=[^;]+;.*Domain=\.yahoo\.com; Path=\//);
    expect((await get('/v1/test/getcrumb')).status).toBe(401);
    const crumb = await get('/v1/test/getcrumb', { headers: { cookie: cookie.split(';')[0]! } });
    expect(crumb.status).toBe(200);
    expect(await crumb.text()).toBe(SIM_CRUMB);
    expect((await get('/v7/finance/quote?symbols=AAPL&crumb=wrong')).status).toBe(401);
    sim.configure({ failCrumb: true });
    expect((await get('/v1/test/getcrumb', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(401);
  });
});

describe('fault injection', () => {
  const chartPath = '/v8/finance/chart/AAPL?period1=1719792000&period2=1721088000&interval=1d';
  const quotePath = (symbols: string[]): string =>
    `/v7/finance/quote?symbols=${symbols.join(',')}&crumb=${SIM_CRUMB}`;

  it('failRate 1 answers 500; a fractional rate is deterministic given the seed', async () => {
    sim.configure({ failRate: 1 });
    expect((await get(chartPath)).status).toBe(500);
    await expect(
      yf.chart('AAPL', { period1: new Date('2024-07-01'), period2: new Date(NOW), interval: '1d' }),
    ).rejects.toThrow(SyntaxError);
    const run = async (): Promise<number[]> => {
      sim.configure({ failRate: 0.5, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(quotePath(['KO']))).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(0);
  });

  it('rateLimit answers 429 with Retry-After and Yahoo’s plain-text body', async () => {
    sim.configure({ rateLimit: 2 });
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await get(quotePath(['KO'])));
    expect(responses.slice(0, 2).map((r) => r.status)).toEqual([200, 200]);
    const limited = responses[3]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await limited.text()).toBe('Too Many Requests\r\n');
  });

  it('truncateRate 1 cuts JSON bodies', async () => {
    sim.configure({ truncateRate: 1 });
    const response = await get(chartPath);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(() => JSON.parse(body) as unknown).toThrow(SyntaxError);
    await expect(
      yf.chart('AAPL', { period1: new Date('2024-07-01'), period2: new Date(NOW), interval: '1d' }),
    ).rejects.toThrow(SyntaxError);
  });

  it('down answers 503 everywhere; refuse drops connections; both recover', async () => {
    sim.configure({ down: true });
    expect((await get('/quote/AAPL')).status).toBe(503);
    expect((await get(chartPath)).status).toBe(503);
    sim.configure({ down: 'refuse' });
    await expect(get(chartPath)).rejects.toThrow();
    sim.configure({ down: false });
    expect((await get(chartPath)).status).toBe(200);
    expect(sim.counters.byStatus).toEqual({ '503': 2, '0': 1, '200': 1 });
  });

  it('maxSymbolsPerQuote rejects bigger calls with a Yahoo-like 400', async () => {
    sim.configure({ maxSymbolsPerQuote: 10 });
    const eleven = SIXTY.slice(0, 11);
    const raw = await get(quotePath(eleven));
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ finance: { result: null, error: { code: 'Bad Request' } } });
    await expect(yf.quote(eleven)).rejects.toThrow(/Too many symbols/);
    expect(await yf.quote(SIXTY.slice(0, 10))).toHaveLength(10);
  });

  it('hangMs outlasts a client timeout', async () => {
    sim.configure({ hangMs: 400 });
    await expect(get(chartPath, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
  });

  it('serves null bars and 100x-off prices where told to', async () => {
    const good = simBars('VOD.L', '2024-07-08', TODAY, { today: TODAY });
    sim.configure({
      nullBars: [{ symbol: 'VOD.L', date: '2024-07-10' }],
      badPrices: [{ symbol: 'VOD.L', date: TODAY, factor: 100 }],
    });
    const chart = await yf.chart('VOD.L', {
      period1: new Date('2024-07-08T00:00:00Z'),
      period2: new Date(NOW),
      interval: '1d',
    });
    expect(chart.quotes.map((q) => day(q.date))).toEqual(good.map((b) => b.date));
    expect(chart.quotes.map((q) => q.close)).toEqual(
      good.map((b) =>
        b.date === '2024-07-10' ? null : b.date === TODAY ? Math.round(b.close * 100 * 1e6) / 1e6 : b.close,
      ),
    );
    const quote = await yf.quote('VOD.L');
    expect(quote?.regularMarketPrice).toBeCloseTo(good.at(-1)!.close * 100, 2);
    expect(logged).toEqual([]);
  });

  it('latency delays but still answers', async () => {
    sim.configure({ latencyMs: 30 });
    expect((await get(chartPath)).status).toBe(200);
  });

  it('counts requests by endpoint, status and symbol, and logs them', async () => {
    await get(chartPath);
    await get(chartPath);
    await get('/v8/finance/chart/MSFT?period1=1719792000&period2=1721088000');
    await get(quotePath(['AAPL', 'KO', 'ZZZ1']));
    await get(quotePath(['KO']));
    await get('/nothing/here');
    expect(sim.counters).toMatchObject({
      total: 6,
      byEndpoint: { cookie: 0, crumb: 0, quote: 2, chart: 3, other: 1 },
      byStatus: { '200': 5, '404': 1 },
      symbolsPerQuote: [3, 1],
      chartBySymbol: { AAPL: 2, MSFT: 1 },
      quoteBySymbol: { AAPL: 1, KO: 2, ZZZ1: 1 },
    });
    expect(sim.counters.log.map((e) => [e.method, e.path.split('?')[0], e.status])).toEqual([
      ['GET', '/v8/finance/chart/AAPL', 200],
      ['GET', '/v8/finance/chart/AAPL', 200],
      ['GET', '/v8/finance/chart/MSFT', 200],
      ['GET', '/v7/finance/quote', 200],
      ['GET', '/v7/finance/quote', 200],
      ['GET', '/nothing/here', 404],
    ]);
    sim.resetCounters();
    expect(sim.counters.total).toBe(0);
    expect(sim.counters.log).toEqual([]);
  });

  it('rejects bad options', () => {
    expect(() => sim.configure({ failRate: 2 })).toThrow(/failRate/);
    expect(() => sim.configure({ today: '2024-02-30' })).toThrow(/today/);
  });
});

describe('folio sim command', () => {
  it.each([
    [{ failRate: '2' }, /--fail-rate/],
    [{ failRate: 'x' }, /--fail-rate must be a number/],
    [{ port: '70000' }, /--port/],
    [{ today: '2024-13-01' }, /--today/],
    [{ rateLimit: '0' }, /--rate-limit/],
    [{ maxSymbols: '1.5' }, /--max-symbols/],
  ])('rejects %o', (values, message) => {
    expect(() => parseSimCliValues(values)).toThrow(UsageError);
    expect(() => parseSimCliValues(values)).toThrow(message);
  });

  it('maps flags to options', () => {
    expect(
      parseSimCliValues({ port: '8080', latencyMs: '5', failRate: '0.1', maxSymbols: '50', down: true }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      latencyMs: 5,
      failRate: 0.1,
      maxSymbolsPerQuote: 50,
      down: true,
    });
  });

  it('prints "listening on PORT" first and serves until stopped', async () => {
    const controller = new AbortController();
    let out = '';
    let announce: () => void = () => {};
    const announced = new Promise<void>((resolve) => (announce = resolve));
    const running = runSim(parseSimCliValues({ today: TODAY }), {
      write: (text) => {
        out += text;
        announce();
      },
      signal: controller.signal,
    });
    await announced;
    const port = /^listening on (\d+)\n/.exec(out)?.[1];
    expect(port).toBeDefined();
    expect(
      (await fetch(`http://127.0.0.1:${port}/v8/finance/chart/AAPL?period1=1719792000&period2=1721088000`))
        .status,
    ).toBe(200);
    controller.abort();
    await running;
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('registers with examples in its help and validates through commander', async () => {
    const program = new Command().exitOverride();
    registerSimCommand(program, { stdout: process.stdout, stderr: process.stderr, env: {} });
    const sub = program.commands.find((c) => c.name() === 'sim')!;
    let help = '';
    sub.configureOutput({ writeOut: (s) => (help += s) });
    sub.outputHelp();
    expect(help).toMatch(/Examples:\n\s+\$ folio sim --port 8080/);
    await expect(program.parseAsync(['node', 'folio', 'sim', '--fail-rate', '2'])).rejects.toThrow(
      UsageError,
    );
  });
});

describe('a failing crumb through the library', () => {
  it('surfaces "Failed to get crumb" (in a child process: the crumb is a module-wide singleton)', async () => {
    sim.configure({ failCrumb: true });
    // The library caches its crumb promise for the life of the module, so a fresh process is the only
    // way to see a first crumb exchange fail after this file's earlier quotes succeeded.
    const script = `
      import YahooFinance from 'yahoo-finance2';
      const original = globalThis.fetch;
      globalThis.fetch = (input, init) => {
        const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return original(new URL(url.pathname + url.search, process.env.SIM_URL), init);
      };
      const yf = new YahooFinance({ suppressNotices: ['yahooSurvey'] });
      globalThis.fetch = original;
      try { await yf.quote(['AAPL']); console.log('resolved'); } catch (e) { console.log(String(e.message)); }
    `;
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, SIM_URL: sim.url },
    });
    expect(stdout.trim()).toMatch(/^Failed to get crumb, status 401/);
    expect(sim.counters.byEndpoint).toMatchObject({ cookie: 1, crumb: 1, quote: 0 });
  });
});
