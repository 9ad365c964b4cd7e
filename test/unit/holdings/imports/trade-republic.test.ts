import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';
import { fixtureBytes } from './helpers.js';
import { decodeExport } from '../../../../src/holdings/imports/table.js';
import { parseTradeRepublic } from '../../../../src/holdings/imports/trade-republic.js';

describe('Trade Republic', () => {
  it('TransactionExport01: stock and fund trades, dividends net of tax, a split from the shares added', async () => {
    const isins = new Set(
      parseTradeRepublic(decodeExport(fixtureBytes('TransactionExport01.csv'))).rows.map((r) => r.isin!),
    );
    const r = await importFixture(
      'TransactionExport01.csv',
      Object.fromEntries([...isins].map((i) => [i, `X${i.slice(2, 8)}`])),
    );
    expect(r.format.name).toBe('trade-republic');
    // 339 rows: 162 BUY and 17 SELL, of which 139 and 9 are stocks or funds; 15 dividends; 1 split.
    expect(r.counts).toMatchObject({ rows: 339, buys: 139, sells: 9, dividends: 15, splits: 1 });
    const t = totals(r.rows);
    expect(t.get('X000555')).toMatchObject({ bought: 20, sold: 0 }); // Deutsche Telekom: 15 + 4 + 1
    expect(t.get('X000555')!.dividends).toBeCloseTo(12.16 + 13.3 + 15.4 + 18, 8);
    expect(t.get('X049678')!.dividends).toBeCloseTo(11.46 + 42.38 + 6.61, 8); // S&P 500 EUR (Dist)
    expect(t.get('X049678')!.withheld).toBeCloseTo(2.25 + 8.29 + 1.29, 8);
    // Netflix: 0.017085 + 0.028481 held, 0.410094 added: 10 for 1.
    expect(t.get('X64110L')!.splits[0]).toBeCloseTo(10, 6);
  });

  it('TransactionExport06 (comma-separated): a tax optimisation row is skipped, not dropped', async () => {
    const r = await importFixture('TransactionExport06.csv');
    expect(r.counts).toEqual({ rows: 1, buys: 0, sells: 0, dividends: 0, splits: 0, skipped: 1 });
  });
});
