// Portfolio Performance's CSV export (File > Export > CSV) of a securities account or a deposit
// account, with English or German headers. `Value` is the cash that moved (a buy: gross + fees +
// taxes; a sale: gross - fees - taxes; a dividend: net of taxes); `Shares` the shares. Buys and
// inbound deliveries are purchases, sales and outbound deliveries sales, dividends dividends (taxes
// as the fee). Cash-only types (deposits, removals, interest, fees, taxes, transfers) are skipped.
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { Cells, present, tableOf } from './rows.js';
import { hasColumns, type Table } from './table.js';
import { guessDecimalStyle, parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  (hasColumns(keys, 'Date', 'Type', 'Value') && (keys.includes('shares') || keys.includes('isin'))) ||
  (hasColumns(keys, 'Datum', 'Typ', 'Wert') && (keys.includes('stuck') || keys.includes('isin')));

const BUY = /^(buy|kauf|delivery \(inbound\)|einlieferung)$/i;
const SELL = /^(sell|verkauf|delivery \(outbound\)|auslieferung)$/i;
const DIVIDEND = /^(dividend|dividende|dividends|ertrag)$/i;

function parsePortfolioPerformance(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  const style = guessDecimalStyle(numberCells(table), table.delimiter === ';' ? 'comma' : 'dot');
  for (const row of table.rows) {
    const c = new Cells(table, row, out, style);
    const rawDate = c.text('Date', 'Datum');
    const date = parseDate(rawDate, 'ymd') ?? parseDate(rawDate, 'dmy');
    if (date === null) {
      out.problems.push({ line: row.line, reason: `Date ${JSON.stringify(rawDate)}: is not a date` });
      continue;
    }
    const type = c.text('Type', 'Typ');
    const trade = BUY.test(type) ? 'buy' : SELL.test(type) ? 'sell' : undefined;
    if (trade === undefined && !DIVIDEND.test(type)) {
      out.skipped.push({
        line: row.line,
        reason: `${type || 'row'}: cash movement, not a trade or dividend`,
      });
      continue;
    }
    const value = c.number('Value', 'Wert');
    const fees = Math.abs(c.number('Fees', 'Gebühren') ?? 0);
    const taxes = Math.abs(c.number('Taxes', 'Steuern') ?? 0);
    const shares = c.number('Shares', 'Stück');
    if (!c.ok) continue;
    const ticker = present(c.text('Ticker Symbol', 'Ticker-Symbol'));
    const ids = {
      isin: present(c.text('ISIN')),
      yahooSymbol: ticker,
      name: present(c.text('Security Name', 'Wertpapiername')) ?? null,
      currency: present(c.text('Transaction Currency', 'Buchungswährung')) ?? null,
      account: null,
      notes: present(c.text('Note', 'Notiz'))?.replace(/\s+/g, ' ') ?? null,
    };
    if (ids.isin === undefined && ticker === undefined) {
      out.skipped.push({ line: row.line, reason: `${type} without a security` });
      continue;
    }
    const net = Math.abs(value ?? 0);
    if (trade !== undefined) {
      if (shares === null || shares === 0) {
        out.problems.push({
          line: row.line,
          reason: `Shares ${JSON.stringify(c.text('Shares', 'Stück'))}: is empty`,
        });
        continue;
      }
      const gross = trade === 'buy' ? net - fees - taxes : net + fees + taxes;
      out.rows.push({
        line: row.line,
        type: trade,
        ...ids,
        date,
        shares: Math.abs(shares),
        price: null,
        total: gross,
        ...(fees + taxes > 0 ? { fee: fees + taxes } : {}),
      });
      continue;
    }
    out.rows.push({
      line: row.line,
      type: 'dividend',
      ...ids,
      date,
      shares: Math.abs(shares ?? 0),
      total: net + fees + taxes,
      ...(fees + taxes > 0 ? { fee: fees + taxes } : {}),
    });
  }
  return out;
}

function numberCells(table: Table): string[] {
  const columns = [
    'Value',
    'Wert',
    'Fees',
    'Gebühren',
    'Taxes',
    'Steuern',
    'Shares',
    'Stück',
    'Gross Amount',
    'Bruttobetrag',
  ];
  return table.rows.flatMap((r) => columns.map((n) => table.cell(r, n)));
}

export const portfolioPerformance: ImportFormat = {
  name: 'portfolio-performance',
  label: 'Portfolio Performance CSV export',
  detect: (text) => /^\ufeff?"?(Date|Datum)"?;"?(Type|Typ)"?;"?(Value|Wert)"?;/.test(text),
  parse: parsePortfolioPerformance,
};
