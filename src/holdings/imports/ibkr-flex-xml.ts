// Interactive Brokers Flex Query statements, XML (Activity Flex). Read sections: Trades (executions),
// CashTransactions (dividends, payments in lieu, withholding tax; interest, fees and deposits are
// listed as skipped), CorporateActions (splits, forward and reverse; other actions listed as
// skipped), OpenPositions (one lot per position, or per lot at LOT detail) and the FX and transfer
// sections (skipped). A statement with both trades and positions gets its trades converted and its
// positions used to reconcile (convert.ts).
import { type CashPart, combineDividends } from './dividends.js';
import { yahooSuffix } from './exchanges.js';
import { type ImportFormat, type ImportRow, type ParsedExport, emptyResult } from './types.js';
import { parseAmount, parseDate } from './values.js';
import { readXml, type XmlElement } from './xml.js';

const STOCKS = new Set(['STK', 'ETF', 'FUND', 'MF']);
const SUMMARY = /SUMMARY/;

/** The date part of `20130401`, `2013-03-05, 19:45:00`, `2025-12-23;202000`. */
function flexDate(raw: string | undefined): string | null {
  return parseDate(raw?.split(/[;,\s]/)[0], 'ymd');
}

function identity(
  a: Record<string, string>,
): Pick<ImportRow, 'ticker' | 'exchange' | 'isin' | 'cusip' | 'name'> {
  const isin = a.isin || (a.securityIDType === 'ISIN' ? a.securityID : '') || undefined;
  return {
    ticker: a.symbol || undefined,
    exchange: listingOf(a.listingExchange, a.exchange, a.currency, isin),
    isin,
    cusip: a.cusip || undefined,
    name: a.description || null,
  };
}

/**
 * The listing exchange: `listingExchange` when the query has it; else the executing exchange when the
 * suffix table knows it; else a dollar trade of a US ISIN is taken for a US listing (IBKR routes US orders through
 * many venues: IBKRATS, DRCTEDGE, MEMX, ...), anything else goes through the ISIN.
 */
export function listingOf(
  listing: string | undefined,
  executed: string | undefined,
  currency: string | undefined,
  isin: string | undefined,
): string | undefined {
  if (listing) return listing;
  if (executed && yahooSuffix(executed) !== undefined) return executed;
  return currency === 'USD' && (isin === undefined || isin === '' || isin.startsWith('US'))
    ? 'NYSE'
    : undefined;
}

function parseIbkrFlexXml(text: string): ParsedExport {
  const out = emptyResult();
  const xml = readXml(text);
  if (!xml.ok) {
    out.problems.push({ line: xml.line, reason: xml.reason });
    return out;
  }
  if (!xml.elements.some((e) => e.name === 'FlexStatement')) {
    out.problems.push({ line: 1, reason: 'no <FlexStatement> in this Flex query response' });
    return out;
  }
  const cash: CashPart[] = [];
  const hasCashDetail = xml.elements.some(
    (e) => e.name === 'CashTransaction' && e.attrs.levelOfDetail === 'DETAIL',
  );
  const hasLots = new Set(
    xml.elements
      .filter((e) => e.name === 'OpenPosition' && e.attrs.levelOfDetail === 'LOT')
      .map((e) => e.attrs.accountId),
  );
  let statementAccount: string | null = null;
  for (const e of xml.elements) {
    if (e.name === 'FlexStatement') statementAccount = e.attrs.accountId || null;
    const account = e.attrs.accountId || statementAccount;
    switch (e.name) {
      case 'Trade':
        trade(e, account, out);
        break;
      case 'CashTransaction':
        if (hasCashDetail && SUMMARY.test(e.attrs.levelOfDetail ?? '')) {
          out.skipped.push({ line: e.line, reason: 'cash summary row (its detail rows are read)' });
        } else cashTransaction(e, account, cash, out);
        break;
      case 'CorporateAction':
        corporateAction(e, account, out);
        break;
      case 'OpenPosition':
        if (hasLots.has(e.attrs.accountId) && e.attrs.levelOfDetail !== 'LOT') {
          out.skipped.push({ line: e.line, reason: 'position summary (its lots are read)' });
        } else openPosition(e, account, out);
        break;
      case 'FxTransaction':
        out.skipped.push({ line: e.line, reason: 'FX translation of a cash balance' });
        break;
      case 'SymbolSummary':
      case 'AssetSummary':
      case 'Order':
        out.skipped.push({ line: e.line, reason: 'trade summary row (its executions are read)' });
        break;
      case 'Transfer':
      case 'TradeTransfer':
        out.skipped.push({ line: e.line, reason: 'transfer of positions between accounts' });
        break;
      default:
        break;
    }
  }
  combineDividends(cash, out.rows, out.skipped);
  return out;
}

