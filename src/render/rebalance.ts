// `folio rebalance` output: the trades and each group before and after, as a table, markdown, CSV
// (the trades) or JSON.
import type { RebalancePlan } from '../analytics/rebalance.js';
import { formatDate, formatMoney, formatPct, formatPp, formatPrice, formatShares } from './format.js';
import { renderGrid, type GridCell, type GridColumn } from './grid.js';
import { toJsonDocument } from './json.js';
import { markdownTable } from './markdown.js';
import type { RenderOptions } from './options.js';
import { csvRecords, escapeMarkdown, sanitizeText } from './sanitize.js';
import { joinSections, section, signed, wrapText } from './text.js';

/** What the output says about the run besides the plan. */
export interface RebalanceDocument {
  asOf: string;
  baseCurrency: string;
  targetsFile: string;
  /** The new cash invested (`--cash`), base currency. */
  cashAdded: number;
  noSell: boolean;
  wholeShares: boolean;
  plan: RebalancePlan;
  warnings: string[];
}

/** The rules, stated in every output (and in the README). */
function rebalanceConventions(doc: Pick<RebalanceDocument, 'noSell' | 'wholeShares'>): string[] {
  const rules = [
    "Trades at today's prices and FX; amount is shares x price in the holding's own currency (GBp: pence), amountBase the same in the base currency.",
    'total = value of the holdings with a price + the new cash (--cash); weights are over the holdings with a price; a holding without a price is neither traded nor counted.',
    "A group the holdings have but the targets do not name has target 0. Within a group, the trade is shared among its holdings in proportion to their current values; with targets by account, a holding's part in each account trades on its own.",
    'A group with a target none of whose holdings has a price cannot be bought: folio stops (exit 4) naming it.',
  ];
  rules.push(
    doc.noSell
      ? 'No sells: the whole cash is invested by water-filling: the groups below target today, furthest first, are raised to one common drift against target x total (value + cash), so each buy goes to a group below its target and the largest drift after is no larger than before. Only when those groups cannot take the cash without passing their targets, or the others would drift further than the largest drift today, does every group with a target take part (each buy then goes to a group below target x total).'
      : 'Sells allowed: after the trades every group weighs exactly its target (to rounding); the trades add up to the new cash.',
  );
  if (doc.wholeShares)
    rules.push(
      'Whole shares: sells are rounded up (never beyond the shares held) and buys down; the cash left then buys whole shares for the groups furthest below target (without sells: only groups the water-filling chose) while one is affordable. cash = what is left, never negative; weights after are over the holdings (without that cash).',
    );
  else rules.push('Fractional shares: cash (what is left) is 0.');
  return rules;
}

export function renderRebalanceJson(doc: RebalanceDocument): string {
  const { plan } = doc;
  return toJsonDocument({
    schemaVersion: 1,
    asOf: doc.asOf,
    baseCurrency: doc.baseCurrency,
    targets: doc.targetsFile,
    dimension: plan.dimension,
    mode: { sell: !doc.noSell, wholeShares: doc.wholeShares },
    cashAdded: doc.cashAdded,
    total: plan.total,
    cash: plan.cash,
    trades: plan.trades.map((t) => ({
      symbol: t.symbol,
      ...(t.account === undefined ? {} : { account: t.account }),
      group: t.group,
      shares: t.shares,
      price: t.price,
      currency: t.currency,
      amount: t.amount,
      amountBase: t.amountBase,
    })),
    groups: plan.groups,
    unpriced: plan.unpriced,
    conventions: rebalanceConventions(doc),
    warnings: doc.warnings,
  });
}

const TRADES_CSV_HEADER = [
  'symbol',
  'account',
  'group',
  'shares',
  'price',
  'currency',
  'amount',
  'amountBase',
] as const;

/** The trades as CSV, raw numbers, one row per holding (0 shares where nothing trades). */
export function renderRebalanceCsv(doc: RebalanceDocument): string {
  return csvRecords([
    [...TRADES_CSV_HEADER],
    ...doc.plan.trades.map((t) => [
      t.symbol,
      t.account ?? null,
      t.group,
      t.shares,
      t.price,
      t.currency,
      t.amount,
      t.amountBase,
    ]),
  ]);
}

function action(shares: number): string {
  return shares > 0 ? 'buy' : shares < 0 ? 'sell' : 'hold';
}

function header(doc: RebalanceDocument): string {
  const mode = `${doc.noSell ? 'buys only' : 'sells allowed'}, ${doc.wholeShares ? 'whole' : 'fractional'} shares`;
  return `folio rebalance as of ${formatDate(doc.asOf)} · base ${sanitizeText(doc.baseCurrency)} · targets ${sanitizeText(doc.targetsFile)} · ${mode}`;
}

