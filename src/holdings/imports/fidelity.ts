// Fidelity "Accounts History" (activity) and "Portfolio Positions" (snapshot) CSVs. Activity rows say
// what they are in the Action text (YOU BOUGHT, YOU SOLD, REINVESTMENT, DIVIDEND RECEIVED, NON-RESIDENT
// TAX / FOREIGN TAX PAID, ...); blank comma rows before the header and a quoted disclaimer and "Date
// downloaded" line after the data are not data. Positions: one lot per position, its cost basis total.
import { type CashPart, combineDividends } from './dividends.js';
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { Cells, isFooter, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { parseDate } from './values.js';

const isActivityHeader = (keys: string[]) =>
  hasColumns(keys, 'Run Date', 'Action', 'Symbol', 'Quantity', 'Amount ($)');
const isPositionsHeader = (keys: string[]) =>
  hasColumns(keys, 'Account Number', 'Symbol', 'Description', 'Quantity') &&
  (keys.includes('costbasistotal') || keys.includes('lastprice'));

const BUY = /^(YOU BOUGHT|BOUGHT|REINVESTMENT|PURCHASE INTO CORE|BUY)\b/i;
const SELL = /^(YOU SOLD|SOLD|REDEMPTION FROM CORE|SELL)\b/i;
const DIVIDEND =
  /^(DIVIDEND RECEIVED|LONG-TERM CAP GAIN|SHORT-TERM CAP GAIN|DISTRIBUTION|RETURN OF CAPITAL)\b/i;
const TAX = /^(NON-RESIDENT TAX|FOREIGN TAX PAID|ADJ NON-RESIDENT TAX|ADJ FOREIGN TAX)\b/i;
const MONEY_MARKET = /\*\*$|^(SPAXX|FDRXX|FZFXX|SPRXX|FCASH|CORE)/i;

function parseFidelityActivity(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isActivityHeader);
  if (table === undefined) return out;
  const cash: CashPart[] = [];
  for (const row of table.rows) {
    if (isFooter(row, 'mdy')) continue;
    const c = new Cells(table, row, out);
    const date = parseDate(c.text('Run Date'), 'mdy');
    if (date === null) {
      // Quoted disclaimer lines with commas inside are not data either.
      if (row.fields.slice(1).every((f) => f.trim() === '')) continue;
      out.problems.push({
        line: row.line,
        reason: `Run Date ${JSON.stringify(c.text('Run Date'))}: is not a date`,
      });
      continue;
    }
    const action = c.text('Action').trim();
    const symbol = present(c.text('Symbol'));
    const quantity = c.number('Quantity');
    const price = c.number('Price ($)', 'Price');
    const fees = (c.number('Commission ($)', 'Commission') ?? 0) + (c.number('Fees ($)', 'Fees') ?? 0);
    const amount = c.number('Amount ($)', 'Amount');
    if (!c.ok) continue;
    const ids = {
      ticker: symbol,
      exchange: symbol !== undefined ? 'NYSE' : undefined,
      name: present(c.text('Description', 'Security Description')) ?? null,
      currency: 'USD',
      account: present(c.text('Account Number', 'Account')) ?? null,
    };
    const trade = BUY.test(action) ? 'buy' : SELL.test(action) ? 'sell' : undefined;
    if (trade !== undefined && symbol !== undefined && !MONEY_MARKET.test(symbol)) {
      if (quantity === null || quantity === 0) {
        out.problems.push({
          line: row.line,
          reason: `Quantity ${JSON.stringify(c.text('Quantity'))}: is empty`,
        });
        continue;
      }
      out.rows.push({
        line: row.line,
        type: trade,
        ...ids,
        date,
        shares: Math.abs(quantity),
        price: price ?? null,
        total: price === null && amount !== null ? Math.abs(amount) : null,
        ...(fees > 0 ? { fee: fees } : {}),
        notes: /^REINVESTMENT/i.test(action) ? 'reinvestment' : null,
      });
      continue;
    }
    // A stock split: "DISTRIBUTION ..." with the shares added and no cash.
    if (
      /^DISTRIBUTION\b/i.test(action) &&
      symbol !== undefined &&
      quantity !== null &&
      quantity > 0 &&
      !amount
    ) {
      out.rows.push({
        line: row.line,
        type: 'split',
        ...ids,
        date,
        shares: 0,
        splitAddedShares: quantity,
        notes: 'distribution of shares',
      });
      continue;
    }
    if (
      (DIVIDEND.test(action) || TAX.test(action)) &&
      symbol !== undefined &&
      amount !== null &&
      !MONEY_MARKET.test(symbol)
    ) {
      cash.push({
        line: row.line,
        kind: TAX.test(action) ? 'tax' : 'gross',
        amount,
        key: `${ids.account}|${symbol}|${date}`,
        row: { type: 'dividend', ...ids, date, shares: 0, notes: null },
      });
      continue;
    }
    out.skipped.push({ line: row.line, reason: skipReason(action, symbol) });
  }
  combineDividends(cash, out.rows, out.skipped);
  return out;
}

