// `folio history <symbol>`: a chart and a short table of one symbol's closes.
import type { Command } from 'commander';
import { PriceUnavailableError, UsageError, noPriceText, unknownSymbolText } from '../../errors.js';
import { normalizeSymbol } from '../../holdings/symbols.js';
import { PERIODS } from '../../analytics/model.js';
import { addDays, toEpochDay } from '../../dates.js';
import { describeFailure } from '../../prices/index.js';
import {
  type PriceFlags,
  addPriceOptions,
  makeWarn,
  parseChoice,
  parseIntOption,
  parseWidthOption,
  priceOptions,
  settingsFrom,
} from '../options.js';
import { type Io, createClock, isoToday, openPrices, useColor } from '../runtime.js';

interface HistoryFlags extends PriceFlags {
  width?: string;
  height?: string;
  format?: string;
}

/** First date of a period ending `today` (with a margin for the base date). */
export function periodStart(period: string, today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  switch (period) {
    case '1m':
      d.setUTCMonth(d.getUTCMonth() - 1);
      break;
    case '3m':
      d.setUTCMonth(d.getUTCMonth() - 3);
      break;
    case '6m':
      d.setUTCMonth(d.getUTCMonth() - 6);
      break;
    case 'ytd':
      return `${Number(today.slice(0, 4)) - 1}-12-20`;
    case '1y':
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      break;
    case '3y':
      d.setUTCFullYear(d.getUTCFullYear() - 3);
      break;
    case '5y':
      d.setUTCFullYear(d.getUTCFullYear() - 5);
      break;
    default:
      return '2000-01-01';
  }
  return addDays(d.toISOString().slice(0, 10), -7);
}

/** The period's base date (the same calendar date back; YTD: December 31 before), or null for max. */
export function periodBase(period: string, today: string): string | null {
  const d = new Date(`${today}T00:00:00Z`);
  const months = { '1m': 1, '3m': 3, '6m': 6, '1y': 12, '3y': 36, '5y': 60 }[period];
  if (period === 'ytd') return `${Number(today.slice(0, 4)) - 1}-12-31`;
  if (months === undefined) return null;
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  // Clamp to the month's end: one month before March 31 is February 28 (or 29).
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString().slice(0, 10);
}

export function registerHistoryCommand(program: Command, io: Io): void {
  const cmd = program
    .command('history')
    .description("chart and table of one symbol's daily closes")
    .argument('<symbol>', 'Yahoo symbol, e.g. AAPL')
    .option('--period <period>', `${PERIODS.join(', ')}`, '1y')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--width <columns>', 'output width')
    .option('--height <rows>', 'chart height (default 12)');
  addPriceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio history AAPL
  $ folio history VOD.L --period 5y --height 20
  $ folio history SPY --period ytd --format json`,
  );
  cmd.action(async (raw: string, flags: HistoryFlags) => {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    const symbol = normalizeSymbol(raw);
    if (symbol === null) throw new UsageError(`symbol ${JSON.stringify(raw)}: not a valid Yahoo symbol`);
    const period = parseChoice('--period', flags.period ?? '1y', PERIODS)!;
    const format = parseChoice('--format', flags.format ?? 'table', ['table', 'json'] as const)!;
    const width = parseWidthOption(flags.width, io.stdout);
    const height = parseIntOption('--height', flags.height, 3, 100) ?? 12;
    const warn = makeWarn(io);
    const clock = createClock(io.env);
    const today = isoToday(clock);
    const settings = settingsFrom({ ...flags, period: undefined }, io);
    const prices = await openPrices(settings, priceOptions(flags, debug), io, clock, warn);
    let outcome;
    try {
      outcome = (
        await prices.service.getHistories(new Map([[symbol, periodStart(period, today)]]), today)
      ).get(symbol);
    } finally {
      await prices.close();
    }
    if (outcome?.unknown) throw new PriceUnavailableError(unknownSymbolText(symbol), { symbols: [symbol] });
    const history = outcome?.history;
    if (history === undefined || history.bars.length === 0) {
      throw new PriceUnavailableError(
        noPriceText(
          symbol,
          history === undefined
            ? `no daily history: ${describeFailure(outcome?.error)}`
            : 'no daily bars in the period',
        ),
        { symbols: [symbol] },
      );
    }
    if (history.source === 'stale') warn(`${symbol}: history served from cache (stale)`);
    // Show the period from its base date (the last close on or before the same date back), as the
    // report's period returns do; splits and dividends counted are those inside it.
    const base = periodBase(period, today);
    const bars =
      base === null
        ? history.bars
        : history.bars.slice(Math.max(0, history.bars.lastIndexOnOrBefore(toEpochDay(base))));
    const from = bars.length > 0 ? bars.date(0) : today;
    const inside = <T extends { date: string }>(events: readonly T[]) => events.filter((e) => e.date > from);
    const shown = { ...history, bars, splits: inside(history.splits), dividends: inside(history.dividends) };
    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify({ symbol, currency: history.currency, period, source: history.source, bars, splits: shown.splits, dividends: shown.dividends }, null, 2)}\n`,
      );
      return;
    }
    const { renderHistory } = await import('../../render/history.js');
    io.stdout.write(
      renderHistory(shown, { color: useColor(io.stdout, io.env, flags.color), width, height, period }),
    );
  });
}
