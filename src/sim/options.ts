// Validation of the simulator's options, apart from the server so that folio's CLI can check
// `folio sim` flags without loading the simulator on every run.
import type { SimOptions } from './server.js';
import { parseIsoDate } from './time.js';

/** A problem with the options, as a sentence, or undefined when they are fine. */
export function checkSimOptions(o: Partial<SimOptions>): string | undefined {
  const fraction = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)
      ? `${name} must be a number from 0 to 1, got ${v}`
      : undefined;
  const nonNegative = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isFinite(v) && v >= 0)
      ? `${name} must be a number >= 0, got ${v}`
      : undefined;
  const positiveInt = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isInteger(v) && v >= 1)
      ? `${name} must be a whole number >= 1, got ${v}`
      : undefined;
  const dateProblem = (name: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    try {
      parseIsoDate(v);
      return undefined;
    } catch {
      return `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`;
    }
  };
  return (
    dateProblem('today', o.today) ??
    nonNegative('latencyMs', o.latencyMs) ??
    nonNegative('hangMs', o.hangMs) ??
    fraction('failRate', o.failRate) ??
    fraction('truncateRate', o.truncateRate) ??
    (o.rateLimit !== undefined && !(Number.isFinite(o.rateLimit) && o.rateLimit > 0)
      ? `rateLimit must be a number > 0, got ${o.rateLimit}`
      : undefined) ??
    positiveInt('maxSymbolsPerQuote', o.maxSymbolsPerQuote) ??
    [...(o.splits ?? []), ...(o.nullBars ?? []), ...(o.badPrices ?? [])]
      .map((x) => dateProblem('date', x.date))
      .find((p) => p !== undefined)
  );
}
