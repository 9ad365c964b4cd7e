// Reports through the built CLI on REAL recorded Yahoo responses (replayed by ./replay.ts, the real
// yahoo-finance2 client, the real SQLite cache), every figure checked against ./oracle.ts, a second
// computation straight from the same recorded bars: money 1e-6 relative, ratios 1e-9 absolute.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeHoldings } from '../e2e/helpers.js';
import { compute, type OracleInput, type OracleResult, series } from './oracle.js';
import { type ReplayOptions, startReplay } from './replay.js';
import { runFolio, type RunResult } from '../support/cli.js';

interface Json {
  asOf: string;
  baseCurrency: string;
  summary: {
    marketValue: number;
    costBasis: number;
    unrealizedGain: number;
    income?: number;
    twr: number | null;
    maxDrawdown: number | null;
    volatility: number | null;
    periodReturns: { inception: number | null };
  };
  holdings: { symbol: string; shares: number; price: number; marketValue: number; costBasis: number }[];
  series: { dates: string[]; value: number[]; index: number[] };
  warnings: string[];
  notes: string[];
}

const money = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
};
const ratio = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9);
};

async function report(
  now: string,
  csv: string,
  args: string[],
  replayOptions: Omit<ReplayOptions, 'now'> = {},
): Promise<{ run: RunResult; doc: Json }> {
  const replay = await startReplay({ now: Date.parse(now), ...replayOptions });
  try {
    const dir = tempDir('folio-recorded-');
    const file = writeHoldings(dir, 'holdings.csv', csv);
    const run = await runFolio(['report', file, '--format', 'json', '--period', 'max', ...args], {
      dir,
      env: { FOLIO_YAHOO_URL: replay.url, FOLIO_NOW: now },
    });
    if (run.code !== 0) throw new Error(`folio exited ${String(run.code)}: ${run.stderr}`);
    return { run, doc: JSON.parse(run.stdout) as Json };
  } finally {
    await replay.close();
  }
}

/** Every figure of the report against the oracle, and the series' last point against the value. */
function checkAll(doc: Json, o: OracleResult): void {
  expect(doc.asOf).toBe(o.asOf);
  money(doc.summary.marketValue, o.marketValue);
  money(doc.summary.costBasis, o.costBasis);
  money(doc.summary.unrealizedGain, o.marketValue - o.costBasis);
  for (const [symbol, h] of o.holdings) {
    const got = doc.holdings.find((x) => x.symbol === symbol);
    expect(got, symbol).toBeDefined();
    ratio(got!.shares, h.shares);
    money(got!.price, h.price);
    money(got!.marketValue, h.marketValue);
    money(got!.costBasis, h.costBasis);
  }
  expect(doc.series.dates).toEqual(o.dates);
  expect(doc.series.value).toHaveLength(o.values.length);
  o.values.forEach((v, i) => money(doc.series.value[i], v));
  ratio(doc.summary.twr, o.twr);
  ratio(doc.summary.periodReturns.inception, o.twr);
  ratio(doc.summary.maxDrawdown, o.maxDrawdown);
  if (o.volatility !== null) ratio(doc.summary.volatility, o.volatility);
  // One day, one value: the series' point at asOf is the value shown above it.
  expect(doc.series.dates.at(-1)).toBe(doc.asOf);
  money(doc.series.value.at(-1), doc.summary.marketValue);
}

afterAll(() => cleanupTempDirs());

const AAPL = ['chart-AAPL-2020-01-01-to-2020-01-03.json', 'chart-AAPL-2020-08-31-to-2020-11-07.json'];

describe('AAPL across its 4:1 split (2020), with its dividend', () => {
  const now = '2020-11-07T12:00:00Z'; // Saturday
  const csv = `symbol,shares,cost,currency,date
AAPL,10,300.35,USD,2020-01-02
AAPL,5,120.00,USD,2020-09-15
`;
  it('values the pre-split lot at 4x its shares, the later lot as bought, every figure from the bars', async () => {
    const { doc } = await report(now, csv, ['--benchmarks', 'AAPL']);
    const aapl = series(AAPL, Date.parse(now));
    const o = compute({
      base: 'USD',
      lots: [
        { symbol: 'AAPL', shares: 10, cost: 300.35, date: '2020-01-02' },
        { symbol: 'AAPL', shares: 5, cost: 120, date: '2020-09-15' },
      ],
      currency: { AAPL: 'USD' },
      prices: { AAPL: aapl },
      fx: {},
    });
    expect(aapl.splits).toEqual([{ date: '2020-08-31', ratio: 4 }]);
    ratio(o.holdings.get('AAPL')!.shares, 45);
    checkAll(doc, o);
    money(doc.summary.income, o.income);
    money(o.income, 0.205 * 45); // the 2020-11-06 dividend on 45 shares
    expect(doc.warnings.join('\n')).not.toMatch(/NaN|undefined/);
  });
});

