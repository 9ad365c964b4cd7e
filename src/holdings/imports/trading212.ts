// Trading 212 history export: one row per action. Buys and sells (market, limit, stop), dividends (the
// per-share amount is gross, withholding in its own column), stock splits as a "close" and an "open"
// row, and stock distributions (shares received). Deposits, withdrawals, interest, currency
// conversions and transfers are listed as skipped.
import { type ImportFormat, type ImportRow, type ParsedExport, emptyResult } from './types.js';
import { Cells, isFooter, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  hasColumns(keys, 'Action', 'Time', 'ISIN', 'No. of shares', 'Price / share');

function symbolIds(c: Cells): Pick<ImportRow, 'ticker' | 'exchange' | 'isin' | 'name' | 'currency'> {
  const ticker = present(c.text('Ticker'));
  const isin = present(c.text('ISIN'));
  const currency = present(c.text('Currency (Price / share)'));
  // The export names no exchange: a US ISIN in dollars is a US listing, pence or pounds London;
  // anything else goes through the ISIN.
  const exchange =
    currency === 'USD' && isin?.startsWith('US')
      ? 'NYSE'
      : currency === 'GBX' || currency === 'GBP'
        ? 'LSE'
        : undefined;
  return { ticker, isin, exchange, name: present(c.text('Name')) ?? null, currency: currency ?? null };
}

function parseTrading212(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  const splitClose = new Map<string, { line: number; shares: number }>();
  for (const row of table.rows) {
    if (isFooter(row, 'ymd')) continue;
    const c = new Cells(table, row, out);
    const action = c.text('Action');
    const lower = action.toLowerCase();
    const date = parseDate(c.text('Time'), 'ymd');
    if (date === null) {
      out.problems.push({ line: row.line, reason: `Time ${JSON.stringify(c.text('Time'))}: is not a date` });
      continue;
    }
    const ref = present(c.text('ID')) ?? null;
    // Rows pasted from an export with other columns: a reference where the price should be.
    if (c.text('No. of shares') === '' && /[A-Za-z]/.test(c.text('Price / share'))) {
      out.skipped.push({
        line: row.line,
        reason: `${action}: the row does not fit the header (its values are shifted)`,
      });
      continue;
    }
    if (/^(market|limit|stop|stop limit) (buy|sell)$/.test(lower) || lower === 'stock distribution') {
      tradeRow(c, row.line, action, date, ref, out);
      continue;
    }
    if (lower.startsWith('dividend')) {
      const shares = c.number('No. of shares') ?? 0;
      const perShare = c.number('Price / share');
      const tax = c.number('Withholding tax') ?? 0;
      const total = c.number('Total');
      if (!c.ok) continue;
      const ids = symbolIds(c);
      const taxCurrency = present(c.text('Currency (Withholding tax)'));
      if (
        perShare !== null &&
        shares > 0 &&
        (taxCurrency === undefined || tax === 0 || taxCurrency === ids.currency)
      ) {
        out.rows.push({
          line: row.line,
          type: 'dividend',
          ...ids,
          date,
          shares,
          total: shares * perShare,
          fee: Math.abs(tax),
          account: null,
          notes: action,
        });
      } else if (total !== null) {
        // Withholding in another currency than the dividend: the net cash received, as written.
        out.rows.push({
          line: row.line,
          type: 'dividend',
          ...ids,
          date,
          shares,
          total,
          currency: present(c.text('Currency (Total)')) ?? null,
          account: null,
          notes: `${action}; net of ${Math.abs(tax)} ${taxCurrency ?? ''} withheld`.trim(),
        });
      } else out.problems.push({ line: row.line, reason: `${action}: no amount` });
      continue;
    }
    if (lower === 'stock split close' || lower === 'stock split open') {
      const shares = c.number('No. of shares');
      if (!c.ok) continue;
      const ids = symbolIds(c);
      const key = `${ids.isin ?? ids.ticker}|${date}`;
      if (shares === null || shares <= 0) {
        out.skipped.push({
          line: row.line,
          reason: `${action} without a number of shares (a row that does not fit the header?)`,
        });
        continue;
      }
      if (lower === 'stock split close') {
        splitClose.set(key, { line: row.line, shares });
        continue;
      }
      const close = splitClose.get(key);
      if (close === undefined) {
        out.skipped.push({ line: row.line, reason: 'stock split open without its close row' });
        continue;
      }
      splitClose.delete(key);
      out.rows.push({
        line: row.line,
        type: 'split',
        ...ids,
        date,
        shares: 0,
        ratio: shares / close.shares,
        account: null,
        notes: `with line ${close.line}`,
        mergedLines: [close.line],
      });
      continue;
    }
    out.skipped.push({ line: row.line, reason: skipReason(lower, action) });
  }
  for (const close of splitClose.values())
    out.skipped.push({ line: close.line, reason: 'stock split close without its open row' });
  return out;
}

function tradeRow(
  c: Cells,
  line: number,
  action: string,
  date: string,
  ref: string | null,
  out: ParsedExport,
): void {
  const lower = action.toLowerCase();
  const trade = /^(market|limit|stop|stop limit) (buy|sell)$/.exec(lower);
  const shares = c.number('No. of shares');
  const price = c.number('Price / share');
  if (!c.ok) return;
  if (shares === null || shares <= 0) {
    out.skipped.push({
      line: line,
      reason: `${action} without a number of shares (a row that does not fit the header?)`,
    });
    return;
  }
  const ids = symbolIds(c);
  const feeCurrency =
    present(c.text('Currency (Transaction fee)')) ?? present(c.text('Currency (Currency conversion fee)'));
  const fees = (c.number('Transaction fee') ?? 0) + (c.number('Currency conversion fee') ?? 0);
  const sameCurrency = feeCurrency === ids.currency;
  out.rows.push({
    line: line,
    type: trade?.[2] === 'sell' ? 'sell' : 'buy',
    ...ids,
    date,
    shares,
    price: lower === 'stock distribution' ? null : price,
    ...(fees > 0 && sameCurrency ? { fee: Math.abs(fees) } : {}),
    account: null,
    notes:
      [
        ref,
        lower === 'stock distribution' ? 'stock distribution' : '',
        fees !== 0 && !sameCurrency ? `fees ${Math.abs(fees)} ${feeCurrency}` : '',
      ]
        .filter(Boolean)
        .join('; ') || null,
  });
}

function skipReason(lower: string, action: string): string {
  if (/deposit|withdrawal/.test(lower)) return `${action}: deposit or withdrawal`;
  if (/interest/.test(lower)) return `${action}: interest`;
  if (/transfer/.test(lower)) return `${action}: transfer`;
  if (/currency conversion/.test(lower)) return `${action}: FX conversion`;
  return `${action || 'row'}: not a trade or dividend`;
}

export const trading212: ImportFormat = {
  name: 'trading212',
  label: 'Trading 212',
  detect: (text) => /^\ufeff?"?Action"?,"?Time"?,/.test(text) && /No\. of shares/.test(text.slice(0, 2000)),
  parse: parseTrading212,
};
