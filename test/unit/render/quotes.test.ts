import { describe, it, expect } from 'vitest';
import { quoteChange, renderQuotes } from '../../../src/render/quotes.js';
import type { Quote } from '../../../src/types.js';
import { ANSI, visibleWidth } from './fixture.js';

function quotes(): Quote[] {
  const t = Date.UTC(2026, 10, 27, 21, 0);
  return [
    {
      symbol: 'SPY',
      name: 'SPDR S&P 500 ETF Trust',
      currency: 'USD',
      quoteType: 'ETF',
      price: 110,
      previousClose: 100,
      marketTime: t,
      marketState: 'CLOSED',
      exchangeTimezone: 'America/New_York',
      exchangeName: 'NYSEArca',
      source: 'live',
      fetchedAt: t,
    },
    {
      symbol: 'EVIL',
      name: '=HYPERLINK("http://evil")\x1b]8;;http://evil\x07 | *x*',
      currency: 'GBp',
      quoteType: 'EQUITY',
      price: 1234.5,
      previousClose: 1250,
      marketTime: Date.UTC(2026, 10, 27, 16, 30),
      marketState: 'POST',
      exchangeTimezone: 'Europe/London',
      exchangeName: 'LSE',
      source: 'cache',
      fetchedAt: t - 5 * 60_000,
    },
    {
      symbol: 'NOPC',
      name: null,
      currency: 'USD',
      quoteType: 'EQUITY',
      price: 0.5,
      previousClose: null,
      marketTime: t,
      marketState: 'REGULAR',
      exchangeTimezone: 'America/New_York',
      exchangeName: null,
      source: 'stale',
      fetchedAt: t - 3 * 86_400_000,
    },
  ];
}
const now = Date.UTC(2026, 10, 27, 21, 0);

describe('quoteChange', () => {
  it.each([
    [110, 100, 10, 0.1],
    [1234.5, 1250, -15.5, -0.0124],
  ])('%s vs %s', (price, prev, change, pct) => {
    const c = quoteChange({ ...quotes()[0]!, price, previousClose: prev });
    expect(c.change).toBeCloseTo(change, 10);
    expect(c.changePct).toBeCloseTo(pct, 10);
  });
  it('is null without a previous close', () => {
    expect(quoteChange(quotes()[2]!)).toEqual({ change: null, changePct: null });
    expect(quoteChange({ ...quotes()[0]!, previousClose: 0 })).toEqual({ change: null, changePct: null });
  });
});

