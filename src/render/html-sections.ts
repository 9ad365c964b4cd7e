// The HTML report's tables after the holdings: realized gains and income, closed positions, the ETF
// comparison and, for --combine, the portfolios. Same cells and formatting as the terminal's tables.
import type { PortfolioRow } from '../analytics/combine.js';
import type { HoldingsFigures, Report } from '../analytics/model.js';
import { PERIOD_RETURN_KEYS } from '../analytics/model.js';
import { realizedByYear, realizedSaleTotals } from '../analytics/realized.js';
import { formatChangePct, formatDate, formatMoney, formatPct, formatPp } from './format.js';
import { type HtmlColumn, type HtmlRow, htmlSection, htmlTable, para } from './html-table.js';
import type { ReportRenderOptions } from './options.js';
import { ESTIMATED_MARK, INCOME_LEGEND } from './realized.js';
import { sanitizeText } from './sanitize.js';
import { PERIOD_LABELS } from './labels.js';

const SAME_CASH_FLOWS_NOTE =
  "Same cash flows: each lot's cost invested in the ETF on the lot's date. ETF values use adjusted closes, so dividends are reinvested.";

function incomeText(income: number | null, estimated: boolean): string {
  const text = formatMoney(income);
  return estimated && income !== null && income !== 0 ? `${ESTIMATED_MARK}${text}` : text;
}

const num = (head: string): HtmlColumn => ({ head, num: true });

export function realizedHtml(report: HoldingsFigures, options: ReportRenderOptions): string | null {
  const realized = report.realized;
  if (realized.length === 0) return null;
  const s = report.summary;
  const base = sanitizeText(report.baseCurrency);
  const rows: HtmlRow[] = realized.map((r) => {
    const sold = r.sales.length > 0;
    const gain = formatMoney(r.gain, { sign: true });
    return {
      cells: [
        r.symbol,
        String(r.sales.length),
        sold ? formatMoney(r.proceeds) : '',
        sold ? formatMoney(r.costBasis) : '',
        sold ? { text: gain, sign: r.gain } : '',
        incomeText(r.income, r.incomeEstimated),
      ],
    };
  });
  // Income only (nothing sold): the sale columns stay blank in the total too, as in the rows.
  const sales = realized.reduce((n, r) => n + r.sales.length, 0);
  const totals = realizedSaleTotals(realized);
  const anyEstimate = realized.some((r) => r.incomeEstimated && r.income !== 0);
  const totalGain = formatMoney(s.realizedGain ?? null, { sign: true });
  rows.push({
    className: 'total',
    cells: [
      { text: 'Total', strong: true },
      String(sales),
      sales === 0 ? '' : formatMoney(totals.proceeds),
      sales === 0 ? '' : formatMoney(totals.costBasis),
      sales === 0 ? '' : { text: totalGain, sign: s.realizedGain ?? null },
      incomeText(s.income ?? null, anyEstimate),
    ],
  });
  const title = `Realized gains and income (values in ${base})`;
  const parts = [
    htmlTable({
      caption: title,
      captionHidden: true,
      columns: [
        { head: 'Symbol' },
        num('Sales'),
        num('Proceeds'),
        num('Cost'),
        num('Realized gain'),
        num('Income'),
      ],
      rows,
    }),
  ];
  if (options.byYear === true) {
    const yearRows: HtmlRow[] = realizedByYear(realized).map((y) => {
      const total = y.symbol === null;
      return {
        className: total ? 'total' : undefined,
        cells: [
          total ? { text: `${y.year} total`, strong: true } : String(y.year),
          y.symbol ?? '',
          formatMoney(y.proceeds),
          formatMoney(y.costBasis),
          { text: formatMoney(y.gain, { sign: true }), sign: y.gain },
          incomeText(y.income, y.estimated),
        ],
      };
    });
    parts.push(
      htmlTable({
        caption: 'By calendar year',
        columns: [
          { head: 'Year' },
          { head: 'Symbol' },
          num('Proceeds'),
          num('Cost'),
          num('Realized gain'),
          num('Income'),
        ],
        rows: yearRows,
      }),
    );
  }
  parts.push(para('Proceeds are net of fees; gains in base currency at the FX of each date.', 'legend'));
  if (anyEstimate) parts.push(para(INCOME_LEGEND, 'legend'));
  return htmlSection(title, parts);
}

