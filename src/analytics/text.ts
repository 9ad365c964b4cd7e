// Numbers inside note and warning TEXT (the JSON fields stay unrounded): 1208.59 / 3 reads
// "402.8633", not "402.8633333333333".

/**
 * Up to 4 decimals with trailing zeros trimmed (402.8633, 40, 0.5); below 1 in magnitude 4 significant
 * digits instead, so a small fraction of a share does not print as 0.
 */
export function textNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const text = Math.abs(x) >= 1 || x === 0 ? x.toFixed(4) : x.toPrecision(4);
  const n = Number(text);
  return String(Object.is(n, -0) ? 0 : n);
}
