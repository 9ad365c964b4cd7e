// The broker exports folio reads, as data: each format's name (for --from), what users call it, its
// signature (a header or root element) and its parser. detectFormat tries them in this order.
import { InputError, UsageError } from '../../errors.js';
import { type Conversion, type ConvertOptions, convertExport, holdingsCsv } from './convert.js';
import { degiroAccount, degiroPortfolio, degiroTransactions } from './degiro.js';
import { fidelityActivity, fidelityPositions } from './fidelity.js';
import { ghostfolioCsv, ghostfolioJson } from './ghostfolio.js';
import { ibkrFlexCsv } from './ibkr-flex-csv.js';
import { ibkrFlexXml } from './ibkr-flex-xml.js';
import { portfolioPerformance } from './portfolio-performance.js';
import { schwab } from './schwab.js';
import { tradeRepublic } from './trade-republic.js';
import { trading212 } from './trading212.js';
import { yahooPortfolio } from './yahoo-portfolio.js';
import { decodeExport } from './table.js';
import type { ImportFormat } from './types.js';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  ibkrFlexXml,
  ibkrFlexCsv,
  trading212,
  schwab,
  fidelityActivity,
  fidelityPositions,
  degiroTransactions,
  degiroAccount,
  degiroPortfolio,
  tradeRepublic,
  yahooPortfolio,
  ghostfolioCsv,
  ghostfolioJson,
  portfolioPerformance,
];

/** The format of an export's text, or undefined when none matches. */
function detectFormat(text: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.detect(text));
}

function formatByName(name: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.name === name.trim().toLowerCase());
}

/** `--from` names, for messages. */
function formatNames(): string {
  return IMPORT_FORMATS.map((f) => f.name).join(', ');
}

export interface ImportedExport extends Conversion {
  format: ImportFormat;
  /** folio's holdings CSV of the export. */
  csv: string;
}

/** Is `bytes` an export folio can read (by content)? */
export function recognizeExport(bytes: Uint8Array): ImportFormat | undefined {
  // Signatures are in the first lines: a large holdings file is not decoded whole for this.
  return detectFormat(decodeExport(bytes.subarray(0, 64 * 1024)));
}

/**
 * Converts an export's bytes into folio's holdings rows and CSV. `from` forces a format; otherwise it is
 * detected, and an unrecognised file is an input error naming the formats.
 */
export async function importExport(
  bytes: Uint8Array,
  options: ConvertOptions & { from?: string },
): Promise<ImportedExport> {
  const text = decodeExport(bytes);
  let format: ImportFormat | undefined;
  if (options.from !== undefined) {
    format = formatByName(options.from);
    if (format === undefined) {
      throw new UsageError(`--from ${JSON.stringify(options.from)}: must be one of ${formatNames()}`);
    }
  } else format = detectFormat(text);
  if (format === undefined) {
    throw new InputError([
      {
        file: options.file,
        line: 0,
        reason: `not a recognised broker export (formats: ${formatNames()}); name the format with --from FORMAT`,
      },
    ]);
  }
  const conversion = await convertExport(format.parse(text), options);
  return { ...conversion, format, csv: holdingsCsv(conversion.rows) };
}
