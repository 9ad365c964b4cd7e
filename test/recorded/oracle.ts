// A second computation of a report's figures, straight from the recorded bars (not from folio's code):
// bars dated in the exchange's zone with Intl, null closes dropped, a bar kept only once its session
// has ended at the clock, closes carried forward, split-adjusted shares, FX at the close in force.
// Conventions as the README's Definitions state them; period "max".
import { type RawChartResult, chartOf } from './recordings.js';

export interface OracleBar {
  date: string;
  close: number;
  adjclose: number;
}

export interface OracleSeries {
  bars: OracleBar[];
  splits: { date: string; ratio: number }[];
  dividends: { date: string; amount: number }[];
}

const localDate = (epochS: number, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    epochS * 1000,
  );

/** Hours a daily bar runs from its stamp (the session open) to its close. */
function sessionLengthH(meta: RawChartResult['meta']): number {
  const type = typeof meta.instrumentType === 'string' ? meta.instrumentType : '';
  if (type === 'CURRENCY' || type === 'CRYPTOCURRENCY') return 24;
  if (meta.exchangeTimezoneName === 'Europe/London') return 8.5;
  if (meta.exchangeTimezoneName === 'Asia/Tokyo') return 6.5;
  return 6.5; // New York 9:30-16:00
}

/** The closed bars of recordings (later files win on the same date) as of `nowMs`. */
export function series(files: readonly string[], nowMs: number, invert = false): OracleSeries {
  const byDate = new Map<string, OracleBar>();
  const splits = new Map<string, number>();
  const dividends = new Map<string, number>();
  for (const f of files) {
    const r = chartOf(f);
    const tz = r.meta.exchangeTimezoneName ?? 'America/New_York';
    const len = sessionLengthH(r.meta);
    const closes = r.indicators.quote[0]?.close ?? [];
    const adj = r.indicators.adjclose?.[0]?.adjclose;
    (r.timestamp ?? []).forEach((t, i) => {
      const c = closes[i] ?? null;
      if (t * 1000 + len * 3_600_000 > nowMs) return; // still in progress at the clock
      if (c === null) return;
      const a = adj?.[i] ?? c;
      byDate.set(
        localDate(t, tz),
        invert
          ? { date: localDate(t, tz), close: 1 / c, adjclose: 1 / a }
          : { date: localDate(t, tz), close: c, adjclose: a },
      );
    });
    for (const s of Object.values(r.events?.splits ?? {}))
      if (s.date * 1000 <= nowMs) splits.set(localDate(s.date, tz), s.numerator / s.denominator);
    for (const d of Object.values(r.events?.dividends ?? {}))
      if (d.date * 1000 <= nowMs) dividends.set(localDate(d.date, tz), d.amount);
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    bars: sorted(byDate).map(([, b]) => b),
    splits: sorted(splits).map(([date, ratio]) => ({ date, ratio })),
    dividends: sorted(dividends).map(([date, amount]) => ({ date, amount })),
  };
}

export interface OracleLot {
  symbol: string;
  shares: number;
  cost: number;
  /** The lot's cost currency; the instrument's when omitted. */
  currency?: string;
  date: string;
}

export interface OracleInput {
  base: string;
  lots: OracleLot[];
  /** Instrument currency by symbol (GBp for London). */
  currency: Record<string, string>;
  prices: Record<string, OracleSeries>;
  /** FX series by currency (major unit), e.g. { EUR: EURUSD=X series } for a USD report. */
  fx: Record<string, OracleSeries>;
  /** Extra calendar dates (benchmarks). */
  extraDates?: string[];
}

export interface OracleResult {
  asOf: string;
  marketValue: number;
  costBasis: number;
  income: number;
  holdings: Map<string, { shares: number; price: number; marketValue: number; costBasis: number }>;
  dates: string[];
  values: number[];
  returns: number[];
  twr: number;
  maxDrawdown: number;
  volatility: number | null;
}

const major = (c: string): { code: string; factor: number } =>
  c === 'GBp' || c === 'GBX'
    ? { code: 'GBP', factor: 0.01 }
    : c === 'ZAc'
      ? { code: 'ZAR', factor: 0.01 }
      : { code: c, factor: 1 };

