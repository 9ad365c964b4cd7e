// Charles Schwab brokerage transaction history: "Date,Action,Symbol,Description,Quantity,Price,Fees &
// Comm,Amount", newest first, money as `$1,234.56` / `-$1.30`, dates "07/15/2024 as of 07/12/2024".
// Dividends of every kind (cash, qualified, reinvested, capital gain distributions) pair with the
// Foreign Tax Paid of the same symbol and day; a Stock Split gives the shares added (convert.ts makes
// the ratio), a Reverse Split two rows (shares in and out).
import { type CashPart, combineDividends } from './dividends.js';
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { Cells, isFooter, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { isCusip, parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  hasColumns(keys, 'Date', 'Action', 'Symbol', 'Description', 'Quantity', 'Price', 'Amount');

const BUY = /^(buy|reinvest shares|buy to open)$/i;
const SELL = /^(sell|sell short|sell to close)$/i;
const DIVIDEND = /(div|dividend|cap gain|capital gain|distribution)\b/i;
const NOT_DIVIDEND = /stock div dist|cash in lieu/i;
const TAX = /foreign tax|tax withh|nra tax/i;

function parseSchwab(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  const cash: CashPart[] = [];
  const reverse = new Map<string, { line: number; shares: number; symbol?: string }[]>();
  for (const row of table.rows) {
    if (isFooter(row, 'mdy')) continue;
    const c = new Cells(table, row, out);
    const first = c.text('Date');
    if (/total/i.test(first)) {
      out.skipped.push({ line: row.line, reason: 'total row' });
      continue;
    }
    const date = parseDate(first, 'mdy');
    if (date === null) {
      out.problems.push({ line: row.line, reason: `Date ${JSON.stringify(first)}: is not a date` });
      continue;
    }
    const action = c.text('Action');
    const symbol = present(c.text('Symbol'));
    const name = present(c.text('Description')) ?? null;
    const quantity = c.number('Quantity');
    const price = c.number('Price');
    const fee = c.number('Fees & Comm', 'Fees & Commissions');
    const amount = c.number('Amount');
    if (!c.ok) continue;
    const ids = {
      ticker: symbol,
      exchange: symbol !== undefined ? 'NYSE' : undefined,
      name,
      currency: 'USD',
      account: null,
    };
    if (BUY.test(action) || SELL.test(action)) {
      if (symbol === undefined || /\s/.test(symbol)) {
        out.skipped.push({ line: row.line, reason: `${action}: an option or a row without a symbol` });
        continue;
      }
      if (quantity === null || quantity === 0) {
        out.problems.push({
          line: row.line,
          reason: `Quantity ${JSON.stringify(c.text('Quantity'))}: is empty`,
        });
        continue;
      }
      out.rows.push({
        line: row.line,
        type: BUY.test(action) ? 'buy' : 'sell',
        ...ids,
        date,
        shares: Math.abs(quantity),
        price: price ?? null,
        total:
          price === null && amount !== null
            ? Math.abs(amount) - (BUY.test(action) ? (fee ?? 0) : -(fee ?? 0))
            : null,
        ...(fee !== null && fee > 0 ? { fee } : {}),
        notes: action === 'Reinvest Shares' ? 'reinvested dividend' : null,
      });
      continue;
    }
    if ((DIVIDEND.test(action) && !NOT_DIVIDEND.test(action)) || TAX.test(action)) {
      if (symbol === undefined || amount === null) {
        out.skipped.push({ line: row.line, reason: `${action} without a symbol or amount` });
        continue;
      }
      cash.push({
        line: row.line,
        kind: TAX.test(action) ? 'tax' : 'gross',
        amount,
        key: `${symbol}|${date}`,
        row: { type: 'dividend', ...ids, date, shares: 0, notes: action },
      });
      continue;
    }
    if (/^stock split$/i.test(action) && symbol !== undefined && quantity !== null && quantity > 0) {
      out.rows.push({
        line: row.line,
        type: 'split',
        ...ids,
        date,
        shares: 0,
        splitAddedShares: quantity,
        notes: `${action}: ${quantity} shares added`,
      });
      continue;
    }
    if (/^reverse split$/i.test(action) && symbol !== undefined && quantity !== null) {
      const list = reverse.get(date) ?? [];
      list.push({ line: row.line, shares: quantity, symbol });
      reverse.set(date, list);
      continue;
    }
    if (
      /^(stock div dist|spin-off)$/i.test(action) &&
      symbol !== undefined &&
      quantity !== null &&
      quantity > 0
    ) {
      out.rows.push({
        line: row.line,
        type: 'buy',
        ...ids,
        date,
        shares: quantity,
        price: null,
        notes: `${action}: shares received, cost unknown`,
      });
      continue;
    }
    out.skipped.push({ line: row.line, reason: skipReason(action) });
  }
  for (const [date, list] of reverse) reverseSplit(date, list, out);
  combineDividends(cash, out.rows, out.skipped);
  return out;
}

/** A Reverse Split: the new shares under the ticker, the old ones out under the old CUSIP. */
function reverseSplit(
  date: string,
  list: { line: number; shares: number; symbol?: string }[],
  out: ParsedExport,
): void {
  const added = list.find((r) => r.shares > 0 && !isCusip(r.symbol));
  const removed = list.find((r) => r.shares < 0);
  if (added === undefined || removed === undefined || Math.abs(added.shares / removed.shares - 1) < 1e-9) {
    for (const r of list)
      out.skipped.push({
        line: r.line,
        reason: "reverse split without a usable ratio (Yahoo's split events apply)",
      });
    return;
  }
  out.rows.push({
    line: added.line,
    type: 'split',
    ticker: added.symbol,
    exchange: 'NYSE',
    date,
    shares: 0,
    ratio: added.shares / -removed.shares,
    account: null,
    notes: 'Reverse Split',
    mergedLines: [removed.line],
  });
  for (const r of list)
    if (r !== added && r !== removed) out.skipped.push({ line: r.line, reason: 'reverse split row' });
}

function skipReason(action: string): string {
  if (/interest/i.test(action)) return `${action}: interest`;
  if (/transfer|wire|moneylink|journal/i.test(action)) return `${action}: transfer of cash or shares`;
  if (/fee/i.test(action)) return `${action}: fee`;
  if (/merger|name change|conversion|cash in lieu/i.test(action))
    return `${action}: corporate action (not a split)`;
  return `${action || 'row'}: not a trade, dividend or split`;
}

export const schwab: ImportFormat = {
  name: 'schwab',
  label: 'Charles Schwab transactions',
  detect: (text) =>
    /^\ufeff?"?Date"?,"?Action"?,"?Symbol"?,"?Description"?,"?Quantity"?,"?Price"?,"?Fees & Comm/m.test(
      text.slice(0, 3000),
    ),
  parse: parseSchwab,
};
