// Deterministic daily prices for any symbol over business days (Mon-Fri, no holidays) from 2015-01-02,
// from a seeded factor model (below, with the profiles in assets.ts). Series are generated day by day
// from the first bar with a fixed number of draws per day, so moving "today" forward appends bars and
// never changes earlier ones.
//
// The series IS the split-adjusted one (Yahoo's `close`); splits only add events. `adjClose` also
// adjusts for dividends (Yahoo/CRSP: every bar before an ex-date is multiplied by
// 1 - dividend / close of the bar before the ex-date), counting every dividend up to "today".
// FX pairs are ratios of per-currency USD values, so EURUSD=X and USDEUR=X are exact reciprocals
// (up to rounding) and crosses are consistent.

import {
  FACTOR_VOL,
  FIRST_LEVEL_YEAR,
  MARKET_LEVELS,
  TRADING_DAYS_PER_YEAR,
  assetProfile,
  currencyProfile,
} from './assets.js';
import type { Exposure, FactorName } from './assets.js';
import { dividendPolicy, isUnknownSymbol, simInstrument } from './catalog.js';
import type { SimInstrument } from './catalog.js';
import { Mulberry32, fnv1a } from './random.js';
import { addDays, isBusinessDay, isoDate, parseIsoDate, zonedTimeToUtc } from './time.js';

export const FIRST_BAR_DATE = '2015-01-02';

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

// ---- Business-day calendar, shared by all symbols

const businessDates: string[] = [];
const businessIndex = new Map<string, number>();

function ensureCalendar(upTo: string): void {
  const known = businessDates[businessDates.length - 1];
  if (known !== undefined && upTo <= known) return;
  let next =
    businessDates.length === 0 ? FIRST_BAR_DATE : addDays(businessDates[businessDates.length - 1]!, 1);
  while (next <= upTo) {
    if (isBusinessDay(next)) {
      businessIndex.set(next, businessDates.length);
      businessDates.push(next);
    }
    next = addDays(next, 1);
  }
}