function skipReason(action: string, symbol: string | undefined): string {
  const what = action.replace(/\s+/g, ' ').slice(0, 60);
  if (symbol !== undefined && MONEY_MARKET.test(symbol)) return `${what}: money market (cash)`;
  if (/INTEREST/i.test(action)) return `${what}: interest`;
  if (/TRANSFER|DEPOSIT|DEBIT|WIRE|CONTRIBUTION|EFT|CHECK/i.test(action))
    return `${what}: transfer, deposit or withdrawal`;
  if (/FEE/i.test(action)) return `${what}: fee`;
  return `${what}: not a trade or dividend`;
}

function parseFidelityPositions(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isPositionsHeader);
  if (table === undefined) return out;
  for (const row of table.rows) {
    if (isFooter(row, 'mdy') || row.fields.slice(1).every((f) => f.trim() === '')) continue;
    const c = new Cells(table, row, out);
    const symbol = present(c.text('Symbol'));
    const quantity = c.number('Quantity');
    const cost = c.number('Cost Basis Total', 'Cost Basis');
    if (!c.ok) continue;
    if (symbol === undefined || MONEY_MARKET.test(symbol) || quantity === null) {
      out.skipped.push({
        line: row.line,
        reason: `${symbol ?? 'row'}: cash or money market, or pending activity`,
      });
      continue;
    }
    if (quantity <= 0) {
      out.skipped.push({
        line: row.line,
        reason: `${symbol}: ${quantity === 0 ? 'no shares' : 'short position'}`,
      });
      continue;
    }
    out.rows.push({
      line: row.line,
      type: 'buy',
      position: true,
      ticker: symbol,
      exchange: 'NYSE',
      date: null,
      shares: quantity,
      total: cost === null ? null : Math.abs(cost),
      currency: 'USD',
      account: present(c.text('Account Number')) ?? null,
      name: present(c.text('Description')) ?? null,
      notes: 'position',
    });
  }
  return out;
}

export const fidelityActivity: ImportFormat = {
  name: 'fidelity-activity',
  label: 'Fidelity account history (activity)',
  detect: (text) =>
    /^\s*(?:,*\s*\r?\n)*\ufeff?"?Run Date"?,/m.test(text.slice(0, 2000)) &&
    /Amount \(\$\)/.test(text.slice(0, 3000)),
  parse: parseFidelityActivity,
};

export const fidelityPositions: ImportFormat = {
  name: 'fidelity-positions',
  label: 'Fidelity portfolio positions',
  detect: (text) =>
    /^\ufeff?"?Account Number"?,"?Account Name"?,"?Symbol"?,"?Description"?,"?Quantity"?,/m.test(
      text.slice(0, 2000),
    ),
  parse: parseFidelityPositions,
};
