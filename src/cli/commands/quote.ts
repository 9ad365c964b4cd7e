// `folio quote <symbol...>`: the command's options and help; its body (quote/run.ts) is loaded when it runs.
import type { Command } from 'commander';
import { QUOTE_FORMATS } from '../../render/options.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { QuoteFlags } from './quote/run.js';

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
  cmd.action(async (symbols: string[], flags: QuoteFlags) => {
    const { runQuote } = await import('./quote/run.js');
    await runQuote({ ...flags, symbols, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
