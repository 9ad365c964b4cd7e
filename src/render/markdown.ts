// GitHub-flavoured markdown for a cron mail or a CI job summary. Every piece of outside text goes
// through escapeMarkdown (a `|` in a name would otherwise split a table cell); no ANSI, ever.
import type { HoldingRow, LotRow, Report } from '../analytics/model.js';
import { PERIOD_RETURN_KEYS } from '../analytics/model.js';
import { realizedByYear, realizedSaleTotals } from '../analytics/realized.js';
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
import { renderPortfoliosMarkdown } from './portfolios.js';
import { escapeMarkdown } from './sanitize.js';
import { sortHoldings } from './sort.js';
import { formatFreshness, summaryItems } from './summary.js';
import { allocationMarkdown } from './allocation.js';
import type { ReportRenderOptions } from './options.js';
import { ESTIMATED_MARK, INCOME_LEGEND } from './realized.js';
import { DEMO_BANNER, PERIOD_LABELS } from './labels.js';

type Align = 'left' | 'right';

/** A GFM table; cells must already be escaped. */
export function markdownTable(
  head: readonly string[],
  aligns: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  const rule = `|${aligns.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

function holdingRow(h: HoldingRow): string[] {
  return [
    `**${escapeMarkdown(h.symbol)}**`,
    escapeMarkdown(h.name),
    formatShares(h.shares),
    h.price === null ? NA : `${formatPrice(h.price)} ${escapeMarkdown(h.currency)}`,
    formatChangePct(h.dayChangePct),
    formatMoney(h.marketValue),
    formatPct(h.weight),
    formatMoney(h.costBasis),
    formatMoney(h.unrealizedGain, { sign: true }),
    formatChangePct(h.unrealizedGainPct),
    formatPp(h.vsBenchmark),
    escapeMarkdown(h.source),
  ];
}

function lotRow(lot: LotRow): string[] {
  const split =
    lot.splitFactor !== 1 && isPrintable(lot.splitFactor) ? `split ×${formatShares(lot.splitFactor)}` : null;
  const detail = [
    lot.date === null ? 'no date' : formatDate(lot.date),
    lot.account === null ? null : escapeMarkdown(lot.account),
    split,
  ]
    .filter((x) => x !== null)
    .join(', ');
  return [
    '↳',
    `_${detail}_`,
    formatShares(lot.shares),
    lot.costPerShare === null ? NA : `${formatPrice(lot.costPerShare)} ${escapeMarkdown(lot.costCurrency)}`,
    '',
    formatMoney(lot.marketValue),
    '',
    formatMoney(lot.costBasis),
    formatMoney(lot.unrealizedGain, { sign: true }),
    formatChangePct(lot.unrealizedGainPct),
    '',
    '',
  ];
}

/** Income with the estimate mark (escaped: `~` is strikethrough in GFM). */
function incomeCell(income: number | null, estimated: boolean): string {
  const text = formatMoney(income);
  return estimated && income !== null && income !== 0 ? `${escapeMarkdown(ESTIMATED_MARK)}${text}` : text;
}

/** Realized gains and income per symbol (and by year with --by-year), then closed positions. */
function transactionSections(report: Report, options: ReportRenderOptions): string[] {
  const out: string[] = [];
  const realized = report.realized ?? [];
  const s = report.summary;
  if (realized.length > 0) {
    const anyEstimate = realized.some((r) => r.incomeEstimated && r.income !== 0);
    out.push('', `## Realized gains and income (values in ${escapeMarkdown(report.baseCurrency)})`, '');
    const rows = realized.map((r) => [
      `**${escapeMarkdown(r.symbol)}**`,
      String(r.sales.length),
      r.sales.length === 0 ? '' : formatMoney(r.proceeds),
      r.sales.length === 0 ? '' : formatMoney(r.costBasis),
      r.sales.length === 0 ? '' : formatMoney(r.gain, { sign: true }),
      incomeCell(r.income, r.incomeEstimated),
    ]);
    // Income only (nothing sold): the sale columns stay blank in the total too, as in the rows.
    const sales = realized.reduce((n, r) => n + r.sales.length, 0);
    const totals = realizedSaleTotals(realized);
    rows.push([
      '**Total**',
      String(sales),
      sales === 0 ? '' : formatMoney(totals.proceeds),
      sales === 0 ? '' : formatMoney(totals.costBasis),
      sales === 0 ? '' : formatMoney(s.realizedGain ?? null, { sign: true }),
      incomeCell(s.income ?? null, anyEstimate),
    ]);
    out.push(
      markdownTable(
        ['Symbol', 'Sales', 'Proceeds', 'Cost', 'Realized gain', 'Income'],
        ['left', 'right', 'right', 'right', 'right', 'right'],
        rows,
      ),
    );
    if (options.byYear === true) {
      out.push('', '### By calendar year', '');
      out.push(
        markdownTable(
          ['Year', 'Symbol', 'Proceeds', 'Cost', 'Realized gain', 'Income'],
          ['left', 'left', 'right', 'right', 'right', 'right'],
          realizedByYear(realized).map((y) => [
            y.symbol === null ? `**${y.year} total**` : String(y.year),
            y.symbol === null ? '' : escapeMarkdown(y.symbol),
            formatMoney(y.proceeds),
            formatMoney(y.costBasis),
            formatMoney(y.gain, { sign: true }),
            incomeCell(y.income, y.estimated),
          ]),
        ),
      );
    }
    out.push('', '_Proceeds are net of fees; gains in base currency at the FX of each date._');
    if (anyEstimate) out.push('', `_${escapeMarkdown(INCOME_LEGEND)}_`);
  }
  const closed = report.closedPositions ?? [];
  if (closed.length > 0) {
    out.push('', '## Closed positions', '');
    out.push(
      markdownTable(
        ['Symbol', 'Name', 'First bought', 'Closed', 'Realized gain', 'Income'],
        ['left', 'left', 'left', 'left', 'right', 'right'],
        closed.map((c) => [
          `**${escapeMarkdown(c.symbol)}**`,
          escapeMarkdown(c.name),
          formatDate(c.firstBought),
          formatDate(c.closedOn),
          formatMoney(c.realizedGain, { sign: true }),
          incomeCell(c.income, c.incomeEstimated),
        ]),
      ),
    );
  }
  return out;
}

