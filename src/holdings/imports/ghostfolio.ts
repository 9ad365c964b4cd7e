// Ghostfolio's activity import CSV and its export JSON. Types BUY, SELL and DIVIDEND (unit price x
// quantity; the fee as the dividend's fee) are converted; FEE, INTEREST, ITEM and LIABILITY are
// listed as skipped, and so are MANUAL assets (no Yahoo symbol). Codes of the YAHOO data source are
// Yahoo symbols; an ISIN as code goes through Yahoo's search.
import { type ImportFormat, type ImportRow, type ParsedExport, emptyResult } from './types.js';
import { Cells, present, tableOf } from './rows.js';
import { hasColumns } from './table.js';
import { isIsin, parseDate } from './values.js';

const isHeader = (keys: string[]) =>
  hasColumns(keys, 'Date', 'Code', 'Currency', 'Price', 'Quantity', 'Action');

interface Activity {
  line: number;
  type: string;
  symbol: string;
  dataSource: string;
  date: string | null;
  quantity: number | null;
  unitPrice: number | null;
  fee: number | null;
  currency: string | undefined;
  account: string | null;
  note: string | null;
}

function activity(a: Activity, out: ParsedExport): void {
  const type = a.type.toUpperCase();
  if (type !== 'BUY' && type !== 'SELL' && type !== 'DIVIDEND') {
    out.skipped.push({ line: a.line, reason: `${type || 'activity'}: not a trade or dividend` });
    return;
  }
  if (a.dataSource.toUpperCase() === 'MANUAL') {
    out.skipped.push({ line: a.line, reason: `${type} of a MANUAL asset "${a.symbol}" (no market symbol)` });
    return;
  }
  if (a.date === null) {
    out.problems.push({ line: a.line, reason: 'date: is not a date' });
    return;
  }
  const quantity = Math.abs(a.quantity ?? 0);
  if (type !== 'DIVIDEND' && quantity === 0) {
    out.skipped.push({ line: a.line, reason: `${type} of zero shares` });
    return;
  }
  const ids: Pick<ImportRow, 'isin' | 'yahooSymbol'> = isIsin(a.symbol)
    ? { isin: a.symbol }
    : { yahooSymbol: a.symbol };
  const base = {
    line: a.line,
    ...ids,
    date: a.date,
    currency: a.currency ?? null,
    account: a.account,
    name: null,
    notes: a.note,
  };
  const fee = a.fee !== null && a.fee > 0 ? { fee: a.fee } : {};
  if (type === 'DIVIDEND') {
    const total = (a.unitPrice ?? 0) * (quantity || 1);
    if (!(total > 0)) {
      out.skipped.push({ line: a.line, reason: 'DIVIDEND of no amount' });
      return;
    }
    out.rows.push({ ...base, type: 'dividend', shares: quantity, total, ...fee });
    return;
  }
  out.rows.push({
    ...base,
    type: type === 'BUY' ? 'buy' : 'sell',
    shares: quantity,
    price: a.unitPrice ?? null,
    ...fee,
  });
}

function parseGhostfolioCsv(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isHeader);
  if (table === undefined) return out;
  for (const row of table.rows) {
    const c = new Cells(table, row, out);
    const quantity = c.number('Quantity');
    const unitPrice = c.number('Price', 'Unit Price');
    const fee = c.number('Fee');
    if (!c.ok) continue;
    activity(
      {
        line: row.line,
        type: c.text('Action', 'Type'),
        symbol: c.text('Code', 'Symbol').toUpperCase(),
        dataSource: c.text('DataSource'),
        date: parseDate(c.text('Date'), 'dmy'),
        quantity,
        unitPrice,
        fee,
        currency: present(c.text('Currency')),
        account: present(c.text('Account')) ?? null,
        note: present(c.text('Note', 'Comment')) ?? null,
      },
      out,
    );
  }
  return out;
}

function parseGhostfolioJson(text: string): ParsedExport {
  const out = emptyResult();
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    out.problems.push({ line: 1, reason: `damaged JSON: ${(error as Error).message}` });
    return out;
  }
  const doc = root as { activities?: unknown; accounts?: { id?: string; name?: string }[] };
  if (!Array.isArray(doc.activities)) {
    out.problems.push({ line: 1, reason: 'no "activities" array' });
    return out;
  }
  const accounts = new Map((Array.isArray(doc.accounts) ? doc.accounts : []).map((a) => [a.id, a.name]));
  const lines = activityLines(text);
  doc.activities.forEach((raw: Record<string, unknown>, i: number) => {
    const num = (v: unknown) =>
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : null;
    const accountId = typeof raw.accountId === 'string' ? raw.accountId : null;
    activity(
      {
        line: lines[i] ?? 0,
        type: str(raw.type),
        symbol: str(raw.symbol).toUpperCase(),
        dataSource: str(raw.dataSource),
        date: typeof raw.date === 'string' ? parseDate(raw.date, 'ymd') : null,
        quantity: num(raw.quantity),
        unitPrice: num(raw.unitPrice),
        fee: num(raw.fee),
        currency: typeof raw.currency === 'string' ? raw.currency : undefined,
        account: accountId === null ? null : (accounts.get(accountId) ?? accountId),
        note: typeof raw.comment === 'string' ? raw.comment : null,
      },
      out,
    );
  });
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The line each element of the top-level "activities" array starts on. */
function activityLines(text: string): number[] {
  const start = text.search(/"activities"\s*:\s*\[/);
  if (start < 0) return [];
  const lines: number[] = [];
  let line = 1 + (text.slice(0, start).match(/\n/g)?.length ?? 0);
  let depth = 0;
  let inString = false;
  for (let i = text.indexOf('[', start); i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (depth === 1 && ch === '{') lines.push(line);
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  return lines;
}

export const ghostfolioCsv: ImportFormat = {
  name: 'ghostfolio-csv',
  label: 'Ghostfolio activities (CSV)',
  detect: (text) => {
    const first = (text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '').toLowerCase();
    return /\bcode\b/.test(first) && /\baction\b/.test(first) && /\bdatasource\b/.test(first);
  },
  parse: parseGhostfolioCsv,
};

export const ghostfolioJson: ImportFormat = {
  name: 'ghostfolio-json',
  label: 'Ghostfolio export (JSON)',
  detect: (text) =>
    /^\s*\{/.test(text.replace(/^\ufeff/, '')) &&
    /"activities"\s*:\s*\[/.test(text) &&
    /"meta"\s*:/.test(text),
  parse: parseGhostfolioJson,
};