export function closedHtml(report: HoldingsFigures): string | null {
  const closed = report.closedPositions;
  if (closed.length === 0) return null;
  const rows: HtmlRow[] = closed.map((c) => ({
    cells: [
      c.symbol,
      sanitizeText(c.name),
      formatDate(c.firstBought),
      formatDate(c.closedOn),
      { text: formatMoney(c.realizedGain, { sign: true }), sign: c.realizedGain },
      incomeText(c.income, c.incomeEstimated),
    ],
  }));
  const columns: HtmlColumn[] = [
    { head: 'Symbol' },
    { head: 'Name' },
    { head: 'First bought' },
    { head: 'Closed' },
    num('Realized gain'),
    num('Income'),
  ];
  return htmlSection('Closed positions', [
    htmlTable({ caption: 'Closed positions', captionHidden: true, columns, rows }),
  ]);
}

export function etfHtml(report: Report): string | null {
  if (report.benchmarks.length === 0) return null;
  const periodRow = (label: string, returns: Report['summary']['periodReturns']): HtmlRow => ({
    cells: [
      label,
      ...PERIOD_RETURN_KEYS.map((k) => ({ text: formatChangePct(returns[k]), sign: returns[k] })),
    ],
  });
  const periods = htmlTable({
    caption: 'Period returns',
    columns: [{ head: '' }, ...PERIOD_RETURN_KEYS.map((k) => num(PERIOD_LABELS[k]))],
    rows: [
      periodRow('Portfolio', report.summary.periodReturns),
      ...report.benchmarks.map((b) => periodRow(b.symbol, b.periodReturns)),
    ],
  });
  const same = htmlTable({
    caption: 'Same cash flows',
    columns: [
      { head: 'ETF' },
      { head: 'Name' },
      num('Value'),
      num('Gain'),
      num('Gain %'),
      num('XIRR'),
      num('Portfolio − ETF'),
      num('XIRR diff'),
    ],
    rows: report.benchmarks.map((b) => {
      const c = b.sameCashFlows;
      return {
        cells: [
          b.symbol,
          sanitizeText(b.name),
          formatMoney(c?.value),
          { text: formatMoney(c?.gain, { sign: true }), sign: c?.gain },
          { text: formatChangePct(c?.gainPct), sign: c?.gainPct },
          { text: formatChangePct(c?.xirr), sign: c?.xirr },
          { text: formatMoney(c?.vsPortfolio.value, { sign: true }), sign: c?.vsPortfolio.value },
          { text: formatPp(c?.vsPortfolio.xirr), sign: c?.vsPortfolio.xirr },
        ],
      };
    }),
  });
  return htmlSection('ETF comparison', [periods, same, para(SAME_CASH_FLOWS_NOTE, 'legend')]);
}

/** `--combine`: each file's value, cost, gain, weight, XIRR and TWR. */
export function portfoliosHtml(rows: readonly PortfolioRow[], baseCurrency: string): string {
  const title = `By portfolio (${sanitizeText(baseCurrency)})`;
  return htmlSection(title, [
    htmlTable({
      caption: title,
      captionHidden: true,
      columns: [
        { head: 'Portfolio' },
        ...['Value', 'Cost', 'Gain', 'Gain %', 'Weight', 'XIRR', 'TWR'].map(num),
      ],
      rows: rows.map((r) => ({
        cells: [
          r.name,
          formatMoney(r.marketValue),
          formatMoney(r.costBasis),
          { text: formatMoney(r.unrealizedGain, { sign: true }), sign: r.unrealizedGain },
          { text: formatChangePct(r.unrealizedGainPct), sign: r.unrealizedGainPct },
          formatPct(r.weight),
          { text: formatChangePct(r.xirr), sign: r.xirr },
          { text: formatChangePct(r.twr), sign: r.twr },
        ],
      })),
    }),
  ]);
}
