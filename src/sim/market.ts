// Deterministic daily prices for any symbol over business days (Mon-Fri, no holidays) from 2015-01-02,
// from a seeded factor model (factor-model.ts, with the profiles in assets.ts). Series are generated
// day by day from the first bar with a fixed number of draws per day, so moving "today" forward
// appends bars and never changes earlier ones.
//
// The series IS the split-adjusted one (Yahoo's `close`); splits only add events. `adjClose` also
// adjusts for dividends (Yahoo/CRSP: every bar before an ex-date is multiplied by
// 1 - dividend / close of the bar before the ex-date), counting every dividend up to "today".
// FX pairs are ratios of per-currency USD values, so EURUSD=X and USDEUR=X are exact reciprocals
// (up to rounding) and crosses are consistent.

import { FIRST_BAR_DATE, businessDates, indexOnOrAfter, indexOnOrBefore } from './calendar.js';
import { dividendPolicy, isUnknownSymbol, simInstrument } from './catalog.js';
import type { SimInstrument } from './catalog.js';
import { walkOf } from './factor-model.js';
import { isoDate, parseIsoDate, zonedTimeToUtc } from './time.js';

export interface SimSplit {
  symbol: string;
  /** Ex-date `YYYY-MM-DD`. */
  date: string;
  /** New shares per old share: 4 for a 4:1 split, 0.5 for a 1:2 reverse split. */
  ratio: number;
}

export const DEFAULT_SPLITS: readonly SimSplit[] = [
  { symbol: 'AAPL', date: '2020-08-31', ratio: 4 },
  { symbol: 'TSLA', date: '2022-08-25', ratio: 3 },
  { symbol: 'NVDA', date: '2024-06-10', ratio: 10 },
];

export interface SimMarketOptions {
  /** Last day with data, `YYYY-MM-DD` (default: today's UTC date). Bars include it when it is a business day. */
  today?: string;
  splits?: readonly SimSplit[];
  /** Extra symbols that do not exist (besides `ZZZ*`, `UNKNOWN*`, `DELISTED*`). */
  unknownSymbols?: readonly string[];
}

export interface SimBar {
  /** Exchange-local trading date. */
  date: string;
  /** Yahoo's bar stamp, epoch seconds: the session open in the exchange zone (FX: 00:00 London). */
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number;
  volume: number;
}

export interface SimDividend {
  date: string;
  timestamp: number;
  amount: number;
}

export interface SimSplitEvent {
  date: string;
  timestamp: number;
  ratio: number;
  numerator: number;
  denominator: number;
  /** `4:1` */
  splitRatio: string;
}

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

// ---- Timestamps

const stampCache = new Map<string, number>();

/** Epoch seconds of the session open of `date` in the instrument's zone (FX: 00:00 London). */
export function sessionOpenTimestamp(instrument: SimInstrument, date: string): number {
  const key = `${instrument.timezone}|${instrument.openMinutes}|${date}`;
  let ts = stampCache.get(key);
  if (ts === undefined) {
    ts = zonedTimeToUtc(date, instrument.openMinutes, instrument.timezone) / 1000;
    stampCache.set(key, ts);
  }
  return ts;
}

/** Epoch seconds of the session close of `date` in the instrument's zone. */
export function sessionCloseTimestamp(instrument: SimInstrument, date: string): number {
  return zonedTimeToUtc(date, instrument.closeMinutes, instrument.timezone) / 1000;
}

// ---- History through "today", built lazily: a chart of one month must not build ten years of bars.

export interface SimHistory {
  instrument: SimInstrument;
  /** Number of bars from 2015-01-02 through the last business day <= today (0 when today is earlier). */
  count: number;
  /** Bar `index` (0 = 2015-01-02), 0 <= index < count. */
  bar(index: number): SimBar;
  /** Bars with index in [from, to] (clamped). */
  slice(from: number, to: number): SimBar[];
  /** Index of the first bar dated on or after `date` (may equal count). */
  indexOnOrAfter(date: string): number;
  /** Index of the last bar dated on or before `date` (may be -1). */
  indexOnOrBefore(date: string): number;
  /** Dividends with ex-date <= today, oldest first. */
  dividends: SimDividend[];
  /** Splits with date <= today, oldest first. */
  splits: SimSplitEvent[];
}

function currentUtcDate(): string {
  return isoDate(Date.now());
}

/** The instrument, or undefined for a symbol the simulator treats as unknown to Yahoo. */
function knownInstrument(symbol: string, unknownSymbols: readonly string[] = []): SimInstrument | undefined {
  return isUnknownSymbol(symbol, unknownSymbols) ? undefined : simInstrument(symbol);
}

