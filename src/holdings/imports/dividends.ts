// Dividends and the tax withheld from them arrive as separate rows in most exports (IBKR, DEGIRO,
// Fidelity, Schwab). They become one dividend: the gross cash as its amount and the withholding as
// its fee (folio takes the fee from the cash). Rows pair on security, pay date and currency;
// reversals (negative rows) net out.
import type { ImportRow, SkippedRow } from './types.js';

export interface CashPart {
  line: number;
  kind: 'gross' | 'tax';
  /** Signed as written: gross positive, tax negative (a refund positive). */
  amount: number;
  /** Security, pay date and currency: parts with one key make one dividend. */
  key: string;
  /** The dividend row to write, less amounts (its line is the first gross part's). */
  row: Omit<ImportRow, 'total' | 'fee' | 'line'>;
}

export function combineDividends(parts: readonly CashPart[], rows: ImportRow[], skipped: SkippedRow[]): void {
  const groups = new Map<string, CashPart[]>();
  for (const p of parts) {
    const g = groups.get(p.key);
    if (g === undefined) groups.set(p.key, [p]);
    else g.push(p);
  }
  attachStrayWithholding(groups);
  for (const group of groups.values()) {
    const gross = group.filter((p) => p.kind === 'gross');
    const tax = group.filter((p) => p.kind === 'tax');
    const grossSum = round(gross.reduce((s, p) => s + p.amount, 0));
    const taxSum = round(-tax.reduce((s, p) => s + p.amount, 0));
    if (gross.length === 0) {
      for (const p of tax)
        skipped.push({ line: p.line, reason: 'withholding tax without its dividend in the export' });
      continue;
    }
    if (grossSum <= 0) {
      for (const p of group)
        skipped.push({ line: p.line, reason: 'dividend reversed in full (the rows net to nothing)' });
      continue;
    }
    const first = gross[0]!;
    const others = group.filter((p) => p !== first).map((p) => p.line);
    const note = others.length > 0 ? `with line${others.length > 1 ? 's' : ''} ${others.join(', ')}` : '';
    rows.push({
      ...first.row,
      line: first.line,
      mergedLines: others,
      // A refund larger than the tax withheld adds to the cash.
      total: taxSum < 0 ? round(grossSum - taxSum) : grossSum,
      ...(taxSum > 0 ? { fee: taxSum } : {}),
      notes:
        [first.row.notes, note].filter((n) => n !== undefined && n !== null && n !== '').join('; ') || null,
    });
  }
}

/** Security, account and currency of a part: what a withholding must share with its dividend. */
const holdingOf = (p: CashPart) =>
  [p.row.account ?? '', p.row.isin ?? p.row.ticker ?? p.row.yahooSymbol ?? '', p.row.currency ?? ''].join(
    '|',
  );

const days = (iso: string | null) => (iso === null ? 0 : Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * Withholding booked on another day than its dividend (a later correction, a different booking date)
 * joins the dividend of the same security, account and currency nearest in time; without any such
 * dividend in the export it stays alone (and is skipped).
 */
function attachStrayWithholding(groups: Map<string, CashPart[]>): void {
  const withGross = [...groups.entries()].filter(([, g]) => g.some((p) => p.kind === 'gross'));
  for (const [key, group] of [...groups.entries()]) {
    if (group.some((p) => p.kind === 'gross')) continue;
    const first = group[0]!;
    const candidates = withGross.filter(([, g]) => holdingOf(g[0]!) === holdingOf(first));
    if (candidates.length === 0) continue;
    const at = days(first.row.date);
    const [, nearest] = candidates.reduce((best, c) =>
      Math.abs(days(c[1][0]!.row.date) - at) < Math.abs(days(best[1][0]!.row.date) - at) ? c : best,
    );
    nearest.push(...group);
    groups.delete(key);
  }
}

/** Rounds away binary noise from sums of cents (to 1e-8). */
function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