function trade(e: XmlElement, account: string | null, out: ParsedExport): void {
  const a = e.attrs;
  const detail = a.levelOfDetail ?? 'EXECUTION';
  if (detail !== 'EXECUTION' && detail !== '') {
    out.skipped.push({ line: e.line, reason: `trade row at ${detail} detail (executions are read)` });
    return;
  }
  const category = a.assetCategory ?? 'STK';
  if (category === 'CASH') {
    out.skipped.push({ line: e.line, reason: `FX conversion ${a.symbol ?? ''}`.trim() });
    return;
  }
  if (!STOCKS.has(category)) {
    out.skipped.push({ line: e.line, reason: `${category} trade (only stocks and funds are held in folio)` });
    return;
  }
  const quantity = parseAmount(a.quantity);
  const price = parseAmount(a.tradePrice);
  const date = flexDate(a.tradeDate || a.dateTime);
  if (quantity === null || Number.isNaN(quantity) || price === null || Number.isNaN(price) || date === null) {
    out.problems.push({ line: e.line, reason: `Trade: unreadable quantity, tradePrice or tradeDate` });
    return;
  }
  if (quantity === 0) {
    out.skipped.push({ line: e.line, reason: 'trade of zero shares' });
    return;
  }
  // The quantity's sign says which way the shares went (a cancelled buy, "BUY (Ca.)", is negative).
  const sell = quantity < 0;
  const commission = parseAmount(a.ibCommission) ?? 0;
  const taxes = parseAmount(a.taxes) ?? 0;
  const feeCurrency = a.ibCommissionCurrency || a.currency;
  const fee = -(Number.isNaN(commission) ? 0 : commission) + (Number.isNaN(taxes) ? 0 : Math.abs(taxes));
  const sameCurrency = feeCurrency === a.currency;
  out.rows.push({
    line: e.line,
    type: sell ? 'sell' : 'buy',
    ...identity(a),
    date,
    shares: Math.abs(quantity),
    price,
    ...(fee > 0 && sameCurrency ? { fee } : {}),
    currency: a.currency || null,
    account,
    notes:
      [
        a.tradeID ? `tradeID ${a.tradeID}` : a.transactionID ? `transactionID ${a.transactionID}` : '',
        fee > 0 && !sameCurrency ? `commission ${fee} ${feeCurrency}` : '',
      ]
        .filter(Boolean)
        .join('; ') || null,
  });
}

const DIVIDEND = /^(dividends?|payment in lieu of dividends?)$/i;
const WITHHOLDING = /^withholding tax$/i;

function cashTransaction(e: XmlElement, account: string | null, cash: CashPart[], out: ParsedExport): void {
  const a = e.attrs;
  const type = a.type ?? '';
  if (!DIVIDEND.test(type) && !WITHHOLDING.test(type)) {
    out.skipped.push({ line: e.line, reason: skipReason(type) });
    return;
  }
  const amount = parseAmount(a.amount);
  const date = flexDate(a.dateTime || a.settleDate || a.reportDate);
  if (amount === null || Number.isNaN(amount) || date === null) {
    out.problems.push({ line: e.line, reason: `CashTransaction: unreadable amount or dateTime` });
    return;
  }
  const id = identity(a);
  if (id.ticker === undefined && id.isin === undefined) {
    out.skipped.push({ line: e.line, reason: `${type} row names no security` });
    return;
  }
  cash.push({
    line: e.line,
    kind: DIVIDEND.test(type) ? 'gross' : 'tax',
    amount,
    key: [account, a.conid || id.isin || id.ticker, date, a.currency].join('|'),
    row: {
      type: 'dividend',
      ...id,
      name: null,
      date,
      shares: 0,
      currency: a.currency || null,
      account,
      notes: a.transactionID ? `transactionID ${a.transactionID}` : null,
    },
  });
}

