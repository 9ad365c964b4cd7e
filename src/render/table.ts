// The terminal report: header, summary, holdings, ETF comparison, charts, notes and warnings.
import type { BenchmarkRow, HoldingRow, HoldingsFigures, LotRow, Report } from '../analytics/model.js';
import { holdingsFiguresOf, PERIOD_RETURN_KEYS } from '../analytics/model.js';
import { allocationSections } from './allocation.js';
import { renderCharts } from './chart.js';
import { paint, type Style } from './color.js';
import {
  formatChangePct,
  formatDate,
  formatMoney,
  formatPct,
  formatPp,
  formatPrice,
  formatShares,
  isPrintable,
  NA,
} from './format.js';
import { layoutGrid, renderGrid, type GridCell, type GridColumn } from './grid.js';
import type { RenderOptions, ReportRenderOptions } from './options.js';
import { renderPortfoliosTable } from './portfolios.js';
import { closedSection, realizedSection } from './realized.js';
import { displayWidth, sanitizeText } from './sanitize.js';
import { sortHoldings } from './sort.js';
import { holdingsSummaryItems, performanceItems, type SummaryItem } from './summary.js';
import { joinSections, section, signed, signStyle, wrapText } from './text.js';
import {
  CONVENTIONS_POINTER,
  DEMO_BANNER,
  FRESHNESS_LEGEND,
  FRESHNESS_MARK,
  PERIOD_LABELS,
} from './labels.js';

function headerLines(
  report: Pick<Report, 'asOf' | 'baseCurrency' | 'generatedAt'>,
  options: RenderOptions,
): string[] {
  const lines: string[] = [];
  if (options.demo === true) {
    lines.push(
      ...wrapText(`*** ${DEMO_BANNER} ***`, options.width).map((l) => paint(l, 'yellow', options.color)),
    );
  }
  const header = `folio report as of ${formatDate(report.asOf)} · base ${sanitizeText(report.baseCurrency)} · generated ${sanitizeText(report.generatedAt)}`;
  lines.push(...wrapText(header, options.width));
  return lines;
}

/** Label/value lines under a title: the summary, and the returns and risk. */
function itemsSection(title: string, items: readonly SummaryItem[], options: RenderOptions): string {
  const labelWidth = Math.min(
    Math.max(...items.map((i) => displayWidth(i.label))),
    Math.floor(options.width * 0.45),
  );
  const valueWidth = Math.max(10, options.width - labelWidth - 2);
  const rows: GridCell[][] = items.map((item) => {
    const value = wrapText(item.value, valueWidth).join('\n');
    const style = signStyle(item.sign, item.value);
    return [
      wrapText(item.label, labelWidth, '  ').join('\n'),
      style === undefined ? value : { text: value, style },
    ];
  });
  return section(title, renderGrid([{ head: '' }, { head: '' }], rows, { ...options, head: false }), options);
}

function holdingCells(h: HoldingRow): GridCell[] {
  const day = formatChangePct(h.dayChangePct);
  const gain = formatMoney(h.unrealizedGain, { sign: true });
  const gainPct = formatChangePct(h.unrealizedGainPct);
  const vs = formatPp(h.vsBenchmark);
  const currency = sanitizeText(h.currency);
  return [
    FRESHNESS_MARK[h.source] ?? '?',
    sanitizeText(h.symbol),
    sanitizeText(h.name),
    formatShares(h.shares),
    h.price === null ? NA : `${formatPrice(h.price)} ${currency}`,
    signed(day, h.dayChangePct),
    formatMoney(h.marketValue),
    formatPct(h.weight),
    formatMoney(h.costBasis),
    signed(gain, h.unrealizedGain),
    signed(gainPct, h.unrealizedGainPct),
    signed(vs, h.vsBenchmark),
  ];
}

/**
 * A lot row. The date and account sit in the Symbol column, which is never dropped (it shrinks from
 * the end, down to the date), so they stay visible on a narrow terminal where the Name column (the
 * first to go) carries only the split and the file line.
 */
/** Leads a lot row's Symbol cell, under its holding's symbol. */
const LOT_MARK = ' └';
/** Narrowest a lot's Symbol cell gets: the mark, a date and the `…` of a cut account. */
const LOT_LABEL_MIN_WIDTH = displayWidth(`${LOT_MARK} 2000-01-01…`);
/** Widest a lot's label is kept whole (date and account) before other columns go. */
const LOT_LABEL_KEPT_WIDTH = displayWidth(`${LOT_MARK} 2000-01-01 `) + 14;

function lotLabel(lot: LotRow): string {
  const label = [LOT_MARK, lot.date === null ? 'no date' : formatDate(lot.date)];
  if (lot.account !== null && sanitizeText(lot.account) !== '') label.push(sanitizeText(lot.account));
  return label.join(' ');
}

