// Holdings symbols are Yahoo symbols (AAPL, VOD.L, BRK-B, ^GSPC, EURUSD=X). They end up in URLs and
// cache keys, so anything outside this small alphabet is rejected rather than escaped.

/** A normalized symbol: upper-case, 1-20 of `A-Z 0-9 . ^ = -`, with at least one letter or digit (so `..` is out). */
export const SYMBOL_PATTERN = /^(?=[^A-Z0-9]*[A-Z0-9])[A-Z0-9.^=-]{1,20}$/;

/** Trimmed, upper-cased symbol, or null when it is not a valid symbol. */
export function normalizeSymbol(raw: string): string | null {
  const symbol = raw.trim().toUpperCase();
  return SYMBOL_PATTERN.test(symbol) ? symbol : null;
}

/** Why `raw` is not a valid symbol (for the user), or null when it is valid. */
export function symbolProblem(raw: string): string | null {
  const symbol = raw.trim().toUpperCase();
  if (SYMBOL_PATTERN.test(symbol)) return null;
  if (symbol === '') return 'is empty';
  if (/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(symbol))
    return 'contains a control character';
  if (/\s/.test(symbol)) return 'contains a space';
  const bad = /[^A-Z0-9.^=-]/.exec(symbol);
  if (bad !== null)
    return `contains ${JSON.stringify(bad[0])}, which is not allowed in a symbol (letters, digits and . ^ = - only)`;
  if (symbol.length > 20) return 'is longer than 20 characters';
  return 'must contain a letter or a digit';
}
