// Shared domain types. Dates that mean a trading or calendar day are ISO strings `YYYY-MM-DD`;
// instants are epoch milliseconds (numbers survive JSON in the cache; Dates do not). A history's bars
// are columns (bars.ts), with their trading days as epoch days.
// The date label and the bar are declared where they are computed (dates.ts, bars.ts), which import
// nothing from here, so these three modules form no cycle; they are re-exported for every other user.
import type { DailyBars } from './bars.js';
import type { IsoDate } from './dates.js';

export type { Bar } from './bars.js';
export type { IsoDate } from './dates.js';

/** Where a file row came from, for error messages and warnings. */
export interface SourceRef {
  file: string;
  line: number;
}

/** Transaction types of a holdings row. A row without a type is a buy. */
export type LotType = 'buy' | 'sell' | 'dividend' | 'split';

/** What every row of the holdings file carries, whatever its type. */
interface RowFields {
  /** Upper-cased Yahoo symbol, matching /^[A-Z0-9.^=-]{1,20}$/. */
  symbol: string;
  /** Currency of the row's money as written in the file (ISO 4217 or GBp/GBX/ZAc/ILA), or null for the instrument's own. */
  currency: string | null;
  account: string | null;
  name: string | null;
  notes: string | null;
  /** The user's own asset class ("US stocks", "Bonds"); absent when the row gives none. */
  class?: string;
  source: SourceRef;
}

/** A purchase: the default row. Buys carry no `type` key, so a file without a type column parses to these. */
export interface Buy extends RowFields {
  type?: 'buy';
  /** Number of shares as of `date` (before any later split). Finite, > 0. */
  shares: number;
  /** Cost per share in `currency` (or the instrument's currency when `currency` is null); null when unknown. */
  costPerShare: number | null;
  /** Fee paid in cash in the row's currency, added to the cost; absent when the file gives none. */
  fee?: number;
  /** Purchase date, or null when the file gives none (held from the start). */
  date: IsoDate | null;
}

/** A sale. */
export interface Sell extends RowFields {
  type: 'sell';
  /** Shares sold, in units of the sale date (after any earlier split). */
  shares: number;
  /** Sale price per share in `currency` (or the instrument's). */
  price: number;
  /** Fee in the row's currency, taken from the proceeds. */
  fee?: number;
  date: IsoDate;
}

/** A dividend received. */
export interface Dividend extends RowFields {
  type: 'dividend';
  /** Cash received in the row's currency, before the fee (total_cost, or cost x shares). */
  amount: number;
  /** Shares the dividend was paid on; 0 when not given. */
  shares: number;
  /** Fee in the row's currency, taken from the cash. */
  fee?: number;
  date: IsoDate;
}

/** A split: `ratio` new shares per old share (2 for 2:1). */
export interface Split extends RowFields {
  type: 'split';
  ratio: number;
  date: IsoDate;
}

/** One row of the holdings file (after validation), told apart by `type`. */
export type Transaction = Buy | Sell | Dividend | Split;

/** A row of the holdings file. */
export type Lot = Transaction;

export function isBuy(row: Transaction): row is Buy {
  return row.type === undefined || row.type === 'buy';
}

/** All lots of one symbol, in file order. */
export interface Holding {
  symbol: string;
  lots: Lot[];
}

/** Settings a JSON holdings file may carry; they apply unless a flag overrides them. */
export interface HoldingsSettings {
  baseCurrency?: string;
  benchmarks?: string[];
  /** A JSON file's `targets` object, checked (see holdings/targets.ts). */
  targets?: AllocationTargets;
}

/** What a target allocation divides the portfolio by: one dimension per targets file. */
export const TARGET_DIMENSIONS = ['class', 'symbol', 'currency', 'account', 'type', 'region'] as const;
export type TargetDimension = (typeof TARGET_DIMENSIONS)[number];

/** One target: the group as written (`class:Bonds`), its name in the dimension (`Bonds`), a fraction. */
export interface AllocationTarget {
  label: string;
  group: string;
  target: number;
  /** 1-based line in the targets file (or the JSON holdings file). */
  line: number;
}

