// A digest as text (short lines for a phone notification, the headline first), markdown or JSON; the
// mail HTML is in digest-html.ts. Text that came from outside (names, warnings, the file's path) is
// cleaned of terminal escapes in text and escaped in markdown.
import { DIGEST_SCHEMA_VERSION, type Digest, type DigestMover, biggestMovers } from '../analytics/digest.js';
import { formatChangePct, formatMoney, formatShares } from './format.js';
import type { DigestFormat } from './options.js';
import { escapeMarkdown, sanitizeText } from './sanitize.js';
import {
  TABLE_MOVERS,
  conditionText,
  coverageLine,
  digestHeadline,
  firstDigestLine,
} from './digest-lines.js';

/** Movers listed by text (by money and by percent each). */
const TEXT_MOVERS = 3;
/**
 * The digests of a run: one as it is; several one after another (text, markdown), in one mail (html)
 * or as `{ schemaVersion, digests: [...] }` (json).
 */
export async function renderDigests(digests: readonly Digest[], format: DigestFormat): Promise<string> {
  switch (format) {
    case 'text':
      return digests.map((d) => renderDigestText(d)).join('\n');
    case 'markdown':
      return digests.map((d) => renderDigestMarkdown(d)).join('\n');
    case 'json':
      return digests.length === 1
        ? renderDigestJson(digests[0]!)
        : `${JSON.stringify({ schemaVersion: DIGEST_SCHEMA_VERSION, digests: digests.map(digestDocument) }, null, 2)}\n`;
    case 'html': {
      const { renderDigestHtml } = await import('./digest-html.js');
      return renderDigestHtml(digests);
    }
  }
}

/** A name after a symbol in markdown: escaped, or nothing. */
const named = (name: string | null) => (name === null || name === '' ? '' : ` ${escapeMarkdown(name)}`);
const signedMoney = (x: number | null) => formatMoney(x, { sign: true });
const moverText = (m: DigestMover) =>
  `${m.symbol} ${signedMoney(m.changeValue)} (${formatChangePct(m.changePct)})`;
const ratioText = (ratio: number) =>
  ratio >= 1 ? `${formatShares(ratio)}:1` : `1:${formatShares(1 / ratio)}`;

export function renderDigestText(d: Digest): string {
  const lines = [digestHeadline(d)];
  const coverage = coverageLine(d);
  if (coverage !== null) lines.push(coverage);
  const cur = d.baseCurrency;
  if (d.since === null) {
    lines.push(firstDigestLine(d));
  } else {
    lines.push(`Now ${formatMoney(d.now.marketValue)} ${cur} (${d.now.asOf})`);
    lines.push(`Was ${formatMoney(d.since.marketValue)} ${cur} (${d.since.asOf})`);
    if (d.breakdown !== null && d.breakdown.positions !== 0)
      lines.push(
        `Prices/FX ${signedMoney(d.breakdown.market)}`,
        `Buys/sales ${signedMoney(d.breakdown.positions)}`,
      );
    const movers = biggestMovers(d.movers, TEXT_MOVERS);
    if (movers.length > 0) lines.push('Movers:', ...movers.map((m) => ` ${moverText(m)}`));
    for (const o of d.opened)
      lines.push(`Opened ${o.symbol}: ${formatShares(o.shares)} sh, ${formatMoney(o.marketValue)}`);
    for (const c of d.closed)
      lines.push(
        `Closed ${c.symbol}${c.closedOn !== null ? ` ${c.closedOn}` : ''}: was ${formatMoney(c.marketValue)}` +
          (c.realizedGain !== null ? `, gain ${signedMoney(c.realizedGain)}` : ''),
      );
    for (const c of d.changed)
      lines.push(`Shares ${c.symbol}: ${formatShares(c.sharesThen)} -> ${formatShares(c.sharesNow)}`);
    for (const i of d.income)
      lines.push(`Dividend ${i.symbol} ${i.date}: ${formatMoney(i.amount)}${i.estimated ? ' (est.)' : ''}`);
    for (const s of d.splits) lines.push(`Split ${s.symbol} ${ratioText(s.ratio)} on ${s.date}`);
  }
  for (const w of d.warnings) lines.push(`Warning: ${sanitizeText(w)}`);
  for (const f of d.failIf) lines.push(`Fail-if held: ${conditionText(f)}`);
  return `${lines.join('\n')}\n`;
}