function holdingsSection(report: Report, options: ReportRenderOptions): string[] {
  const s = report.summary;
  const base = escapeMarkdown(report.baseCurrency);
  const bench = report.benchmarks[0]?.symbol;
  const out: string[] = [];
  out.push('', `## Holdings (values in ${base})`, '');
  const rows: string[][] = [];
  for (const h of sortHoldings(report.holdings, options.sort)) {
    rows.push(holdingRow(h));
    if (options.lots) for (const lot of h.lots) rows.push(lotRow(lot));
  }
  rows.push([
    '**Total**',
    '',
    '',
    '',
    formatChangePct(s.dayChangePct),
    `**${formatMoney(s.marketValue)}**`,
    formatPct(report.holdings.length > 0 ? 1 : null),
    formatMoney(s.costBasis),
    formatMoney(s.unrealizedGain, { sign: true }),
    formatChangePct(s.unrealizedGainPct),
    '',
    '',
  ]);
  const vsHead = bench === undefined ? 'vs bench' : `vs ${escapeMarkdown(bench)}`;
  out.push(
    markdownTable(
      [
        'Symbol',
        'Name',
        'Shares',
        'Price',
        'Day %',
        'Value',
        'Weight',
        'Cost',
        'Gain',
        'Gain %',
        vsHead,
        'Price source',
      ],
      [
        'left',
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'left',
      ],
      rows,
    ),
  );

  return out;
}

function etfSection(report: Report): string[] {
  if (report.benchmarks.length === 0) return [];
  const s = report.summary;
  const out: string[] = [];
  out.push('', '## ETF comparison', '', '### Period returns', '');
  const periodRow = (label: string, r: Report['summary']['periodReturns']): string[] => [
    label,
    ...PERIOD_RETURN_KEYS.map((k) => formatChangePct(r[k])),
  ];
  out.push(
    markdownTable(
      ['', ...PERIOD_RETURN_KEYS.map((k) => PERIOD_LABELS[k])],
      ['left', ...PERIOD_RETURN_KEYS.map((): Align => 'right')],
      [
        periodRow('Portfolio', s.periodReturns),
        ...report.benchmarks.map((b) => periodRow(escapeMarkdown(b.symbol), b.periodReturns)),
      ],
    ),
  );
  out.push('', '### Same cash flows', '');
  out.push(
    markdownTable(
      ['ETF', 'Name', 'Value', 'Gain', 'Gain %', 'XIRR', 'Portfolio − ETF', 'XIRR diff'],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
      report.benchmarks.map((b) => {
        const c = b.sameCashFlows;
        return [
          escapeMarkdown(b.symbol),
          escapeMarkdown(b.name),
          formatMoney(c?.value),
          formatMoney(c?.gain, { sign: true }),
          formatChangePct(c?.gainPct),
          formatChangePct(c?.xirr),
          formatMoney(c?.vsPortfolio.value, { sign: true }),
          formatPp(c?.vsPortfolio.xirr),
        ];
      }),
    ),
  );
  out.push(
    '',
    "_Same cash flows: each lot's cost invested in the ETF on the lot's date. ETF values use adjusted closes, so dividends are reinvested._",
  );
  return out;
}

export function renderReportMarkdown(report: Report, options: ReportRenderOptions): string {
  const s = report.summary;
  const base = escapeMarkdown(report.baseCurrency);
  const out: string[] = [];

  out.push(`# Portfolio report as of ${formatDate(report.asOf)} (${base})`);
  if (options.demo === true) out.push('', `> **${escapeMarkdown(DEMO_BANNER)}**`);
  out.push(
    '',
    `_Generated ${escapeMarkdown(report.generatedAt)}; ${escapeMarkdown(formatFreshness(s.prices))}._`,
  );

  out.push('', '## Summary', '');
  out.push(
    markdownTable(
      ['Metric', 'Value'],
      ['left', 'right'],
      summaryItems(report).map((i) => [escapeMarkdown(i.label), escapeMarkdown(i.value)]),
    ),
  );

  if (options.portfolios !== undefined)
    out.push('', ...renderPortfoliosMarkdown(options.portfolios, report.baseCurrency));
  out.push(...holdingsSection(report, options));
  out.push(...transactionSections(report, options));
  out.push(...allocationMarkdown(report, markdownTable));

  out.push(...etfSection(report));

  const list = (title: string, items: readonly string[], prefix = ''): void => {
    const clean = items.map(escapeMarkdown).filter((x) => x !== '');
    if (clean.length > 0) out.push('', `## ${title}`, '', ...clean.map((x) => `- ${prefix}${x}`));
  };
  list('Notes', report.notes);
  list('Warnings', report.warnings, '⚠️ ');
  // The definitions are most of the text: folded at the end, so the report itself fits an email.
  const conventions = report.conventions.map(escapeMarkdown).filter((x) => x !== '');
  if (conventions.length > 0)
    out.push(
      '',
      '<details><summary>Conventions</summary>',
      '',
      ...conventions.map((x) => `- ${x}`),
      '',
      '</details>',
    );
  return `${out.join('\n')}\n`;
}
