// `folio import <export...>`: broker exports -> folio's holdings CSV. Every data row is converted or
// listed on stderr as skipped with its line and reason, then a summary line per file.
import { type HoldingRow, holdingsCsv, summaryLine } from '../../../holdings/imports/convert.js';
import { importExport } from '../../../holdings/imports/index.js';
import { isinLookups, loadSymbolMap, readExportBytes } from '../../imports.js';
import type { PriceFlags } from '../../options.js';
import { checkOutputFile, protectFromOutput, writeOutputFile } from '../../output.js';
import { createClock } from '../../runtime.js';
import type { Io } from '../../terminal.js';

export interface ImportFlags extends PriceFlags {
  from?: string;
  symbols?: string;
  output?: string;
}

export interface ImportOptions extends ImportFlags {
  /** The export files, as typed. */
  exports: readonly string[];
  debug: boolean;
}

export async function runImport(options: ImportOptions, io: Io): Promise<void> {
  const { exports: files, debug, ...flags } = options;
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
