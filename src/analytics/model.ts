// The report's data model: what analytics computes and render/ prints. Field names are the JSON
// output's (`--format json`, schemaVersion 1); see README "JSON output". Ratios are fractions
// (0.0512 = 5.12 %), money is unrounded and in the base currency unless the name says otherwise,
// dates are `YYYY-MM-DD`, missing values are null.
import type {
  AllocationTargets,
  IsoDate,
  Lot,
  PriceHistory,
  Quote,
  QuoteSource,
  TargetDimension,
} from '../types.js';

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
  /** Why no price could be had for a symbol (offline and not cached, an outage), by symbol. */
  unavailable?: ReadonlyMap<string, string>;
  /** How sells take their cost basis (`--cost-method`); default fifo. */
  costMethod?: CostMethod;
  /** A target allocation (`--targets`, or the JSON file's `targets`): the report shows the drift. */
  targets?: AllocationTargets;
  /** Drifts beyond this fraction are flagged (`--drift-band`, default 0.05 = 5 pp). */
  driftBand?: number;
}

export const COST_METHODS = ['fifo', 'average'] as const;
/** fifo: a sell takes the oldest shares first; average: every share costs the average of those held. */
export type CostMethod = (typeof COST_METHODS)[number];

export interface DatedReturn {
  date: IsoDate;
  return: number;
}

export interface Summary {
  /** Sum over the priced holdings only (see `coverage`). */
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
  /** Sum of `realized[].gain`; 0 without sells, null when a sold lot's cost is unknown. */
  realizedGain?: number | null;
  /** Dividends received (from the file, else estimated from Yahoo's events), sum of `realized[].income`. */
  income?: number | null;
  /** Count of holdings whose price is stale or missing (used by `--fail-if stalePrices>0`). */
  stalePrices: number;
  prices: PriceFreshness;
  /** With targets: the largest |weight - target| over the groups (`--fail-if 'drift>0.05'`). */
  drift?: number;
  coverage: Coverage;
}

/**
 * How many of the holdings the totals cover. Value, cost, gains and day change are sums over the
 * `priced` holdings only; each of the others is named with why it has no value.
 */
export interface Coverage {
  priced: number;
  /** Holdings held at asOf (`holdingsCount`). */
  total: number;
  missing: { symbol: string; reason: string }[];
}

/** Summary fields that belong to the holdings (value, costs, gains, day change, income, freshness). */
export const HOLDINGS_SUMMARY_KEYS = [
  'marketValue',
  'costBasis',
  'unrealizedGain',
  'unrealizedGainPct',
  'dayChange',
  'dayChangePct',
  'holdingsCount',
  'realizedGain',
  'income',
  'stalePrices',
  'prices',
  'coverage',
] as const satisfies readonly (keyof Summary)[];

export type HoldingsSummary = Pick<Summary, (typeof HOLDINGS_SUMMARY_KEYS)[number]>;

/** Summary fields of the portfolio's performance: returns, risk, the window. */
export type PerformanceSummary = Omit<Summary, (typeof HOLDINGS_SUMMARY_KEYS)[number]>;

