// A line chart as one <svg> string, drawn by folio itself: value axis with round ticks, calendar date
// axis, a legend, the lines. It has a viewBox and no fixed size, so CSS scales it to its box
// (width: 100%); text is sized in viewBox units, so the HTML report draws each chart twice, a wide and
// a narrow layout, and shows the one that stays readable at the screen's width.
import { toEpochDay } from '../dates.js';
import type { IsoDate } from '../types.js';
import { formatDate, formatFixed, isPrintable } from './format.js';
import { escapeHtml } from './html-escape.js';
import {
  dateTicks,
  niceTicks,
  pathData,
  scaleLinear,
  stepDecimals,
  thinPoints,
  type Point,
  type Ticks,
} from './svg-axes.js';

export interface ChartLine {
  label: string;
  values: readonly (number | null)[];
}

/** A layout: the viewBox and how many ticks fit on each axis. */
export interface ChartSize {
  width: number;
  height: number;
  xTicks: number;
  yTicks: number;
}

export const WIDE_CHART: ChartSize = { width: 960, height: 360, xTicks: 8, yTicks: 7 };
export const NARROW_CHART: ChartSize = { width: 400, height: 320, xTicks: 4, yTicks: 5 };

export interface ChartSpec {
  /** What the chart shows; its accessible name (with the date range) and <title>. */
  title: string;
  /** Dates of the points, ascending, as long as each line. */
  dates: readonly IsoDate[];
  /** The first line is drawn on top. */
  lines: readonly ChartLine[];
  /** Appended to each value label, e.g. `%`. */
  suffix?: string;
  /** Large values in M, B, T (money). */
  compact?: boolean;
  /** Text after each legend entry's label, e.g. its last value. */
  legendValue?: (line: ChartLine) => string;
  /** Shades between the first line and zero (a drawdown). */
  fillToZero?: boolean;
  /** Palette slot of the first line (the palette's colours are also CSS classes s0..s5). */
  firstColor?: number;
}

/** Light-theme colours; the page's CSS restyles the `s0`..`s5` classes (dark theme, print). */
const PALETTE = ['#1d4ed8', '#c2410c', '#047857', '#7e22ce', '#b91c1c', '#0e7490'];

const FONT_SIZE = 12;
/** Average advance of a character at FONT_SIZE in a sans-serif face, for layout estimates. */
const CHAR_WIDTH = 7;
const LEGEND_ROW = 18;
const SWATCH = 18;

/** Formats a value axis: one unit (M, B, T when `compact` and the values reach them) and enough decimals. */
export function axisFormat(
  ticks: Ticks,
  options: { compact?: boolean; suffix?: string },
): (v: number) => string {
  const top = Math.max(Math.abs(ticks.min), Math.abs(ticks.max));
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
  ];
  const [scale, unit] = (options.compact === true && units.find(([s]) => top >= s)) || [1, ''];
  const decimals = stepDecimals(ticks.step / scale);
  return (v) => `${formatFixed(v / scale, decimals)}${unit}${options.suffix ?? ''}`;
}

interface LegendEntry {
  x: number;
  y: number;
  color: number;
  text: string;
}

function legendLayout(
  spec: ChartSpec,
  left: number,
  right: number,
): { entries: LegendEntry[]; rows: number } {
  const entries: LegendEntry[] = [];
  let x = left;
  let row = 0;
  spec.lines.forEach((line, i) => {
    const value = spec.legendValue?.(line);
    const text = value === undefined || value === '' ? line.label : `${line.label} ${value}`;
    const width = SWATCH + 6 + text.length * CHAR_WIDTH + 18;
    if (x > left && x + width > right) {
      row += 1;
      x = left;
    }
    entries.push({ x, y: row * LEGEND_ROW, color: colorOf(spec, i), text });
    x += width;
  });
  return { entries, rows: entries.length === 0 ? 0 : row + 1 };
}

function colorOf(spec: ChartSpec, i: number): number {
  return ((spec.firstColor ?? 0) + i) % PALETTE.length;
}

