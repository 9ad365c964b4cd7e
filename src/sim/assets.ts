// How each instrument moves in the simulated market: its exposures to common factors (market, sector,
// region, rates, gold, crypto), its own (idiosyncratic) volatility, and for well-known symbols a few
// yearly price levels the synthetic path passes through, so that the demo's cost bases and gains look
// like a real portfolio's. Any other valid symbol gets a plausible profile derived from its hash.
//
// The yearly levels are rounded, approximate first-trading-day closes of each year 2015-2026 as shown
// (split-adjusted) on public Yahoo Finance charts; within ~10 % is all that matters. They are waypoints
// for a synthetic path, not market data: every day between them is simulated.

import { indexStartLevel } from './catalog.js';
import type { SimInstrument } from './catalog.js';
import { STOCKS } from './known-stocks.js';
import type { Sector } from './known-stocks.js';
import { fnv1a, mulberry32 } from './random.js';

/** Common factors; each is a daily log-return series with the annual volatility below. */
export type FactorName =
  | 'market'
  | Sector
  | 'smallcap'
  | 'europe'
  | 'uk'
  | 'japan'
  | 'canada'
  | 'hongkong'
  | 'swiss'
  | 'australia'
  | 'southafrica'
  | 'emerging'
  | 'international'
  | 'rates'
  | 'gold'
  | 'crypto'
  | 'dollar';

/** Annual volatility of each factor (the market's is the S&P 500's long-run ~17 %). */
export const FACTOR_VOL: Readonly<Record<FactorName, number>> = {
  market: 0.17,
  tech: 0.12,
  financials: 0.1,
  health: 0.09,
  staples: 0.07,
  consumer: 0.1,
  energy: 0.15,
  industrials: 0.08,
  telecom: 0.08,
  autos: 0.12,
  realestate: 0.12,
  smallcap: 0.08,
  europe: 0.1,
  uk: 0.09,
  japan: 0.1,
  canada: 0.07,
  hongkong: 0.14,
  swiss: 0.08,
  australia: 0.09,
  southafrica: 0.12,
  emerging: 0.12,
  international: 0.08,
  rates: 0.05,
  gold: 0.14,
  crypto: 0.6,
  dollar: 0.05,
};

export const TRADING_DAYS_PER_YEAR = 252;

/** First year of the yearly levels; level k is on the first business day of year FIRST_LEVEL_YEAR + k. */
export const FIRST_LEVEL_YEAR = 2015;

/** S&P 500 levels: the market factor passes through these, so every equity follows its broad path. */
export const MARKET_LEVELS: readonly number[] = [
  2058, 2012, 2258, 2696, 2510, 3258, 3700, 4797, 3825, 4743, 5869, 6846,
];

export interface Exposure {
  factor: FactorName;
  loading: number;
}

export interface AssetProfile {
  /** Level on the first bar when there are no yearly levels. */
  start: number;
  /** Yearly levels from FIRST_LEVEL_YEAR (see the header). */
  levels?: readonly number[];
  exposures: readonly Exposure[];
  /** Annual volatility of the instrument's own noise. */
  idioVol: number;
  /** Annual drift of the log price beyond the factors (before the convexity correction). */
  alpha: number;
}

const SECTORS: readonly Sector[] = [
  'tech',
  'financials',
  'health',
  'staples',
  'consumer',
  'energy',
  'industrials',
  'telecom',
  'autos',
  'realestate',
];

/** Region factor and market beta range of listings by currency (US listings have no region factor). */
const REGION_BY_CURRENCY: Readonly<Record<string, FactorName>> = {
  EUR: 'europe',
  GBp: 'uk',
  GBP: 'uk',
  JPY: 'japan',
  CAD: 'canada',
  HKD: 'hongkong',
  CHF: 'swiss',
  AUD: 'australia',
  ZAc: 'southafrica',
};

interface FundSpec {
  exposures: readonly Exposure[];
  idioVol: number;
  levels?: readonly number[];
}

const e = (factor: FactorName, loading: number): Exposure => ({ factor, loading });

