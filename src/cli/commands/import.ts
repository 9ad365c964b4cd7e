// `folio import <export...>`: broker exports -> folio's holdings CSV. Every data row is converted or
// listed on stderr as skipped with its line and reason, then a summary line per file.
import type { Command } from 'commander';
import { type HoldingRow, holdingsCsv, summaryLine } from '../../holdings/imports/convert.js';
import { IMPORT_FORMATS, importExport } from '../../holdings/imports/index.js';
import { EXIT_CODES_HELP } from '../help.js';
import { isinLookups, loadSymbolMap, readExportBytes } from '../imports.js';
import { type PriceFlags, addPriceOptions } from '../options.js';
import { checkOutputFile, protectFromOutput, writeOutputFile } from '../output.js';
import { type Io, createClock } from '../runtime.js';

export interface ImportFlags extends PriceFlags {
  from?: string;
  symbols?: string;
  output?: string;
}

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
  cmd.action(async (files: string[], flags: ImportFlags) => {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    await runImport(files, flags, io, debug);
  });
}

export async function runImport(
  files: readonly string[],
  flags: ImportFlags,
  io: Io,
  debug: boolean,
): Promise<void> {
  protectFromOutput(files);
  if (flags.output !== undefined) checkOutputFile(flags.output); // before any file is read or looked up
  const clock = createClock(io.env);
  const symbolMap = flags.symbols === undefined ? undefined : await loadSymbolMap(flags.symbols);
  const lookups = isinLookups(flags, io, clock, debug);
  const rows: HoldingRow[] = [];
  try {
    for (const file of files) {
      const result = await importExport(await readExportBytes(file), {
        file,
        from: flags.from,
        symbolMap,
        resolveIsins: lookups.resolve,
      });
      for (const s of result.skipped) io.stderr.write(`${file}:${s.line}: skipped: ${s.reason}\n`);
      // --quiet keeps what needs a look (skipped rows, warnings) and drops the summary line.
      for (const w of result.warnings) io.stderr.write(`warning: ${file}: ${w}\n`);
      if (flags.quiet !== true)
        io.stderr.write(`${file}: ${result.format.label}: ${summaryLine(result.counts)}\n`);
      rows.push(...result.rows);
    }
  } finally {
    await lookups.close();
  }
  rows.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const csv = holdingsCsv(rows);
  if (flags.output !== undefined) writeOutputFile(flags.output, csv);
  else io.stdout.write(csv);
}
