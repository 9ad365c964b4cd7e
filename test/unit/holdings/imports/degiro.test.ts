import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

const ISINS = {
  IE00B1XNHC34: 'INRG.L',
  GB00BL9YR756: 'WISE.L',
  US18915M1071: 'NET',
  IE00BK5BQT80: 'VWRA.L',
  DE0007164600: 'SAP.DE',
  US1912161007: 'KO',
  US56035L1044: 'MAIN',
  US18539C2044: 'CWEN',
  IE0031442068: 'IUSA.L',
  US00206R1023: 'T',
  US7561091049: 'O',
  JP3633400001: '7203.T',
  US69181V1070: 'OXSQ',
  IE00BYPC1H27: 'CNYB.L',
  IE00BYXG2H39: 'X1',
};

describe('DEGIRO', () => {
  it('Transactions (Dutch): the quantity sign gives buy or sell; costs in EUR converted at the trade rate', async () => {
    const r = await importFixture('DEGIRO_adapter_test.csv', ISINS);
    expect(r.format.name).toBe('degiro-transactions');
    expect(r.counts).toEqual({ rows: 4, buys: 2, sells: 2, dividends: 0, splits: 0, skipped: 0 });
    const t = totals(r.rows);
    expect(t.get('WISE.L')).toMatchObject({ bought: 41, sold: 0 });
    expect(t.get('VWRA.L')).toMatchObject({ bought: 22, sold: 0 });
    // Sold with no purchase in the export: an opening lot each.
    expect(t.get('NET')).toMatchObject({ bought: 7, sold: 7, net: 0 });
    expect(t.get('INRG.L')).toMatchObject({ bought: 18, sold: 18, net: 0 });
    // WISE: 41 at 1048 GBX, costs 4.25 EUR x 85.5205 GBX/EUR.
    const wise = r.rows.find((x) => x.symbol === 'WISE.L')!;
    expect(wise).toMatchObject({ cost: 1048, currency: 'GBX', date: '2021-11-17' });
    expect(wise.fee).toBeCloseTo(4.25 * 85.5205, 8);
  });

  it('Transactions (German, truncated headers, currency before the value)', async () => {
    const r = await importFixture('degiro-Transactions.csv', ISINS);
    expect(r.counts).toEqual({ rows: 2, buys: 1, sells: 1, dividends: 0, splits: 0, skipped: 0 });
    expect(r.rows.map((x) => [x.type, x.symbol, x.shares, x.cost, x.fee, x.date, x.currency])).toEqual([
      ['buy', 'SAP.DE', 30, 97.39, 2.53, '2020-10-26', 'EUR'],
      ['sell', 'SAP.DE', 30, 106.08, 2.6, '2020-12-20', 'EUR'],
    ]);
  });

  it('Account: dividends with their tax in NL, FR, PT...; trades, FX, deposits and fees listed as skipped', async () => {
    const r = await importFixture('degiro-account-export.csv', ISINS);
    expect(r.format.name).toBe('degiro-account');
    expect(r.counts.dividends).toBe(9);
    expect(r.counts.buys + r.counts.sells).toBe(0);
    const t = totals(r.rows);
    expect(t.get('KO')).toMatchObject({ dividends: 0.44, withheld: 0.07 });
    expect(t.get('MAIN')).toMatchObject({ dividends: 0.44, withheld: 0.07 });
    expect(t.get('CWEN')).toMatchObject({ dividends: 0.73, withheld: 0.11 });
    expect(t.get('IUSA.L')).toMatchObject({ dividends: 11.82, withheld: 0 });
    expect(r.skipped.find((s) => s.line === 22)?.reason).toMatch(/a trade/);
    // 75 lines: the header, one wrapped order-id line, and 73 data rows.
    expect(r.counts.rows).toBe(73);
  });

  it('Portfolio: one undated lot per position, no cost; the cash line skipped', async () => {
    const r = await importFixture('degiro-Portfolio.csv', {
      ...Object.fromEntries(
        [
          'US0231351067',
          'IE00B5BMR087',
          'US5949181045',
          'IE00B4L5Y983',
          'IE00B3F81409',
          'DE000A0F5UH1',
          'IE00BYZK4552',
          'DE0006289473',
          'US92826C8394',
          'US4781601046',
          'CH0012032048',
          'US1912161007',
          'US7427181091',
          'CH0012005267',
          'LU0292096186',
          'US09857L1089',
          'FR0000121014',
          'CH0024608827',
          'DE000A1E0HR8',
          'IE00BP3QZ825',
          'CH0032912732',
        ].map((i, k) => [i, `S${k}`]),
      ),
    });
    expect(r.counts).toEqual({ rows: 22, buys: 21, sells: 0, dividends: 0, splits: 0, skipped: 1 });
    expect(r.rows[0]).toMatchObject({
      symbol: 'S0',
      shares: 65,
      totalCost: null,
      cost: null,
      date: null,
      currency: 'USD',
    });
    expect(r.rows.reduce((n, x) => n + (x.shares ?? 0), 0)).toBe(
      65 + 233 + 15 + 460 + 5 + 20 + 305 + 156 + 3 + 8 + 16 + 34 + 16 + 4 + 118 + 28 + 19 + 15 + 7 + 30 + 20,
    );
  });
});
