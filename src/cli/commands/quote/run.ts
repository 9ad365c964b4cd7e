// `folio quote <symbol...>`: a quick quote table through the same batched, cached pipeline.
import { PriceUnavailableError, UsageError, noPriceText, unknownSymbolText } from '../../../errors.js';
import { addDays } from '../../../dates.js';
import {
  type HistoryOutcome,
  type QuoteOutcome,
  assemblePriceData,
  monotonicMs,
} from '../../../prices/index.js';
import { normalizeSymbol } from '../../../holdings/symbols.js';
import { QUOTE_FORMATS } from '../../../render/options.js';
import { type PriceFlags, priceOptions, settingsFrom } from '../../options.js';
import { parseChoice, parseWidthOption } from '../../option-values.js';
import { checkOutputFile, writeOutputFile } from '../../output.js';
import { createClock, isoToday, openPrices } from '../../runtime.js';
import { type Io, makeWarn, useColor } from '../../terminal.js';

export interface QuoteFlags extends PriceFlags {
  format?: string;
  output?: string;
  width?: string;
}

export interface QuoteOptions extends QuoteFlags {
  /** The symbols as typed (normalised and checked here). */
  symbols: readonly string[];
  debug: boolean;
}

export async function runQuote(options: QuoteOptions, io: Io): Promise<void> {
  const format = parseChoice('--format', options.format ?? 'table', QUOTE_FORMATS)!;
  const width = parseWidthOption(options.width, io.stdout);
  const symbols: string[] = [];
  for (const r of options.symbols) {
    const s = normalizeSymbol(r);
    if (s === null)
      throw new UsageError(
        `symbol ${JSON.stringify(r)}: not a valid Yahoo symbol (letters, digits and . ^ = -, at most 20)`,
      );
    if (!symbols.includes(s)) symbols.push(s);
  }
  if (options.output !== undefined) checkOutputFile(options.output);
  const warn = makeWarn(io);
  const clock = createClock(io.env);
  const settings = settingsFrom(options, io);
  const prices = await openPrices(settings, priceOptions(options, options.debug), io, clock, warn);
  const started = monotonicMs();
  let outcomes: Map<string, QuoteOutcome>;
  // A symbol without a quote asks its daily chart, as a report does: the chart's price stands in
  // (labelled chart, never live) when the quote failed, and "unknown" needs the chart to agree.
  let charts: Map<string, HistoryOutcome>;
  try {
    outcomes = await prices.stats.time('quotes', () => prices.service.getQuotes(symbols));
    const unquoted = symbols.filter((s) => outcomes.get(s)?.quote === undefined);
    const today = isoToday(clock);
    charts =
      unquoted.length === 0
        ? new Map<string, HistoryOutcome>()
        : await prices.service.getHistories(new Map(unquoted.map((s) => [s, addDays(today, -7)])), today);
  } finally {
    await prices.close();
  }
  const data = assemblePriceData(outcomes, charts, [], clock.now());
  const quotes = symbols.flatMap((s) => data.quotes.get(s) ?? []);
  for (const w of data.warnings) warn(w);
  for (const s of symbols) if (data.unknown.has(s)) warn(unknownSymbolText(s));
  for (const [s, why] of data.unavailable) warn(noPriceText(s, why));
  const failed = [...data.unavailable.keys()];
  if (quotes.length === 0) {
    throw new PriceUnavailableError(`no quote available for ${symbols.join(', ')}`, {
      symbols,
      hint: 'check the symbols, the network or FOLIO_YAHOO_URL',
    });
  }
  const { renderQuotes } = await import('../../../render/quotes.js');
  const out = renderQuotes(quotes, format, {
    color: format === 'table' && options.output === undefined && useColor(io.stdout, io.env, options.color),
    width,
    now: clock.now(),
  });
  if (options.output !== undefined) writeOutputFile(options.output, out);
  else io.stdout.write(out);
  if (options.bench === true) {
    prices.stats.addPhase('total', monotonicMs() - started);
    const { renderBenchTable } = await import('../../../render/bench.js');
    io.stderr.write(
      renderBenchTable(prices.stats.snapshot(), { color: useColor(io.stderr, io.env, options.color), width }),
    );
  }
  if (options.strict === true && (failed.length > 0 || quotes.some((q) => q.source === 'stale'))) {
    throw new PriceUnavailableError('--strict: some quotes are stale or missing');
  }
}
