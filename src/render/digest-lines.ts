// The lines a digest says in every format (the headline, coverage, first-digest and fail-if lines),
// shared by the text and markdown renderers (digest.ts) and the mail HTML (digest-html.ts).
import type { Digest } from '../analytics/digest.js';
import { formatChangePct, formatMoney } from './format.js';
import { sanitizeText } from './sanitize.js';

/** Movers listed by markdown and HTML. */
export const TABLE_MOVERS = 5;

/** The first line: the file, the change in money and percent (or the value on a first digest). */
export function digestHeadline(d: Digest): string {
  const file = sanitizeText(d.file);
  if (d.change === null || d.since === null)
    return `${file}: ${formatMoney(d.now.marketValue)} ${d.baseCurrency} on ${d.now.asOf}`;
  return `${file}: ${formatMoney(d.change.value, { sign: true })} ${d.baseCurrency} (${formatChangePct(d.change.pct)}) since ${d.since.asOf}`;
}

/** When some holdings have no price: how many do, and which are left out of the value (else null). */
export function coverageLine(d: Digest): string | null {
  const c = d.now.coverage;
  if (c.priced === c.total) return null;
  const missing = c.missing.map((m) => sanitizeText(m.symbol)).join(', ');
  return `Prices for ${c.priced} of ${c.total} holdings; left out of the value: ${missing}`;
}

/** What a first digest says instead of a comparison. */
export function firstDigestLine(d: Digest): string {
  return d.note !== null
    ? `${capitalized(d.note)}: nothing to compare yet; this digest is the new baseline.`
    : 'First digest of this file: nothing to compare yet; this digest is the baseline.';
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function conditionText(f: { condition: string; value: number | null }): string {
  return `${sanitizeText(f.condition)} (value ${f.value === null ? 'n/a' : Number(f.value.toPrecision(6))})`;
}
