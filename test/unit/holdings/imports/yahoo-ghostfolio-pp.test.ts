import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

describe('Yahoo Finance quotes.csv', () => {
  it('one lot per row, dated by Trade Date (yyyymmdd), no currency', async () => {
    const r = await importFixture('ok-yahoo-finance.csv');
    expect(r.format.name).toBe('yahoo');
    expect(r.rows.map((x) => [x.symbol, x.shares, x.cost, x.date, x.currency])).toEqual([
      ['CHSPI.SW', 252, 134, '2023-08-10', null],
      ['VT', 1100, 89, '2023-10-02', null],
      ['CHDVD.SW', 232, 100, '2023-10-11', null],
    ]);
  });
});

describe('Ghostfolio', () => {
  it.each(['ghostfolio-sample.csv', 'ghostfolio-sample.json'])(
    '%s: buy and dividend; fee, MANUAL and zero rows skipped',
    async (file) => {
      const r = await importFixture(file, { US5949181045: 'MSFT' });
      expect(r.counts).toEqual({ rows: 5, buys: 1, sells: 0, dividends: 1, splits: 0, skipped: 3 });
      const msft = totals(r.rows).get('MSFT')!;
      expect(msft.bought).toBe(5);
      expect(msft.dividends).toBeCloseTo(0.62 * 5, 10);
      expect(r.rows[0]).toMatchObject({ cost: 298.58, fee: 19, date: '2021-09-16' });
    },
  );
});

describe('Portfolio Performance', () => {
  it('en_securities_1: inbound deliveries are buys at value less fees, the outbound one a sale', async () => {
    const r = await importFixture('en_securities_1.csv', { IE00BJ5JNY98: 'WITS.DE' });
    expect(r.format.name).toBe('portfolio-performance');
    expect(r.counts).toEqual({ rows: 36, buys: 35, sells: 1, dividends: 0, splits: 0, skipped: 0 });
    const t = totals(r.rows);
    expect(t.get('APC.DE')!.bought).toBe(36 + 12 + 5);
    expect(t.get('GOAI.DE')).toMatchObject({ bought: 40, sold: 40 });
    // 4.979,80 EUR paid with 10,00 fees: 4969.80 for 36 shares.
    expect(r.rows[0]).toMatchObject({ symbol: 'APC.DE', shares: 36, totalCost: 4969.8, fee: 10 });
  });

  it('de_depot_with_newlines (German headers, a multi-line note)', async () => {
    const r = await importFixture('de_depot_with_newlines.csv');
    expect(r.counts).toEqual({ rows: 2, buys: 2, sells: 0, dividends: 0, splits: 0, skipped: 0 });
    expect(totals(r.rows).get('RY6.F')!.bought).toBe(15);
    expect(r.rows[1]).toMatchObject({ totalCost: 540, fee: 1, notes: 'Note with new line' });
  });
});
