import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

describe('Trading 212', () => {
  it('trading212-export: buys, a sell of shares bought before the export, dividends, shifted rows skipped', async () => {
    const r = await importFixture('trading212-export.csv');
    expect(r.format.name).toBe('trading212');
    expect(r.counts).toEqual({ rows: 13, buys: 3, sells: 1, dividends: 3, splits: 0, skipped: 6 });
    const t = totals(r.rows);
    expect(t.get('CSCO')!.bought).toBeCloseTo(0.029053, 10);
    // ASTR: sold 0.61254 with nothing bought in the export: an opening lot of that many shares.
    expect(t.get('ASTR')).toMatchObject({ bought: 0.61254, sold: 0.61254 });
    expect(r.rows[0]).toMatchObject({
      symbol: 'ASTR',
      date: '2023-12-17',
      cost: null,
      notes: 'opening position, not in the export',
    });
    expect(r.warnings).toHaveLength(1);
    // MAIN: 0.154334 shares x 0.23 USD gross, 0.01 USD withheld.
    expect(t.get('MAIN')!.dividends).toBeCloseTo(0.154334 * 0.23, 10);
    expect(t.get('MAIN')!.withheld).toBeCloseTo(0.01, 10);
    // INRG: tax in USD against a GBX dividend: the net 17.67 EUR received.
    expect(r.rows.find((x) => x.symbol === 'INRG.L')).toMatchObject({ totalCost: 17.67, currency: 'EUR' });
    expect(r.skipped.map((s) => s.line)).toEqual([2, 10, 11, 12, 13, 14]);
  });

  it('transactions (2024 layout): limit sell, fees in the account currency kept as notes', async () => {
    const r = await importFixture('trading212-transactions.csv', {}, { from: 'trading212' });
    expect(r.counts).toEqual({ rows: 7, buys: 1, sells: 1, dividends: 1, splits: 0, skipped: 4 });
    const foo = totals(r.rows).get('FOO')!;
    expect(foo).toMatchObject({ bought: 24, sold: 24, net: 0 });
    expect(foo.dividends).toBeCloseTo(24 * 0.03, 10);
    expect(foo.withheld).toBeCloseTo(0.02, 10);
    expect(r.rows.find((x) => x.type === 'sell')).toMatchObject({
      cost: 164.01,
      currency: 'USD',
      fee: null,
      date: '2024-04-29',
    });
  });
});
