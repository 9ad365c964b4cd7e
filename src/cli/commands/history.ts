// `folio history <symbol>`: the command's options and help; its body (history/run.ts) is loaded when it runs.
import type { Command } from 'commander';
import { PERIODS } from '../../analytics/model.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { HistoryFlags } from './history/run.js';

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
  cmd.action(async (symbol: string, flags: HistoryFlags) => {
    const { runHistory } = await import('./history/run.js');
    await runHistory({ ...flags, symbol, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
