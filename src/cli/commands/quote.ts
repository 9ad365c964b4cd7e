// `folio quote <symbol...>`: a quick quote table through the same batched, cached pipeline.
import type { Command } from 'commander';
import { PriceUnavailableError, UsageError, noPriceText, unknownSymbolText } from '../../errors.js';
import { addDays } from '../../dates.js';
import { type HistoryOutcome, type QuoteOutcome, assemblePriceData } from '../../prices/index.js';
import { normalizeSymbol } from '../../holdings/symbols.js';
import {
  type PriceFlags,
  addPriceOptions,
  makeWarn,
  parseChoice,
  parseWidthOption,
  priceOptions,
  settingsFrom,
} from '../options.js';
import { checkOutputFile, writeOutputFile } from '../output.js';
import { type Io, createClock, isoToday, openPrices, useColor } from '../runtime.js';
import { QUOTE_FORMATS } from '../../render/options.js';

interface QuoteFlags extends PriceFlags {
  format?: string;
  output?: string;
  width?: string;
}

export function registerQuoteCommand(program: Command, io: Io): void {
  const cmd = program
    .command('quote')
    .description('quote symbols: price, change, day %, currency, market state, freshness')
    .argument('<symbol...>', 'Yahoo symbols, e.g. AAPL VOD.L EURUSD=X')
    .option('-f, --format <format>', `output format: ${QUOTE_FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the result to a file (atomically; through a symlink)')
    .option('--width <columns>', 'output width');
  addPriceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio quote AAPL MSFT VOD.L
  $ folio quote SPY QQQ --format json
  $ folio quote EURUSD=X --offline`,
  );
  cmd.action(async (raw: string[], flags: QuoteFlags) => {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    const format = parseChoice('--format', flags.format ?? 'table', QUOTE_FORMATS)!;
    const width = parseWidthOption(flags.width, io.stdout);
    const symbols: string[] = [];
    for (const r of raw) {
      const s = normalizeSymbol(r);
      if (s === null)
        throw new UsageError(
          `symbol ${JSON.stringify(r)}: not a valid Yahoo symbol (letters, digits and . ^ = -, at most 20)`,
        );
      if (!symbols.includes(s)) symbols.push(s);
    }
    if (flags.output !== undefined) checkOutputFile(flags.output);
    const warn = makeWarn(io);
    const clock = createClock(io.env);
    const settings = settingsFrom(flags, io);
    const prices = await openPrices(settings, priceOptions(flags, debug), io, clock, warn);
    const started = performance.now();
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
    const { renderQuotes } = await import('../../render/quotes.js');
    const out = renderQuotes(quotes, format, {
      color: format === 'table' && flags.output === undefined && useColor(io.stdout, io.env, flags.color),
      width,
      now: clock.now(),
    });
    if (flags.output !== undefined) writeOutputFile(flags.output, out);
    else io.stdout.write(out);
    if (flags.bench === true) {
      prices.stats.addPhase('total', performance.now() - started);
      const { renderBenchTable } = await import('../../render/bench.js');
      io.stderr.write(
        renderBenchTable(prices.stats.snapshot(), { color: useColor(io.stderr, io.env, flags.color), width }),
      );
    }
    if (flags.strict === true && (failed.length > 0 || quotes.some((q) => q.source === 'stale'))) {
      throw new PriceUnavailableError('--strict: some quotes are stale or missing');
    }
  });
}
