// Yahoo Finance's portfolio export ("quotes.csv"): a quote snapshot per symbol plus, where the user
// entered them, its lots (Trade Date yyyymmdd, Purchase Price, Quantity, Commission). Each row with a
// quantity is one lot of its position; a negative quantity is a sale. Symbols are Yahoo's already;
// the file has no currency (the instrument's own is meant). Watchlist rows (no quantity) and cash
// (`$$CASH`) are listed as skipped.
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { Cells, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  hasColumns(keys, 'Symbol', 'Current Price', 'Trade Date', 'Purchase Price', 'Quantity');

function parseYahooPortfolio(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  for (const row of table.rows) {
    const c = new Cells(table, row, out);
    const symbol = c.text('Symbol');
    const quantity = c.number('Quantity');
    const price = c.number('Purchase Price');
    const commission = c.number('Commission');
    if (!c.ok) continue;
    if (symbol === '' || symbol.startsWith('$$') || quantity === null || quantity === 0) {
      out.skipped.push({
        line: row.line,
        reason: symbol.startsWith('$$') ? 'cash' : `${symbol || 'row'}: no lot (a watchlist row)`,
      });
      continue;
    }
    const rawDate = c.text('Trade Date');
    const date = rawDate === '' ? null : parseDate(rawDate, 'ymd');
    if (rawDate !== '' && date === null) {
      out.problems.push({ line: row.line, reason: `Trade Date ${JSON.stringify(rawDate)}: is not a date` });
      continue;
    }
    if (quantity < 0 && date === null) {
      out.problems.push({ line: row.line, reason: 'a sale (negative Quantity) needs a Trade Date' });
      continue;
    }
    out.rows.push({
      line: row.line,
      type: quantity < 0 ? 'sell' : 'buy',
      yahooSymbol: symbol,
      date,
      shares: Math.abs(quantity),
      price: price ?? null,
      ...(commission !== null && commission > 0 ? { fee: commission } : {}),
      currency: null,
      account: null,
      name: null,
      notes: present(c.text('Comment')) ?? null,
    });
  }
  return out;
}

export const yahooPortfolio: ImportFormat = {
  name: 'yahoo',
  label: 'Yahoo Finance portfolio export (quotes.csv)',
  detect: (text) => /^\ufeff?"?Symbol"?,"?Current Price"?,"?Date"?,"?Time"?,/.test(text),
  parse: parseYahooPortfolio,
};
