// The factor model behind every simulated price path (see the section header below), with the per-symbol
// walks it drives, cached per symbol and extended on demand.
import {
  FACTOR_VOL,
  FIRST_LEVEL_YEAR,
  MARKET_LEVELS,
  TRADING_DAYS_PER_YEAR,
  assetProfile,
  currencyProfile,
} from './assets.js';
import type { Exposure, FactorName } from './assets.js';
import { ensureCalendar, indexOnOrAfter } from './calendar.js';
import type { SimInstrument } from './catalog.js';
import { Mulberry32, fnv1a } from './random.js';
import { addDays } from './time.js';

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

export interface RawSeries {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export interface Walk {
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
function profileVolatility(exposures: readonly Exposure[], idioVol: number): number {
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

export function walkOf(instrument: SimInstrument): Walk {
  return instrument.fx === undefined
    ? equityWalk(instrument)
    : pairWalk(instrument.symbol, instrument.fx.from, instrument.fx.to);
}