export function renderDigestMarkdown(d: Digest): string {
  const cur = d.baseCurrency;
  const out = [`# Digest: ${escapeMarkdown(d.file)}`, '', `**${escapeMarkdown(digestHeadline(d))}**`, ''];
  const coverage = coverageLine(d);
  if (coverage !== null) out.push(escapeMarkdown(coverage), '');
  if (d.since === null) {
    out.push(escapeMarkdown(firstDigestLine(d)), '');
  } else {
    out.push(
      `| | date | value (${cur}) |`,
      '| --- | --- | ---: |',
      `| then | ${d.since.asOf} | ${formatMoney(d.since.marketValue)} |`,
      `| now | ${d.now.asOf} | ${formatMoney(d.now.marketValue)} |`,
      ...(d.breakdown === null || d.breakdown.positions === 0
        ? []
        : [
            `| prices and FX | | ${signedMoney(d.breakdown.market)} |`,
            `| buys, sales, edits | | ${signedMoney(d.breakdown.positions)} |`,
          ]),
      '',
    );
    const movers = biggestMovers(d.movers, TABLE_MOVERS);
    if (movers.length > 0) {
      out.push('## Movers', '', `| symbol | change (${cur}) | change |`, '| --- | ---: | ---: |');
      for (const m of movers)
        out.push(`| ${m.symbol} | ${signedMoney(m.changeValue)} | ${formatChangePct(m.changePct)} |`);
      out.push('');
    }
    const positions = [
      ...d.opened.map(
        (o) =>
          `- opened **${o.symbol}**${named(o.name)}: ${formatShares(o.shares)} shares, ${formatMoney(o.marketValue)} ${cur}`,
      ),
      ...d.closed.map(
        (c) =>
          `- closed **${c.symbol}**${named(c.name)}${c.closedOn !== null ? ` on ${c.closedOn}` : ''}: was ${formatMoney(c.marketValue)} ${cur}` +
          (c.realizedGain !== null ? `, realized ${signedMoney(c.realizedGain)}` : ''),
      ),
      ...d.changed.map(
        (c) => `- **${c.symbol}**: ${formatShares(c.sharesThen)} -> ${formatShares(c.sharesNow)} shares`,
      ),
    ];
    if (positions.length > 0) out.push('## Positions', '', ...positions, '');
    const events = [
      ...d.income.map(
        (i) =>
          `- dividend **${i.symbol}** ${i.date}: ${formatMoney(i.amount)} ${cur}${i.estimated ? ' (estimated)' : ''}`,
      ),
      ...d.splits.map((s) => `- split **${s.symbol}** ${ratioText(s.ratio)} on ${s.date}`),
    ];
    if (events.length > 0) out.push('## Dividends and splits', '', ...events, '');
  }
  if (d.warnings.length > 0)
    out.push('## New warnings', '', ...d.warnings.map((w) => `- ${escapeMarkdown(w)}`), '');
  if (d.failIf.length > 0)
    out.push('## Fail-if held', '', ...d.failIf.map((f) => `- ${escapeMarkdown(conditionText(f))}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** The JSON document of one digest; money unrounded in the base currency, ratios as fractions. */
export function renderDigestJson(d: Digest): string {
  return `${JSON.stringify(digestDocument(d), null, 2)}\n`;
}

function digestDocument(d: Digest): Record<string, unknown> {
  return {
    schemaVersion: d.schemaVersion,
    file: d.file,
    baseCurrency: d.baseCurrency,
    since: d.since,
    now: d.now,
    change: d.change,
    breakdown: d.breakdown,
    movers: d.movers,
    opened: d.opened,
    closed: d.closed,
    changed: d.changed,
    income: d.income,
    incomeTotal: d.incomeTotal,
    splits: d.splits,
    warnings: d.warnings,
    failIf: d.failIf,
    note: d.note,
  };
}