/** Index of the last business day on or before `date` (-1 when before the first bar). */
function indexOnOrBefore(date: string): number {
  if (date < FIRST_BAR_DATE) return -1;
  ensureCalendar(date);
  let lo = 0;
  let hi = businessDates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (businessDates[mid]! <= date) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the first business day on or after `date` (may be one past the calendar built so far). */
function indexOnOrAfter(date: string): number {
  const d = date < FIRST_BAR_DATE ? FIRST_BAR_DATE : date;
  const i = indexOnOrBefore(d);
  return businessDates[i] === d ? i : i + 1;
}

// ---- Factor model: every price is exp(cumulative daily log returns), and a daily log return is
//   alpha + sum(loading x factor return) + own noise
// with the factors (market, sector, region, rates, gold, crypto, dollar) shared by all symbols. Where an
// instrument (or the market factor) has yearly levels, each year's returns get one constant added so the
// path passes exactly through them (a Brownian bridge): daily volatilities and correlations are those of
// the factor model, the long-run path that of the real market.

const SQRT_YEAR = Math.sqrt(TRADING_DAYS_PER_YEAR);

/** Index of the first business day of each year with a level. */
function levelIndexes(count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(indexOnOrAfter(`${FIRST_LEVEL_YEAR + k}-01-01`));
  return out;
}

/**
 * Log prices from daily log returns (`returns[0]` unused) starting at log(levels[0]) or log(start), bent
 * to pass through the yearly levels: each step between two levels gets the same constant added.
 */
function bridgedLogPrices(
  returns: readonly number[],
  start: number,
  levels: readonly number[] | undefined,
): number[] {
  const n = returns.length;
  const out = new Array<number>(n);
  if (n === 0) return out;
  const anchors = levels === undefined ? [] : levelIndexes(levels.length);
  out[0] = Math.log(levels?.[0] ?? start);
  let i = 1;
  for (let k = 0; k + 1 < anchors.length; k++) {
    const from = anchors[k]!;
    const to = anchors[k + 1]!;
    if (to >= n) break;
    let sum = 0;
    for (let j = from + 1; j <= to; j++) sum += returns[j]!;
    const step = (Math.log(levels![k + 1]!) - Math.log(levels![k]!) - sum) / (to - from);
    for (; i <= to; i++) out[i] = out[i - 1]! + returns[i]! + step;
  }
  for (; i < n; i++) out[i] = out[i - 1]! + returns[i]!;
  return out;
}

/** Bars that must exist before any of a series can be served: the last yearly level's bar. */
function barsThroughLevels(levels: readonly number[] | undefined): number {
  if (levels === undefined || levels.length === 0) return 0;
  const last = `${FIRST_LEVEL_YEAR + levels.length - 1}-01-01`;
  ensureCalendar(addDays(last, 7));
  return indexOnOrAfter(last) + 1;
}

/** A daily log-return series, cached and extended on demand. */
interface ReturnSeries {
  values: number[];
  extend(count: number): void;
}

const factors = new Map<FactorName, ReturnSeries>();

// The market factor's seed, picked among the first 40 so that the months after the last yearly level
// (2026) run like an ordinary year: about +17 % through November, worst drawdown about -9 %.
const MARKET_SEED = 'factor:market:25';

/** Daily log returns of a common factor; the market factor passes through the S&P 500's yearly levels. */
function factorSeries(name: FactorName): ReturnSeries {
  let series = factors.get(name);
  if (series !== undefined) return series;
  const rng = new Mulberry32(fnv1a(name === 'market' ? MARKET_SEED : `factor:${name}`));
  const vol = FACTOR_VOL[name] / SQRT_YEAR;
  const isMarket = name === 'market';
  // After the last level the market drifts 7 % a year; the other factors have no drift.
  const drift = isMarket ? 0.07 / TRADING_DAYS_PER_YEAR - 0.5 * vol * vol : 0;
  const values: number[] = [];
  series = {
    values,
    extend(count) {
      if (values.length >= count) return;
      const target =
        values.length === 0 && isMarket ? Math.max(count, barsThroughLevels(MARKET_LEVELS)) : count;
      const raw: number[] = [];
      while (values.length + raw.length < target) raw.push(drift + vol * rng.normal());
      if (values.length === 0 && isMarket) {
        raw[0] = 0;
        const logs = bridgedLogPrices(raw, 1, MARKET_LEVELS);
        values.push(0);
        for (let i = 1; i < logs.length; i++) values.push(logs[i]! - logs[i - 1]!);
      } else {
        for (const r of raw) values.push(r);
      }
    },
  };
  factors.set(name, series);
  return series;
}

// ---- Instrument series, cached per symbol and extended on demand

interface RawSeries {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

interface Walk {
  series: RawSeries;
  extend(count: number): void;
}

const walks = new Map<string, Walk>();

function emptySeries(): RawSeries {
  return { open: [], high: [], low: [], close: [], volume: [] };
}

function walkFor(key: string, make: () => Walk): Walk {
  let walk = walks.get(key);
  if (walk === undefined) {
    walk = make();
    walks.set(key, walk);
  }
  return walk;
}

interface Loaded {
  values: number[];
  loading: number;
  series: ReturnSeries;
}

/**
 * Closes from the factor model, with a fixed number of draws per day, so a series extended in two
 * steps equals one built in one. `onDay(i, close, previousClose)` adds the day's other fields.
 */
function modelCloses(
  key: string,
  start: number,
  levels: readonly number[] | undefined,
  exposures: readonly Loaded[],
  idioVol: number,
  drift: number,
  drawsPerDay: number,
  onDay: (rng: Mulberry32, close: number, previous: number | undefined) => void,
  closes: number[],
): (count: number) => void {
  const rng = new Mulberry32(fnv1a(`walk:${key}`));
  let logPrice = 0;
  return (count) => {
    if (closes.length >= count) return;
    const target = closes.length === 0 ? Math.max(count, barsThroughLevels(levels)) : count;
    for (const x of exposures) x.series.extend(target);
    const from = closes.length;
    const returns: number[] = [];
    const noise = new Mulberry32(0);
    const states: number[] = [];
    for (let i = from; i < target; i++) {
      let r = 0;
      if (i > 0) {
        r = drift;
        for (const x of exposures) r += x.loading * x.values[i]!;
      }
      states.push(rng.state);
      r += idioVol * rng.normal();
      // The day's other draws (open, high, low, volume) come after the return's.
      for (let d = 2; d < drawsPerDay; d++) rng.next();
      returns.push(r);
    }
    let logs: number[];
    if (from === 0) {
      logs = bridgedLogPrices(returns, start, levels);
    } else {
      logs = [];
      let p = logPrice;
      for (const r of returns) logs.push((p += r));
    }
    for (let k = 0; k < logs.length; k++) {
      noise.state = states[k]!;
      noise.normal();
      const previous = closes.length === 0 ? undefined : closes[closes.length - 1];
      const close = Math.exp(logs[k]!);
      closes.push(close);
      onDay(noise, close, previous);
    }
    logPrice = logs[logs.length - 1] ?? logPrice;
  };
}

function loaded(exposures: readonly Exposure[]): Loaded[] {
  return exposures.map(({ factor, loading }) => {
    const series = factorSeries(factor);
    return { values: series.values, loading, series };
  });
}

/** Annual volatility of a profile's daily log return. */
export function profileVolatility(exposures: readonly Exposure[], idioVol: number): number {
  let v = idioVol * idioVol;
  for (const { factor, loading } of exposures) v += (loading * FACTOR_VOL[factor]) ** 2;
  return Math.sqrt(v);
}

/** USD value of one unit of a currency, closes only (USD is constant 1). */
function currencyWalk(currency: string): Walk {
  return walkFor(`ccy:${currency}`, () => {
    const series = emptySeries();
    const profile = currencyProfile(currency);
    const exposures = loaded(
      profile.dollarLoading === 0 ? [] : [{ factor: 'dollar', loading: profile.dollarLoading }],
    );
    const idio = profile.idioVol / SQRT_YEAR;
    const extend = modelCloses(
      `ccy:${currency}`,
      profile.start,
      profile.levels,
      exposures,
      idio,
      -0.5 * idio * idio,
      2,
      () => {},
      series.close,
    );
    return { series, extend };
  });
}

function pairWalk(symbol: string, from: string, to: string): Walk {
  return walkFor(symbol, () => {
    const series = emptySeries();
    const rng = new Mulberry32(fnv1a(`walk:${symbol}`));
    const a = currencyWalk(from);
    const b = currencyWalk(to);
    return {
      series,
      extend(count) {
        a.extend(count);
        b.extend(count);
        while (series.close.length < count) {
          const i = series.close.length;
          const close = a.series.close[i]! / b.series.close[i]!;
          // FX trades around the clock: a day opens where the previous one closed.
          const open = i === 0 ? close : series.close[i - 1]!;
          series.open.push(open);
          series.close.push(close);
          series.high.push(Math.max(open, close) * (1 + 0.003 * rng.next()));
          series.low.push(Math.min(open, close) * (1 - 0.003 * rng.next()));
          series.volume.push(0);
        }
      },
    };
  });
}

function equityWalk(instrument: SimInstrument): Walk {
  return walkFor(instrument.symbol, () => {
    const series = emptySeries();
    const profile = assetProfile(instrument);
    const dailyVol = profileVolatility(profile.exposures, profile.idioVol) / SQRT_YEAR;
    const idio = profile.idioVol / SQRT_YEAR;
    const baseVolume =
      instrument.quoteType === 'INDEX'
        ? 2e9
        : 2e5 + 3e7 * new Mulberry32(fnv1a(`vol:${instrument.symbol}`)).next();
    const extend = modelCloses(
      instrument.symbol,
      profile.start,
      profile.levels,
      loaded(profile.exposures),
      idio,
      profile.alpha / TRADING_DAYS_PER_YEAR - 0.5 * idio * idio,
      8,
      (rng, close, previous) => {
        const open = (previous ?? close) * Math.exp(0.25 * dailyVol * rng.normal());
        const high = Math.max(open, close) * Math.exp(0.5 * dailyVol * rng.next());
        const low = Math.min(open, close) * Math.exp(-0.5 * dailyVol * rng.next());
        series.open.push(open);
        series.high.push(high);
        series.low.push(low);
        series.volume.push(Math.round(baseVolume * Math.exp(0.4 * rng.normal())));
      },
      series.close,
    );
    return { series, extend };
  });
}

function walkOf(instrument: SimInstrument): Walk {
  return instrument.fx === undefined
    ? equityWalk(instrument)
    : pairWalk(instrument.symbol, instrument.fx.from, instrument.fx.to);
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

export function currentUtcDate(): string {
  return isoDate(Date.now());
}

/** The instrument, or undefined for a symbol the simulator treats as unknown to Yahoo. */
export function knownInstrument(
  symbol: string,
  unknownSymbols: readonly string[] = [],
): SimInstrument | undefined {
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

export function splitEvent(instrument: SimInstrument, split: SimSplit): SimSplitEvent {
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
