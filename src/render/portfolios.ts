// The combined report's "By portfolio" section: each file's value, cost, gain, weight, XIRR and TWR, as
// a table (fitted to the width) or markdown rows.
import type { PortfolioRow } from '../analytics/combine.js';
import { formatChangePct, formatMoney, formatPct } from './format.js';
import { type GridCell, renderGrid } from './grid.js';
import type { ReportRenderOptions } from './options.js';
import { escapeMarkdown } from './sanitize.js';
import { section, signed } from './text.js';

function rowCells(r: PortfolioRow): string[] {
  return [
    formatMoney(r.marketValue),
    formatMoney(r.costBasis),
    formatMoney(r.unrealizedGain, { sign: true }),
    formatChangePct(r.unrealizedGainPct),
    formatPct(r.weight),
    formatChangePct(r.xirr),
    formatChangePct(r.twr),
  ];
}

const HEADS = ['Value', 'Cost', 'Gain', 'Gain %', 'Weight', 'XIRR', 'TWR'];
const PORTFOLIO_DROPS: Record<string, number> = { 'Gain %': 4, Cost: 3, XIRR: 2, TWR: 1 };

/** The "By portfolio" section of a terminal table. */
export function renderPortfoliosTable(
  rows: readonly PortfolioRow[],
  baseCurrency: string,
  options: ReportRenderOptions,
): string {
  const cells: GridCell[][] = rows.map((r) => {
    const [value, cost, gain, gainPct, weight, xirr, twr] = rowCells(r);
    return [
      r.name,
      value!,
      cost!,
      signed(gain!, r.unrealizedGain),
      signed(gainPct!, r.unrealizedGainPct),
      weight!,
      signed(xirr!, r.xirr),
      signed(twr!, r.twr),
    ];
  });
  const grid = renderGrid(
    [
      { head: 'Portfolio', minWidth: 16 },
      // Narrow terminals lose the gain percentage first, then the cost, the XIRR and the TWR.
      ...HEADS.map((head) => ({ head, align: 'right' as const, drop: PORTFOLIO_DROPS[head] })),
    ],
    cells,
    options,
  );
  return section(`By portfolio (${baseCurrency})`, grid, options);
}

/** The "By portfolio" section of a markdown report, as lines. */
export function renderPortfoliosMarkdown(rows: readonly PortfolioRow[], baseCurrency: string): string[] {
  const head = `| Portfolio | ${HEADS.join(' | ')} |`;
  const rule = `|:---|${HEADS.map(() => '---:').join('|')}|`;
  const lines = rows.map((r) => `| ${escapeMarkdown(r.name)} | ${rowCells(r).join(' | ')} |`);
  return [`## By portfolio (${escapeMarkdown(baseCurrency)})`, '', head, rule, ...lines];
}
