// Realized gains and income, and closed positions: the terminal sections, and the by-year rows the
// markdown report shares.
import type { HoldingsFigures } from '../analytics/model.js';
import { realizedByYear, realizedSaleTotals } from '../analytics/realized.js';
import { formatDate, formatMoney } from './format.js';
import { renderGrid, type GridCell, type GridColumn } from './grid.js';
import type { ReportRenderOptions } from './options.js';
import { sanitizeText } from './sanitize.js';
import { section, signed, wrapText } from './text.js';

export const ESTIMATED_MARK = '~';
export const INCOME_LEGEND =
  "~ estimated income: Yahoo's dividends x shares held on the ex-date (the file has no dividend rows for it)";

function incomeText(income: number | null, estimated: boolean): string {
  const text = formatMoney(income);
  return estimated && income !== null && income !== 0 ? `${ESTIMATED_MARK}${text}` : text;
}

export function realizedSection(report: HoldingsFigures, options: ReportRenderOptions): string | null {
  const realized = report.realized;
  if (realized.length === 0) return null;
  const s = report.summary;
  const columns: GridColumn[] = [
    { head: 'Symbol' },
    { head: 'Sales', align: 'right', drop: 30 },
    { head: 'Proceeds', align: 'right', drop: 20 },
    { head: 'Cost', align: 'right', drop: 10 },
    { head: 'Realized gain', align: 'right' },
    { head: 'Income', align: 'right' },
  ];
  const rows: GridCell[][] = realized.map((r) => {
    const gain = formatMoney(r.gain, { sign: true });
    return [
      sanitizeText(r.symbol),
      String(r.sales.length),
      r.sales.length === 0 ? '' : formatMoney(r.proceeds),
      r.sales.length === 0 ? '' : formatMoney(r.costBasis),
      r.sales.length === 0 ? '' : signed(gain, r.gain),
      incomeText(r.income, r.incomeEstimated),
    ];
  });
  const totalGain = formatMoney(s.realizedGain ?? null, { sign: true });
  const anyEstimate = realized.some((r) => r.incomeEstimated && r.income !== 0);
  // Income only (nothing sold): the sale columns stay blank in the total too, as in the rows.
  const sales = realized.reduce((n, r) => n + r.sales.length, 0);
  const totals = realizedSaleTotals(realized);
  rows.push([
    { text: 'Total', style: 'bold' },
    String(sales),
    sales === 0 ? '' : formatMoney(totals.proceeds),
    sales === 0 ? '' : formatMoney(totals.costBasis),
    sales === 0 ? '' : signed(totalGain, s.realizedGain ?? null),
    incomeText(s.income ?? null, anyEstimate),
  ]);
  const parts = [renderGrid(columns, rows, options)];
  if (options.byYear === true) {
    const yearColumns: GridColumn[] = [
      { head: 'Year' },
      { head: 'Symbol' },
      { head: 'Proceeds', align: 'right', drop: 20 },
      { head: 'Cost', align: 'right', drop: 10 },
      { head: 'Realized gain', align: 'right' },
      { head: 'Income', align: 'right' },
    ];
    const yearRows: GridCell[][] = realizedByYear(realized).map((y) => {
      const gain = formatMoney(y.gain, { sign: true });
      const total = y.symbol === null;
      return [
        total ? { text: `${y.year} total`, style: 'bold' } : String(y.year),
        total ? '' : sanitizeText(y.symbol),
        formatMoney(y.proceeds),
        formatMoney(y.costBasis),
        signed(gain, y.gain),
        incomeText(y.income, y.estimated),
      ];
    });
    parts.push('', 'By calendar year', renderGrid(yearColumns, yearRows, options));
  }
  const legend = ['Proceeds are net of fees; gains in base currency at the FX of each date.'];
  if (anyEstimate) legend.push(INCOME_LEGEND);
  parts.push(...legend.flatMap((l) => wrapText(l, options.width)));
  return section(
    `Realized gains and income (values in ${sanitizeText(report.baseCurrency)})`,
    parts.join('\n'),
    options,
  );
}

export function closedSection(report: HoldingsFigures, options: ReportRenderOptions): string | null {
  const closed = report.closedPositions;
  if (closed.length === 0) return null;
  const columns: GridColumn[] = [
    { head: 'Symbol' },
    { head: 'Name', minWidth: 12, drop: 30 },
    { head: 'First bought', drop: 20 },
    { head: 'Closed', drop: 10 },
    { head: 'Realized gain', align: 'right' },
    { head: 'Income', align: 'right', drop: 5 },
  ];
  const rows: GridCell[][] = closed.map((c) => {
    const gain = formatMoney(c.realizedGain, { sign: true });
    return [
      sanitizeText(c.symbol),
      sanitizeText(c.name),
      formatDate(c.firstBought),
      formatDate(c.closedOn),
      signed(gain, c.realizedGain),
      incomeText(c.income, c.incomeEstimated),
    ];
  });
  return section('Closed positions', renderGrid(columns, rows, options), options);
}