function attr(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The chart as an <svg> element for the given layout; an empty string without two dated points. */
export function chartSvg(spec: ChartSpec, size: ChartSize): string {
  const days = spec.dates.map((d) => toEpochDay(d));
  const finite = spec.lines.flatMap((l) => l.values.filter((v): v is number => isPrintable(v)));
  if (days.length < 2 || finite.length === 0) return '';
  const first = days[0]!;
  const last = days[days.length - 1]!;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (spec.fillToZero === true) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const yTicks = niceTicks(lo, hi, size.yTicks);
  const label = axisFormat(yTicks, spec);
  const labelWidth = Math.max(...yTicks.values.map((v) => label(v).length)) * CHAR_WIDTH;

  const left = Math.ceil(labelWidth + 14);
  const right = size.width - 16;
  const legend = legendLayout(spec, left, right);
  const top = 10 + legend.rows * LEGEND_ROW + (legend.rows > 0 ? 8 : 0);
  const bottom = size.height - 30;
  const x = scaleLinear(first, last, left, right);
  const y = scaleLinear(yTicks.min, yTicks.max, bottom, top);

  const parts: string[] = [];
  const name = `${spec.title}, ${formatDate(spec.dates[0])} to ${formatDate(spec.dates[spec.dates.length - 1])}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${size.width} ${size.height}" role="img" aria-label="${escapeHtml(name)}" font-size="${FONT_SIZE}">`,
    `<title>${escapeHtml(name)}</title>`,
  );
  // Legend: a short stroke in the line's colour, then its label.
  parts.push('<g class="legend" fill="currentColor">');
  for (const e of legend.entries) {
    const ly = 10 + e.y + LEGEND_ROW / 2;
    parts.push(
      `<line class="s${e.color}" x1="${e.x}" y1="${ly}" x2="${e.x + SWATCH}" y2="${ly}" stroke="${PALETTE[e.color]}" stroke-width="3"/>`,
      `<text x="${e.x + SWATCH + 6}" y="${ly + 4}">${escapeHtml(e.text)}</text>`,
    );
  }
  parts.push('</g>');
  // Value axis: a grid line and a label per tick.
  parts.push('<g class="y-axis" fill="currentColor" text-anchor="end">');
  for (const v of yTicks.values) {
    const py = attr(y(v));
    parts.push(
      `<line class="grid" x1="${left}" y1="${py}" x2="${right}" y2="${py}" stroke="#d4d4d8" stroke-width="1"/>`,
      `<text x="${left - 8}" y="${attr(y(v) + 4)}">${escapeHtml(label(v))}</text>`,
    );
  }
  parts.push('</g>');
  // Date axis: a tick and a label per calendar step; the outer labels stay inside the box.
  parts.push(
    `<g class="x-axis" fill="currentColor" text-anchor="middle"><line class="axis" x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#71717a" stroke-width="1"/>`,
  );
  for (const t of dateTicks(first, last, size.xTicks)) {
    const px = x(t.day);
    const half = (t.label.length * CHAR_WIDTH) / 2;
    const tx = Math.min(Math.max(px, half + 2), size.width - half - 2);
    parts.push(
      `<line class="axis" x1="${attr(px)}" y1="${bottom}" x2="${attr(px)}" y2="${bottom + 5}" stroke="#71717a" stroke-width="1"/>`,
      `<text x="${attr(tx)}" y="${bottom + 19}">${escapeHtml(t.label)}</text>`,
    );
  }
  parts.push('</g>');
  // Lines, the last first, so the first (the portfolio) is drawn on top.
  const buckets = Math.max(2, Math.round(right - left));
  const lines = spec.lines.map((line) =>
    thinPoints(
      line.values.map((v, i): Point => (isPrintable(v) && days[i] !== undefined ? [x(days[i]), y(v)] : null)),
      buckets,
    ),
  );
  if (spec.fillToZero === true && lines[0] !== undefined) {
    const pts = lines[0].filter((p): p is readonly [number, number] => p !== null);
    if (pts.length >= 2) {
      const zero = attr(y(0));
      const d = `${pathData(pts)}L${attr(pts[pts.length - 1]![0])} ${zero}L${attr(pts[0]![0])} ${zero}Z`;
      parts.push(
        `<path class="area s${colorOf(spec, 0)}" d="${d}" fill="${PALETTE[colorOf(spec, 0)]}" fill-opacity="0.15" stroke="none"/>`,
      );
    }
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const c = colorOf(spec, i);
    parts.push(
      `<path class="line s${c}" d="${pathData(lines[i]!)}" fill="none" stroke="${PALETTE[c]}" stroke-width="${i === 0 ? 2 : 1.5}" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
