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

/** Rounds away binary noise from sums of cents (to 1e-8). */
export function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
