// ASCII line charts with asciichart. asciichart draws one glyph per data point, so a long series is
// resampled to the plot width (first and last points always kept), never cut off. Several series are
// plotted one by one on the same scale and merged cell by cell: that lets each series keep its own
// glyphs in monochrome and its own colour otherwise, and guarantees every line fits the width.
import asciichart from 'asciichart';
import type { Series } from '../analytics/model.js';
import type { IsoDate } from '../types.js';
import { paint, type Style } from './color.js';
import { formatCompact, formatDate, formatFixed, isPrintable } from './format.js';
import type { RenderOptions } from './options.js';
import { displayWidth, sanitizeText, truncateText } from './sanitize.js';

export interface ChartLine {
  label: string;
  values: readonly number[];
}

export interface LineChartOptions {
  width: number;
  height: number;
  color: boolean;
  title: string;
  /** Dates of the points (same length as the longest series), for the title. */
  dates?: readonly IsoDate[];
  /** Y-axis label format. */
  format?: (y: number) => string;
  /** Value shown after each legend entry (default: the series' last value through `format`). */
  legendValue?: (line: ChartLine) => string;
  /** Colour of the first series when colour is on. */
  colors?: Style[];
  /** Print the legend even for one series. */
  legend?: boolean;
}

type SymbolSet = [string, string, string, string, string, string, string, string, string, string];
const AXIS: [string, string, string, string] = ['┼', '┤', '╶', '╴'];
const BOX: SymbolSet = [...AXIS, '─', '╰', '╭', '╮', '╯', '│'];
/** Monochrome sets: the first series draws lines, the others one glyph each. */
const MONO_GLYPHS = ['·', '+', 'x', 'o', '*', '#'];
const DEFAULT_COLORS: Style[] = ['cyan', 'yellow', 'magenta', 'green', 'blue', 'red'];
/** Columns between the label and the plot: one space, the axis. */
const AXIS_GAP = 2;

function symbolSet(index: number, color: boolean): SymbolSet {
  if (index === 0 || color) return BOX;
  const g = MONO_GLYPHS[(index - 1) % MONO_GLYPHS.length] ?? '·';
  return [...AXIS, g, g, g, g, g, g];
}

function legendGlyph(index: number, color: boolean): string {
  if (index === 0 || color) return '──';
  const g = MONO_GLYPHS[(index - 1) % MONO_GLYPHS.length] ?? '·';
  return g + g;
}

/**
 * Indices of `target` points spread evenly over `length` (first and last always included). Returns
 * every index when the series already fits.
 */
export function resampleIndices(length: number, target: number): number[] {
  if (length <= 0) return [];
  const n = Math.max(1, Math.floor(target));
  if (length <= n) return Array.from({ length }, (_, i) => i);
  if (n === 1) return [length - 1];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.round((i * (length - 1)) / (n - 1)));
  return out;
}

/** `values` reduced to at most `target` points, keeping the first and last. */
export function resample<T>(values: readonly T[], target: number): T[] {
  return resampleIndices(values.length, target).map((i) => values[i] as T);
}

/** Replaces NaN/Infinity by the previous finite value (or the next one at the start). */
function fillGaps(values: readonly number[]): number[] | null {
  const firstFinite = values.find((v) => Number.isFinite(v));
  if (firstFinite === undefined) return null;
  let last = firstFinite;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}

function titleLine(title: string, dates: readonly IsoDate[] | undefined, width: number): string {
  const first = dates?.[0];
  const last = dates?.[dates.length - 1];
  const range =
    first !== undefined && last !== undefined ? `, ${formatDate(first)} to ${formatDate(last)}` : '';
  return truncateText(sanitizeText(title) + range, width);
}

