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

/** One header row, then one row per holding in the report's order; CRLF line ends. */
export function renderHoldingsCsv(report: Report): string {
  const rows = report.holdings.map((h) => [
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
  ]);
  return csvRecords([[...HOLDINGS_CSV_HEADER], ...rows]);
}
