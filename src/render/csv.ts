// Holdings as RFC 4180 CSV for spreadsheets: raw numbers (full precision, `.` decimal, empty for
// null) so they stay numbers, and text cells guarded against formula injection (see sanitize.ts).
import type { HoldingRow, LotRow, Report } from '../analytics/model.js';
import { csvRecords } from './sanitize.js';

const HOLDINGS_CSV_HEADER = [
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
  'baseCurrency',
  'valueInCurrency',
] as const;

/** Trailing columns with `--lots`, where each row is one lot of the holdings file. */
const HOLDINGS_CSV_LOT_HEADER = ['line', 'date', 'account', 'costPerShare', 'costCurrency'] as const;

/** Trailing columns for a report with transactions: dividends received per holding (base currency). */
const HOLDINGS_CSV_INCOME_HEADER = ['income', 'incomeEstimated'] as const;

/**
 * Whether the holdings file has transactions (a sale or a dividend row). Only then do the income
 * columns appear: a buy-only file keeps the header it always had, even though Yahoo's dividend events
 * give its holdings an estimated income.
 */
function hasTransactions(report: Report): boolean {
  return (report.realized ?? []).some((r) => r.sales.length > 0 || r.dividends.some((d) => !d.estimated));
}

/** shares x price, in the instrument's currency (`currency`); null without a price. */
function valueInCurrency(shares: number, price: number | null): number | null {
  return price === null ? null : shares * price;
}

type Cell = string | number | null;

/** A holding's row: `marketValue`, `costBasis` and gains in `baseCurrency`, `price` in `currency`. */
function holdingCells(report: Report, h: HoldingRow): Cell[] {
  return [
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
    report.baseCurrency,
    valueInCurrency(h.shares, h.price),
  ];
}

/**
 * A lot's row: the lot's own shares, value, cost and gains; the holding's price, day change and source.
 * Weight and "vs benchmark" describe a holding, not a lot: empty.
 */
function lotCells(report: Report, h: HoldingRow, lot: LotRow): Cell[] {
  return [
    h.symbol,
    h.name,
    h.currency,
    lot.shares,
    h.price,
    h.dayChangePct,
    lot.marketValue,
    null,
    lot.costBasis,
    lot.unrealizedGain,
    lot.unrealizedGainPct,
    null,
    h.source,
    report.baseCurrency,
    valueInCurrency(lot.shares, h.price),
  ];
}

/**
 * One header row, then one row per holding in the report's order (with `lots`, one per lot, the
 * holding's lots in their order); CRLF line ends. Closed positions are not holdings and have no row
 * (JSON's `closedPositions` lists them).
 */
export function renderHoldingsCsv(report: Report, options: { lots?: boolean } = {}): string {
  const income = hasTransactions(report);
  const incomeCells = (h: HoldingRow): Cell[] =>
    income ? [h.income ?? null, h.income === undefined ? null : String(h.incomeEstimated === true)] : [];
  const rows: Cell[][] =
    options.lots === true
      ? report.holdings.flatMap((h) =>
          h.lots.map((lot) => [
            ...lotCells(report, h, lot),
            // Income is the holding's: not split across its lots.
            ...incomeCells(h).map(() => null),
            lot.line,
            lot.date,
            lot.account,
            lot.costPerShare,
            lot.costCurrency,
          ]),
        )
      : report.holdings.map((h) => [...holdingCells(report, h), ...incomeCells(h)]);
  const header: string[] = [...HOLDINGS_CSV_HEADER];
  if (income) header.push(...HOLDINGS_CSV_INCOME_HEADER);
  if (options.lots === true) header.push(...HOLDINGS_CSV_LOT_HEADER);
  return csvRecords([header, ...rows]);
}
