import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

describe('Charles Schwab', () => {
  it('transactions.csv: dollar amounts, 4-decimal prices, fees', async () => {
    const r = await importFixture('schwab-transactions.csv');
    expect(r.format.name).toBe('schwab');
    expect(r.counts).toEqual({ rows: 7, buys: 3, sells: 3, dividends: 0, splits: 0, skipped: 1 });
    const t = totals(r.rows);
    for (const [s, n] of [
      ['BAR', 300],
      ['FOO', 500],
      ['QUX', 1300],
    ] as const)
      expect(t.get(s)).toMatchObject({ bought: n, sold: n, net: 0 });
    expect(r.rows.find((x) => x.symbol === 'BAR' && x.type === 'buy')).toMatchObject({
      cost: 135.0075,
      fee: 1.34,
      date: '2023-10-09',
    });
  });

  it('schwab-export: reinvestments, dividends of every kind, a 10:1 split from the shares added, footer total', async () => {
    const r = await importFixture('schwab-export.csv');
    const t = totals(r.rows);
    // AVGO: 1 share on 06/13/2024, then "Stock Split" adds 9 on 07/15/2024 ("as of 07/12"): 10 for 1.
    expect(t.get('AVGO')).toMatchObject({ bought: 1, splits: [10] });
    expect(r.rows.find((x) => x.type === 'split')!.date).toBe('2024-07-15');
    // SPY dividends: 932.07 (Pr Yr Div Reinvest) + 716.12 + 694.48 + 5.90 (Pr Yr Cash Div).
    expect(t.get('SPY')!.dividends).toBeCloseTo(932.07 + 716.12 + 694.48 + 5.9, 8);
    // SPY reinvested: 2.299 + 1.575 + 1.5705 + 1.6531.
    expect(t.get('SPY')!.bought).toBeCloseTo(2.299 + 1.575 + 1.5705 + 1.6531, 10);
    // FIHBX sells 592.199 of which the export bought 14.855+14.445+14.356+14.539+14.396 before the sale.
    const opening = r.rows.find(
      (x) => x.symbol === 'FIHBX' && x.notes === 'opening position, not in the export',
    )!;
    expect(opening.shares).toBeCloseTo(592.199 - (14.855 + 14.445 + 14.356 + 14.539 + 14.396), 8);
    expect(r.skipped.find((s) => s.line === 121)?.reason).toBe('total row');
    expect(r.skipped.find((s) => s.line === 106)?.reason).toMatch(/withholding tax without its dividend/);
    expect(r.counts.sells).toBe(2);
    expect(r.counts.splits).toBe(1);
  });
});