function lotLabelWidth(report: HoldingsFigures): number {
  return Math.max(0, ...report.holdings.flatMap((h) => h.lots.map((l) => displayWidth(lotLabel(l)))));
}

function lotCells(lot: LotRow): GridCell[] {
  const gain = formatMoney(lot.unrealizedGain, { sign: true });
  const gainPct = formatChangePct(lot.unrealizedGainPct);
  const split =
    lot.splitFactor !== 1 && isPrintable(lot.splitFactor) ? `split ×${formatShares(lot.splitFactor)}` : null;
  const detail = [split, `line ${lot.line}`].filter((x) => x !== null);
  return [
    '',
    lotLabel(lot),
    { text: detail.join(', '), style: 'dim' },
    formatShares(lot.shares),
    lot.costPerShare === null ? NA : `${formatPrice(lot.costPerShare)} ${sanitizeText(lot.costCurrency)}`,
    '',
    formatMoney(lot.marketValue),
    '',
    formatMoney(lot.costBasis),
    signed(gain, lot.unrealizedGain),
    signed(gainPct, lot.unrealizedGainPct),
    '',
  ];
}

function holdingsSection(report: HoldingsFigures, options: RenderOptions): string {
  const bench = report.benchmark ?? undefined;
  const s = report.summary;
  // drop: higher goes first when the terminal is narrow; the name shrinks before anything goes.
  const nameColumn: GridColumn = { head: 'Name', minWidth: 12, drop: 100 };
  const priceColumn: GridColumn = { head: 'Price', align: 'right', drop: 40 };
  const benchColumn: GridColumn = {
    head: bench === undefined ? 'vs bench' : `vs ${sanitizeText(bench)}`,
    align: 'right',
    drop: 80,
  };
  const columns: GridColumn[] = [
    { head: '' },
    // With lots the Symbol column also holds each lot's date and account: it may shrink to the date.
    // The account stays whole (up to 14 columns of it) while other columns can go.
    options.lots
      ? {
          head: 'Symbol',
          minWidth: Math.max(
            Math.min(LOT_LABEL_KEPT_WIDTH, lotLabelWidth(report)),
            LOT_LABEL_MIN_WIDTH,
            displayWidth('Total'),
            ...report.holdings.map((h) => displayWidth(sanitizeText(h.symbol))),
          ),
        }
      : { head: 'Symbol' },
    nameColumn,
    { head: 'Shares', align: 'right', drop: 50 },
    priceColumn,
    { head: 'Day %', align: 'right', drop: 60 },
    { head: 'Value', align: 'right' },
    { head: 'Weight', align: 'right', drop: 70 },
    { head: 'Cost', align: 'right', drop: 90 },
    // With lots, the gain in money goes before the day's move (the Gain % stays).
    { head: 'Gain', align: 'right', drop: options.lots ? 65 : 30 },
    { head: 'Gain %', align: 'right' },
    benchColumn,
  ];
  const rows: GridCell[][] = [];
  for (const h of sortHoldings(report.holdings, options.sort)) {
    rows.push(holdingCells(h));
    if (options.lots) for (const lot of h.lots) rows.push(lotCells(lot));
  }
  const gain = formatMoney(s.unrealizedGain, { sign: true });
  const gainPct = formatChangePct(s.unrealizedGainPct);
  const day = formatChangePct(s.dayChangePct);
  rows.push([
    '',
    { text: 'Total', style: 'bold' },
    '',
    '',
    '',
    signed(day, s.dayChangePct),
    { text: formatMoney(s.marketValue), style: 'bold' },
    formatPct(report.holdings.length > 0 ? 1 : null),
    formatMoney(s.costBasis),
    signed(gain, s.unrealizedGain),
    signed(gainPct, s.unrealizedGainPct),
    '',
  ]);
  const { text: table, shown } = layoutGrid(columns, rows, options);
  const legend = [FRESHNESS_LEGEND];
  // Explain a column only if it survived the width fitting.
  if (bench !== undefined && shown.includes(benchColumn))
    legend.push(
      `${benchColumn.head}: holding's return since first purchase minus ${sanitizeText(bench)}'s, in percentage points`,
    );
  if (options.lots) {
    const where = shown.includes(nameColumn)
      ? 'split and line in the holdings file under the name'
      : 'a wider terminal shows the split and the line in the holdings file';
    const price = shown.includes(priceColumn) ? '; the price column shows the cost per share' : '';
    legend.push(`Lot rows: purchase date and account under the symbol, ${where}${price}.`);
  }
  return section(
    `Holdings (values in ${sanitizeText(report.baseCurrency)})`,
    [table, ...legend.flatMap((l) => wrapText(l, options.width))].join('\n'),
    options,
  );
}

