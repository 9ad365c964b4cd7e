// Minor currency units: Yahoo quotes some exchanges in 1/100 of the currency (GBp or GBX: pence on
// the LSE; ZAc: South African cents on the JSE; ILA: agorot on the TASE). One home for the rule, so
// the holdings file, the price plan and the analytics agree on which codes are minor and what they
// convert through. Imports nothing: every layer may use it.

/** Each minor unit and its major currency. Case matters: `GBp` is pence, `GBP` pounds. */
const MINOR_UNITS: ReadonlyMap<string, string> = new Map([
  ['GBp', 'GBP'],
  ['GBX', 'GBP'],
  ['ZAc', 'ZAR'],
  ['ILA', 'ILS'],
]);

/** A minor unit is this fraction of its major currency. */
const MINOR_UNIT_FACTOR = 0.01;

/** True for the minor-unit codes (prices in 1/100 of the major currency). */
export function isMinorUnit(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/**
 * The major currency of a quote currency and the value of one unit in it: GBp -> GBP x 0.01, USD ->
 * USD x 1. Yahoo also spells ZAc as ZAC (no currency of its own), so that reads as cents too.
 */
export function majorCurrency(currency: string): { code: string; factor: number } {
  const major = MINOR_UNITS.get(currency === 'ZAC' ? 'ZAc' : currency);
  return major === undefined
    ? { code: currency.toUpperCase(), factor: 1 }
    : { code: major, factor: MINOR_UNIT_FACTOR };
}

/** FX pair giving the price of one unit of `currency` in `base`: `EURUSD=X`. Minor units use their major. */
export function fxPairSymbol(currency: string, base: string): string | null {
  const major = majorCurrency(currency).code;
  return major === base ? null : `${major}${base}=X`;
}
