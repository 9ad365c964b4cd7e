// Trade Republic's own CSV transaction export (`;` or `,` separated): TRADING rows are buys and sells
// (shares negative on a sale, fee and tax negative), CASH rows with type DIVIDEND, DISTRIBUTION or
// DIVIDEND_EQUIVALENT_PAYMENT are dividends (amount gross, tax withheld in `tax`), a CORPORATE_ACTION
// SPLIT gives the shares added. The `symbol` column holds the ISIN. Everything else (card payments,
// deposits, interest, gifts, bond redemptions) is listed as skipped.
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { Cells, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { isIsin, parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  hasColumns(keys, 'datetime', 'category', 'type', 'asset_class', 'symbol', 'shares', 'amount', 'fee', 'tax');
const HELD = new Set(['STOCK', 'FUND', '']);
const DIVIDEND = new Set(['DIVIDEND', 'DISTRIBUTION', 'DIVIDEND_EQUIVALENT_PAYMENT']);

export function parseTradeRepublic(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  for (const row of table.rows) {
    const c = new Cells(table, row, out);
    const date = parseDate(c.text('date') || c.text('datetime'), 'ymd');
    if (date === null) {
      out.problems.push({ line: row.line, reason: `date ${JSON.stringify(c.text('date'))}: is not a date` });
      continue;
    }
    const category = c.text('category').toUpperCase();
    const type = c.text('type').toUpperCase();
    const assetClass = c.text('asset_class').toUpperCase();
    const what = `${category} ${type}`.trim();
    const isin = present(c.text('symbol'));
    const ids = {
      isin,
      ticker: isin !== undefined && !isIsin(isin) ? isin : undefined,
      name: present(c.text('name')) ?? null,
      currency: present(c.text('currency')) ?? null,
      account: null,
    };
    const ref = present(c.text('transaction_id')) ?? null;
    const isTrade = category === 'TRADING' && (type === 'BUY' || type === 'SELL');
    const isDividend = category === 'CASH' && DIVIDEND.has(type);
    const isSplit = category === 'CORPORATE_ACTION' && type === 'SPLIT';
    if ((isTrade || isDividend || isSplit) && !HELD.has(assetClass)) {
      out.skipped.push({
        line: row.line,
        reason: `${what} of a ${assetClass.toLowerCase()} (only stocks and funds are held in folio)`,
      });
      continue;
    }
    if (isTrade) {
      const shares = c.required('shares');
      const price = c.number('price');
      const amount = c.number('amount');
      const fee = Math.abs(c.number('fee') ?? 0) + Math.abs(c.number('tax') ?? 0);
      if (!c.ok) continue;
      out.rows.push({
        line: row.line,
        type: type === 'BUY' ? 'buy' : 'sell',
        ...ids,
        date,
        shares: Math.abs(shares),
        price: price ?? null,
        total: price === null && amount !== null ? Math.abs(amount) : null,
        ...(fee > 0 ? { fee } : {}),
        notes: ref,
      });
      continue;
    }
    if (isDividend) {
      const shares = c.number('shares') ?? 0;
      const amount = c.required('amount');
      const tax = Math.abs(c.number('tax') ?? 0) + Math.abs(c.number('fee') ?? 0);
      if (!c.ok) continue;
      out.rows.push({
        line: row.line,
        type: 'dividend',
        ...ids,
        date,
        shares: Math.abs(shares),
        total: amount,
        ...(tax > 0 ? { fee: tax } : {}),
        notes: ref,
      });
      continue;
    }
    if (isSplit) {
      const added = c.required('shares');
      if (!c.ok) continue;
      out.rows.push({
        line: row.line,
        type: 'split',
        ...ids,
        date,
        shares: 0,
        splitAddedShares: added,
        notes: ref,
      });
      continue;
    }
    out.skipped.push({
      line: row.line,
      reason: `${what}: ${category === 'CASH' ? 'cash movement (deposit, card, interest, transfer...)' : 'not a trade, dividend or split'}`,
    });
  }
  return out;
}

export const tradeRepublic: ImportFormat = {
  name: 'trade-republic',
  label: 'Trade Republic transaction export (CSV)',
  detect: (text) =>
    /^\ufeff?"?datetime"?[;,]"?date"?[;,]"?account_type"?[;,]"?category"?[;,]"?type"?/.test(text),
  parse: parseTradeRepublic,
};