function periodReturnsTable(report: Report, options: RenderOptions): string {
  // 3Y and 5Y go first on a narrow terminal; the recent periods matter most.
  const drop: Partial<Record<(typeof PERIOD_RETURN_KEYS)[number], number>> = { '5y': 20, '3y': 10 };
  const columns: GridColumn[] = [
    { head: '' },
    ...PERIOD_RETURN_KEYS.map((k): GridColumn => ({ head: PERIOD_LABELS[k], align: 'right', drop: drop[k] })),
  ];
  const row = (label: string, returns: BenchmarkRow['periodReturns']): GridCell[] => [
    label,
    ...PERIOD_RETURN_KEYS.map((k) => signed(formatChangePct(returns[k]), returns[k])),
  ];
  const rows = [
    row('Portfolio', report.summary.periodReturns),
    ...report.benchmarks.map((b) => row(sanitizeText(b.symbol), b.periodReturns)),
  ];
  return renderGrid(columns, rows, options);
}

function sameCashFlowsTable(report: Report, options: RenderOptions): string {
  const columns: GridColumn[] = [
    { head: 'ETF' },
    { head: 'Value', align: 'right' },
    { head: 'Gain', align: 'right', drop: 20 },
    { head: 'Gain %', align: 'right', drop: 10 },
    { head: 'XIRR', align: 'right', drop: 30 },
    { head: 'Portfolio − ETF', align: 'right' },
    { head: 'XIRR diff', align: 'right', drop: 40 },
  ];
  const rows: GridCell[][] = report.benchmarks.map((b) => {
    const c = b.sameCashFlows;
    const gain = formatMoney(c?.gain, { sign: true });
    const gainPct = formatChangePct(c?.gainPct);
    const diff = formatMoney(c?.vsPortfolio.value, { sign: true });
    const xirrDiff = formatPp(c?.vsPortfolio.xirr);
    return [
      sanitizeText(b.symbol),
      formatMoney(c?.value),
      signed(gain, c?.gain),
      signed(gainPct, c?.gainPct),
      signed(formatChangePct(c?.xirr), c?.xirr),
      signed(diff, c?.vsPortfolio.value),
      signed(xirrDiff, c?.vsPortfolio.xirr),
    ];
  });
  return renderGrid(columns, rows, options);
}

function etfSection(report: Report, options: RenderOptions): string | null {
  if (report.benchmarks.length === 0) return null;
  const note =
    "Same cash flows: each lot's cost invested in the ETF on the lot's date. ETF values use adjusted closes, so dividends are reinvested.";
  const parts = [
    'Period returns',
    periodReturnsTable(report, options),
    '',
    'Same cash flows',
    sameCashFlowsTable(report, options),
    ...wrapText(note, options.width),
  ];
  return section('ETF comparison', parts.join('\n'), options);
}

function listSection(
  title: string,
  items: readonly string[],
  style: Style | undefined,
  options: RenderOptions,
): string | null {
  const clean = items.map(sanitizeText).filter((s) => s !== '');
  if (clean.length === 0) return null;
  const lines = clean.flatMap((item) =>
    wrapText(`- ${item}`, options.width, '  ').map((l) => paint(l, style, options.color)),
  );
  return section(title, lines.join('\n'), options);
}

/**
 * The report's first part: header, summary, holdings, realized gains and closed positions, all of
 * them holdings figures. A terminal prints it before the other benchmarks' histories are in; it ends
 * with a newline, and the second part follows it.
 */
export function renderHoldingsPart(report: HoldingsFigures, options: ReportRenderOptions): string {
  return joinSections([
    headerLines(report, options).join('\n'),
    itemsSection('Summary', holdingsSummaryItems(report), options),
    options.portfolios === undefined
      ? null
      : renderPortfoliosTable(options.portfolios, report.baseCurrency, options),
    holdingsSection(report, options),
    realizedSection(report, options),
    closedSection(report, options),
  ]);
}

/** The second part: returns and risk, ETF comparison, charts, notes and warnings. */
export function renderPerformancePart(report: Report, options: ReportRenderOptions): string {
  return `\n${joinSections([
    // Allocation is a holdings figure, but its targets are checked against the whole report first.
    ...allocationSections(report, options),
    itemsSection('Returns and risk', performanceItems(report), options),
    etfSection(report, options),
    options.charts && report.series.dates.length >= 2
      ? section('Charts', renderCharts(report.series, report.baseCurrency, options), options)
      : null,
    // The full definitions are long; a terminal gets a pointer to them (JSON, markdown, README).
    listSection(
      'Notes',
      [...report.notes, ...(report.conventions.length > 0 ? [CONVENTIONS_POINTER] : [])],
      undefined,
      options,
    ),
    listSection('Warnings', report.warnings, 'yellow', options),
  ])}`;
}

/** The whole terminal report, both parts. Lines fit `options.width` where the content allows. */
export function renderReportTable(report: Report, options: ReportRenderOptions): string {
  return renderHoldingsPart(holdingsFiguresOf(report), options) + renderPerformancePart(report, options);
}