describe('renderQuotes', () => {
  it('table: price, change, day %, currency, market state, time in zone, freshness', () => {
    const out = renderQuotes(quotes(), 'table', { color: false, width: 140, now });
    expect(out).toMatch(
      /SPY\s+SPDR S&P 500 ETF Trust\s+110\.00\s+\+10\.00\s+\+10\.00%\s+USD\s+CLOSED\s+2026-11-27 16:00 New York\s+live/,
    );
    expect(out).toMatch(
      /EVIL\s+.*1,234\.50\s+-15\.50\s+-1\.24%\s+GBp\s+POST\s+2026-11-27 16:30 London\s+cache, 5m old/,
    );
    expect(out).toMatch(/NOPC\s+0\.5000\s+n\/a\s+n\/a\s+USD\s+REGULAR\s+.*stale, 3d old/);
    expect(out).not.toMatch(ANSI);
    expect(out).not.toContain(']8;;');
    expect(renderQuotes(quotes(), 'table', { color: true, width: 140, now })).toContain(
      '\x1b[32m+10.00%\x1b[0m',
    );
  });

  it("table: the change has the decimals of its row's price, right-aligned under its head", () => {
    const base = quotes()[0]!;
    const rows: Quote[] = [
      { ...base, symbol: 'AAPL', price: 194.24, previousClose: 192.73 },
      { ...base, symbol: 'VOD.L', currency: 'GBp', price: 180.73, previousClose: 180.0911 },
      { ...base, symbol: 'EURUSD=X', price: 1.1734, previousClose: 1.17676 },
      { ...base, symbol: 'PENNY', price: 0.5123, previousClose: 0.5 },
      { ...base, symbol: 'TINY', price: 0.0123, previousClose: 0.012 },
      { ...base, symbol: 'FLAT', price: 100.001, previousClose: 100 },
    ];
    const lines = renderQuotes(rows, 'table', { color: false, width: 140, now }).trimEnd().split('\n');
    const changeEnd = lines[0]!.indexOf('Change') + 'Change'.length;
    const expected: [string, string, string][] = [
      ['AAPL', '194.24', '+1.51'],
      ['VOD.L', '180.73', '+0.64'],
      ['EURUSD=X', '1.1734', '-0.0034'],
      ['PENNY', '0.5123', '+0.0123'],
      ['TINY', '0.01230', '+0.00030'],
      ['FLAT', '100.00', '0.00'],
    ];
    expected.forEach(([symbol, price, change], i) => {
      const line = lines[i + 2]!;
      expect(line.startsWith(`${symbol} `), line).toBe(true);
      expect(line).toContain(` ${price}  `);
      expect(line.slice(changeEnd - change.length - 1, changeEnd), line).toBe(` ${change}`);
    });
    const md = renderQuotes(rows, 'markdown', { color: false, width: 80, now });
    expect(md).toContain('| EURUSD=X | SPDR S&P 500 ETF Trust | 1.1734 | -0.0034 | -0.29% |');
    expect(md).toContain('| VOD.L | SPDR S&P 500 ETF Trust | 180.73 | +0.64 | +0.35% |');
    // A change that rounds to zero is not coloured.
    const coloured = renderQuotes(rows, 'table', { color: true, width: 140, now });
    expect(coloured).toContain('\x1b[32m+1.51\x1b[0m');
    expect(coloured).not.toContain('\x1b[32m0.00\x1b[0m');
  });

  it.each([60, 80])('table fits width %i', (width) => {
    for (const line of renderQuotes(quotes(), 'table', { color: false, width }).split('\n')) {
      expect(visibleWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('json: quotes with change fields, NaN as null', () => {
    const q = quotes();
    q[0]!.previousClose = NaN;
    const parsed = JSON.parse(renderQuotes(q, 'json', { color: true, width: 80 })) as {
      schemaVersion: number;
      quotes: Record<string, unknown>[];
    };
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.quotes).toHaveLength(3);
    expect(parsed.quotes[0]).toMatchObject({
      symbol: 'SPY',
      price: 110,
      previousClose: null,
      change: null,
      changePct: null,
    });
    expect(parsed.quotes[1]!.change).toBeCloseTo(-15.5, 10);
  });

  it('csv: header, raw numbers, injection-safe names', () => {
    const lines = renderQuotes(quotes(), 'csv', { color: false, width: 80 }).split('\r\n');
    expect(lines[0]).toBe(
      'symbol,name,currency,price,previousClose,change,changePct,marketState,marketTime,exchangeTimezone,exchangeName,source',
    );
    expect(lines[1]).toBe(
      'SPY,SPDR S&P 500 ETF Trust,USD,110,100,10,0.1,CLOSED,2026-11-27T21:00:00.000Z,America/New_York,NYSEArca,live',
    );
    expect(lines[2]!.startsWith('EVIL,"\'=HYPERLINK(""http://evil"") | *x*",GBp,1234.5,1250,-15.5,')).toBe(
      true,
    );
    expect(lines[3]).toBe('NOPC,,USD,0.5,,,,REGULAR,2026-11-27T21:00:00.000Z,America/New_York,,stale');
  });

  it('markdown: escaped cells, same column count on every row', () => {
    const md = renderQuotes(quotes(), 'markdown', { color: true, width: 80, now });
    expect(md).not.toMatch(ANSI);
    expect(md).toContain('\\| \\*x\\*');
    const counts = md
      .trim()
      .split('\n')
      .map((l) => (l.match(/(?<!\\)\|/g) ?? []).length);
    expect(new Set(counts).size).toBe(1);
  });
});