/** A checked targets file: one dimension, fractions summing to 1. */
export interface AllocationTargets {
  file: string;
  dimension: TargetDimension;
  targets: AllocationTarget[];
}

export interface HoldingsFile {
  /** Display name of the source: the path as given, or `<stdin>`. */
  file: string;
  format: 'csv' | 'json';
  lots: Lot[];
  /** Lots grouped by symbol, in order of first appearance. */
  holdings: Holding[];
  settings: HoldingsSettings;
}

/** Where a price came from in this run. */
export type Provenance = 'live' | 'cache' | 'stale';

/**
 * Where a quote came from: a provenance, or `chart` for the last close (or the chart's own price) of
 * a daily chart fetched this run when Yahoo gave no quote: a fallback, never counted as live.
 */
export type QuoteSource = Provenance | 'chart';

/** The latest quote of one symbol. */
export interface Quote {
  symbol: string;
  name: string | null;
  /** Currency of `price` as Yahoo states it (e.g. `USD`, `GBp`). */
  currency: string;
  quoteType: string;
  price: number;
  previousClose: number | null;
  /** Epoch ms of the last trade (`regularMarketTime`). */
  marketTime: number;
  /** Yahoo's `marketState`: REGULAR, CLOSED, PRE, PREPRE, POST, POSTPOST. */
  marketState: string;
  /** IANA zone of the exchange, e.g. `America/New_York`. */
  exchangeTimezone: string;
  exchangeName: string | null;
  source: QuoteSource;
  /** Epoch ms when folio received this quote from Yahoo. */
  fetchedAt: number;
}

export interface SplitEvent {
  date: IsoDate;
  /** New shares per old share: 2 for a 2:1 split, 0.1 for 1:10. */
  ratio: number;
}

export interface DividendEvent {
  date: IsoDate;
  /** Cash per share in the instrument's currency. */
  amount: number;
}

/** Daily history of one symbol, bars sorted by date, no null closes. */
export interface PriceHistory {
  symbol: string;
  currency: string;
  exchangeTimezone: string;
  bars: DailyBars;
  splits: SplitEvent[];
  dividends: DividendEvent[];
  source: Provenance;
  fetchedAt: number;
}

/** HTTP request kinds folio sends to Yahoo. */
export type RequestKind = 'cookie' | 'crumb' | 'quote' | 'chart' | 'other';

/** What one run did, for `--bench` (filled by the price pipeline, printed by render/). */
export interface RunStats {
  requests: {
    total: number;
    byKind: Record<RequestKind, number>;
    /** HTTP status (or `network`, `timeout`) -> count. */
    byStatus: Record<string, number>;
    /** Symbols in each quote request, in order sent. */
    symbolsPerQuote: number[];
    bytesReceived: number;
  };
  cache: {
    quote: { hits: number; misses: number; stale: number };
    history: { hits: number; misses: number; stale: number; partial: number };
    /** hits / (hits + misses) over both kinds; null when nothing was looked up. */
    hitRate: number | null;
  };
  /**
   * Where the run's prices came from, one per quoted symbol (holdings, benchmarks, FX pairs): a live
   * quote, the daily chart (no quote to be had), the cache, or stale cache entries.
   */
  prices: { live: number; chart: number; cache: number; stale: number };
  retries: number;
  retryWaitMs: number;
  breaker: {
    state: 'closed' | 'open' | 'half-open';
    transitions: { at: number; from: string; to: string }[];
  };
  queue: { peakConcurrency: number };
  /** Wall milliseconds by phase: load, plan, quotes, history, analytics, render, total. */
  phases: Record<string, number>;
  peakRssBytes: number;
}

/**
 * What a digest remembers of a holdings file between runs (stored in the cache under the file's
 * absolute path): the figures of the last digest's report, enough to say what changed since.
 */
export interface DigestSnapshot {
  /** The report's date. */
  asOf: IsoDate;
  baseCurrency: string;
  /** The report's market value (base currency). */
  marketValue: number;
  /** Each open holding: shares (split-adjusted as of `asOf`) and market value (base currency; null without a price). */
  holdings: { symbol: string; shares: number; marketValue: number | null }[];
  /** The report's warnings, so the next digest lists only the new ones. */
  warnings: string[];
}