describe('MSFT dividends and NVDA across its 2021 split', () => {
  const now = '2022-01-29T12:00:00Z'; // Saturday
  const csv = `symbol,shares,cost,currency,date
MSFT,10,240.00,USD,2021-02-01
MSFT,5,300.00,USD,2021-10-01
NVDA,2,520.00,USD,2021-03-01
NVDA,4,200.00,USD,2021-09-01
`;
  it('counts every dividend on the shares held and the split on the earlier NVDA lot only', async () => {
    const { doc } = await report(now, csv, ['--benchmarks', 'MSFT']);
    const msft = series(
      ['historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json'],
      Date.parse(now),
    );
    const nvda = series(
      ['historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json'],
      Date.parse(now),
    );
    expect(msft.dividends).toHaveLength(4);
    expect(nvda.splits).toEqual([{ date: '2021-07-20', ratio: 4 }]);
    const o = compute({
      base: 'USD',
      lots: [
        { symbol: 'MSFT', shares: 10, cost: 240, date: '2021-02-01' },
        { symbol: 'MSFT', shares: 5, cost: 300, date: '2021-10-01' },
        { symbol: 'NVDA', shares: 2, cost: 520, date: '2021-03-01' },
        { symbol: 'NVDA', shares: 4, cost: 200, date: '2021-09-01' },
      ],
      currency: { MSFT: 'USD', NVDA: 'USD' },
      prices: { MSFT: msft, NVDA: nvda },
      fx: {},
    });
    ratio(o.holdings.get('NVDA')!.shares, 12);
    checkAll(doc, o);
    money(doc.summary.income, o.income);
  });
});

describe('London: one lot costed in pence, one in pounds (GBP report)', () => {
  const now = '2020-01-03T12:00:00Z'; // Friday: London's 2020-01-03 session is still open
  const csv = `symbol,shares,cost,currency,date
OCDO.L,100,1700,GBp,2020-01-02
OCDO.L,50,17.10,GBP,2020-01-02
`;
  it('converts pence to pounds once, for value and for cost', async () => {
    const { doc } = await report(now, csv, ['--currency', 'GBP', '--benchmarks', 'OCDO.L']);
    const ocdo = series(['chart-OCDO.L-2020-01-01-to-2020-01-03.json'], Date.parse(now));
    const o = compute({
      base: 'GBP',
      lots: [
        { symbol: 'OCDO.L', shares: 100, cost: 1700, currency: 'GBp', date: '2020-01-02' },
        { symbol: 'OCDO.L', shares: 50, cost: 17.1, currency: 'GBP', date: '2020-01-02' },
      ],
      currency: { 'OCDO.L': 'GBp' },
      prices: { 'OCDO.L': ocdo },
      fx: {},
    });
    money(o.costBasis, 1700 + 855);
    checkAll(doc, o);
  });
});

describe('BTC-USD (seven days a week) and AAPL in a EUR report', () => {
  // Friday 12:00 UTC: the 2020-01-03 bars of BTC-USD and EURUSD=X (stamped 00:00) are still in progress.
  const now = '2020-01-03T12:00:00Z';
  const csv = `symbol,shares,cost,currency,date
BTC-USD,0.5,7200,USD,2020-01-01
AAPL,10,75.00,USD,2020-01-02
`;
  it('converts at the USDEUR close in force each day, with the Jan 1 crypto bar in the calendar', async () => {
    const { doc } = await report(now, csv, ['--currency', 'EUR', '--benchmarks', 'BTC-USD'], {
      inverse: { 'USDEUR=X': 'EURUSD=X' },
    });
    const t = Date.parse(now);
    const o = compute({
      base: 'EUR',
      lots: [
        { symbol: 'BTC-USD', shares: 0.5, cost: 7200, date: '2020-01-01' },
        { symbol: 'AAPL', shares: 10, cost: 75, date: '2020-01-02' },
      ],
      currency: { 'BTC-USD': 'USD', AAPL: 'USD' },
      prices: {
        'BTC-USD': series(['chart-BTC-USD-2020-01-01-to-2020-01-03.json'], t),
        AAPL: series(AAPL, t),
      },
      fx: { USD: series(['chart-EURUSD=X-2020-01-01-to-2020-01-03.json'], t, true) },
    });
    expect(o.asOf).toBe('2020-01-02');
    expect(o.dates).toEqual(['2020-01-01', '2020-01-02']);
    checkAll(doc, o);
  });
});

