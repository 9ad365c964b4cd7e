// Money-weighted return: the rate x with sum CF_i (1 + x)^(-d_i / 365) = 0, d_i in calendar days
// from the first flow (act/365). Newton first; bisection over a bracketed sign change when Newton
// fails or wanders out of (-1, inf).
import type { IsoDate } from '../types.js';
import { toEpochDay } from '../dates.js';

export interface CashFlow {
  date: IsoDate;
  amount: number;
}

export type XirrResult = { rate: number; reason: null } | { rate: null; reason: string };

interface Prepared {
  years: number[];
  amounts: number[];
}

function prepare(flows: readonly CashFlow[]): Prepared {
  // Each flow's date read once (a report's XIRRs have a flow per lot, sale and dividend).
  const days = flows.map((f) => toEpochDay(f.date));
  const t0 = days.reduce((m, d) => Math.min(m, d), Infinity);
  return {
    years: days.map((d) => (d - t0) / 365),
    amounts: flows.map((f) => f.amount),
  };
}

function npv(p: Prepared, rate: number): number {
  let s = 0;
  for (let i = 0; i < p.amounts.length; i++)
    s += (p.amounts[i] as number) * Math.pow(1 + rate, -(p.years[i] as number));
  return s;
}

function dnpv(p: Prepared, rate: number): number {
  let s = 0;
  for (let i = 0; i < p.amounts.length; i++) {
    const t = p.years[i] as number;
    s += -t * (p.amounts[i] as number) * Math.pow(1 + rate, -t - 1);
  }
  return s;
}

/** Net present value at `rate` (act/365 from the earliest flow). */
export function xnpv(rate: number, flows: readonly CashFlow[]): number {
  return npv(prepare(flows), rate);
}

const TOLERANCE = 1e-10;
// Bracket candidates for the bisection fallback, from a near-total loss to absurd gains.
const GRID = [
  -0.999999, -0.99, -0.9, -0.75, -0.5, -0.25, -0.1, 0, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1e3, 1e4, 1e6, 1e9,
];

export function xirr(flows: readonly CashFlow[]): XirrResult {
  if (flows.length < 2) return { rate: null, reason: 'fewer than two cash flows' };
  const p = prepare(flows);
  if (!p.years.some((y) => y > 0)) return { rate: null, reason: 'all cash flows are on one date' };
  if (!p.amounts.some((a) => a > 0) || !p.amounts.some((a) => a < 0)) {
    return { rate: null, reason: 'cash flows do not change sign' };
  }
  const scale = p.amounts.reduce((m, a) => Math.max(m, Math.abs(a)), 0);

  let x = 0.1;
  for (let i = 0; i < 100; i++) {
    const f = npv(p, x);
    const d = dnpv(p, x);
    if (!Number.isFinite(f) || !Number.isFinite(d) || d === 0) break;
    const next = x - f / d;
    if (!Number.isFinite(next) || next <= -1) break;
    if (Math.abs(next - x) < TOLERANCE * Math.max(1, Math.abs(x))) {
      if (Math.abs(npv(p, next)) <= 1e-7 * scale) return { rate: next, reason: null };
      break;
    }
    x = next;
  }

  for (let i = 0; i + 1 < GRID.length; i++) {
    let lo = GRID[i] as number;
    let hi = GRID[i + 1] as number;
    let flo = npv(p, lo);
    const fhi = npv(p, hi);
    if (!Number.isFinite(flo) || !Number.isFinite(fhi)) continue;
    if (flo === 0) return { rate: lo, reason: null };
    if (Math.sign(flo) === Math.sign(fhi)) continue;
    for (let k = 0; k < 300 && hi - lo > TOLERANCE * Math.max(1, Math.abs(lo)); k++) {
      const mid = (lo + hi) / 2;
      const fmid = npv(p, mid);
      if (Math.sign(fmid) === Math.sign(flo)) {
        lo = mid;
        flo = fmid;
      } else hi = mid;
    }
    return { rate: (lo + hi) / 2, reason: null };
  }
  return { rate: null, reason: 'no rate makes the net present value zero' };
}
