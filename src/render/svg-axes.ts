// The geometry of folio's SVG charts, pure arithmetic: nice value ticks, calendar date ticks, linear
// scales, series thinned to what the width can show (each pixel column keeps its lowest and highest
// point, so a drawdown's trough is never lost) and path data.
import { fromEpochDay, toEpochDay } from '../dates.js';

/** Value axis: evenly spaced round numbers covering the data. */
export interface Ticks {
  /** Bottom of the axis (the first tick). */
  min: number;
  /** Top of the axis (the last tick). */
  max: number;
  step: number;
  values: number[];
}

/** Removes float noise such as 0.30000000000000004 from a tick computed as k x step. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** The smallest step of 1, 2, 2.5 or 5 x 10^k that splits `span` into at most `intervals` parts. */
export function niceStep(span: number, intervals: number): number {
  const raw = span / Math.max(1, Math.floor(intervals));
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= raw * (1 - 1e-12)) return clean(m * magnitude);
  return clean(10 * magnitude);
}

/**
 * Ticks from a multiple of the step at or below `min` to one at or above `max`. A flat range gets a
 * band around its value (1 % of it, or 1 for zero) so it sits mid-chart.
 */
export function niceTicks(min: number, max: number, intervals = 5): Ticks {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi - lo <= Math.abs(hi) * 1e-9) {
    const pad = Math.abs(hi) * 0.01 || 1;
    lo -= pad;
    hi += pad;
  }
  // Rounding both ends outwards can add an interval: take the next nice step until they fit.
  let step = niceStep(hi - lo, intervals);
  while (Math.ceil(hi / step - 1e-9) - Math.floor(lo / step + 1e-9) > Math.max(1, intervals))
    step = niceStep(step * 1.0001, 1);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(clean(k * step));
  return { min: values[0]!, max: values[values.length - 1]!, step, values };
}

/** Decimals that print every multiple of `step` exactly: 10 -> 0, 2.5 -> 1, 0.25 -> 2. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 10;
}

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps to the middle of the range. */
export function scaleLinear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A date tick: the epoch day it marks and its label. */
export interface DateTick {
  day: number;
  label: string;
}

type DateUnit =
  | { kind: 'day'; days: number }
  | { kind: 'month'; months: number }
  | { kind: 'year'; years: number };

const DATE_UNITS: DateUnit[] = [
  { kind: 'day', days: 1 },
  { kind: 'day', days: 2 },
  { kind: 'day', days: 7 },
  { kind: 'day', days: 14 },
  { kind: 'month', months: 1 },
  { kind: 'month', months: 2 },
  { kind: 'month', months: 3 },
  { kind: 'month', months: 6 },
  { kind: 'year', years: 1 },
  { kind: 'year', years: 2 },
  { kind: 'year', years: 5 },
  { kind: 'year', years: 10 },
  { kind: 'year', years: 25 },
  { kind: 'year', years: 50 },
  { kind: 'year', years: 100 },
];

/** Epoch day 4 (1970-01-05) is a Monday: weekly ticks fall on Mondays. */
const A_MONDAY = 4;

function ticksOf(unit: DateUnit, first: number, last: number): DateTick[] {
  const out: DateTick[] = [];
  if (unit.kind === 'day') {
    const offset = unit.days >= 7 ? A_MONDAY : 0;
    const start = Math.ceil((first - offset) / unit.days) * unit.days + offset;
    for (let d = start; d <= last; d += unit.days) out.push({ day: d, label: fromEpochDay(d) });
    return out;
  }
  const from = fromEpochDay(first);
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7)); // 1-12
  const stepMonths = unit.kind === 'month' ? unit.months : unit.years * 12;
  // The first month start on or after `first` that is on the unit's grid.
  if (first > toEpochDay(`${from.slice(0, 7)}-01`)) month += 1;
  for (;;) {
    if (month > 12) {
      year += Math.floor((month - 1) / 12);
      month = ((month - 1) % 12) + 1;
    }
    const onGrid =
      unit.kind === 'month' ? (month - 1) % unit.months === 0 : month === 1 && year % unit.years === 0;
    const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
    const day = toEpochDay(iso);
    if (day > last) break;
    if (onGrid) out.push({ day, label: unit.kind === 'month' ? iso.slice(0, 7) : iso.slice(0, 4) });
    month += onGrid ? stepMonths : 1;
  }
  return out;
}

/**
 * Calendar ticks between two epoch days, at most `maxTicks`: days, Mondays, month starts (`2026-03`)
 * or year starts (`2026`), the finest that fits.
 */
export function dateTicks(first: number, last: number, maxTicks: number): DateTick[] {
  for (const unit of DATE_UNITS) {
    const ticks = ticksOf(unit, first, last);
    if (ticks.length <= Math.max(1, maxTicks)) return ticks;
  }
  return [];
}

/** A point of a line; null is a gap (a missing value breaks the line). */
export type Point = readonly [x: number, y: number] | null;

/**
 * At most about two points per bucket of `buckets` equal x ranges: within each, the lowest and the
 * highest point, in order. Gaps are kept. Short series come back unchanged.
 */
export function thinPoints(points: readonly Point[], buckets: number): Point[] {
  if (points.length <= 2 * buckets) return [...points];
  const xs = points.filter((p): p is readonly [number, number] => p !== null).map((p) => p[0]);
  if (xs.length === 0) return [];
  const x0 = Math.min(...xs);
  const width = Math.max(...xs) - x0 || 1;
  const out: Point[] = [];
  let bucket: (readonly [number, number])[] = [];
  let current = -1;
  const flush = (): void => {
    if (bucket.length === 0) return;
    let lo = bucket[0]!;
    let hi = bucket[0]!;
    for (const p of bucket) {
      if (p[1] < lo[1]) lo = p;
      if (p[1] > hi[1]) hi = p;
    }
    const keep = new Set([bucket[0]!, lo, hi, bucket[bucket.length - 1]!]);
    out.push(...bucket.filter((p) => keep.has(p)));
    bucket = [];
  };
  for (const p of points) {
    if (p === null) {
      flush();
      if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
      continue;
    }
    const b = Math.min(buckets - 1, Math.floor(((p[0] - x0) / width) * buckets));
    if (b !== current) flush();
    current = b;
    bucket.push(p);
  }
  flush();
  return out;
}

/** SVG path data: `M` at the start and after each gap, `L` between points, two decimals. */
export function pathData(points: readonly Point[]): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round2(p[0])} ${round2(p[1])}`);
    pen = true;
  }
  return parts.join('');
}

function round2(x: number): string {
  return String(Math.round(x * 100) / 100);
}
