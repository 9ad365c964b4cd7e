// `folio quote`: latest quotes as a table, JSON, CSV or markdown.
import type { Quote } from '../types.js';
import { formatChangePct, formatFixed, formatMarketTime, isPrintable, priceDecimals } from './format.js';
import { renderGrid, type GridCell, type GridColumn } from './grid.js';
import { toJsonDocument } from './json.js';
import { markdownTable } from './markdown.js';
import { csvRecords, escapeMarkdown, sanitizeText } from './sanitize.js';

export type QuoteFormat = 'table' | 'json' | 'csv' | 'markdown';

export interface QuoteRenderOptions {
  color: boolean;
  width: number;
  /** Epoch ms now, to say how old a cached quote is; omitted: no age shown. */
  now?: number;
}

export interface QuoteChange {
  change: number | null;
  changePct: number | null;
}

/** Change against the previous close; null when there is none (or it is 0). */
export function quoteChange(q: Quote): QuoteChange {
  if (!isPrintable(q.previousClose) || q.previousClose === 0 || !isPrintable(q.price))
    return { change: null, changePct: null };
  const change = q.price - q.previousClose;
  return { change, changePct: change / q.previousClose };
}

/**
 * Decimals of a quote's price, used for its change too so a row never mixes `+1.51` and `+0.6389`.
 * FX pairs (`EURUSD=X`) get at least 4: their moves live in the third and fourth decimals.
 */
function quoteDecimals(q: Quote): number {
  const d = isPrintable(q.price) ? priceDecimals(q.price) : 2;
  return q.symbol.endsWith('=X') ? Math.max(4, d) : d;
}

/** `194.24` / `+1.51`, `1.1734` / `-0.0034`: price and change at the row's decimals. */
function formatQuotePrices(q: Quote): { price: string; change: string } {
  const d = quoteDecimals(q);
  return {
    price: formatFixed(q.price, d),
    change: formatFixed(quoteChange(q).change, d, { sign: true }),
  };
}

/** `live`, `cache, 5m old`, `stale, 3d old`. */
function describeFreshness(q: Quote, now: number | undefined): string {
  if (now === undefined || q.source === 'live' || !Number.isFinite(q.fetchedAt)) return q.source;
  const minutes = Math.max(0, Math.round((now - q.fetchedAt) / 60_000));
  const age =
    minutes < 60
      ? `${minutes}m`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)}h`
        : `${Math.round(minutes / 1440)}d`;
  return `${q.source}, ${age} old`;
}

export function renderQuotes(
  quotes: readonly Quote[],
  format: QuoteFormat,
  options: QuoteRenderOptions,
): string {
  switch (format) {
    case 'json':
      return toJsonDocument({ schemaVersion: 1, quotes: quotes.map((q) => ({ ...q, ...quoteChange(q) })) });
    case 'csv':
      return csvRecords([
        [
          'symbol',
          'name',
          'currency',
          'price',
          'previousClose',
          'change',
          'changePct',
          'marketState',
          'marketTime',
          'exchangeTimezone',
          'exchangeName',
          'source',
        ],
        ...quotes.map((q) => {
          const c = quoteChange(q);
          return [
            q.symbol,
            q.name,
            q.currency,
            q.price,
            q.previousClose,
            c.change,
            c.changePct,
            q.marketState,
            Number.isFinite(q.marketTime) ? new Date(q.marketTime).toISOString() : null,
            q.exchangeTimezone,
            q.exchangeName,
            q.source,
          ];
        }),
      ]);
    case 'markdown':
      return `${markdownTable(
        ['Symbol', 'Name', 'Price', 'Change', 'Day %', 'Currency', 'Market', 'As of', 'Source'],
        ['left', 'left', 'right', 'right', 'right', 'left', 'left', 'left', 'left'],
        quotes.map((q) => {
          const c = quoteChange(q);
          const text = formatQuotePrices(q);
          return [
            escapeMarkdown(q.symbol),
            escapeMarkdown(q.name),
            text.price,
            text.change,
            formatChangePct(c.changePct),
            escapeMarkdown(q.currency),
            escapeMarkdown(q.marketState),
            escapeMarkdown(formatMarketTime(q.marketTime, sanitizeText(q.exchangeTimezone))),
            escapeMarkdown(describeFreshness(q, options.now)),
          ];
        }),
      )}\n`;
    case 'table': {
      const columns: GridColumn[] = [
        { head: 'Symbol' },
        { head: 'Name', minWidth: 10, drop: 100 },
        { head: 'Price', align: 'right' },
        { head: 'Change', align: 'right', drop: 40 },
        { head: 'Day %', align: 'right' },
        { head: 'Cur', drop: 30 },
        { head: 'Market', drop: 60 },
        { head: 'As of', drop: 70 },
        { head: 'Source', drop: 50 },
      ];
      const rows: GridCell[][] = quotes.map((q) => {
        const c = quoteChange(q);
        const text = formatQuotePrices(q);
        const pctText = formatChangePct(c.changePct);
        // Colour only what prints as non-zero: a change that rounds to 0.00 stays plain.
        const cell = (t: string, x: number | null): GridCell => {
          if (x === null || !/[1-9]/.test(t)) return t;
          return { text: t, style: x > 0 ? 'green' : 'red' };
        };
        return [
          sanitizeText(q.symbol),
          sanitizeText(q.name),
          text.price,
          cell(text.change, c.change),
          cell(pctText, c.changePct),
          sanitizeText(q.currency),
          sanitizeText(q.marketState),
          formatMarketTime(q.marketTime, sanitizeText(q.exchangeTimezone)),
          describeFreshness(q, options.now),
        ];
      });
      return `${renderGrid(columns, rows, options)}\n`;
    }
  }
}
