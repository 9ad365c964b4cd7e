// The settings a JSON holdings file may carry beside its lots: `baseCurrency` (a major currency) and
// `benchmarks` (symbols, each once). Flags and environment variables override them (cli/settings.ts).
import { isMinorUnit } from '../currencies.js';
import type { HoldingsSettings } from '../types.js';
import { normalizeCurrency } from './currencies.js';
import { describeValue, type JsonLayout, type JsonValue } from './json.js';
import { normalizeSymbol, symbolProblem } from './symbols.js';
import { shortValue, type FileReading } from './validate.js';

/** The settings of a JSON holdings file's root object, problems into `reading`. */
export function readSettings(
  root: { [key: string]: JsonValue },
  layout: JsonLayout,
  { file, problems }: Pick<FileReading, 'file' | 'problems'>,
): HoldingsSettings {
  const settings: HoldingsSettings = {};
  const lineOf = (key: string): number => layout.rootKeyLines.get(key) ?? layout.rootLine;
  const base = root['baseCurrency'];
  if (base !== undefined) {
    const line = lineOf('baseCurrency');
    if (typeof base !== 'string') {
      problems.push({
        file,
        line,
        field: 'baseCurrency',
        reason: `must be a currency code string, not ${describeValue(base)}`,
      });
    } else {
      const code = normalizeCurrency(base);
      if (code === null)
        problems.push({
          file,
          line,
          field: 'baseCurrency',
          value: shortValue(base),
          reason: 'is not a known currency code (ISO 4217)',
        });
      // Reports in pence would be odd, and FX pairs are quoted in the major unit.
      else if (isMinorUnit(code))
        problems.push({
          file,
          line,
          field: 'baseCurrency',
          value: shortValue(base),
          reason: 'must be a major currency (e.g. GBP, not GBp)',
        });
      else settings.baseCurrency = code;
    }
  }
  const list = root['benchmarks'];
  if (list !== undefined) {
    const line = lineOf('benchmarks');
    if (!Array.isArray(list)) {
      problems.push({
        file,
        line,
        field: 'benchmarks',
        reason: `must be an array of symbols, not ${describeValue(list)}`,
      });
      return settings;
    }
    const benchmarks: string[] = [];
    list.forEach((item, index) => {
      const field = `benchmarks[${index}]`;
      if (typeof item !== 'string') {
        problems.push({ file, line, field, reason: `must be a symbol string, not ${describeValue(item)}` });
        return;
      }
      const symbol = normalizeSymbol(item);
      if (symbol === null)
        problems.push({
          file,
          line,
          field,
          value: shortValue(item),
          reason: symbolProblem(item) ?? 'is not a valid symbol',
        });
      else if (!benchmarks.includes(symbol)) benchmarks.push(symbol);
    });
    settings.benchmarks = benchmarks;
  }
  return settings;
}