const SP500: FundSpec = { exposures: [e('market', 1)], idioVol: 0.005 };
const WORLD_EX_US: FundSpec = { exposures: [e('market', 0.75), e('international', 1)], idioVol: 0.02 };
const WORLD: FundSpec = { exposures: [e('market', 0.9), e('international', 0.45)], idioVol: 0.015 };
const AGGREGATE_BONDS: FundSpec = { exposures: [e('market', 0.03), e('rates', 1)], idioVol: 0.01 };
const DIVIDEND_EQUITY: FundSpec = { exposures: [e('market', 0.85), e('staples', 0.5)], idioVol: 0.03 };
const NASDAQ_100: FundSpec = { exposures: [e('market', 1.1), e('tech', 0.7)], idioVol: 0.01 };

// ETFs (and their UCITS twins listed in London and Frankfurt), by base ticker.
const FUNDS: Readonly<Record<string, FundSpec>> = {
  SPY: { ...SP500, levels: [205.4, 201, 225, 268.8, 250.2, 324.9, 368.8, 477.7, 380.8, 472.7, 584.6, 684] },
  VOO: { ...SP500, levels: [188, 184, 206, 247, 230, 299, 339, 439, 350, 435, 538, 629] },
  IVV: SP500,
  CSPX: SP500,
  VUSA: SP500,
  VUAA: SP500,
  VTI: {
    exposures: [e('market', 1.02), e('smallcap', 0.2)],
    idioVol: 0.01,
    levels: [105.6, 103, 115.7, 138.7, 128.9, 165.8, 194.7, 241.4, 192, 237.5, 300, 335],
  },
  DIA: { exposures: [e('market', 0.95), e('industrials', 0.3)], idioVol: 0.03 },
  QQQ: {
    ...NASDAQ_100,
    levels: [102.9, 110, 119.1, 158.5, 150.5, 216.2, 309.3, 401.7, 264.5, 402, 518.6, 614],
  },
  EQQQ: NASDAQ_100,
  XLK: { exposures: [e('market', 1.15), e('tech', 0.9)], idioVol: 0.015 },
  IWM: { exposures: [e('market', 1.1), e('smallcap', 1)], idioVol: 0.02 },
  IJR: { exposures: [e('market', 1.05), e('smallcap', 1)], idioVol: 0.02 },
  IJH: { exposures: [e('market', 1.05), e('smallcap', 0.6)], idioVol: 0.02 },
  VXUS: { ...WORLD_EX_US, levels: [47.7, 45.5, 46, 58.5, 49.5, 56.7, 59.5, 61.2, 51.5, 57.5, 59, 76] },
  EFA: WORLD_EX_US,
  VEA: WORLD_EX_US,
  VT: WORLD,
  ACWI: WORLD,
  VWRL: WORLD,
  IWDA: WORLD,
  SWDA: WORLD,
  VWO: { exposures: [e('market', 0.7), e('emerging', 1)], idioVol: 0.03 },
  EEM: { exposures: [e('market', 0.7), e('emerging', 1)], idioVol: 0.03 },
  IEMG: { exposures: [e('market', 0.7), e('emerging', 1)], idioVol: 0.03 },
  VGK: { exposures: [e('market', 0.75), e('europe', 1)], idioVol: 0.02 },
  EWJ: { exposures: [e('market', 0.6), e('japan', 1)], idioVol: 0.02 },
  ISF: { exposures: [e('market', 0.6), e('uk', 1)], idioVol: 0.02 },
  EXS1: { exposures: [e('market', 0.7), e('europe', 1.1)], idioVol: 0.02 },
  AGG: {
    ...AGGREGATE_BONDS,
    levels: [110.8, 108, 108, 109.3, 106.5, 112.5, 117.9, 113.8, 97, 97.4, 97.5, 100],
  },
  BND: { ...AGGREGATE_BONDS, levels: [82.4, 80.3, 80.8, 81.5, 79.3, 83.9, 88.2, 85.5, 72.8, 73.1, 72.5, 74] },
  IEF: { exposures: [e('market', 0.02), e('rates', 1.4)], idioVol: 0.01 },
  TLT: { exposures: [e('market', 0.03), e('rates', 2.8)], idioVol: 0.02 },
  SHY: { exposures: [e('rates', 0.3)], idioVol: 0.003 },
  LQD: { exposures: [e('market', 0.1), e('rates', 1.4)], idioVol: 0.02 },
  HYG: { exposures: [e('market', 0.3), e('rates', 0.6)], idioVol: 0.03 },
  GLD: { exposures: [e('market', 0.05), e('gold', 1)], idioVol: 0.01 },
  SLV: { exposures: [e('market', 0.15), e('gold', 1.3)], idioVol: 0.14 },
  XLF: { exposures: [e('market', 1.1), e('financials', 0.9)], idioVol: 0.02 },
  XLE: { exposures: [e('market', 1), e('energy', 1.1)], idioVol: 0.03 },
  XLV: { exposures: [e('market', 0.8), e('health', 0.8)], idioVol: 0.02 },
  VNQ: { exposures: [e('market', 0.9), e('realestate', 1)], idioVol: 0.03 },
  SCHD: DIVIDEND_EQUITY,
  VIG: DIVIDEND_EQUITY,
  VYM: DIVIDEND_EQUITY,
  LQDA: AGGREGATE_BONDS,
};

