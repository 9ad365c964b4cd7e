// The report's data model: what analytics computes and render/ prints. Field names are the JSON
// output's (`--format json`, schemaVersion 1); see README "JSON output". Ratios are fractions
// (0.0512 = 5.12 %), money is unrounded and in the base currency unless the name says otherwise,
// dates are `YYYY-MM-DD`, missing values are null.
import type { IsoDate, Lot, PriceHistory, Provenance, Quote } from '../types.js';

export const PERIODS = ['1m', '3m', '6m', 'ytd', '1y', '3y', '5y', 'max'] as const;
/** Window of the risk metrics (`--period`). */
export type PeriodKey = (typeof PERIODS)[number];

export const PERIOD_RETURN_KEYS = ['1m', '3m', 'ytd', '1y', '3y', '5y', 'inception'] as const;
export type PeriodReturnKey = (typeof PERIOD_RETURN_KEYS)[number];
export type PeriodReturns = Record<PeriodReturnKey, number | null>;

/** Everything analytics needs. Pure data: no clock, no I/O. */
export interface AnalyticsInput {
  lots: Lot[];
  /** Latest quotes by symbol (holdings and benchmarks; FX pairs too when available). */
  quotes: ReadonlyMap<string, Quote>;
  /** Daily histories by symbol: holdings, benchmarks and FX pairs (`EURUSD=X`). */
  histories: ReadonlyMap<string, PriceHistory>;
  /** ISO code of the report's currency, e.g. `USD`. */
  baseCurrency: string;
  /** Benchmark ETFs in order; the first one is used for beta, correlation and `vsBenchmark`. */
  benchmarks: string[];
  /** `--as-of`: report as of the last trading date on or before this date. */
  asOf?: IsoDate;
  /** Risk-metric window, default 1y. */
  period: PeriodKey;
  /** Annual risk-free rate as a fraction (0.04 = 4 %). */
  riskFreeRate: number;
  /** Epoch ms the report is generated at (passed in: analytics reads no clock). */
  generatedAt: number;
  /** Symbols Yahoo does not know; they are excluded from totals with a warning. */
  unknownSymbols?: string[];
}

export interface DatedReturn {
  date: IsoDate;
  return: number;
}

export interface Summary {
  marketValue: number;
  costBasis: number | null;
  unrealizedGain: number | null;
  unrealizedGainPct: number | null;
  dayChange: number | null;
  dayChangePct: number | null;
  xirr: number | null;
  twr: number | null;
  twrAnnualized: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number | null;
  maxDrawdownPeak: IsoDate | null;
  maxDrawdownTrough: IsoDate | null;
  maxDrawdownRecovery: IsoDate | null;
  beta: number | null;
  correlation: number | null;
  bestDay: DatedReturn | null;
  worstDay: DatedReturn | null;
  period: { key: PeriodKey; start: IsoDate | null; end: IsoDate };
  periodReturns: PeriodReturns;
  holdingsCount: number;
  /** Count of holdings whose price is stale or missing (used by `--fail-if stalePrices>0`). */
  stalePrices: number;
  prices: PriceFreshness;
}

export interface PriceFreshness {
  /** Epoch ms of the newest market time among the holdings' quotes. */
  marketTime: number | null;
  /** Exchange zone of that quote, for display ("16:00 New York"). */
  timezone: string | null;
  live: number;
  cache: number;
  stale: number;
  missing: number;
}

export interface LotRow {
  /** 1-based line in the holdings file. */
  line: number;
  date: IsoDate | null;
  account: string | null;
  /** Shares after the splits since `date` (what the lot holds today). */
  shares: number;
  /** Split factor applied (1 when none). */
  splitFactor: number;
  /** Cost per share after splits, in `costCurrency`; null when unknown. */
  costPerShare: number | null;
  costCurrency: string;
  costBasis: number | null;
  marketValue: number;
  unrealizedGain: number | null;
  unrealizedGainPct: number | null;
}

export interface HoldingRow {
  symbol: string;
  name: string | null;
  /** The instrument's currency (of `price`). */
  currency: string;
  /** Shares held today, split-adjusted. */
  shares: number;
  price: number | null;
  dayChangePct: number | null;
  marketValue: number;
  weight: number;
  costBasis: number | null;
  unrealizedGain: number | null;
  unrealizedGainPct: number | null;
  /** Holding's return since its first purchase minus the first benchmark's over the same dates. */
  vsBenchmark: number | null;
  source: Provenance | 'missing';
  fetchedAt: number | null;
  lots: LotRow[];
}

export interface SameCashFlows {
  /** Value today of every lot's cost invested in the ETF on the lot's date. */
  value: number;
  gain: number;
  gainPct: number | null;
  xirr: number | null;
  /** Portfolio minus benchmark. */
  vsPortfolio: { value: number; xirr: number | null };
}

export interface BenchmarkRow {
  symbol: string;
  name: string | null;
  periodReturns: PeriodReturns;
  sameCashFlows: SameCashFlows | null;
}

export interface Series {
  dates: IsoDate[];
  /** Portfolio value in base currency. */
  value: number[];
  /** Portfolio index (1 at the window's start). */
  index: number[];
  /** Drawdown of the index from its running peak (<= 0). */
  drawdown: number[];
  /** Each benchmark rebased to 100 at the window's start, keyed by symbol. */
  benchmarks: Record<string, number[]>;
  /** Portfolio rebased to 100 at the window's start. */
  portfolioRebased: number[];
}

export interface Report {
  schemaVersion: 1;
  asOf: IsoDate;
  /** ISO timestamp. */
  generatedAt: string;
  baseCurrency: string;
  conventions: string[];
  summary: Summary;
  holdings: HoldingRow[];
  benchmarks: BenchmarkRow[];
  series: Series;
  notes: string[];
  warnings: string[];
}

/** FX pair giving the price of one unit of `currency` in `base`: `EURUSD=X`. Minor units use their major. */
export function fxPairSymbol(currency: string, base: string): string | null {
  const major = majorCurrency(currency).code;
  return major === base ? null : `${major}${base}=X`;
}

/** GBp/GBX (pence) and ZAc (cents) are 1/100 of GBP and ZAR. */
export function majorCurrency(currency: string): { code: string; factor: number } {
  if (currency === 'GBp' || currency === 'GBX') return { code: 'GBP', factor: 0.01 };
  if (currency === 'ZAc' || currency === 'ZAC') return { code: 'ZAR', factor: 0.01 };
  if (currency === 'ILA') return { code: 'ILS', factor: 0.01 };
  return { code: currency.toUpperCase(), factor: 1 };
}