/** One chart: title, plot, legend. Every line is at most `options.width` columns. */
export function renderLineChart(lines: readonly ChartLine[], options: LineChartOptions): string {
  const width = Math.max(20, Math.floor(options.width));
  const height = Math.max(2, Math.floor(options.height));
  const format = options.format ?? ((y: number) => formatFixed(y, 2));
  const title = titleLine(options.title, options.dates, width);

  const clean = lines
    .map((l) => ({ line: l, values: fillGaps(l.values) }))
    .filter((l): l is { line: ChartLine; values: number[] } => l.values !== null);
  const longest = Math.max(0, ...clean.map((l) => l.values.length));
  if (clean.length === 0 || longest < 2) return `${title}\n(not enough data to chart)`;

  let min = Math.min(...clean.map((l) => Math.min(...l.values)));
  let max = Math.max(...clean.map((l) => Math.max(...l.values)));
  if (max - min <= Math.abs(max) * 1e-9) {
    // A flat series: give it a band so it sits mid-chart instead of collapsing to one row.
    const pad = Math.abs(max) * 0.01 || 1;
    min -= pad;
    max += pad;
  }

  // Replicate asciichart's row labels to find their widest text, then pad them all to it.
  const range = max - min;
  const ratio = height / range;
  const rows = Math.abs(Math.round(max * ratio) - Math.round(min * ratio));
  const labelTexts: string[] = [];
  for (let r = 0; r <= rows; r++) labelTexts.push(format(rows > 0 ? max - (r * range) / rows : max));
  const labelWidth = Math.max(3, ...labelTexts.map((t) => displayWidth(t)));
  const pad = (t: string): string => ' '.repeat(Math.max(0, labelWidth - displayWidth(t))) + t;

  // Line length after trimming = label + gap + (points - 1); see asciichart's layout.
  const points = Math.max(2, width - labelWidth - AXIS_GAP + 1);
  const sampled = clean.map((l) => resample(l.values, points));

  const plots = sampled.map((values, j) =>
    asciichart
      .plot(values, {
        min,
        max,
        height,
        offset: 3,
        symbols: symbolSet(j, options.color),
        format: (y: number) => pad(format(y)),
      })
      .split('\n'),
  );
  const base = plots[0] ?? [];
  const min2 = Math.round(min * ratio);
  const firstRows = new Set(sampled.map((v) => rows - (Math.round((v[0] ?? min) * ratio) - min2)));
  const colors = options.colors ?? DEFAULT_COLORS;

  const out: string[] = [];
  base.forEach((baseLine, r) => {
    const label = baseLine.slice(0, labelWidth);
    const cells = Array.from(baseLine.slice(labelWidth));
    // Column 1 is the axis: '┼' where a series starts, '┤' elsewhere (asciichart also puts '┼' on the
    // row it takes for y = 0, which lands on a mirrored row when the range does not include 0).
    cells[1] = firstRows.has(r) ? AXIS[0] : AXIS[1];
    const painted = cells.map((c) => c);
    for (let k = 2; k < cells.length; k++) {
      // Lower index wins: the first series (the portfolio) is drawn on top.
      for (let j = plots.length - 1; j >= 0; j--) {
        const c = Array.from((plots[j]?.[r] ?? '').slice(labelWidth))[k];
        if (c !== undefined && c !== ' ') {
          cells[k] = c;
          painted[k] = paint(c, options.color ? colors[j % colors.length] : undefined, options.color);
        }
      }
    }
    out.push((label + painted.join('')).trimEnd());
  });

  const lines2 = [title, ...out];
  if (options.legend === true || clean.length > 1) {
    const legendValue =
      options.legendValue ?? ((l: ChartLine) => format(l.values[l.values.length - 1] ?? NaN));
    const entries = clean.map(({ line }, j) => {
      const glyph = paint(
        legendGlyph(j, options.color),
        options.color ? colors[j % colors.length] : undefined,
        options.color,
      );
      const text = truncateText(`${sanitizeText(line.label)} ${legendValue(line)}`, Math.max(1, width - 3));
      return `${glyph} ${text}`;
    });
    lines2.push(...wrapEntries(entries, width));
  }
  return lines2.join('\n');
}

/** Lays out legend entries left to right, three spaces apart, wrapping at `width`. */
function wrapEntries(entries: string[], width: number): string[] {
  const rows: string[] = [];
  let current = '';
  for (const e of entries) {
    const candidate = current === '' ? e : `${current}   ${e}`;
    if (displayWidth(candidate) <= width || current === '') current = candidate;
    else {
      rows.push(current);
      current = e;
    }
  }
  if (current !== '') rows.push(current);
  return rows;
}

function chartOptions(options: RenderOptions, title: string, dates: readonly IsoDate[]): LineChartOptions {
  return { width: options.width, height: options.height, color: options.color, title, dates };
}

/** Portfolio value in the base currency over the report's window. */
export function renderValueChart(series: Series, baseCurrency: string, options: RenderOptions): string {
  return renderLineChart([{ label: 'Portfolio', values: series.value }], {
    ...chartOptions(options, `Portfolio value (${sanitizeText(baseCurrency)})`, series.dates),
    format: (y) => formatCompact(y),
  });
}

/** Portfolio and every benchmark rebased to 100 on one chart, with a legend giving each last value. */
export function renderComparisonChart(series: Series, options: RenderOptions): string {
  const lines: ChartLine[] = [{ label: 'Portfolio', values: series.portfolioRebased }];
  for (const [symbol, values] of Object.entries(series.benchmarks)) lines.push({ label: symbol, values });
  return renderLineChart(lines, {
    ...chartOptions(options, 'Portfolio vs benchmarks (rebased to 100)', series.dates),
    format: (y) => formatFixed(y, 1),
    legend: true,
  });
}

/** Drawdown of the portfolio index from its running peak, in percent. */
export function renderDrawdownChart(series: Series, options: RenderOptions): string {
  const values = series.drawdown.map((d) => (isPrintable(d) ? d * 100 : NaN));
  return renderLineChart([{ label: 'Drawdown', values }], {
    ...chartOptions(options, 'Drawdown from peak', series.dates),
    format: (y) => `${formatFixed(y, 1)}%`,
    colors: ['red'],
  });
}

/** All three charts, separated by blank lines; empty when there are fewer than two points. */
export function renderCharts(series: Series, baseCurrency: string, options: RenderOptions): string {
  if (series.dates.length < 2) return '';
  return [
    renderValueChart(series, baseCurrency, options),
    renderComparisonChart(series, options),
    renderDrawdownChart(series, options),
  ].join('\n\n');
}