// Indexes: the S&P 500 IS the market factor.
const INDEX_FUNDS: Readonly<Record<string, FundSpec>> = {
  '^GSPC': { exposures: [e('market', 1)], idioVol: 0, levels: MARKET_LEVELS },
  '^DJI': { exposures: [e('market', 0.95), e('industrials', 0.3)], idioVol: 0.03 },
  '^IXIC': NASDAQ_100,
  '^FTSE': { exposures: [e('market', 0.6), e('uk', 1)], idioVol: 0.01 },
  '^GDAXI': { exposures: [e('market', 0.7), e('europe', 1.1)], idioVol: 0.01 },
  '^N225': { exposures: [e('market', 0.6), e('japan', 1.1)], idioVol: 0.01 },
};

/** Bitcoin and friends: `BTC-USD`. Bitcoin's yearly levels; other coins start where their hash says. */
const CRYPTO_PATTERN = /^[A-Z0-9]{2,10}-(USD|EUR|GBP)$/;
const BTC_LEVELS: readonly number[] = [
  315, 434, 1000, 14750, 3870, 7200, 32800, 47300, 16700, 44200, 96900, 88000,
];

function isCryptoSymbol(symbol: string): boolean {
  return CRYPTO_PATTERN.test(symbol);
}

/** The residual variance (after the market) split: a share to the sector, a share to the region. */
function equityProfile(
  sector: Sector,
  region: FactorName | undefined,
  beta: number,
  vol: number,
  alpha: number,
  start: number,
  levels?: readonly number[],
): AssetProfile {
  const marketVar = (beta * FACTOR_VOL.market) ** 2;
  const residualVar = Math.max(vol * vol - marketVar, 0.0025);
  const sectorShare = 0.3;
  const regionShare = region === undefined ? 0 : 0.35;
  const exposures: Exposure[] = [
    e('market', beta),
    e(sector, Math.sqrt(sectorShare * residualVar) / FACTOR_VOL[sector]),
  ];
  if (region !== undefined)
    exposures.push(e(region, Math.sqrt(regionShare * residualVar) / FACTOR_VOL[region]));
  return {
    start,
    ...(levels !== undefined && levels.length > 0 ? { levels } : {}),
    exposures,
    idioVol: Math.sqrt((1 - sectorShare - regionShare) * residualVar),
    alpha,
  };
}

/** Price scale of the quote currency: pence, cents and yen quotes are larger numbers. */
function unitScale(currency: string): number {
  if (currency === 'GBp' || currency === 'ZAc') return 100;
  if (currency === 'JPY') return 100;
  if (currency === 'HKD') return 5;
  return 1;
}

