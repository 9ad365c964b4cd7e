import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

const ISINS = { US9220427424: 'VT', CH0111762537: 'SMMCHA.SW', JP3546800008: '4543.T', US11135F1012: 'AVGO' };

describe('IBKR Flex CSV', () => {
  it('trades: ISIN-only rows resolved, FX conversions skipped, commission as fee', async () => {
    const r = await importFixture('ibkr-trades-export.csv', ISINS);
    expect(r.format.name).toBe('ibkr-flex-csv');
    expect(r.counts).toEqual({ rows: 11, buys: 8, sells: 0, dividends: 0, splits: 0, skipped: 3 });
    const t = totals(r.rows);
    expect(t.get('VT')!.bought).toBe(95 + 105 + 11 + 1 + 2 + 97 + 12);
    expect(t.get('SMMCHA.SW')!.bought).toBe(7);
    expect(r.rows.find((x) => x.symbol === 'SMMCHA.SW')).toMatchObject({
      cost: 282.7,
      fee: 5,
      currency: 'CHF',
      date: '2023-05-22',
    });
    expect(r.skipped.map((s) => s.line)).toEqual([10, 11, 12]);
  });

  it('dividends: withholding folded into the dividend of the same security and day; payments in lieu count', async () => {
    const r = await importFixture('ibkr-dividends-export.csv', ISINS);
    // 11 rows: 6 dividends (VT x3, SMMCHA = 4.83 + 41.93 on one day, 2 payments in lieu), 5 folded.
    expect(r.counts).toEqual({ rows: 11, buys: 0, sells: 0, dividends: 6, splits: 0, skipped: 0 });
    const t = totals(r.rows);
    expect(t.get('VT')!.dividends).toBeCloseTo(137.23 + 85.97 + 169.77, 8);
    expect(t.get('VT')!.withheld).toBeCloseTo(20.58 + 12.9 + 25.47, 8);
    expect(t.get('SMMCHA.SW')!.dividends).toBeCloseTo(46.76, 8);
    expect(t.get('SMMCHA.SW')!.withheld).toBeCloseTo(14.68, 8);
    expect(t.get('4543.T')!.dividends).toBe(455);
    expect(t.get('AVGO')!.dividends).toBeCloseTo(0.59, 8);
  });

  it('an ISIN that search cannot resolve: exit 3 naming the ISIN and the map line to add', async () => {
    await expect(importFixture('ibkr-trades-export.csv', { US9220427424: 'VT' })).rejects.toThrow(
      /ibkr-trades-export\.csv:2: no Yahoo symbol for CH0111762537.*"CH0111762537,SYMBOL"/,
    );
  });

  it('--symbols settles what search cannot', async () => {
    const r = await importFixture(
      'ibkr-trades-export.csv',
      {},
      {
        symbolMap: new Map([
          ['CH0111762537', 'SMMCHA.SW'],
          ['US9220427424', 'VT'],
        ]),
      },
    );
    expect(totals(r.rows).get('SMMCHA.SW')!.bought).toBe(7);
  });
});