function totals(doc: RebalanceDocument): string {
  const base = sanitizeText(doc.baseCurrency);
  return `Total ${formatMoney(doc.plan.total)} ${base} (new cash ${formatMoney(doc.cashAdded)}); cash left after the trades ${formatMoney(doc.plan.cash)} ${base}.`;
}

export function renderRebalanceTable(doc: RebalanceDocument, options: RenderOptions): string {
  const { plan } = doc;
  const byAccount = plan.dimension === 'account';
  const columns: GridColumn[] = [
    { head: 'Symbol' },
    ...(byAccount ? [{ head: 'Account' }] : [{ head: 'Group', drop: 30 }]),
    { head: 'Action' },
    { head: 'Shares', align: 'right' },
    { head: 'Price', align: 'right', drop: 20 },
    { head: 'Amount', align: 'right', drop: 10 },
    { head: `Amount ${sanitizeText(doc.baseCurrency)}`, align: 'right' },
  ];
  const trades: GridCell[][] = plan.trades.map((t) => [
    sanitizeText(t.symbol),
    sanitizeText(byAccount ? (t.account ?? '') : t.group),
    action(t.shares),
    formatShares(Math.abs(t.shares)),
    `${formatPrice(t.price)} ${sanitizeText(t.currency)}`,
    `${formatMoney(t.amount, { sign: true })} ${sanitizeText(t.currency)}`,
    signed(formatMoney(t.amountBase, { sign: true }), t.amountBase),
  ]);
  const groupColumns: GridColumn[] = [
    { head: 'Group' },
    { head: 'Target', align: 'right' },
    { head: 'Before', align: 'right' },
    { head: 'After', align: 'right' },
    { head: 'Drift before', align: 'right', drop: 10 },
    { head: 'Drift after', align: 'right' },
  ];
  const groups: GridCell[][] = plan.groups.map((g) => [
    sanitizeText(g.group),
    formatPct(g.target),
    formatPct(g.before),
    formatPct(g.after),
    formatPp(g.driftBefore, 2),
    formatPp(g.driftAfter, 2),
  ]);
  const rules = rebalanceConventions(doc).flatMap((r) => wrapText(`- ${r}`, options.width, '  '));
  return joinSections([
    wrapText(header(doc), options.width).join('\n'),
    section(
      'Trades',
      [renderGrid(columns, trades, options), ...wrapText(totals(doc), options.width)].join('\n'),
      options,
    ),
    section('Groups', renderGrid(groupColumns, groups, options), options),
    section('Rules', rules.join('\n'), options),
    doc.warnings.length === 0
      ? null
      : section('Warnings', doc.warnings.map((w) => `- ${sanitizeText(w)}`).join('\n'), options),
  ]);
}

export function renderRebalanceMarkdown(doc: RebalanceDocument): string {
  const { plan } = doc;
  const out = [`# ${escapeMarkdown(header(doc))}`, '', '## Trades', ''];
  out.push(
    markdownTable(
      [
        'Symbol',
        'Account',
        'Group',
        'Action',
        'Shares',
        'Price',
        'Amount',
        `Amount ${escapeMarkdown(doc.baseCurrency)}`,
      ],
      ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right'],
      plan.trades.map((t) => [
        escapeMarkdown(t.symbol),
        escapeMarkdown(t.account ?? ''),
        escapeMarkdown(t.group),
        action(t.shares),
        formatShares(Math.abs(t.shares)),
        `${formatPrice(t.price)} ${escapeMarkdown(t.currency)}`,
        `${formatMoney(t.amount, { sign: true })} ${escapeMarkdown(t.currency)}`,
        formatMoney(t.amountBase, { sign: true }),
      ]),
    ),
    '',
    escapeMarkdown(totals(doc)),
    '',
    '## Groups',
    '',
    markdownTable(
      ['Group', 'Target', 'Before', 'After', 'Drift before', 'Drift after'],
      ['left', 'right', 'right', 'right', 'right', 'right'],
      plan.groups.map((g) => [
        escapeMarkdown(g.group),
        formatPct(g.target),
        formatPct(g.before),
        formatPct(g.after),
        formatPp(g.driftBefore, 2),
        formatPp(g.driftAfter, 2),
      ]),
    ),
    '',
    '## Rules',
    '',
    ...rebalanceConventions(doc).map((r) => `- ${escapeMarkdown(r)}`),
  );
  if (doc.warnings.length > 0)
    out.push('', '## Warnings', '', ...doc.warnings.map((w) => `- ${escapeMarkdown(w)}`));
  return `${out.join('\n')}\n`;
}