/** The profile of any non-FX instrument (FX pairs are ratios of currency values: see currencyProfile). */
export function assetProfile(instrument: SimInstrument): AssetProfile {
  const { symbol, quoteType, currency } = instrument;
  const rng = mulberry32(fnv1a(`profile:${symbol}`));
  const u1 = rng();
  const u2 = rng();
  const u3 = rng();
  const u4 = rng();
  if (isCryptoSymbol(symbol)) {
    const isBitcoin = symbol.startsWith('BTC-');
    return {
      start: isBitcoin ? BTC_LEVELS[0]! : 0.05 * Math.exp(9 * u1),
      ...(isBitcoin && symbol === 'BTC-USD' ? { levels: BTC_LEVELS } : {}),
      exposures: [e('market', 0.6), e('crypto', 1)],
      idioVol: isBitcoin ? 0.15 : 0.5,
      alpha: 0,
    };
  }
  if (quoteType === 'INDEX') {
    const spec = INDEX_FUNDS[symbol] ?? { exposures: [e('market', 0.9)], idioVol: 0.05 };
    return { start: indexStartLevel(symbol) ?? 1000 + 19000 * u1, ...spec, alpha: 0 };
  }
  const dot = symbol.lastIndexOf('.');
  const base = dot > 0 ? symbol.slice(0, dot) : symbol;
  const scale = unitScale(currency);
  if (quoteType === 'ETF') {
    const spec = FUNDS[base] ?? { exposures: [e('market', 0.95)], idioVol: 0.03 };
    // Levels are the US listing's; a twin listed elsewhere only shares the dynamics.
    const levels = base === symbol ? spec.levels : undefined;
    return {
      start: (50 + 350 * u1) * scale,
      exposures: spec.exposures,
      idioVol: spec.idioVol,
      alpha: 0,
      ...(levels !== undefined ? { levels } : {}),
    };
  }
  const region = REGION_BY_CURRENCY[currency];
  const known = STOCKS[symbol];
  if (known !== undefined)
    return equityProfile(
      known.sector,
      region,
      known.beta,
      known.vol,
      0,
      known.levels[0] ?? 100,
      known.levels,
    );
  // Unknown stocks: beta 0.75-1.3 and a correlation to the market of 0.55-0.85 fix the volatility
  // (kept within 16-38 % a year); listings outside the US lean less on the US market.
  const sector = SECTORS[Math.floor(u3 * SECTORS.length)]!;
  const beta = region === undefined ? 0.75 + 0.55 * u1 : 0.5 + 0.45 * u1;
  const correlation = region === undefined ? 0.55 + 0.3 * u2 : 0.4 + 0.25 * u2;
  const vol = Math.min(0.38, Math.max(0.16, (beta * FACTOR_VOL.market) / correlation));
  const alpha = -0.03 + 0.08 * u4;
  return equityProfile(sector, region, beta, vol, alpha, (20 + 480 * rng()) * scale);
}

// ---- Currencies: the USD value of one unit, driven by a common dollar factor and the currency's own noise.

/** USD value of one unit of each currency around 2015-2024, where currencies without yearly levels start. */
const USD_PER_UNIT: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.2,
  GBP: 1.53,
  JPY: 0.0083,
  CAD: 0.86,
  CHF: 1.0,
  AUD: 0.81,
  NZD: 0.77,
  HKD: 0.129,
  ZAR: 0.086,
  SEK: 0.128,
  NOK: 0.133,
  DKK: 0.161,
  CNY: 0.161,
  INR: 0.0158,
  SGD: 0.755,
  MXN: 0.068,
};

/** Yearly USD values per unit for the most traded currencies (same source and dates as the equities). */
const CURRENCY_LEVELS: Readonly<Record<string, readonly number[]>> = {
  EUR: [1.2, 1.09, 1.05, 1.2, 1.146, 1.12, 1.225, 1.137, 1.07, 1.1, 1.035, 1.17],
  GBP: [1.53, 1.47, 1.23, 1.35, 1.27, 1.32, 1.37, 1.35, 1.21, 1.27, 1.25, 1.345],
  JPY: [120, 120, 117, 112.7, 109.7, 108.7, 103.2, 115, 131, 141, 157, 156.5].map((x) => 1 / x),
  CAD: [1.2, 1.385, 1.34, 1.255, 1.36, 1.3, 1.27, 1.264, 1.355, 1.32, 1.44, 1.37].map((x) => 1 / x),
};

export interface CurrencyProfile {
  start: number;
  levels?: readonly number[];
  /** Loading on the dollar factor (USD weakness raises the USD value of other currencies). */
  dollarLoading: number;
  /** Annual volatility of the currency's own noise. */
  idioVol: number;
}

export function currencyProfile(currency: string): CurrencyProfile {
  const rng = mulberry32(fnv1a(`ccy:${currency}`));
  const start = USD_PER_UNIT[currency] ?? 0.05 + 1.5 * rng();
  if (currency === 'USD') return { start: 1, dollarLoading: 0, idioVol: 0 };
  const levels = CURRENCY_LEVELS[currency];
  return {
    start: levels?.[0] ?? start,
    ...(levels !== undefined ? { levels } : {}),
    dollarLoading: 0.8 + 0.4 * rng(),
    idioVol: 0.04 + 0.03 * rng(),
  };
}
