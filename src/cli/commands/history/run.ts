// `folio history <symbol>`: a chart and a short table of one symbol's closes.
import { PriceUnavailableError, UsageError, noPriceText, unknownSymbolText } from '../../../errors.js';
import { normalizeSymbol } from '../../../holdings/symbols.js';
import { PERIODS, type PeriodKey } from '../../../analytics/model.js';
import { periodTargetDate } from '../../../analytics/periods.js';
import { addDays, toEpochDay } from '../../../dates.js';
import { describeFailure } from '../../../prices/index.js';
import type { IsoDate } from '../../../types.js';
import { type PriceFlags, priceOptions, settingsFrom } from '../../options.js';
import { parseChoice, parseIntOption, parseWidthOption } from '../../option-values.js';
import { createClock, isoToday, openPrices } from '../../runtime.js';
import { type Io, makeWarn, useColor } from '../../terminal.js';

export interface HistoryFlags extends PriceFlags {
  width?: string;
  height?: string;
  format?: string;
}

export interface HistoryOptions extends HistoryFlags {
  /** The symbol as typed (normalised and checked here). */
  symbol: string;
  debug: boolean;
}

/** Where `max` starts: before any history Yahoo has for most symbols. */
const MAX_START = '2000-01-01';

/**
 * The first date to fetch for a period ending `today`: a week before the period's base date, so the
 * last close on or before the base date is among the bars.
 */
function fetchStart(period: PeriodKey, today: IsoDate): IsoDate {
  const base = periodTargetDate(today, period);
  return base === null ? MAX_START : addDays(base, -7);
}

export async function runHistory(options: HistoryOptions, io: Io): Promise<void> {
  const symbol = normalizeSymbol(options.symbol);
  if (symbol === null)
    throw new UsageError(`symbol ${JSON.stringify(options.symbol)}: not a valid Yahoo symbol`);
  const period = parseChoice('--period', options.period ?? '1y', PERIODS)!;
  const format = parseChoice('--format', options.format ?? 'table', ['table', 'json'] as const)!;
  const width = parseWidthOption(options.width, io.stdout);
  const height = parseIntOption('--height', options.height, 3, 100) ?? 12;
  const warn = makeWarn(io);
  const clock = createClock(io.env);
  const today = isoToday(clock);
  const settings = settingsFrom({ ...options, period: undefined }, io);
  const prices = await openPrices(settings, priceOptions(options, options.debug), io, clock, warn);
  const start = fetchStart(period, today);
  let outcome;
  try {
    outcome = (await prices.service.getHistories(new Map([[symbol, start]]), today)).get(symbol);
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
  const base = periodTargetDate(today, period);
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
  const { renderHistory } = await import('../../../render/history.js');
  io.stdout.write(
    renderHistory(shown, { color: useColor(io.stdout, io.env, options.color), width, height, period }),
  );
}
