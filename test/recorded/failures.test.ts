// Yahoo's failure shapes, replayed to the built CLI (each run a fresh process: yahoo-finance2 keeps its
// crumb, and a failed crumb request, for the whole process): the EU consent chain, a plain-text 429,
// a crumb endpoint answering 429 or an HTML page, a 401 "Invalid Crumb" on a quote.
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_LINE, cleanupTempDirs, tempDir, writeHoldings } from '../e2e/helpers.js';
import { type FailureShape, type Replay, type RequestKind, startReplay } from './replay.js';
import { runFolio } from '../support/cli.js';

afterAll(() => cleanupTempDirs());

async function run(
  now: string,
  args: string[],
  fail: [RequestKind, FailureShape][] = [],
): Promise<{ code: number | null; stdout: string; stderr: string; replay: Replay }> {
  const replay = await startReplay({ now: Date.parse(now) });
  for (const [kind, shape] of fail) replay.failNext(kind, shape);
  try {
    const dir = tempDir('folio-recorded-');
    const r = await runFolio(args, { dir, env: { FOLIO_YAHOO_URL: replay.url, FOLIO_NOW: now } });
    expect(r.stderr).not.toContain(STACK_LINE);
    return { ...r, replay };
  } finally {
    await replay.close();
  }
}

const QUOTE_DAY = '2025-02-18T00:00:00Z'; // the quote recordings exist at this clock
const path = (r: Replay) => r.requests.map((q) => `${q.method} ${q.path} ${q.status}`);

describe('the cookie request meets the EU consent chain', () => {
  it('follows every recorded hop on the configured origin, then gets the crumb and the quotes', async () => {
    const r = await run(QUOTE_DAY, ['quote', 'AAPL', 'QQQ', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(path(r.replay)).toEqual([
      'GET /quote/AAPL 307',
      'GET /consent 302',
      'GET /v2/collectConsent 200',
      'POST /v2/collectConsent 302',
      'GET /copyConsent 302',
      'GET /quote/AAPL 301',
      'GET /v1/test/getcrumb 200',
      'GET /v7/finance/quote 200',
    ]);
    // Every hop (guce.yahoo.com, consent.yahoo.com in the Location headers) reached this origin.
    const host = new URL(r.replay.url).host;
    for (const q of r.replay.requests) expect(q.host).toBe(host);
    const doc = JSON.parse(r.stdout) as { quotes: { symbol: string; price: number }[] };
    expect(doc.quotes.map((q) => [q.symbol, q.price])).toEqual([
      ['AAPL', 244.6],
      ['QQQ', 538.15],
    ]);
  });
});

describe('a 401 "Invalid Crumb" on a quote', () => {
  it('clears crumb and cookie, fetches new ones once, and sends the quote again with the new crumb', async () => {
    const r = await run(QUOTE_DAY, ['quote', 'AAPL', '--format', 'json'], [['quote', 'invalid-crumb']]);
    expect(r.code).toBe(0);
    const quotes = r.replay.requests.filter((q) => q.kind === 'quote');
    expect(quotes.map((q) => [q.query.get('crumb'), q.status])).toEqual([
      ['haT3oykhHqZ', 401],
      ['mloUP8q7ZPH', 200],
    ]);
    expect(r.replay.requests.filter((q) => q.kind === 'crumb')).toHaveLength(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ quotes: [{ symbol: 'AAPL', price: 244.6 }] });
  });

  it('a second refusal is not retried again', async () => {
    const r = await run(
      QUOTE_DAY,
      ['quote', 'AAPL'],
      [
        ['quote', 'invalid-crumb'],
        ['quote', 'invalid-crumb'],
      ],
    );
    const crumbs = r.replay.requests.filter((q) => q.kind === 'crumb');
    expect(crumbs).toHaveLength(2);
    expect(r.code).not.toBe(0);
  });
});

describe('the crumb endpoint fails', () => {
  const now = '2020-11-07T12:00:00Z';
  const csv = 'symbol,shares,cost,currency,date\nAAPL,10,300.35,USD,2020-01-02\n';
  it.each([['html' as const], ['edge-429' as const]])(
    'crumb answered with %s: never sent as a crumb; the report takes prices from the charts',
    async (shape) => {
      const dir = tempDir('folio-recorded-');
      const file = writeHoldings(dir, 'h.csv', csv);
      const r = await run(
        now,
        ['report', file, '--format', 'json', '--benchmarks', 'AAPL'],
        [['crumb', shape]],
      );
      expect(r.code).toBe(0);
      const crumbs = r.replay.requests.filter((q) => q.kind === 'crumb').map((q) => q.status);
      const quotes = r.replay.requests.filter((q) => q.kind === 'quote');
      if (shape === 'html') {
        // A page for a crumb is a refusal: not asked again, no quote sent.
        expect(crumbs).toEqual([200]);
        expect(quotes).toEqual([]);
      } else {
        // A rate limit is retried: the next crumb is good and the quote goes out with it (the
        // recordings hold no quote at this clock, so the price still comes from the chart).
        expect(crumbs).toEqual([429, 200]);
        expect(quotes.map((q) => q.query.get('crumb'))).toEqual(['haT3oykhHqZ']);
      }
      const doc = JSON.parse(r.stdout) as {
        summary: { marketValue: number };
        asOf: string;
        holdings: { source: string }[];
      };
      expect(doc.holdings.map((h) => h.source)).toEqual(['chart']);
      expect(doc.asOf).toBe('2020-11-06');
      // 40 shares (10 before the 4:1 split) at the 2020-11-06 close from the recording.
      expect(doc.summary.marketValue).toBeCloseTo(40 * 118.69000244140625, 6);
    },
  );
});

describe('a 429 with a plain-text body (Edge: Too Many Requests)', () => {
  it('is a rate limit, retried, not a JSON parse error', async () => {
    const r = await run(QUOTE_DAY, ['quote', 'AAPL', '--format', 'json'], [['quote', 'edge-429']]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/SyntaxError|Unexpected token|JSON/);
    const quotes = r.replay.requests.filter((q) => q.kind === 'quote');
    expect(quotes.map((q) => q.status)).toEqual([429, 200]);
  });

  it('on a chart: the report still gets its history', async () => {
    const dir = tempDir('folio-recorded-');
    const file = writeHoldings(
      dir,
      'h.csv',
      'symbol,shares,cost,currency,date\nAAPL,10,300.35,USD,2020-01-02\n',
    );
    const r = await run(
      '2020-11-07T12:00:00Z',
      ['report', file, '--format', 'json', '--benchmarks', 'AAPL'],
      [['chart', 'edge-429']],
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/SyntaxError|Unexpected token/);
    const charts = r.replay.requests.filter((q) => q.kind === 'chart');
    expect(charts.map((q) => q.status)).toEqual([429, 200]);
    const doc = JSON.parse(r.stdout) as { summary: { marketValue: number } };
    expect(doc.summary.marketValue).toBeCloseTo(40 * 118.69000244140625, 6);
  });
});
