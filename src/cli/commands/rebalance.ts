// `folio rebalance <file> --targets FILE`: the command's options and help; its body (rebalance/run.ts)
// is loaded when it runs.
import type { Command } from 'commander';
import { QUOTE_FORMATS } from '../../render/options.js';
import { EXIT_CODES_HELP } from '../help.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { RebalanceFlags } from './rebalance/run.js';

export function registerRebalanceCommand(program: Command, io: Io): void {
  const cmd = program
    .command('rebalance')
    .description("the trades that bring the holdings to a target allocation at today's prices")
    .argument('<file>', 'holdings file (CSV or JSON), or - for standard input')
    .option(
      '--targets <file>',
      'target allocation, a CSV of group,target (class:Bonds,0.25); a JSON holdings file may carry its own "targets"',
    )
    .option('--cash <amount>', 'new cash to invest, in the base currency (default 0)')
    .option('--no-sell', 'buys only: invest the cash in the groups furthest below target')
    .option('--whole-shares', 'whole numbers of shares; the cash left over is shown')
    .option('-f, --format <format>', `output format: ${QUOTE_FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the result to a file (atomically)')
    .option('--currency <code>', 'base currency (default USD)')
    .option('--width <columns>', 'output width');
  addPriceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio rebalance holdings.csv --targets targets.csv
  $ folio rebalance holdings.csv --targets targets.csv --cash 5000 --no-sell --whole-shares
  $ folio rebalance holdings.json --format json
${EXIT_CODES_HELP}`,
  );
  cmd.action(async (file: string, flags: RebalanceFlags) => {
    const { runRebalance } = await import('./rebalance/run.js');
    await runRebalance({ ...flags, file, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
