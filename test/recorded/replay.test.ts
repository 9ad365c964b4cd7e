// The replay origin itself: charts clipped to the request and the clock, quotes matched by symbol,
// the recorded cookie/consent/crumb chain, and the failure shapes it can be told to answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from './replay.js';

let replay: Replay;
beforeAll(async () => {
  replay = await startReplay({ now: Date.parse('2020-11-04T18:00:00Z'), quotes: 'all' });
});
afterAll(() => replay.close());

const chartUrl = (symbol: string, p1: string, p2: string) =>
  `${replay.url}/v8/finance/chart/${encodeURIComponent(symbol)}?interval=1d&period1=${Date.parse(p1) / 1000}&period2=${Date.parse(p2) / 1000}`;

describe('recorded charts', () => {
  it('clips to period1..period2 and to the clock, with the events inside', async () => {
    const res = await fetch(chartUrl('AAPL', '2020-08-01T00:00:00Z', '2020-12-31T00:00:00Z'));
    const body = (await res.json()) as {
      chart: { result: { timestamp: number[]; events?: { splits?: object; dividends?: object } }[] };
    };
    const r = body.chart.result[0]!;
    expect(new Date(r.timestamp[0]! * 1000).toISOString()).toBe('2020-08-31T13:30:00.000Z');
    // 2020-11-04 14:30 UTC is before the clock (18:00): served; 11-05 is not.
    expect(new Date(r.timestamp.at(-1)! * 1000).toISOString()).toBe('2020-11-04T14:30:00.000Z');
    expect(Object.keys(r.events?.splits ?? {})).toEqual(['1598880600']);
    expect(r.events?.dividends).toBeUndefined(); // 2020-11-06 is after the clock
  });

  it('answers the recorded 404 for a symbol it has no recording of', async () => {
    const res = await fetch(chartUrl('NOPE', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z'));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No data found, symbol may be delisted');
  });
});

describe('recorded quotes', () => {
  it('matches by symbol and drops unknown ones, whatever the order asked', async () => {
    const res = await fetch(`${replay.url}/v7/finance/quote?symbols=NONEXIST,QQQ,SIX,AAPL&crumb=haT3oykhHqZ`);
    const body = (await res.json()) as { quoteResponse: { result: { symbol: string }[] } };
    expect(body.quoteResponse.result.map((q) => q.symbol)).toEqual(['QQQ', 'AAPL']);
  });

  it('refuses a quote with another crumb, as Yahoo does', async () => {
    const res = await fetch(`${replay.url}/v7/finance/quote?symbols=AAPL&crumb=stale`);
    expect(res.status).toBe(401);
  });

  it('told to refuse the crumb: 401 Invalid Crumb, and that crumb stays refused', async () => {
    replay.failNext('quote', 'invalid-crumb');
    const first = await fetch(`${replay.url}/v7/finance/quote?symbols=AAPL&crumb=haT3oykhHqZ`);
    expect(first.status).toBe(401);
    expect(await first.text()).toContain('Invalid Crumb');
    const again = await fetch(`${replay.url}/v7/finance/quote?symbols=AAPL&crumb=haT3oykhHqZ`);
    expect(again.status).toBe(401);
  });
});
