// The Allocation section (breakdowns by class, type, currency, account, country) and the Targets
// section (drift from a target allocation), for the terminal and for markdown.
import type { AllocationSlice, TargetDrift } from '../analytics/model.js';
import type { Report } from '../analytics/model.js';
import { formatMoney, formatPct, formatPp } from './format.js';
import { renderGrid, type GridCell, type GridColumn } from './grid.js';
import type { RenderOptions } from './options.js';
import { escapeMarkdown, sanitizeText } from './sanitize.js';
import { section, signed, wrapText } from './text.js';

type Breakdowns = NonNullable<Report['allocation']>;

export const BREAKDOWN_TITLES: readonly [keyof Breakdowns, string][] = [
  ['byClass', 'By class'],
  ['byType', 'By type'],
  ['byCurrency', 'By currency'],
  ['byAccount', 'By account'],
  ['byRegion', 'By country of listing'],
];

export const DRIFT_MARK = '!';

export function driftLegend(t: TargetDrift): string {
  return `Drift = weight - target; ${DRIFT_MARK} beyond the band of ${formatPp(t.driftBand).replace('+', '')}. The money is the value to sell (+) or buy (-) to reach the target.`;
}

export const ALLOCATION_NOTE =
  'Weights are over the holdings with a price; a group none of whose holdings has one shows n/a.';

/** The terminal's Allocation section, and the Targets section when the report has targets. */
export function allocationSections(report: Report, options: RenderOptions): (string | null)[] {
  const a = report.allocation;
  if (a === undefined || report.holdings.length === 0) return [];
  const columns: GridColumn[] = [
    { head: '' },
    { head: 'Value', align: 'right' },
    { head: 'Weight', align: 'right' },
  ];
  const parts: string[] = [];
  for (const [key, title] of BREAKDOWN_TITLES) {
    const rows: GridCell[][] = a[key].map((s: AllocationSlice) => [
      sanitizeText(s.name),
      formatMoney(s.value),
      formatPct(s.weight),
    ]);
    parts.push(title, renderGrid(columns, rows, options), '');
  }
  parts.push(...wrapText(ALLOCATION_NOTE, options.width));
  const base = sanitizeText(report.baseCurrency);
  return [
    section(`Allocation (values in ${base})`, parts.join('\n'), options),
    targetsSection(report, options),
  ];
}

function targetsSection(report: Report, options: RenderOptions): string | null {
  const t = report.targets;
  if (t === undefined) return null;
  const columns: GridColumn[] = [
    { head: '' },
    { head: 'Group' },
    { head: 'Target', align: 'right' },
    { head: 'Weight', align: 'right' },
    { head: 'Drift', align: 'right' },
    { head: 'Money', align: 'right', drop: 10 },
  ];
  const rows: GridCell[][] = t.groups.map((g) => [
    g.flagged ? { text: DRIFT_MARK, style: 'yellow' } : '',
    sanitizeText(g.group),
    formatPct(g.target),
    formatPct(g.weight),
    signed(formatPp(g.drift, 2), g.drift),
    formatMoney(g.driftValue, { sign: true }),
  ]);
  const body = [renderGrid(columns, rows, options), ...wrapText(driftLegend(t), options.width)].join('\n');
  return section(`Targets (${sanitizeText(t.file)})`, body, options);
}

/** The same two sections in markdown. */
export function allocationMarkdown(report: Report, table: MarkdownTable): string[] {
  const a = report.allocation;
  if (a === undefined || report.holdings.length === 0) return [];
  const out: string[] = ['', `## Allocation (values in ${escapeMarkdown(report.baseCurrency)})`];
  for (const [key, title] of BREAKDOWN_TITLES) {
    out.push(
      '',
      `### ${title}`,
      '',
      table(
        ['Group', 'Value', 'Weight'],
        ['left', 'right', 'right'],
        a[key].map((s) => [escapeMarkdown(s.name), formatMoney(s.value), formatPct(s.weight)]),
      ),
    );
  }
  out.push('', `_${ALLOCATION_NOTE}_`);
  const t = report.targets;
  if (t === undefined) return out;
  out.push(
    '',
    `## Targets (${escapeMarkdown(t.file)})`,
    '',
    table(
      ['Group', 'Target', 'Weight', 'Drift', 'Money', ''],
      ['left', 'right', 'right', 'right', 'right', 'left'],
      t.groups.map((g) => [
        escapeMarkdown(g.group),
        formatPct(g.target),
        formatPct(g.weight),
        formatPp(g.drift, 2),
        formatMoney(g.driftValue, { sign: true }),
        g.flagged ? DRIFT_MARK : '',
      ]),
    ),
    '',
    `_${escapeMarkdown(driftLegend(t))}_`,
  );
  return out;
}

type MarkdownTable = (
  head: readonly string[],
  aligns: readonly ('left' | 'right')[],
  rows: readonly (readonly string[])[],
) => string;