export interface PriceFreshness {
  /** Epoch ms of the newest market time among the holdings' quotes. */
  marketTime: number | null;
  /** Exchange zone of that quote, for display ("16:00 New York"). */
  timezone: string | null;
  live: number;
  /** Prices taken from a daily chart fetched this run because Yahoo gave no quote. */
  chart: number;
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
  /** Null when the holding has no value (no price or no FX rate). */
  marketValue: number | null;
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
  /** Null when the holding has no value (no price or no FX rate): then it is out of the totals. */
  marketValue: number | null;
  /** Share of the priced holdings' value; null with `marketValue`. */
  weight: number | null;
  costBasis: number | null;
  unrealizedGain: number | null;
  unrealizedGainPct: number | null;
  /** Holding's return since its first purchase minus the first benchmark's over the same dates. */
  vsBenchmark: number | null;
  source: QuoteSource | 'missing';
  fetchedAt: number | null;
  lots: LotRow[];
  /** Dividends received on this holding in base currency; see `RealizedRow.income`. */
  income?: number | null;
  incomeEstimated?: boolean;
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

// ---- Transactions. JSON shapes:
//   summary.realizedGain: number|null, summary.income: number|null (base currency)
//   realized[]: one per symbol with a sale or income, in order of first appearance:
//     { symbol, name, currency, proceeds, costBasis, gain, income, incomeEstimated,
//       sales: [{ date, line, shares, price, currency, fee, proceeds, costBasis, gain }],
//       dividends: [{ date, line|null, amount, estimated }],
//       byYear: [{ year, proceeds, costBasis, gain, income }] }
//     money in base currency at the FX close of each date (proceeds net of fees; costs at the buy
//     dates' FX, by --cost-method); `shares` and `price` as in the file (units of the sale date,
//     price in `currency`); null where a cost or an FX rate is unknown.
//   closedPositions[]: symbols with no shares left at asOf (closed then reopened is open):
//     { symbol, name, firstBought, closedOn, realizedGain, income, incomeEstimated }

export interface RealizedSale {
  date: IsoDate;
  /** 1-based line of the sell row. */
  line: number;
  /** Shares sold, in units of the sale date. */
  shares: number;
  /** Sale price per share in `currency`. */
  price: number;
  currency: string;
  /** Fee in base currency (0 when none). */
  fee: number | null;
  /** Price x shares - fee, in base currency at the sale date's FX. */
  proceeds: number | null;
  /** Cost of the shares sold in base currency (each buy at its own date's FX). */
  costBasis: number | null;
  gain: number | null;
}

export interface DividendRow {
  /** Payment date (file rows) or ex-date (estimates). */
  date: IsoDate;
  /** Line of the dividend row; null for an estimate. */
  line: number | null;
  /** Cash in base currency (net of the row's fee). */
  amount: number | null;
  estimated: boolean;
}

export interface RealizedYear {
  year: number;
  proceeds: number | null;
  costBasis: number | null;
  gain: number | null;
  income: number | null;
}

export interface RealizedRow {
  symbol: string;
  name: string | null;
  currency: string;
  proceeds: number | null;
  costBasis: number | null;
  gain: number | null;
  income: number | null;
  /** True when the income is an estimate from Yahoo's dividend events (the file has no dividend row for it). */
  incomeEstimated: boolean;
  sales: RealizedSale[];
  dividends: DividendRow[];
  byYear: RealizedYear[];
}

export interface ClosedPosition {
  symbol: string;
  name: string | null;
  firstBought: IsoDate | null;
  /** Date of the sale that left no shares. */
  closedOn: IsoDate | null;
  realizedGain: number | null;
  income: number | null;
  incomeEstimated: boolean;
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
  /** Realized gains and income per symbol; buildReport always sets it. */
  realized?: RealizedRow[];
  /** Positions with no shares left at asOf, listed apart from `holdings`. */
  closedPositions?: ClosedPosition[];
  /** The priced holdings by class, type, currency, account and country; buildReport always sets it. */
  allocation?: Allocation;
  /** With targets: each group's weight against its target. */
  targets?: TargetDrift;
}

/**
 * The holdings figures: value, cost, gains, day change, income, the holdings table, realized gains and
 * closed positions, on the calendar of the holdings and the first benchmark. A terminal prints them
 * before the other benchmarks' histories arrive.
 */
export interface HoldingsFigures {
  asOf: IsoDate;
  /** ISO timestamp. */
  generatedAt: string;
  baseCurrency: string;
  /** The benchmark of `vsBenchmark` (the first), or null without benchmarks. */
  benchmark: string | null;
  summary: HoldingsSummary;
  holdings: HoldingRow[];
  realized: RealizedRow[];
  closedPositions: ClosedPosition[];
  allocation?: Allocation;
  targets?: TargetDrift;
  notes: string[];
  warnings: string[];
}

/** The holdings figures of a whole report. */
export function holdingsFiguresOf(report: Report): HoldingsFigures {
  return {
    asOf: report.asOf,
    generatedAt: report.generatedAt,
    baseCurrency: report.baseCurrency,
    benchmark: report.benchmarks[0]?.symbol ?? null,
    summary: report.summary,
    holdings: report.holdings,
    realized: report.realized ?? [],
    closedPositions: report.closedPositions ?? [],
    ...(report.allocation === undefined ? {} : { allocation: report.allocation }),
    ...(report.targets === undefined ? {} : { targets: report.targets }),
    notes: report.notes,
    warnings: report.warnings,
  };
}

// The allocation sections (analytics/allocation.ts computes them).

/** One group of a breakdown. `value` and `weight` are null for a group none of whose holdings has a price. */
export interface AllocationSlice {
  name: string;
  value: number | null;
  weight: number | null;
}

export interface Allocation {
  byClass: AllocationSlice[];
  byType: AllocationSlice[];
  byCurrency: AllocationSlice[];
  byAccount: AllocationSlice[];
  byRegion: AllocationSlice[];
}

/** One group of a target allocation today. Drift = weight - target (fractions; 0.05 = 5 pp). */
export interface GroupDrift {
  group: string;
  target: number;
  weight: number;
  drift: number;
  /** drift x the priced value: what to sell (positive) or buy (negative) to reach the target. */
  driftValue: number;
  /** |drift| exceeds the drift band. */
  flagged: boolean;
}

export interface TargetDrift {
  file: string;
  dimension: TargetDimension;
  driftBand: number;
  groups: GroupDrift[];
  /** The largest |drift| over the groups (what `--fail-if 'drift>0.05'` tests). */
  maxDrift: number;
}