function skipReason(type: string): string {
  if (/deposit|withdraw/i.test(type)) return `${type}: deposit or withdrawal`;
  if (/interest/i.test(type)) return `${type}: interest`;
  if (/fee|commission/i.test(type)) return `${type}: fee`;
  return `${type || 'cash transaction'}: not a dividend`;
}

const SPLIT = /SPLIT\s+(\d+(?:\.\d+)?)\s+FOR\s+(\d+(?:\.\d+)?)/i;

function corporateAction(e: XmlElement, account: string | null, out: ParsedExport): void {
  const a = e.attrs;
  const description = a.description ?? a.actionDescription ?? '';
  const split = SPLIT.exec(description);
  const date = flexDate(a.dateTime || a.reportDate);
  if (split === null || a.type === 'SO' || /SPINOFF|SPIN-OFF/i.test(description)) {
    out.skipped.push({
      line: e.line,
      reason: `corporate action ${corporateActionName(a.type, description)}`,
    });
    return;
  }
  if (date === null) {
    out.problems.push({ line: e.line, reason: 'CorporateAction: unreadable dateTime' });
    return;
  }
  // "GCM(CA38501D2041) SPLIT 1 FOR 25": the symbol before the parenthesis is the one the shares were
  // bought under; IBKR writes a reverse split as two rows (old shares out, new in): one split.
  const symbol = /^\s*([^(\s]+)\(/.exec(description)?.[1] ?? a.symbol ?? '';
  const ratio = Number(split[1]) / Number(split[2]);
  const duplicate = out.rows.some(
    (r) => r.type === 'split' && r.ticker === symbol && r.date === date && r.account === account,
  );
  if (duplicate) {
    out.skipped.push({ line: e.line, reason: 'second row of a split already converted' });
    return;
  }
  out.rows.push({
    line: e.line,
    type: 'split',
    ticker: symbol,
    exchange: a.listingExchange || undefined,
    isin: /\(([A-Z]{2}[A-Z0-9]{9}\d)\)/.exec(description)?.[1],
    date,
    shares: 0,
    ratio,
    account,
    notes: `${split[0]}${a.transactionID ? `; transactionID ${a.transactionID}` : ''}`,
  });
}

function corporateActionName(type: string | undefined, description: string): string {
  if (/MERGED|ACQUIRED|TENDER/i.test(description)) return `(merger, tender or cash offer): ${description}`;
  return `${type ? `${type} ` : ''}(not a split): ${description}`;
}

function openPosition(e: XmlElement, account: string | null, out: ParsedExport): void {
  const a = e.attrs;
  const category = a.assetCategory ?? 'STK';
  if (!STOCKS.has(category)) {
    out.skipped.push({
      line: e.line,
      reason: `${category} position (only stocks and funds are held in folio)`,
    });
    return;
  }
  const position = parseAmount(a.position);
  if (position === null || Number.isNaN(position)) {
    out.problems.push({ line: e.line, reason: 'OpenPosition: unreadable position' });
    return;
  }
  if (position <= 0) {
    out.skipped.push({ line: e.line, reason: position === 0 ? 'position of zero shares' : 'short position' });
    return;
  }
  const cost = parseAmount(a.costBasisMoney);
  const opened = a.levelOfDetail === 'LOT' ? flexDate(a.openDateTime) : null;
  out.rows.push({
    line: e.line,
    type: 'buy',
    position: true,
    ...identity(a),
    date: opened,
    shares: position,
    total: cost === null || Number.isNaN(cost) ? null : Math.abs(cost),
    currency: a.currency || null,
    account,
    notes: `open position${a.reportDate ? ` on ${a.reportDate}` : ''}`,
  });
}

export const ibkrFlexXml: ImportFormat = {
  name: 'ibkr-flex-xml',
  label: 'Interactive Brokers Flex Query (XML)',
  detect: (text) =>
    /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<FlexQueryResponse[\s>]/.test(
      text.replace(/^\ufeff/, ''),
    ),
  parse: parseIbkrFlexXml,
};
