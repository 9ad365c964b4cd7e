// Layouts and rules the samples do not show, from the formats' documentation and the parsers of the
// projects that read them: newer headers, cancellations, splits written as shares added.
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../../src/holdings/imports/index.js';
import { totals } from './helpers.js';

const run = (text: string, isins: Record<string, string> = {}) =>
  importExport(new TextEncoder().encode(text), {
    file: 'x',
    resolveIsins: (requests) =>
      Promise.resolve(new Map(requests.map(({ isin }) => [isin, isins[isin] ?? null]))),
  });

describe('layouts beyond the samples', () => {
  it('DEGIRO Transactions, English header with currencies in the column names; costs in EUR converted', async () => {
    const r = await run(
      'Date,Time,Product,ISIN,Reference exchange,Venue,Quantity,Price,,Local value,,Value EUR,Exchange rate,AutoFX Fee,Transaction and/or third party fees EUR,Total EUR,Order ID\n' +
        '05-03-2024,15:31,APPLE INC. - COMMON ST,US0378331005,NDQ,XNAS,10,170.5000,USD,-1705.00,USD,-1569.42,1.0864,-3.92,-2.00,-1575.34,abc\n' +
        '06-03-2024,15:31,APPLE INC. - COMMON ST,US0378331005,NDQ,XNAS,-4,171.0000,USD,684.00,USD,629.60,1.0864,-1.57,-2.00,626.03,def\n',
      { US0378331005: 'AAPL' },
    );
    expect(r.format.name).toBe('degiro-transactions');
    expect(totals(r.rows).get('AAPL')).toMatchObject({ bought: 10, sold: 4, net: 6 });
    expect(r.rows[0]!.fee).toBeCloseTo(2 * 1.0864, 10);
  });

  it('IBKR Flex XML: a cancelled buy (negative quantity) takes the shares back', async () => {
    const trade = (q: string, side: string) =>
      `<Trade symbol="AAPL" listingExchange="NASDAQ" assetCategory="STK" currency="USD" tradeDate="20240105" quantity="${q}" tradePrice="180" ibCommission="-1" buySell="${side}" levelOfDetail="EXECUTION"/>`;
    const r = await run(
      `<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><Trades>${trade('10', 'BUY')}${trade('-10', 'BUY (Ca.)')}${trade('5', 'BUY')}</Trades></FlexStatement></FlexStatements></FlexQueryResponse>`,
    );
    expect(totals(r.rows).get('AAPL')).toMatchObject({ bought: 15, sold: 10, net: 5 });
  });

  it('IBKR Flex XML without listingExchange: a US ISIN in dollars routed via IBKRATS is a US listing', async () => {
    const r = await run(
      '<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><Trades>' +
        '<Trade symbol="BRK B" isin="US0846707026" exchange="IBKRATS" assetCategory="STK" currency="USD" tradeDate="20240105" quantity="2" tradePrice="360" buySell="BUY"/>' +
        '<Trade symbol="VUSA" isin="IE00B3XXRP09" exchange="LSEETF" assetCategory="STK" currency="GBP" tradeDate="20240105" quantity="3" tradePrice="80" buySell="BUY"/>' +
        '</Trades></FlexStatement></FlexStatements></FlexQueryResponse>',
    );
    expect(r.rows.map((x) => x.symbol)).toEqual(['BRK-B', 'VUSA.L']);
  });

  it('IBKR Flex XML: a forward split in one row, 4 for 1', async () => {
    const r = await run(
      '<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><CorporateActions>' +
        '<CorporateAction symbol="AAPL" listingExchange="NASDAQ" assetCategory="STK" type="FS" dateTime="2020-08-28;202500" quantity="30" description="AAPL(US0378331005) SPLIT 4 FOR 1 (AAPL, APPLE INC, US0378331005)"/>' +
        '</CorporateActions></FlexStatement></FlexStatements></FlexQueryResponse>',
    );
    expect(r.rows).toMatchObject([{ type: 'split', symbol: 'AAPL', shares: 4, date: '2020-08-28' }]);
  });

  it('IBKR Flex CSV: a withholding booked days after its dividend joins it; one of another security does not', async () => {
    const r = await run(
      '"Type","SettleDate","ISIN","Description","Amount","CurrencyPrimary"\n' +
        '"Dividends","20240315","US0378331005","AAPL(US0378331005) CASH DIVIDEND USD 0.24 PER SHARE","24","USD"\n' +
        '"Withholding Tax","20240320","US0378331005","AAPL(US0378331005) CASH DIVIDEND USD 0.24 PER SHARE - US TAX","-3.6","USD"\n' +
        '"Withholding Tax","20240320","US5949181045","MSFT(US5949181045) CASH DIVIDEND USD 0.75 PER SHARE - US TAX","-1","USD"\n',
      { US0378331005: 'AAPL', US5949181045: 'MSFT' },
    );
    expect(totals(r.rows).get('AAPL')).toMatchObject({ dividends: 24, withheld: 3.6 });
    expect(r.rows.filter((x) => x.symbol === 'MSFT')).toEqual([]);
    expect(r.skipped).toEqual([{ line: 4, reason: 'withholding tax without its dividend in the export' }]);
  });

  it('Fidelity: a split as a DISTRIBUTION of shares without cash', async () => {
    const r = await run(
      'Run Date,Action,Symbol,Security Description,Security Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date\n' +
        '06/10/2024,DISTRIBUTION NVIDIA CORPORATION (NVDA) (Cash),NVDA,NVIDIA CORPORATION,Cash,90,,,,,,\n' +
        '01/02/2024,YOU BOUGHT NVIDIA CORPORATION (NVDA) (Cash),NVDA,NVIDIA CORPORATION,Cash,10,480.00,0,,,-4800.00,01/04/2024\n',
    );
    expect(totals(r.rows).get('NVDA')).toMatchObject({ bought: 10, splits: [10] });
  });

  it('an unknown --from is a usage error (exit 2) naming the formats', async () => {
    const failure = importExport(new Uint8Array([0x61]), { file: 'x', from: 'nope' });
    await expect(failure).rejects.toThrow(/--from "nope": must be one of ibkr-flex-xml, /);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
  });

  it.each([
    ['(1,234.50)', -1234.5],
    ['$1,234.50', 1234.5],
    ['-$30.93', -30.93],
    ['€88,94', 88.94],
    ['£1.234,5', 1234.5],
  ])('money as brokers write it: %s', async (raw, value) => {
    const { parseAmount } = await import('../../../../src/holdings/imports/values.js');
    expect(parseAmount(raw, 'auto')).toBeCloseTo(value, 10);
  });

  it.each([
    ['07/15/2024 as of 07/12/2024', 'mdy', '2024-07-15'],
    ['20130401', 'ymd', '2013-04-01'],
    ['2013-03-05, 19:45:00', 'ymd', '2013-03-05'],
    ['2023-12-18 14:30:03.613', 'ymd', '2023-12-18'],
    ['03/04/24', 'dmy', '2024-04-03'],
    ['02-Apr-2025', 'dmy', '2025-04-02'],
    ['2025-12-23;202000', 'ymd', '2025-12-23'],
  ] as const)('dates as brokers write them: %s', async (raw, order, iso) => {
    const { parseDate } = await import('../../../../src/holdings/imports/values.js');
    expect(parseDate(raw, order)).toBe(iso);
  });

  it.each([
    [
      'UTF-16 LE with BOM',
      (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
    ],
    ['ISO-8859-1', (t: string) => Buffer.from(t, 'latin1')],
    [
      'UTF-8 with BOM',
      (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
    ],
  ])('encodings: %s', async (_name, encode) => {
    const text =
      'Date,Action,Symbol,Description,Quantity,Price,Fees & Comm,Amount\n"01/02/2024","Buy","VOD","VODAFONE £ ADR","10","$9.00","","-$90.00"\n';
    const r = await importExport(encode(text), { file: 'x' });
    expect(r.rows).toMatchObject([{ symbol: 'VOD', shares: 10, cost: 9, name: 'VODAFONE £ ADR' }]);
  });
});