function dividendsThrough(
  instrument: SimInstrument,
  last: number,
  closeAt: (i: number) => number,
): { index: number; amount: number }[] {
  const policy = dividendPolicy(instrument);
  if (policy === undefined || last < 1) return [];
  const lastDate = businessDates[last]!;
  const out: { index: number; amount: number }[] = [];
  const lastYear = Number(lastDate.slice(0, 4));
  for (let year = 2015; year <= lastYear; year++) {
    for (const month of policy.months) {
      const nominal = `${year}-${String(month).padStart(2, '0')}-${String(policy.day).padStart(2, '0')}`;
      if (nominal > lastDate) continue;
      const index = indexOnOrAfter(nominal);
      if (index < 1 || index > last) continue;
      out.push({ index, amount: roundTo(closeAt(index - 1) * policy.yieldPerQuarter, 4) });
    }
  }
  return out;
}

function splitEvent(instrument: SimInstrument, split: SimSplit): SimSplitEvent {
  const [numerator, denominator] = split.ratio >= 1 ? [split.ratio, 1] : [1, Math.round(1 / split.ratio)];
  return {
    date: split.date,
    timestamp: sessionOpenTimestamp(instrument, split.date),
    ratio: split.ratio,
    numerator,
    denominator,
    splitRatio: `${numerator}:${denominator}`,
  };
}

/** Everything the chart and quote endpoints serve for a symbol, or undefined when it is unknown. */
export function simHistory(symbol: string, options: SimMarketOptions = {}): SimHistory | undefined {
  const instrument = knownInstrument(symbol, options.unknownSymbols);
  if (instrument === undefined) return undefined;
  const today = options.today ?? currentUtcDate();
  parseIsoDate(today);
  const last = indexOnOrBefore(today);
  const count = last + 1;
  const walk = walkOf(instrument);
  walk.extend(count);
  const d = instrument.priceDecimals;
  const s = walk.series;
  const closeAt = (i: number): number => roundTo(s.close[i]!, d);
  const divs = dividendsThrough(instrument, last, closeAt);
  // adjFactor(i) = product over dividends with ex index > i of (1 - amount / close before the ex-date).
  const cumulative: number[] = new Array<number>(divs.length + 1);
  cumulative[divs.length] = 1;
  for (let k = divs.length - 1; k >= 0; k--) {
    const div = divs[k]!;
    cumulative[k] = cumulative[k + 1]! * (1 - div.amount / closeAt(div.index - 1));
  }
  const adjFactor = (i: number): number => {
    let k = 0;
    while (k < divs.length && divs[k]!.index <= i) k++;
    return cumulative[k]!;
  };
  const bar = (i: number): SimBar => {
    const date = businessDates[i]!;
    const close = closeAt(i);
    const factor = adjFactor(i);
    return {
      date,
      timestamp: sessionOpenTimestamp(instrument, date),
      open: roundTo(s.open[i]!, d),
      high: roundTo(s.high[i]!, d),
      low: roundTo(s.low[i]!, d),
      close,
      adjClose: factor === 1 ? close : roundTo(close * factor, d + 2),
      volume: s.volume[i]!,
    };
  };
  const dividends = divs.map(({ index, amount }) => {
    const date = businessDates[index]!;
    return { date, timestamp: sessionOpenTimestamp(instrument, date), amount };
  });
  const splits = (options.splits ?? DEFAULT_SPLITS)
    .filter((split) => split.symbol === symbol && split.date <= today && split.date >= FIRST_BAR_DATE)
    .map((split) => splitEvent(instrument, split))
    .sort((a, b) => a.timestamp - b.timestamp);
  return {
    instrument,
    count,
    bar,
    slice(from, to) {
      const out: SimBar[] = [];
      for (let i = Math.max(0, from); i <= Math.min(last, to); i++) out.push(bar(i));
      return out;
    },
    // Dates after today are clamped so a far-future period2 never grows the shared calendar.
    indexOnOrAfter: (date) => (date > today ? count : Math.min(count, indexOnOrAfter(date))),
    indexOnOrBefore: (date) => indexOnOrBefore(date > today ? today : date),
    dividends,
    splits,
  };
}

/** Bars with `from <= date <= to` (exchange-local dates), as the simulator serves them; [] when unknown. */
export function simBars(symbol: string, from: string, to: string, options: SimMarketOptions = {}): SimBar[] {
  const h = simHistory(symbol, options);
  return h === undefined ? [] : h.slice(h.indexOnOrAfter(from), h.indexOnOrBefore(to));
}

/** Dividends with ex-date in [from, to] and <= today. */
export function simDividends(
  symbol: string,
  from: string,
  to: string,
  options: SimMarketOptions = {},
): SimDividend[] {
  const history = simHistory(symbol, options);
  return history === undefined ? [] : history.dividends.filter((x) => x.date >= from && x.date <= to);
}

/** Splits with date in [from, to] and <= today. */
export function simSplits(
  symbol: string,
  from: string,
  to: string,
  options: SimMarketOptions = {},
): SimSplitEvent[] {
  const history = simHistory(symbol, options);
  return history === undefined ? [] : history.splits.filter((x) => x.date >= from && x.date <= to);
}
