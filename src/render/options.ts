// What the CLI decides (terminal size, colour, flags) and passes to every renderer: render/ reads no
// environment itself.
import type { PortfolioRow } from '../analytics/combine.js';

export const SORT_KEYS = ['value', 'gain', 'gainPct', 'dayPct', 'symbol'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface RenderOptions {
  /** ANSI colours on; when false the output contains no escape sequence at all. */
  color: boolean;
  /** Terminal columns the output should fit. */
  width: number;
  /** Chart height in rows (default 12). */
  height: number;
  /** Draw charts in the table output. */
  charts: boolean;
  /** List each lot under its holding. */
  lots: boolean;
  /** Holdings order: value, gain, gainPct, dayPct descending; symbol ascending; nulls last. */
  sort: SortKey;
  /** Prices came from folio's simulator: print a banner so nobody mistakes them for real ones. */
  demo?: boolean;
}

/**
 * Render options plus `--by-year` (realized gains and income broken down by calendar year) and, for a
 * combined report, its "By portfolio" rows (shown right after the Summary).
 */
export type ReportRenderOptions = RenderOptions & {
  byYear?: boolean;
  portfolios?: readonly PortfolioRow[];
};

/** The report's output formats. */
export const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** `folio quote`'s formats: the report's, less the HTML page. */
export const QUOTE_FORMATS = ['table', 'json', 'csv', 'markdown'] as const satisfies readonly Format[];

/** `folio digest`'s formats: short text for a phone, markdown, JSON, and HTML for a mail. */
export const DIGEST_FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  color: false,
  width: 100,
  height: 12,
  charts: true,
  lots: false,
  sort: 'value',
};

/** Fills in defaults and clamps nonsense (width 0, NaN height) to something printable. */
export function resolveRenderOptions(options: Partial<RenderOptions> = {}): RenderOptions {
  const merged = { ...DEFAULT_RENDER_OPTIONS, ...options };
  const width =
    Number.isFinite(merged.width) && merged.width > 0
      ? Math.floor(merged.width)
      : DEFAULT_RENDER_OPTIONS.width;
  const height =
    Number.isFinite(merged.height) && merged.height > 0
      ? Math.floor(merged.height)
      : DEFAULT_RENDER_OPTIONS.height;
  return { ...merged, width: Math.max(40, width), height: Math.max(3, height) };
}
