// Holdings as RFC 4180 CSV for spreadsheets: raw numbers (full precision, `.` decimal, empty for
// null) so they stay numbers, and text cells guarded against formula injection (see sanitize.ts).
import type { Report } from '../analytics/model.js';
import { csvRecords } from './sanitize.js';

export const HOLDINGS_CSV_HEADER = [
  'symbol',
  'name',
  'currency',
  'shares',
  'price',
  'dayChangePct',
  'marketValue',
  'weight',
  'costBasis',
  'unrealizedGain',
  'unrealizedGainPct',
  'vsBenchmark',
  'source',
] as const;

/** Trailing columns for a report with transactions: dividends received per holding (base currency). */
export const HOLDINGS_CSV_INCOME_HEADER = ['income', 'incomeEstimated'] as const;

/**
 * Whether the holdings file has transactions (a sale or a dividend row). Only then do the income
 * columns appear: a buy-only file keeps the header it always had, even though Yahoo's dividend events
 * give its holdings an estimated income.
 */
export function hasTransactions(report: Report): boolean {
  return (report.realized ?? []).some((r) => r.sales.length > 0 || r.dividends.some((d) => !d.estimated));
}

/**
 * One header row, then one row per holding in the report's order; CRLF line ends. Closed positions
 * are not holdings and have no row (JSON's `closedPositions` lists them).
 */
export function renderHoldingsCsv(report: Report): string {
  const income = hasTransactions(report);
  const rows = report.holdings.map((h) => {
    const row: (string | number | null)[] = [
      h.symbol,
      h.name,
      h.currency,
      h.shares,
      h.price,
      h.dayChangePct,
      h.marketValue,
      h.weight,
      h.costBasis,
      h.unrealizedGain,
      h.unrealizedGainPct,
      h.vsBenchmark,
      h.source,
    ];
    if (income)
      row.push(h.income ?? null, h.income === undefined ? null : String(h.incomeEstimated === true));
    return row;
  });
  const header: string[] = [...HOLDINGS_CSV_HEADER];
  if (income) header.push(...HOLDINGS_CSV_INCOME_HEADER);
  return csvRecords([header, ...rows]);
}
