// `folio history <symbol>`: a chart of closes, the last closes and the period's first/last/min/max.
import type { PriceHistory } from '../types.js';
import { renderLineChart } from './chart.js';
import { formatChangePct, formatCompact, formatDate, formatPrice } from './format.js';
import { renderGrid, type GridCell } from './grid.js';
import { sanitizeText } from './sanitize.js';

export interface HistoryRenderOptions {
  color: boolean;
  width: number;
  /** Chart rows (default 12). */
  height?: number;
  /** Period key as given (`1y`), for the title. */
  period?: string;
  /** How many recent closes to list (default 10). */
  recent?: number;
}

function signedCell(text: string, x: number | null): GridCell {
  if (x === null || !Number.isFinite(x) || !/[1-9]/.test(text)) return text;
  return { text, style: x > 0 ? 'green' : 'red' };
}

export function renderHistory(history: PriceHistory, options: HistoryRenderOptions): string {
  const symbol = sanitizeText(history.symbol);
  const currency = sanitizeText(history.currency);
  const bars = history.bars.toBars().filter((b) => Number.isFinite(b.close));
  const period = options.period === undefined ? '' : ` ${sanitizeText(options.period)}`;
  if (bars.length === 0) return `${symbol}${period}: no price history\n`;

  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  const chart = renderLineChart([{ label: symbol, values: bars.map((b) => b.close) }], {
    width: options.width,
    height: options.height ?? 12,
    color: options.color,
    title: `${symbol} close (${currency})${period}`,
    dates: bars.map((b) => b.date),
    format: (y) => formatCompact(y, y !== 0 && Math.abs(y) < 1 ? 4 : 2),
  });

  const recentCount = Math.max(1, options.recent ?? 10);
  const recent = bars.slice(-recentCount);
  const recentRows: GridCell[][] = recent.map((b, i) => {
    const prev = i > 0 ? recent[i - 1] : bars[bars.length - recent.length - 1];
    const change = prev === undefined || prev.close === 0 ? null : b.close / prev.close - 1;
    return [
      formatDate(b.date),
      formatPrice(b.close),
      formatPrice(b.adjClose),
      signedCell(formatChangePct(change), change),
    ];
  });
  const recentTable = renderGrid(
    [
      { head: 'Date' },
      { head: 'Close', align: 'right' },
      { head: 'Adj close', align: 'right' },
      { head: 'Day %', align: 'right' },
    ],
    recentRows,
    options,
  );

  let min = first;
  let max = first;
  for (const b of bars) {
    if (b.close < min.close) min = b;
    if (b.close > max.close) max = b;
  }
  const priceReturn = first.close === 0 ? null : last.close / first.close - 1;
  const totalReturn =
    first.adjClose === 0 || !Number.isFinite(first.adjClose) ? null : last.adjClose / first.adjClose - 1;
  const statRows: GridCell[][] = [
    ['First', `${formatPrice(first.close)} ${currency}`, formatDate(first.date)],
    ['Last', `${formatPrice(last.close)} ${currency}`, formatDate(last.date)],
    ['Min', `${formatPrice(min.close)} ${currency}`, formatDate(min.date)],
    ['Max', `${formatPrice(max.close)} ${currency}`, formatDate(max.date)],
    ['Price return', signedCell(formatChangePct(priceReturn), priceReturn), ''],
    ['Total return (adj.)', signedCell(formatChangePct(totalReturn), totalReturn), 'dividends reinvested'],
  ];
  const stats = renderGrid([{ head: '' }, { head: '', align: 'right' }, { head: '' }], statRows, {
    ...options,
    head: false,
  });

  const events: string[] = [];
  if (history.splits.length > 0) events.push(`${history.splits.length} split(s)`);
  if (history.dividends.length > 0) events.push(`${history.dividends.length} dividend(s)`);
  const footer = `${bars.length} trading days; source ${history.source}${events.length > 0 ? `; ${events.join(', ')}` : ''}`;
  return `${chart}\n\n${recentTable}\n\n${stats}\n${footer}\n`;
}
