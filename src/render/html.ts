// `--format html`: the report as one self-contained page. Inline CSS, charts as inline SVG drawn by
// folio, no script, no font, no image, no link to anything: it opens offline, from a mail attachment
// or a CI artefact, and its Content-Security-Policy forbids fetching anything at all. Sections, order
// and figures are the terminal table's (the same formatting functions); every outside string is
// escaped (html-escape.ts).
import type { HoldingRow, HoldingsFigures, LotRow, Report } from '../analytics/model.js';
import { holdingsFiguresOf } from '../analytics/model.js';
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
import { chartsHtml } from './html-charts.js';
import { escapeHtml } from './html-escape.js';
import { allocationHtml } from './html-allocation.js';
import { closedHtml, etfHtml, portfoliosHtml, realizedHtml } from './html-sections.js';
import { HTML_STYLE } from './html-style.js';
import { type HtmlRow, htmlList, htmlSection, htmlTable, para, signClass } from './html-table.js';
import type { ReportRenderOptions } from './options.js';
import { sanitizeText } from './sanitize.js';
import { sortHoldings } from './sort.js';
import { holdingsSummaryItems, performanceItems, type SummaryItem } from './summary.js';
import { DEMO_BANNER } from './labels.js';

/** Nothing may be fetched: no script, font, image, frame or connection; inline styles only. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A whole page around `body` (already HTML). */
export function htmlDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="generator" content="folio">',
    // An empty icon: without it a browser may ask the server next to the file for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function reportTitle(report: Pick<Report, 'asOf' | 'baseCurrency'>): string {
  return `folio report as of ${formatDate(report.asOf)} (${sanitizeText(report.baseCurrency)})`;
}

function headerHtml(report: Report, options: ReportRenderOptions): string {
  // A date is one word: a phone must not break it at its hyphens.
  const lines = [
    `<h1>folio report as of <span class="date">${escapeHtml(formatDate(report.asOf))}</span></h1>`,
  ];
  if (options.demo === true) lines.push(para(DEMO_BANNER, 'demo'));
  lines.push(
    para(`base ${sanitizeText(report.baseCurrency)} · generated ${sanitizeText(report.generatedAt)}`, 'meta'),
  );
  return `<header>\n${lines.join('\n')}\n</header>`;
}

/** Label/value pairs (the summary; the returns and risk) as a two-column table. */
function itemsHtml(title: string, items: readonly SummaryItem[]): string {
  const rows = items.map(
    (i) =>
      `<tr><th scope="row">${escapeHtml(i.label)}</th><td${signAttr(i)}>${escapeHtml(i.value)}</td></tr>`,
  );
  return htmlSection(title, [
    `<div class="table-wrap"><table class="items">\n<caption class="sr-only">${escapeHtml(title)}</caption>`,
    `<thead class="sr-only"><tr><th scope="col">Figure</th><th scope="col">Value</th></tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`,
  ]);
}

function signAttr(item: SummaryItem): string {
  const cls = signClass(item.sign, item.value);
  return cls === undefined ? '' : ` class="${cls}"`;
}

function holdingRow(h: HoldingRow): HtmlRow {
  const price = h.price === null ? NA : `${formatPrice(h.price)} ${sanitizeText(h.currency)}`;
  return {
    className: h.source === 'stale' || h.source === 'missing' ? `holding ${h.source}` : 'holding',
    cells: [
      { text: h.symbol, strong: true },
      sanitizeText(h.name),
      formatShares(h.shares),
      price,
      { text: formatChangePct(h.dayChangePct), sign: h.dayChangePct },
      formatMoney(h.marketValue),
      formatPct(h.weight),
      formatMoney(h.costBasis),
      { text: formatMoney(h.unrealizedGain, { sign: true }), sign: h.unrealizedGain },
      { text: formatChangePct(h.unrealizedGainPct), sign: h.unrealizedGainPct },
      { text: formatPp(h.vsBenchmark), sign: h.vsBenchmark },
      h.source === 'missing' ? 'no price' : h.source,
    ],
  };
}

function lotRow(lot: LotRow): HtmlRow {
  const split =
    lot.splitFactor !== 1 && isPrintable(lot.splitFactor) ? `split ×${formatShares(lot.splitFactor)}` : null;
  const date = lot.date === null ? 'no date' : formatDate(lot.date);
  const label: (string | { text: string; className: string })[] = ['↳', { text: date, className: 'date' }];
  if (lot.account !== null && sanitizeText(lot.account) !== '') label.push(sanitizeText(lot.account));
  const cost =
    lot.costPerShare === null ? NA : `${formatPrice(lot.costPerShare)} ${sanitizeText(lot.costCurrency)}`;
  return {
    className: 'lot',
    cells: [
      { text: label.map((l) => (typeof l === 'string' ? l : l.text)).join(' '), spans: label },
      { text: [split, `line ${lot.line}`].filter((x) => x !== null).join(', '), className: 'dim' },
      formatShares(lot.shares),
      cost,
      '',
      formatMoney(lot.marketValue),
      '',
      formatMoney(lot.costBasis),
      { text: formatMoney(lot.unrealizedGain, { sign: true }), sign: lot.unrealizedGain },
      { text: formatChangePct(lot.unrealizedGainPct), sign: lot.unrealizedGainPct },
      '',
      '',
    ],
  };
}

