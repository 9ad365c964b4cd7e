// A digest as an HTML mail: what mail clients keep. No script, no SVG, no <style> block (several
// clients drop the head's styles), no images: tables for layout, every style inline, a 600 px column.
// Every piece of text is escaped; names and warnings also lose terminal escapes first.
import { type Digest, biggestMovers } from '../analytics/digest.js';
import {
  TABLE_MOVERS,
  conditionText,
  coverageLine,
  digestHeadline,
  firstDigestLine,
} from './digest-lines.js';
import { formatChangePct, formatMoney, formatShares } from './format.js';
import { sanitizeText } from './sanitize.js';

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const CELL = `${FONT}font-size:14px;color:#222222;padding:4px 8px;border-bottom:1px solid #e5e5e5;`;
const NUM = `${CELL}text-align:right;white-space:nowrap;`;
const HEAD = `${FONT}font-size:12px;color:#666666;padding:4px 8px;text-align:left;border-bottom:1px solid #cccccc;`;
const TITLE = `${FONT}font-size:16px;font-weight:bold;color:#222222;padding:16px 8px 4px 8px;`;
const GAIN = '#1a7f37';
const LOSS = '#c62828';

/** Text for HTML content and attribute values. */
function esc(text: string | null | undefined): string {
  return sanitizeText(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A signed figure coloured by its sign (text stays readable when a client drops the colour). */
function signed(text: string, x: number | null): string {
  const colour = x === null || x === 0 ? '#222222' : x > 0 ? GAIN : LOSS;
  return `<span style="color:${colour};">${esc(text)}</span>`;
}

function table(headers: readonly [string, 'left' | 'right'][], rows: readonly string[][]): string {
  const th = headers
    .map(([h, align]) => `<th style="${HEAD}${align === 'right' ? 'text-align:right;' : ''}">${esc(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td style="${headers[i]?.[1] === 'right' ? NUM : CELL}">${cell}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">\n<tr>${th}</tr>\n${body}\n</table>`;
}

const section = (title: string, content: string) =>
  `<tr><td style="${TITLE}">${esc(title)}</td></tr>\n<tr><td>${content}</td></tr>`;

const money = (x: number | null) => esc(formatMoney(x));

/** The rows of one digest inside the mail's column. */
function digestRows(d: Digest): string[] {
  const cur = d.baseCurrency;
  const headColour = d.change === null ? '#222222' : d.change.value >= 0 ? GAIN : LOSS;
  const out = [
    `<tr><td style="${FONT}font-size:20px;font-weight:bold;color:${headColour};padding:16px 8px 8px 8px;">${esc(digestHeadline(d))}</td></tr>`,
  ];
  const coverage = coverageLine(d);
  if (coverage !== null) out.push(`<tr><td style="${CELL}border-bottom:0;">${esc(coverage)}</td></tr>`);
  if (d.since === null) {
    out.push(`<tr><td style="${CELL}border-bottom:0;">${esc(firstDigestLine(d))}</td></tr>`);
  } else {
    const values = table(
      [
        ['', 'left'],
        ['date', 'left'],
        [`value (${cur})`, 'right'],
      ],
      [
        ['then', esc(d.since.asOf), money(d.since.marketValue)],
        ['now', esc(d.now.asOf), money(d.now.marketValue)],
        [
          'change',
          '',
          `${signed(formatMoney(d.change!.value, { sign: true }), d.change!.value)} ${signed(formatChangePct(d.change!.pct), d.change!.value)}`,
        ],
        ...(d.breakdown === null || d.breakdown.positions === 0
          ? []
          : [
              [
                'of it: prices and FX',
                '',
                signed(formatMoney(d.breakdown.market, { sign: true }), d.breakdown.market),
              ],
              [
                'buys, sales, edits',
                '',
                signed(formatMoney(d.breakdown.positions, { sign: true }), d.breakdown.positions),
              ],
            ]),
      ],
    );
    out.push(`<tr><td>${values}</td></tr>`);
    const movers = biggestMovers(d.movers, TABLE_MOVERS);
    if (movers.length > 0)
      out.push(
        section(
          'Movers',
          table(
            [
              ['symbol', 'left'],
              ['name', 'left'],
              [`change (${cur})`, 'right'],
              ['change', 'right'],
            ],
            movers.map((m) => [
              esc(m.symbol),
              esc(m.name),
              signed(formatMoney(m.changeValue, { sign: true }), m.changeValue),
              signed(formatChangePct(m.changePct), m.changeValue),
            ]),
          ),
        ),
      );
    out.push(...positionSections(d), ...eventSections(d));
  }
  if (d.warnings.length > 0)
    out.push(
      section(
        'New warnings',
        table(
          [['warning', 'left']],
          d.warnings.map((w) => [esc(w)]),
        ),
      ),
    );
  if (d.failIf.length > 0)
    out.push(
      section(
        'Fail-if held',
        table(
          [['condition', 'left']],
          d.failIf.map((f) => [esc(conditionText(f))]),
        ),
      ),
    );
  return out;
}

function positionSections(d: Digest): string[] {
  const cur = d.baseCurrency;
  const rows = [
    ...d.opened.map((o) => [
      'opened',
      esc(o.symbol),
      esc(o.name),
      esc(formatShares(o.shares)),
      money(o.marketValue),
    ]),
    ...d.closed.map((c) => [
      `closed${c.closedOn !== null ? ` ${esc(c.closedOn)}` : ''}`,
      esc(c.symbol),
      esc(c.name),
      esc(formatShares(c.shares)),
      money(c.marketValue),
    ]),
    ...d.changed.map((c) => [
      'shares changed',
      esc(c.symbol),
      esc(c.name),
      esc(`${formatShares(c.sharesThen)} -> ${formatShares(c.sharesNow)}`),
      '',
    ]),
  ];
  if (rows.length === 0) return [];
  const headers: [string, 'left' | 'right'][] = [
    ['', 'left'],
    ['symbol', 'left'],
    ['name', 'left'],
    ['shares', 'right'],
    [`value (${cur})`, 'right'],
  ];
  return [section('Positions', table(headers, rows))];
}

function eventSections(d: Digest): string[] {
  const rows = [
    ...d.income.map((i) => [
      esc(i.date),
      esc(i.symbol),
      `dividend${i.estimated ? ' (estimated)' : ''}`,
      money(i.amount),
    ]),
    ...d.splits.map((s) => [
      esc(s.date),
      esc(s.symbol),
      esc(`split ${s.ratio >= 1 ? `${formatShares(s.ratio)}:1` : `1:${formatShares(1 / s.ratio)}`}`),
      '',
    ]),
  ];
  if (rows.length === 0) return [];
  const headers: [string, 'left' | 'right'][] = [
    ['date', 'left'],
    ['symbol', 'left'],
    ['event', 'left'],
    [`amount (${d.baseCurrency})`, 'right'],
  ];
  return [section('Dividends and splits', table(headers, rows))];
}

/** One HTML document holding each digest, in order. */
export function renderDigestHtml(list: readonly Digest[]): string {
  const title = list.length === 1 ? `folio digest: ${list[0]!.file}` : 'folio digest';
  const rows = list.flatMap((d) => digestRows(d));
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f4;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="background-color:#f4f4f4;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;background-color:#ffffff;">
${rows.join('\n')}
<tr><td style="${FONT}font-size:11px;color:#888888;padding:16px 8px;">folio digest</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
