// Interactive Brokers Flex Query statements, CSV: the user picks the columns, so every column is read
// by name and only the ones a row needs must be there. Sections (trades, cash transactions, open
// positions, corporate actions) may follow each other, each under its own header row; the
// "HEADER"/"DATA" record markers of Flex's header-and-trailer option are understood.
import { type CashPart, combineDividends } from './dividends.js';
import { listingOf } from './ibkr-flex-xml.js';
import { columnKey, type Table, type TableRow } from './table.js';
import { type ImportFormat, type ImportRow, type ParsedExport, emptyResult } from './types.js';
import { Cells, present } from './rows.js';
import { parseCsv } from '../csv.js';
import { parseDate } from './values.js';

const SIGNATURE = [
  'currencyprimary',
  'clientaccountid',
  'ibcommission',
  'buysell',
  'tradeprice',
  'levelofdetail',
];
const STOCKS = new Set(['STK', 'ETF', 'FUND', '']);

function isHeader(keys: string[]): boolean {
  return (
    keys.filter((k) => SIGNATURE.includes(k)).length >= 1 &&
    (keys.includes('isin') || keys.includes('symbol')) &&
    (keys.includes('tradedate') ||
      keys.includes('amount') ||
      keys.includes('position') ||
      keys.includes('quantity'))
  );
}

function flexDate(raw: string): string | null {
  return parseDate(raw.split(/[;,\s]/)[0], 'ymd');
}

function parseIbkrFlexCsv(text: string): ParsedExport {
  const out = emptyResult();
  const records: TableRow[] = [];
  const body = text.replace(/^\ufeff/, '');
  const delimiter =
    body.split(/\r?\n/, 1)[0]!.includes(';') && !body.split(/\r?\n/, 1)[0]!.includes(',') ? ';' : ',';
  const parsed = parseCsv(body, delimiter, (r) => records.push({ line: r.line, fields: r.fields }));
  if (!parsed.ok) {
    out.problems.push({ line: parsed.line, reason: parsed.reason });
    return out;
  }
  const cash: CashPart[] = [];
  let table: Table | undefined;
  for (const record of records) {
    let fields = record.fields;
    const marker = (fields[0] ?? '').trim().toUpperCase();
    if (['BOF', 'EOF', 'BOA', 'EOA', 'BOS', 'EOS'].includes(marker)) continue;
    if (marker === 'HEADER' || marker === 'DATA') fields = fields.slice(2);
    const keys = fields.map(columnKey);
    if (isHeader(keys)) {
      table = headerTable(fields, record.line);
      continue;
    }
    if (table === undefined) {
      out.problems.push({ line: record.line, reason: 'data before the header row' });
      continue;
    }
    row(table, { line: record.line, fields }, cash, out);
  }
  if (table === undefined && out.problems.length === 0)
    out.problems.push({ line: 1, reason: 'no header row found' });
  combineDividends(cash, out.rows, out.skipped);
  return out;
}

function headerTable(header: string[], line: number): Table {
  const keys = header.map(columnKey);
  const index = (...names: string[]) => {
    for (const n of names) {
      const i = keys.indexOf(columnKey(n));
      if (i >= 0) return i;
    }
    return -1;
  };
  return {
    header,
    headerLine: line,
    rows: [],
    delimiter: ',',
    index,
    cell: (r, ...names) => {
      const i = index(...names);
      return i < 0 ? '' : (r.fields[i] ?? '').trim();
    },
  };
}

function identity(
  c: Cells,
): Pick<ImportRow, 'ticker' | 'exchange' | 'isin' | 'cusip' | 'name' | 'account' | 'currency'> {
  return {
    ticker: present(c.text('Symbol', 'UnderlyingSymbol')),
    exchange: listingOf(
      present(c.text('ListingExchange')),
      present(c.text('Exchange')),
      present(c.text('CurrencyPrimary', 'Currency')),
      present(c.text('ISIN')),
    ),
    isin:
      present(c.text('ISIN')) ??
      (c.text('SecurityIDType') === 'ISIN' ? present(c.text('SecurityID')) : undefined),
    cusip: present(c.text('CUSIP')),
    name: present(c.text('Description')) ?? null,
    account: present(c.text('ClientAccountID', 'AccountID')) ?? null,
    currency: present(c.text('CurrencyPrimary', 'Currency')) ?? null,
  };
}

function row(table: Table, r: TableRow, cash: CashPart[], out: ParsedExport): void {
  const c = new Cells(table, r, out);
  const has = (name: string) => table.index(name) >= 0;
  const category = c.text('AssetClass', 'AssetCategory').toUpperCase();
  if (has('Position') && !has('TradePrice')) {
    position(c, r, category, out);
    return;
  }
  if (has('TradePrice') || has('Buy/Sell')) {
    trade(c, r, category, out);
    return;
  }
  if (has('Amount') && has('Type')) {
    cashRow(c, r, cash, out);
    return;
  }
  out.skipped.push({ line: r.line, reason: 'row of a section folio does not read' });
}

