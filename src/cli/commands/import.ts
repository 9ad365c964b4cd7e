// `folio import <export...>`: the command's options and help; its body (import/run.ts) is loaded when it
// runs.
import type { Command } from 'commander';
import { IMPORT_FORMATS } from '../../holdings/imports/index.js';
import { EXIT_CODES_HELP } from '../help.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { ImportFlags } from './import/run.js';

export function registerImportCommand(program: Command, io: Io): void {
  const cmd = program
    .command('import')
    .description("convert broker exports into folio's holdings CSV (format detected from the content)")
    .argument('<export...>', 'export files (IBKR Flex, DEGIRO, Trading 212, Schwab, Fidelity, ...)')
    .option('--from <format>', `the export's format: ${IMPORT_FORMATS.map((f) => f.name).join(', ')}`)
    .option('--symbols <map.csv>', 'id,symbol rows (id = ISIN, CUSIP or broker ticker) that settle symbols')
    .option('-o, --output <file>', 'write the holdings CSV to a file (atomically) instead of stdout');
  addPriceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio import flex.xml > holdings.csv
  $ folio import Transactions.csv Account.csv --symbols isins.csv --output holdings.csv
  $ folio report flex.xml            # the same conversion, straight into a report
${EXIT_CODES_HELP}`,
  );
  cmd.action(async (exports: string[], flags: ImportFlags) => {
    const { runImport } = await import('./import/run.js');
    await runImport({ ...flags, exports, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
