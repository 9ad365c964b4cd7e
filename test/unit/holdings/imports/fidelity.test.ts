import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

describe('Fidelity', () => {
  it('Accounts_History: buys, a reinvestment, a dividend with its non-resident tax; footer ignored', async () => {
    const r = await importFixture('Accounts_History.csv');
    expect(r.format.name).toBe('fidelity-activity');
    expect(r.counts).toEqual({ rows: 16, buys: 6, sells: 0, dividends: 1, splits: 0, skipped: 8 });
    const vt = totals(r.rows).get('VT')!;
    expect(vt.bought).toBeCloseTo(130 + 28 + 10 + 10 + 22 + 0.8724, 10);
    expect(vt.dividends).toBeCloseTo(144.98, 8);
    expect(vt.withheld).toBeCloseTo(21.75, 8);
    expect(r.rows[0]).toMatchObject({ account: 'U12349876', date: '2025-12-15', cost: 141.795 });
  });

  it('History_for_Account (older layout, comma preamble, CRLF): only cash movements, all skipped', async () => {
    const r = await importFixture('History_for_Account_X8YYYYYYY.csv');
    expect(r.format.name).toBe('fidelity-activity');
    expect(r.counts).toEqual({ rows: 11, buys: 0, sells: 0, dividends: 0, splits: 0, skipped: 11 });
  });

  it('positions: one undated lot per position with its cost basis total; money market skipped', async () => {
    const r = await importFixture('fido_pos.csv');
    expect(r.format.name).toBe('fidelity-positions');
    expect(r.counts).toEqual({ rows: 7, buys: 4, sells: 0, dividends: 0, splits: 0, skipped: 3 });
    expect(r.rows.map((x) => [x.symbol, x.shares, x.totalCost, x.date, x.account])).toEqual([
      ['FXAIX', 7.788, 200, null, 'Z22222222'],
      ['GOOG', 4, 300, null, 'Z22222222'],
      ['FXAIX', 10, 200, null, 'Z4567'],
      ['HOOL', 300, 300, null, 'Z4567'],
    ]);
  });
});