describe('benchmarks end on the same day’s prices and FX as the holdings (EUR report, 22:30 UTC)', () => {
  // Friday 22:30 UTC: US stocks have closed, BTC-USD and EURUSD=X (24-hour bars) are still trading.
  const now = '2020-01-03T22:30:00Z';
  const csv = `symbol,shares,cost,currency,date
BTC-USD,0.5,7200,USD,2020-01-01
AAPL,10,75.00,USD,2020-01-02
`;
  it('BTC-USD’s same cash flows from the recorded bars: cost at the entry level, valued at asOf', async () => {
    const { doc } = await report(now, csv, ['--currency', 'EUR', '--benchmarks', 'BTC-USD'], {
      inverse: { 'USDEUR=X': 'EURUSD=X' },
    });
    const t = Date.parse(now);
    const btc = series(['chart-BTC-USD-2020-01-01-to-2020-01-03.json'], t);
    const fx = series(['chart-EURUSD=X-2020-01-01-to-2020-01-03.json'], t, true);
    const o = compute({
      base: 'EUR',
      lots: [
        { symbol: 'BTC-USD', shares: 0.5, cost: 7200, date: '2020-01-01' },
        { symbol: 'AAPL', shares: 10, cost: 75, date: '2020-01-02' },
      ],
      currency: { 'BTC-USD': 'USD', AAPL: 'USD' },
      prices: { 'BTC-USD': btc, AAPL: series(AAPL, t) },
      fx: { USD: fx },
    });
    checkAll(doc, o);
    // By hand from the same bars: each lot's cost (EUR at its date's FX close) buys BTC-USD at its
    // adjusted close x FX on the lot's date; the units are worth BTC-USD's asOf level, whose price and
    // FX are those the holdings are valued at (the BTC-USD holding's price x the EUR value of a dollar).
    const level = (date: string) => {
      const bar = btc.bars.filter((b) => b.date <= date).at(-1)!;
      const rate = fx.bars.filter((b) => b.date <= date).at(-1)!.close;
      return bar.adjclose * rate;
    };
    const btcHolding = o.holdings.get('BTC-USD')!;
    const eurPerUsd = btcHolding.marketValue / (btcHolding.shares * btcHolding.price);
    const endLevel = btcHolding.price * eurPerUsd; // adjclose = close for BTC-USD
    const units =
      (0.5 * 7200 * fx.bars[0]!.close) / level('2020-01-01') +
      (10 * 75 * fx.bars[1]!.close) / level('2020-01-02');
    const row = (
      doc as unknown as { benchmarks: { symbol: string; sameCashFlows: { value: number } | null }[] }
    ).benchmarks[0]!;
    expect(row.symbol).toBe('BTC-USD');
    money(row.sameCashFlows?.value, units * endLevel);
  });
});

describe('a US stock in a EUR report: the FX pair’s January 1 bar makes no date', () => {
  it('keeps the calendar to the holding’s dates and ends the series at the value', async () => {
    const now = '2020-01-03T12:00:00Z';
    const csv =
      'symbol,shares,cost,currency,date\nAAPL,10,75.00,USD,2020-01-02\nAAPL,4,300.00,USD,2020-01-01\n';
    const { doc } = await report(now, csv, ['--currency', 'EUR', '--benchmarks', 'AAPL'], {
      inverse: { 'USDEUR=X': 'EURUSD=X' },
    });
    const t = Date.parse(now);
    const fx = series(['chart-EURUSD=X-2020-01-01-to-2020-01-03.json'], t, true);
    expect(fx.bars.map((b) => b.date)).toEqual(['2020-01-01', '2020-01-02']);
    const o = compute({
      base: 'EUR',
      lots: [
        { symbol: 'AAPL', shares: 10, cost: 75, date: '2020-01-02' },
        { symbol: 'AAPL', shares: 4, cost: 300, date: '2020-01-01' },
      ],
      currency: { AAPL: 'USD' },
      prices: { AAPL: series(AAPL, t) },
      fx: { USD: fx },
    });
    expect(o.dates).toEqual(['2020-01-02']);
    expect(doc.series.dates).not.toContain('2020-01-01');
    checkAll(doc, o);
  });
});

describe('a delisted symbol and a fund whose last bar is all null', () => {
  const now = '2024-09-16T12:00:00Z'; // Monday before the open
  const csv = `symbol,shares,cost,currency,date
0P0000XTS7,2,11800,USD,2024-09-12
SI,5,20,USD,2024-09-12
`;
  it('values the fund at its last real close and names the delisted symbol once', async () => {
    const fund = ['yf2v2-historical-via-chart-0P0000XTS7-2024-09-12-to-2024-09-16.json'];
    const { doc, run } = await report(now, csv, ['--benchmarks', '0P0000XTS7'], {
      charts: { '0P0000XTS7': fund },
    });
    const input: OracleInput = {
      base: 'USD',
      lots: [{ symbol: '0P0000XTS7', shares: 2, cost: 11800, date: '2024-09-12' }],
      currency: { '0P0000XTS7': 'USD' },
      prices: { '0P0000XTS7': series(fund, Date.parse(now)) },
      fx: {},
    };
    const o = compute(input);
    expect(o.asOf).toBe('2024-09-12'); // 2024-09-13 has no close
    checkAll(doc, o);
    const si = doc.warnings.filter((w) => w.includes('SI'));
    expect(si).toEqual(['unknown or delisted symbol SI: excluded from totals']);
    expect(run.stderr.match(/SI\b/g)).toHaveLength(1);
    expect(doc.warnings.some((w) => w.includes('0P0000XTS7') && w.includes('2024-09-13'))).toBe(true);
  });
});
