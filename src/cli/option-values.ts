// Option values as the user typed them, checked into what a command uses: a width, a whole number in
// a range, a date, one of a list. A bad value is a usage error naming the option.
import { UsageError } from '../errors.js';
import { isCalendarDate } from '../holdings/validate.js';

/**
 * The narrowest output folio can keep within its width: the ETF comparison's period returns and the
 * lots table need about 55 columns, so a narrower --width would be a promise it could not keep.
 */
const MIN_WIDTH = 60;

/** `--width`, else the terminal's width (at least MIN_WIDTH), else 80 off a terminal. */
export function parseWidthOption(
  value: string | undefined,
  stdout: NodeJS.WriteStream | { isTTY?: boolean; columns?: number },
): number {
  return (
    parseIntOption('--width', value, MIN_WIDTH, 1000) ??
    (stdout.isTTY === true ? Math.max(MIN_WIDTH, stdout.columns || 80) : 80)
  );
}

export function parseIntOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be a whole number ${min}..${max}`);
  const n = Number(value);
  if (n < min || n > max)
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be a whole number ${min}..${max}`);
  return n;
}

/** A `YYYY-MM-DD` calendar date no later than `today`. */
export function parseDateOption(name: string, value: string | undefined, today: string): string | undefined {
  if (value === undefined) return undefined;
  const date = value.trim();
  if (!isCalendarDate(date))
    throw new UsageError(`${name} ${JSON.stringify(value)}: expected a date YYYY-MM-DD`);
  if (date > today) throw new UsageError(`${name} ${value}: lies in the future`);
  return date;
}

export function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be one of ${choices.join(', ')}`);
  return value as T;
}
