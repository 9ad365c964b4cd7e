// What a broker export parser hands back: rows in the export's own terms (a ticker and exchange, an
// ISIN, a CUSIP), the rows it did not convert with the reason, and the problems that make the file
// unusable. Symbols become Yahoo's and opening positions are added later, in convert.ts.

/** A converted row of an export, before its symbol is resolved. */
export interface ImportRow {
  /** 1-based line of the export the row comes from. */
  line: number;
  type: 'buy' | 'sell' | 'dividend' | 'split';
  /** The broker's ticker, as written. */
  ticker?: string | undefined;
  /** The exchange the export names for the listing (for Yahoo's suffix). */
  exchange?: string | undefined;
  isin?: string | undefined;
  cusip?: string | undefined;
  /** A symbol that is already Yahoo's (ghostfolio, Yahoo's own export, Portfolio Performance tickers). */
  yahooSymbol?: string | undefined;
  /** `YYYY-MM-DD`; null for an undated position. */
  date: string | null;
  /** Shares bought or sold (positive), shares a dividend was paid on (0 when unknown). */
  shares: number;
  /** Price per share (buy/sell), or null when only `total` is known or nothing is. */
  price?: number | null | undefined;
  /** Total paid (buy, before fee), proceeds (sell, before fee), gross cash (dividend). */
  total?: number | null | undefined;
  /** Fee, or for a dividend the tax withheld (positive). */
  fee?: number | undefined;
  /** Split ratio: new shares per old share. */
  ratio?: number | undefined;
  /** Shares a split added (Schwab writes this, not the ratio); convert.ts works out the ratio. */
  splitAddedShares?: number | undefined;
  currency?: string | null | undefined;
  account?: string | null | undefined;
  name?: string | null | undefined;
  /** The broker's reference (order id, transaction id) and anything worth keeping. */
  notes?: string | null | undefined;
  /** Other lines folded into this row (a dividend's withholding tax). */
  mergedLines?: number[] | undefined;
  /** A row from a positions snapshot (one lot per position). */
  position?: boolean | undefined;
}

/** A data row that was not converted, and why. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** A problem that makes the export unusable (damaged, truncated, unreadable value). */
export interface ImportProblem {
  line: number;
  reason: string;
}

export interface ParsedExport {
  rows: ImportRow[];
  skipped: SkippedRow[];
  problems: ImportProblem[];
  warnings: string[];
}

export interface ImportFormat {
  /** The `--from` name. */
  name: string;
  /** What the user calls it. */
  label: string;
  /** True when `text` is this format's export (header or root-element signature). */
  detect(text: string): boolean;
  parse(text: string): ParsedExport;
}

export function emptyResult(): ParsedExport {
  return { rows: [], skipped: [], problems: [], warnings: [] };
}
