import { describe, expect, it } from 'vitest';
import { importFixture, totals } from './helpers.js';

describe('IBKR Flex XML', () => {
  it('testIBFlexStatementFile01: trades, a 1-for-25 reverse split in two rows, fees, a tender and a cash merger', async () => {
    const r = await importFixture('testIBFlexStatementFile01.xml');
    expect(r.format.name).toBe('ibkr-flex-xml');
    // 14 <Trade>: 13 stock executions and one option (skipped); 15 FX translations, 7 cash rows (fees,
    // interest, a withholding without its dividend), 5 corporate actions (2 split rows = 1 split).
    expect(r.counts).toEqual({ rows: 41, buys: 13, sells: 0, dividends: 0, splits: 1, skipped: 27 });
    const t = totals(r.rows);
    // UUU: 100+200+6x100 on 2 Jan, 1100 on 3 Jan, 10000 on 19 Feb = 12000; GCM: 5000+6000+1000 = 12000.
    expect(t.get('UUU.TO')).toMatchObject({ bought: 12000, sold: 0, splits: [] });
    expect(t.get('GCM.TO')).toMatchObject({ bought: 12000, sold: 0, splits: [0.04] });
    const split = r.rows.find((row) => row.type === 'split');
    expect(split).toMatchObject({ symbol: 'GCM.TO', date: '2013-06-17', account: 'U123456' });
    // The first GCM trade: 5000 at 0.27 CAD, commission 6.75.
    expect(r.rows.find((row) => row.notes === 'tradeID 855937427')).toMatchObject({
      type: 'buy',
      shares: 5000,
      cost: 0.27,
      fee: 6.75,
      currency: 'CAD',
      date: '2013-04-01',
    });
    expect(r.skipped.find((s) => s.line === 18)?.reason).toMatch(/OPT trade/);
    expect(r.skipped.find((s) => s.line === 42)?.reason).toMatch(/merger/);
    expect(r.skipped.find((s) => s.line === 49)?.reason).toMatch(/withholding tax without its dividend/);
  });

  it('vtandchill_2025: trades reconciled with the open position, a dividend net of US tax', async () => {
    const r = await importFixture('vtandchill_2025.xml');
    // 7 trades: 5 VT executions, 2 USD.CHF conversions; 3 summary rows; 10 cash rows: the dividend
    // and its withholding (one dividend), 8 others; the open position is reconciled, not written.
    expect(r.counts).toEqual({ rows: 21, buys: 5, sells: 0, dividends: 1, splits: 0, skipped: 14 });
    const vt = totals(r.rows).get('VT')!;
    expect(vt.bought).toBe(130 + 28 + 10 + 10 + 22);
    expect(vt.dividends).toBeCloseTo(144.976, 6);
    expect(vt.withheld).toBeCloseTo(21.746, 6);
    expect(r.warnings).toEqual([]); // 200 from the trades = the position of 200
    expect(r.skipped.find((s) => s.line === 11)?.reason).toMatch(/reconciled/);
  });

  it('a position larger than the trades: an opening lot for the difference, and a warning', async () => {
    const xml = `<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1">
<OpenPositions><OpenPosition symbol="VOD" listingExchange="LSE" assetCategory="STK" currency="GBP" position="150" costBasisMoney="200" levelOfDetail="SUMMARY"/></OpenPositions>
<Trades><Trade symbol="VOD" listingExchange="LSE" assetCategory="STK" currency="GBP" tradeDate="20240105" quantity="100" tradePrice="0.7" ibCommission="-3" buySell="BUY" levelOfDetail="EXECUTION"/>
<Trade symbol="VOD" listingExchange="LSE" assetCategory="STK" currency="GBP" tradeDate="20240110" quantity="-20" tradePrice="0.75" ibCommission="-3" buySell="SELL" levelOfDetail="EXECUTION"/></Trades>
</FlexStatement></FlexStatements></FlexQueryResponse>`;
    const { importExport } = await import('../../../../src/holdings/imports/index.js');
    const r = await importExport(new TextEncoder().encode(xml), { file: 'x.xml' });
    const vod = totals(r.rows).get('VOD.L')!;
    // trades leave 80; the position says 150: 70 more shares from before the export.
    expect(vod.bought).toBe(170);
    expect(vod.sold).toBe(20);
    expect(r.rows[0]).toMatchObject({
      symbol: 'VOD.L',
      shares: 70,
      date: '2024-01-04',
      notes: 'opening position, not in the export',
    });
    expect(r.warnings.join('\n')).toMatch(/VOD\.L: the open position is 150 shares, the trades give 80/);
  });

  it.each([
    [
      'truncated',
      '<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1">\n<Trades>\n<Trade symbol="A" quan',
      /x\.xml:3: damaged or truncated/,
    ],
    [
      'not closed',
      '<FlexQueryResponse><FlexStatements>\n<FlexStatement accountId="U1">\n<Trades>\n</Trades>',
      /x\.xml:4: truncated: <FlexStatement> is never closed/,
    ],
    [
      'bad number',
      '<FlexQueryResponse><FlexStatements><FlexStatement>\n<Trades><Trade symbol="A" assetCategory="STK" tradeDate="20240101" quantity="x" tradePrice="1"/></Trades></FlexStatement></FlexStatements></FlexQueryResponse>',
      /x\.xml:2: Trade: unreadable/,
    ],
  ])('damaged export (%s): a line-numbered input error', async (_name, xml, message) => {
    const { importExport } = await import('../../../../src/holdings/imports/index.js');
    await expect(importExport(new TextEncoder().encode(xml), { file: 'x.xml' })).rejects.toThrow(message);
  });
});
