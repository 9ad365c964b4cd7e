// The simulator's search endpoint judged by yahoo-finance2 3.4.1 itself: its `search` module, with its
// schema validation on, accepts the reply; and folio's client finds ISINs through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';
import { createFolioFetch, createYahooClient } from '../../../src/prices/yahoo/client.js';
import { RunStatsCollector } from '../../../src/prices/stats.js';
import { pickListing } from '../../../src/prices/symbol-search.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, today: '2026-11-27' });
});
afterAll(async () => {
  await sim.close();
});

describe('search (/v1/finance/search)', () => {
  it("passes yahoo-finance2's own validation of a search result", async () => {
    const { default: YahooFinance } = await import('yahoo-finance2');
    const fetch = createFolioFetch({
      origin: new URL(sim.url),
      timeoutMs: 5000,
      stats: new RunStatsCollector(),
    });
    const previous = globalThis.fetch;
    globalThis.fetch = fetch as typeof globalThis.fetch;
    let yf: InstanceType<typeof YahooFinance>;
    try {
      yf = new YahooFinance({ suppressNotices: ['yahooSurvey'] });
    } finally {
      globalThis.fetch = previous;
    }
    const result = await yf.search('IE00B4L5Y983');
    expect(result.quotes.map((q) => (q as { symbol: string }).symbol)).toEqual([
      'IWDA.AS',
      'EUNL.DE',
      'SWDA.L',
    ]);
    const none = await yf.search('XS0000000009');
    expect(none.quotes).toEqual([]);
  });

  it("folio's client: listings of an ISIN, the one on the export's exchange picked", async () => {
    const client = await createYahooClient({
      origin: new URL(sim.url),
      timeoutMs: 5000,
      stats: new RunStatsCollector(),
    });
    const listings = await client.search!('IE00B4L5Y983');
    expect(pickListing(listings, '.DE')).toBe('EUNL.DE');
    expect(pickListing(listings, undefined)).toBe('IWDA.AS');
    expect(pickListing(await client.search!('US5949181045'), '')).toBe('MSFT');
    expect(await client.search!('XS0000000009')).toEqual([]);
  });
});