function trade(c: Cells, r: TableRow, category: string, out: ParsedExport): void {
  const id = identity(c);
  if (
    category === 'CASH' ||
    (id.isin === undefined && (id.ticker === undefined || /^[A-Z]{3}\.[A-Z]{3}$/.test(id.ticker)))
  ) {
    out.skipped.push({ line: r.line, reason: 'FX conversion' });
    return;
  }
  if (!STOCKS.has(category)) {
    out.skipped.push({ line: r.line, reason: `${category} trade (only stocks and funds are held in folio)` });
    return;
  }
  const detail = c.text('LevelOfDetail').toUpperCase();
  if (detail !== '' && detail !== 'EXECUTION') {
    out.skipped.push({ line: r.line, reason: `trade row at ${detail} detail (executions are read)` });
    return;
  }
  const quantity = c.required('Quantity');
  const price = c.required('TradePrice', 'Price');
  const date = flexDate(c.text('TradeDate', 'Date/Time', 'DateTime'));
  if (date === null)
    out.problems.push({
      line: r.line,
      reason: `TradeDate ${JSON.stringify(c.text('TradeDate', 'Date/Time'))}: is not a date`,
    });
  if (!c.ok || date === null) return;
  if (quantity === 0) {
    out.skipped.push({ line: r.line, reason: 'trade of zero shares' });
    return;
  }
  const side = c.text('Buy/Sell', 'BuySell').toUpperCase();
  const commission = c.number('IBCommission', 'Commission') ?? 0;
  const feeCurrency = c.text('IBCommissionCurrency') || id.currency;
  const fee = -commission;
  out.rows.push({
    line: r.line,
    // The quantity's sign says which way the shares went; a subset without signs has Buy/Sell.
    type: quantity < 0 || (quantity > 0 && side.startsWith('SELL') && !side.includes('(CA')) ? 'sell' : 'buy',
    ...id,
    date,
    shares: Math.abs(quantity),
    price,
    ...(fee > 0 && feeCurrency === id.currency ? { fee } : {}),
    notes:
      [
        present(c.text('TradeID', 'TransactionID')) ? `trade ${c.text('TradeID', 'TransactionID')}` : '',
        fee > 0 && feeCurrency !== id.currency ? `commission ${fee} ${feeCurrency}` : '',
      ]
        .filter(Boolean)
        .join('; ') || null,
  });
}

const DIVIDEND = /^(dividends?|payment in lieu of dividends?)$/i;
const WITHHOLDING = /^withholding tax$/i;

function cashRow(c: Cells, r: TableRow, cash: CashPart[], out: ParsedExport): void {
  const type = c.text('Type');
  if (!DIVIDEND.test(type) && !WITHHOLDING.test(type)) {
    out.skipped.push({ line: r.line, reason: `${type || 'cash row'}: not a dividend` });
    return;
  }
  const amount = c.required('Amount');
  const raw = c.text('Date/Time', 'DateTime', 'SettleDate', 'ReportDate', 'Date');
  const date = flexDate(raw);
  if (date === null)
    out.problems.push({ line: r.line, reason: `date ${JSON.stringify(raw)}: is not a date` });
  if (!c.ok || date === null) return;
  const id = identity(c);
  // The ticker is often only in the description: "VT(US9220427424) CASH DIVIDEND ...".
  const ticker = id.ticker ?? /^\s*([^(\s]+)\(/.exec(c.text('Description'))?.[1];
  if (ticker === undefined && id.isin === undefined) {
    out.skipped.push({ line: r.line, reason: `${type} row names no security` });
    return;
  }
  cash.push({
    line: r.line,
    kind: DIVIDEND.test(type) ? 'gross' : 'tax',
    amount,
    key: [id.account, id.isin ?? ticker, date, id.currency].join('|'),
    row: { type: 'dividend', ...id, ticker, name: null, date, shares: 0, notes: null },
  });
}

function position(c: Cells, r: TableRow, category: string, out: ParsedExport): void {
  if (!STOCKS.has(category)) {
    out.skipped.push({
      line: r.line,
      reason: `${category} position (only stocks and funds are held in folio)`,
    });
    return;
  }
  const shares = c.required('Position');
  const cost = c.number('CostBasisMoney');
  if (!c.ok) return;
  if (shares <= 0) {
    out.skipped.push({ line: r.line, reason: shares === 0 ? 'position of zero shares' : 'short position' });
    return;
  }
  const detail = c.text('LevelOfDetail').toUpperCase();
  out.rows.push({
    line: r.line,
    type: 'buy',
    position: true,
    ...identity(c),
    date: detail === 'LOT' ? flexDate(c.text('OpenDateTime')) : null,
    shares,
    total: cost === null ? null : Math.abs(cost),
    notes: 'open position',
  });
}

export const ibkrFlexCsv: ImportFormat = {
  name: 'ibkr-flex-csv',
  label: 'Interactive Brokers Flex Query (CSV)',
  detect: (text) => {
    const first = text
      .slice(0, 8192)
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)
      .slice(0, 5);
    return first.some((line) => {
      const fields: string[] = [];
      parseCsv(line, ',', (r) => fields.push(...r.fields));
      const keys = fields.map(columnKey);
      const start = keys[0] === 'header' ? keys.slice(2) : keys;
      return isHeader(start);
    });
  },
  parse: parseIbkrFlexCsv,
};