/** The close in force on `date` (the last on or before it), or null. */
function closeOn(s: OracleSeries | undefined, date: string): number | null {
  let out: number | null = null;
  for (const b of s?.bars ?? []) if (b.date <= date) out = b.close;
  return out;
}

export function compute(input: OracleInput): OracleResult {
  const rate = (currency: string, date: string): number | null => {
    const m = major(currency);
    if (m.code === input.base) return m.factor;
    const c = closeOn(input.fx[m.code], date);
    return c === null ? null : c * m.factor;
  };
  const symbols = [...new Set(input.lots.map((l) => l.symbol))];
  const holdingDates = new Set<string>();
  for (const s of symbols) for (const b of input.prices[s]?.bars ?? []) holdingDates.add(b.date);
  const asOf = [...holdingDates].sort().pop()!;
  for (const d of input.extraDates ?? []) if (d <= asOf) holdingDates.add(d);
  const calendar = [...holdingDates].sort();

  const unit = (symbol: string, date: string): number | null => {
    const c = closeOn(input.prices[symbol], date);
    const r = rate(input.currency[symbol]!, date);
    return c === null || r === null ? null : c * r;
  };
  const lots = input.lots.map((l) => {
    const factor = (input.prices[l.symbol]?.splits ?? [])
      .filter((s) => s.date > l.date && s.date <= asOf)
      .reduce((f, s) => f * s.ratio, 1);
    const costCurrency = l.currency ?? input.currency[l.symbol]!;
    const costInBase = l.cost * l.shares * rate(costCurrency, l.date)!;
    const entry = calendar.findIndex((d) => d >= l.date && unit(l.symbol, d) !== null);
    return { ...l, sharesToday: l.shares * factor, factor, costInBase, entry };
  });

  const values = calendar.map((d, t) =>
    lots.reduce((v, l) => (l.entry >= 0 && l.entry <= t ? v + l.sharesToday * unit(l.symbol, d)! : v), 0),
  );
  const flows = calendar.map((_, t) => lots.reduce((f, l) => (l.entry === t ? f + l.costInBase : f), 0));
  const first = Math.min(...lots.map((l) => l.entry));
  const returns: number[] = [];
  for (let t = first; t < calendar.length; t++)
    returns.push(values[t]! / ((t > 0 ? values[t - 1]! : 0) + flows[t]!) - 1);
  const index = [1];
  for (const r of returns) index.push(index.at(-1)! * (1 + r));
  let peak = 1;
  let mdd = 0;
  for (const v of index) {
    peak = Math.max(peak, v);
    mdd = Math.min(mdd, v / peak - 1);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance =
    returns.length < 2 ? null : returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);

  const holdings = new Map<
    string,
    { shares: number; price: number; marketValue: number; costBasis: number }
  >();
  for (const s of symbols) {
    const ls = lots.filter((l) => l.symbol === s);
    const shares = ls.reduce((a, l) => a + l.sharesToday, 0);
    const price = closeOn(input.prices[s], asOf)!;
    holdings.set(s, {
      shares,
      price,
      marketValue: shares * unit(s, asOf)!,
      costBasis: ls.reduce((a, l) => a + l.costInBase, 0),
    });
  }
  // Income: each Yahoo dividend up to asOf x the shares held (bought before the ex-date), at its FX.
  let income = 0;
  for (const l of lots)
    for (const d of input.prices[l.symbol]?.dividends ?? []) {
      if (d.date <= l.date || d.date > asOf) continue;
      const factorAfter = (input.prices[l.symbol]?.splits ?? [])
        .filter((s) => s.date > l.date && s.date <= d.date)
        .reduce((f, s) => f * s.ratio, 1);
      income += d.amount * l.shares * factorAfter * rate(input.currency[l.symbol]!, d.date)!;
    }
  const marketValue = [...holdings.values()].reduce((a, h) => a + h.marketValue, 0);
  return {
    asOf,
    marketValue,
    costBasis: lots.reduce((a, l) => a + l.costInBase, 0),
    income,
    holdings,
    dates: calendar.slice(Math.max(0, first - 1)),
    values: values.slice(Math.max(0, first - 1)),
    returns,
    twr: index.at(-1)! - 1,
    maxDrawdown: mdd,
    volatility: variance === null ? null : Math.sqrt(variance) * Math.sqrt(252),
  };
}