function holdingsHtml(report: HoldingsFigures, options: ReportRenderOptions): string {
  const s = report.summary;
  const bench = report.benchmark === null ? null : sanitizeText(report.benchmark);
  const rows: HtmlRow[] = [];
  for (const h of sortHoldings(report.holdings, options.sort)) {
    rows.push(holdingRow(h));
    if (options.lots) rows.push(...h.lots.map(lotRow));
  }
  rows.push({
    className: 'total',
    cells: [
      { text: 'Total', strong: true },
      '',
      '',
      '',
      { text: formatChangePct(s.dayChangePct), sign: s.dayChangePct },
      { text: formatMoney(s.marketValue), strong: true },
      formatPct(report.holdings.length > 0 ? 1 : null),
      formatMoney(s.costBasis),
      { text: formatMoney(s.unrealizedGain, { sign: true }), sign: s.unrealizedGain },
      { text: formatChangePct(s.unrealizedGainPct), sign: s.unrealizedGainPct },
      '',
      '',
    ],
  });
  const title = `Holdings (values in ${sanitizeText(report.baseCurrency)})`;
  const num = (head: string) => ({ head, num: true });
  const legend: string[] = [];
  if (bench !== null)
    legend.push(`vs ${bench}: holding's return since first purchase minus ${bench}'s, in percentage points.`);
  if (options.lots)
    legend.push(
      'Lot rows (↳): purchase date and account, then the split and the line in the holdings file; the price column shows the cost per share.',
    );
  return htmlSection(title, [
    htmlTable({
      caption: title,
      captionHidden: true,
      className: 'holdings',
      columns: [
        { head: 'Symbol' },
        { head: 'Name' },
        num('Shares'),
        { head: 'Price', num: true, wrap: true },
        num('Day %'),
        num('Value'),
        num('Weight'),
        num('Cost'),
        num('Gain'),
        num('Gain %'),
        { head: bench === null ? 'vs bench' : `vs ${bench}`, num: true, wrap: true },
        { head: 'Price source' },
      ],
      rows,
    }),
    ...legend.map((l) => para(l, 'legend')),
  ]);
}

function notesHtml(report: Report): string | null {
  const notes = htmlList(report.notes);
  const conventions = htmlList(report.conventions);
  if (notes === null && conventions === null) return null;
  const parts = notes === null ? [] : [notes];
  if (conventions !== null)
    parts.push(
      `<details class="conventions">\n<summary>How each figure is computed (conventions)</summary>\n${conventions}\n</details>`,
    );
  return htmlSection('Notes', parts, 'notes');
}

/** One report's content (no page around it). */
export function reportHtml(report: Report, options: ReportRenderOptions): string {
  const figures = holdingsFiguresOf(report);
  const warnings = htmlList(report.warnings);
  const sections = [
    headerHtml(report, options),
    itemsHtml('Summary', holdingsSummaryItems(figures)),
    // --combine: the "By portfolio" rows right after the Summary, as in the terminal.
    options.portfolios === undefined ? null : portfoliosHtml(options.portfolios, report.baseCurrency),
    holdingsHtml(figures, options),
    realizedHtml(figures, options),
    closedHtml(figures),
    // After the holdings figures and before the returns, as in the terminal report.
    ...allocationHtml(report),
    itemsHtml('Returns and risk', performanceItems(report)),
    etfHtml(report),
    options.charts ? chartsHtml(report) : null,
    notesHtml(report),
    warnings === null ? null : htmlSection('Warnings', [warnings], 'warnings'),
  ];
  return sections.filter((s): s is string => s !== null).join('\n');
}

/** The whole report as one page. */
export function renderReportHtml(report: Report, options: ReportRenderOptions): string {
  return htmlDocument(
    reportTitle(report),
    `<article class="report">\n${reportHtml(report, options)}\n</article>`,
  );
}

/** Several files' reports on one page, in order, each under its file's name. */
export function renderManyReportsHtml(
  reports: readonly { file: string; report: Report }[],
  options: ReportRenderOptions,
): string {
  const articles = reports.map(
    (r) =>
      `<article class="report">\n<p class="file">${escapeHtml(r.file)}</p>\n${reportHtml(r.report, options)}\n</article>`,
  );
  const asOf = reports[0] === undefined ? '' : ` as of ${formatDate(reports[0].report.asOf)}`;
  return htmlDocument(
    `folio reports${asOf}: ${reports.map((r) => sanitizeText(r.file)).join(', ')}`,
    articles.join('\n'),
  );
}
