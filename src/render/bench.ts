// `--bench`: what the run did, compact, for stderr.
import type { RequestKind, RunStats } from '../types.js';
import { paint } from './color.js';
import { formatBytes, formatFixed, formatMs, formatPct, NA } from './format.js';
import { renderGrid, type GridCell } from './grid.js';
import { wrapText } from './text.js';

export interface BenchRenderOptions {
  color: boolean;
  width: number;
}

const PHASE_ORDER = ['load', 'plan', 'quotes', 'history', 'analytics', 'render', 'total'] as const;
const KINDS: RequestKind[] = ['cookie', 'crumb', 'quote', 'chart', 'other'];

function rate(hits: number, misses: number): string {
  return hits + misses === 0 ? NA : formatPct(hits / (hits + misses), { decimals: 1 });
}

function clockTime(epochMs: number): string {
  return Number.isFinite(epochMs) ? new Date(epochMs).toISOString().slice(11, 23) : NA;
}

/** Lists at most `max` numbers, then how many more. */
function listNumbers(values: readonly number[], max = 12): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, … (${values.length - max} more)` : shown;
}

export function renderBenchTable(stats: RunStats, options: BenchRenderOptions): string {
  const { requests, cache } = stats;
  const byKind = KINDS.map((k) => `${k} ${requests.byKind[k] ?? 0}`).join(', ');
  const byStatus = Object.entries(requests.byStatus)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([status, n]) => `${status} ×${n}`)
    .join(', ');
  const perQuote = requests.symbolsPerQuote;
  const meanPerQuote = perQuote.length === 0 ? null : perQuote.reduce((a, b) => a + b, 0) / perQuote.length;
  const transitions = stats.breaker.transitions.map((t) => `${t.from}→${t.to} @${clockTime(t.at)}`);

  const valueWidth = Math.max(20, options.width - 24);
  const wrap = (text: string): string => wrapText(text, valueWidth).join('\n');
  const rows: GridCell[][] = [
    ['Requests', wrap(`${requests.total} (${byKind})`)],
    ['By status', wrap(byStatus === '' ? 'none' : byStatus)],
    [
      'Symbols per quote req',
      wrap(
        `${listNumbers(perQuote)}${meanPerQuote === null ? '' : ` (mean ${formatFixed(meanPerQuote, 1)})`}`,
      ),
    ],
    ['Received', formatBytes(requests.bytesReceived)],
    [
      'Cache: quotes',
      wrap(
        `${cache.quote.hits} hits, ${cache.quote.misses} misses, ${cache.quote.stale} stale; hit rate ${rate(cache.quote.hits, cache.quote.misses)}`,
      ),
    ],
    [
      'Cache: history',
      wrap(
        `${cache.history.hits} hits, ${cache.history.misses} misses, ${cache.history.stale} stale, ${cache.history.partial} partial; hit rate ${rate(cache.history.hits, cache.history.misses)}`,
      ),
    ],
    [
      'Prices',
      wrap(
        `${stats.prices.live} live quotes, ${stats.prices.chart} from chart (no quote), ${stats.prices.cache} from cache, ${stats.prices.stale} stale`,
      ),
    ],
    ['Cache hit rate', cache.hitRate === null ? NA : formatPct(cache.hitRate, { decimals: 1 })],
    ['Retries', `${stats.retries} (waited ${formatMs(stats.retryWaitMs)})`],
    [
      'Breaker',
      wrap(
        `${stats.breaker.state}${transitions.length === 0 ? ', no transitions' : `; ${transitions.join(', ')}`}`,
      ),
    ],
    ['Peak concurrency', String(stats.queue.peakConcurrency)],
    ['Peak RSS', formatBytes(stats.peakRssBytes)],
  ];
  const main = renderGrid([{ head: '' }, { head: '' }], rows, { ...options, head: false });

  // Known phases in pipeline order, then any others the pipeline recorded.
  const extra = Object.keys(stats.phases).filter((p) => !(PHASE_ORDER as readonly string[]).includes(p));
  const phases = [...PHASE_ORDER, ...extra].filter((p) => stats.phases[p] !== undefined);
  const phaseRows: GridCell[][] = phases.map((p) => [p, formatFixed(stats.phases[p], 0)]);
  const phaseTable = renderGrid([{ head: 'Phase' }, { head: 'ms', align: 'right' }], phaseRows, options);

  return `${paint('Bench', 'bold', options.color)}\n${main}\n\n${phaseTable}\n`;
}
