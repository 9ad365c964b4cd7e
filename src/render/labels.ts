// Words and marks every report format shares: the demo banner, the price-source marks and their
// legend, the period labels.
import type { HoldingRow, PERIOD_RETURN_KEYS } from '../analytics/model.js';

export const DEMO_BANNER = "DEMO: synthetic prices from folio's built-in simulator";

/** One glyph per price source; live prices carry no mark so the unusual ones stand out. */
export const FRESHNESS_MARK: Record<HoldingRow['source'], string> = {
  live: ' ',
  chart: '~',
  cache: '·',
  stale: '!',
  missing: '?',
};
export const CONVENTIONS_POINTER =
  'How each figure is computed: the `conventions` list of --format json or markdown, and the README.';

export const FRESHNESS_LEGEND =
  'Marks: ~ close from the daily chart (no quote), · price from cache, ! stale price, ? no price';

export const PERIOD_LABELS: Record<(typeof PERIOD_RETURN_KEYS)[number], string> = {
  '1m': '1M',
  '3m': '3M',
  ytd: 'YTD',
  '1y': '1Y',
  '3y': '3Y',
  '5y': '5Y',
  inception: 'Inception',
};
