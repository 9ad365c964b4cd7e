// buildReport: holdings, prices and histories -> the whole Report. Pure: the clock comes in as
// `generatedAt`, the report date from the data (or `--as-of`).
import { InputError } from '../errors.js';
import type { IsoDate, Lot, PriceHistory, Provenance, Quote, SplitEvent } from '../types.js';
import type {
  AnalyticsInput,
  BenchmarkRow,
  ClosedPosition,
  DividendRow,
  RealizedRow,
  RealizedSale,
  RealizedYear,
  HoldingRow,
  LotRow,
  PeriodReturns,
  PriceFreshness,
  Report,
  Series,
  Summary,
} from './model.js';
import { PERIOD_RETURN_KEYS } from './model.js';
import { lastIndexOnOrBefore, PriceLookup, unionCalendar } from './calendar.js';
import { isoDateOfEpochMs } from './dates.js';
import { FxTable } from './fx.js';
import { entryIndex, splitAdjustment } from './lots.js';
import { dropOutlierCloses } from './sanity.js';
import { chainedIndexAt, chainIndex, portfolioValues } from './series.js';
import type { SeriesLot } from './series.js';
import { annualize, baseDate, dailyReturns, periodReturnsFromLevels } from './returns.js';
import {
  betaCorrelation,
  bestWorstDay,
  drawdownSeries,
  maxDrawdown,
  sharpe,
  sortino,
  volatility,
} from './risk.js';
import { levelReturns, sameCashFlows } from './benchmarks.js';
import type { FlowLot, FlowSale } from './benchmarks.js';
import { firstIndexOnOrAfter } from './calendar.js';
import { inDateOrder, lotType, mergeSplits, runLedger } from './transactions.js';
import type { LedgerBuy, LedgerSell } from './transactions.js';
import { neumaierSum } from './sum.js';
import { textNumber } from './text.js';
import { xirr } from './xirr.js';

/** How sells, dividends, splits and fees count (issue 8). */
export const TRANSACTION_CONVENTIONS: readonly string[] = [
  "Transactions apply in date order (same-day rows in file order; undated buys count as held from the start). A sell gives shares in units of its date (after earlier splits) and its price (cost) or proceeds (total_cost); a fee adds to a buy's cost and is taken from a sale's proceeds or a dividend.",
  "Realized gain of a sale = proceeds net of fee at the FX close of the sale date - cost of the shares sold (each buy at its own date's FX), by --cost-method: fifo takes the oldest shares first; average uses the cost per share of all shares held at the time of the sale (the remaining lots then carry that average). Unrealized gain uses the cost of the shares still held.",
  'Daily return with sales and dividends leaving at the end of the day: r_t = (V_t + O_t) / (V_{t-1} + F_t) - 1, O_t = proceeds and dividends (file rows) of day t. XIRR: buys negative, sales and dividends positive on their dates, plus the value held on asOf. Positions sold out keep counting in the history, XIRR and realized gains; closedPositions lists the symbols with no shares left at asOf.',
  "Income: a symbol's dividend rows in the file when it has any; otherwise an estimate from Yahoo's dividend events x the shares held at the start of the ex-date (dated lots only), marked estimated and left out of returns and XIRR.",
  "A split row (shares = ratio) on a date where Yahoo has a split replaces Yahoo's for that symbol; on another date it is added. Either way it is treated as a Yahoo split: later closes and the shares of earlier lots and sells are adjusted by it.",
  "Same cash flows with sales: each sale sells ETF units worth its proceeds at the ETF's level of that day; when the ETF holds fewer units than that (it fell behind the holding), the sale sells all its remaining units instead and receives their value (units never go below zero). gain = ETF value + the ETF's proceeds - cost; the ETF's XIRR uses its own proceeds.",
];

export const CONVENTIONS: readonly string[] = [
  'Values are in the base currency; a price in currency C converts at the CBASE=X close of the same date (the direct pair, never inverted or crossed); GBp/GBX/ZAc are 1/100 of GBP/ZAR.',
  "Calendar: the union of the trading dates of the holdings and benchmarks; a symbol's or FX pair's close carries forward on dates it did not trade.",
  "asOf is the last trading date with a closed bar of a holding (with --as-of D: the last on or before D). An FX pair's bar on a day no holding traded (e.g. January 1) makes no date: it only sets the rate in force on the next one; a crypto holding's bar does (the other holdings carry their last close). Today's value uses the quote price (and the FX quote when present); history figures use closes, except the series' point at asOf, which is valued like the holdings (same prices, same FX), so it equals the market value of the lots in the history figures and the asOf day's return ends at that value.",
  "Cost basis: each lot's cost x shares in its cost currency (the lot's currency column, else the instrument's), converted at the FX close of the purchase date (undated lots: today's rate). Unrealized gain = value - cost. A holding with any lot lacking a cost has a null cost basis.",
  'Day change = sum of shares x (price - previous close) x fx today; day change % = day change / sum of shares x previous close x fx today.',
  "Splits after a lot's date multiply its shares and divide its cost per share (total cost unchanged); Yahoo's close is split-adjusted over the whole history, so lots are valued with split-adjusted shares on every date.",
  'Daily return with purchases at the start of the day: r_t = V_t / (V_{t-1} + F_t) - 1, F_t = base-currency cost of lots bought on t (the first day measures purchase price to close). A lot dated on a non-trading day enters on the next trading date.',
  'TWR = product of (1 + r_t) - 1 over the days after period.start; annualized = (1 + TWR)^(365 / calendar days from period.start to asOf) - 1 (null for zero days).',
  "period.start is the last trading date on or before asOf minus the period (YTD: December 31 of the previous year); when the portfolio's first held date is later, the window starts there, its first day counts and period.start is the trading date before it.",
  'XIRR (since inception, act/365): -cost of each dated lot with a cost on its date, +its value today on asOf; Newton with a bisection fallback; null with a warning when there is no root.',
  'Volatility = sample standard deviation of r_t x sqrt(252). Sharpe = mean(r_t - rf_d) / sd(r_t - rf_d) x sqrt(252), rf_d = (1 + rf)^(1/252) - 1. Sortino = mean(r_t - rf_d) / sqrt(sum over r_t < rf_d of (r_t - rf_d)^2 / N) x sqrt(252), N = all days.',
  'Max drawdown on the index I_t (1 at period.start): min of I_t / max(1, running max) - 1, with peak, trough and recovery dates (recovery null if none).',
  "Beta (sample covariance / sample variance) and correlation (Pearson) are against the first benchmark's daily returns on the same calendar.",
  "Period returns (1m, 3m, ytd, 1y, 3y, 5y, inception) start at the last trading date on or before the same calendar date back; null when the series does not reach back that far. A benchmark's inception return runs from its close on the trading date before the portfolio's first held date.",
  "Benchmarks use adjusted closes (dividends reinvested) in the base currency. Same cash flows: each lot's base-currency cost invested in the ETF on the lot's entry date, valued at asOf; vsPortfolio = portfolio minus benchmark.",
  "vsBenchmark of a holding = its time-weighted return (base currency) since its first purchase minus the first benchmark's return over the same dates.",
  "The holdings figures (value, cost, gains, day change, income, vsBenchmark) use the holdings, their FX pairs and the first benchmark only: on a calendar of their trading dates, so another benchmark's trading dates never change them (and a terminal can print them before the other benchmarks' histories arrive).",
  'Lots without a date or a cost count in value, weights and day change, but not in TWR, XIRR, risk metrics, charts or same cash flows.',
  'A close more than 50x above or below both neighbouring closes is ignored (the previous close carries forward).',
  ...TRANSACTION_CONVENTIONS,
];

interface HoldingState {
  symbol: string;
  lots: Lot[];
  quote: Quote | undefined;
  history: PriceHistory | undefined;
  lookup: PriceLookup | undefined;
  currency: string;
  inTotals: boolean;
  price: number | null;
  previousClose: number | null;
  fxNow: number | null;
  source: Provenance | 'missing';
  fetchedAt: number | null;
  marketTime: number | null;
  lotStates: LotState[];
  /** Quoted but no history while some lot is dated: excluded from totals and counted as stale. */
  splitsUnknown: boolean;
}

interface LotState {
  lot: Lot;
  factor: number;
  shares: number;
  costCurrency: string;
  costPerShare: number | null;
  costInBase: number | null;
  marketValue: number;
  entryIndex: number; // -1 when not in history figures
}

function pct(num: number | null, den: number | null): number | null {
  return num === null || den === null || !(den > 0) ? null : num / den;
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
] as const satisfies readonly (keyof Summary)[];

/**
 * The benchmarks the holdings figures do without: all but the first, unless also held. The holdings
 * figures need every holding's history (split events, closes), every FX pair's (costs at purchase
 * dates) and the first benchmark's (vsBenchmark); a terminal prints them before these arrive.
 */
export function laterBenchmarks(input: Pick<AnalyticsInput, 'lots' | 'benchmarks'>): Set<string> {
  const needed = new Set([...input.lots.map((l) => l.symbol), ...input.benchmarks.slice(0, 1)]);
  return new Set(input.benchmarks.filter((b) => !needed.has(b)));
}

/**
 * The whole report. The holdings figures (HOLDINGS_SUMMARY_KEYS, holdings, realized, closed
 * positions) are those of the report with the first benchmark only: when the other benchmarks add
 * trading dates to the calendar (an ETF on another exchange), they could otherwise move a lot's entry
 * date or the previous close by a day. In the common case they add none and one pass gives both.
 */
export function buildReport(input: AnalyticsInput): Report {
  const whole = buildWholeReport(input);
  if (input.benchmarks.length <= 1 || !otherBenchmarksAddDates(input)) return whole;
  const own = buildWholeReport({ ...input, benchmarks: input.benchmarks.slice(0, 1) });
  const summary = { ...whole.summary };
  for (const key of HOLDINGS_SUMMARY_KEYS) (summary as Record<string, unknown>)[key] = own.summary[key];
  const seen = new Set(whole.warnings);
  return {
    ...whole,
    summary,
    holdings: own.holdings,
    realized: own.realized,
    closedPositions: own.closedPositions,
    warnings: [...whole.warnings, ...own.warnings.filter((w) => !seen.has(w))],
  };
}

/**
 * Whether a benchmark after the first trades on a date (up to the holdings' last) on which no
 * holding and not the first benchmark trades. Conservative: true when the holdings have no dates.
 */
function otherBenchmarksAddDates(input: AnalyticsInput): boolean {
  const unknown = new Set(input.unknownSymbols ?? []);
  const holdings = new Set(input.lots.map((l) => l.symbol).filter((s) => !unknown.has(s)));
  // Called with two or more benchmarks only. Loops, not arrays of dates: this runs on every report.
  const own = new Set<IsoDate>();
  let last: IsoDate | null = null;
  for (const symbol of holdings)
    for (const bar of input.histories.get(symbol)?.bars ?? []) {
      own.add(bar.date);
      if (last === null || bar.date > last) last = bar.date;
    }
  if (last === null) return true;
  for (const bar of input.histories.get(input.benchmarks[0]!)?.bars ?? []) own.add(bar.date);
  for (const symbol of input.benchmarks.slice(1)) {
    if (holdings.has(symbol)) continue;
    for (const bar of input.histories.get(symbol)?.bars ?? [])
      if (bar.date <= last && !own.has(bar.date)) return true;
  }
  return false;
}

function buildWholeReport(input: AnalyticsInput): Report {
  const warnings: string[] = [];
  const notes: string[] = [];
  const base = input.baseCurrency;

  // --- Clean every history once (100x closes).
  const histories = new Map<string, PriceHistory>();
  for (const [symbol, h] of input.histories) {
    const { history, dropped } = dropOutlierCloses(h);
    for (const date of dropped) {
      warnings.push(
        `data: ${symbol} close on ${date} is over 50x off both neighbouring closes: ignored, previous close carried forward`,
      );
    }
    histories.set(symbol, history);
  }
  const lookups = new Map<string, PriceLookup>();
  for (const [symbol, h] of histories) if (h.bars.length > 0) lookups.set(symbol, new PriceLookup(h.bars));
  // A dropped close leaves its date a trading date (the close carries forward), so the calendar uses all dates.
  const datesBySymbol = new Map<string, readonly IsoDate[]>();
  const tradingDates = (symbol: string): readonly IsoDate[] => {
    let dates = datesBySymbol.get(symbol);
    if (dates === undefined) {
      const raw = input.histories.get(symbol);
      const cleaned = histories.get(symbol);
      // The lookup's dates are the same list unless a close was dropped.
      dates =
        raw !== undefined && cleaned?.bars.length === raw.bars.length
          ? (lookups.get(symbol)?.dates ?? [])
          : (raw?.bars.map((b) => b.date) ?? []);
      datesBySymbol.set(symbol, dates);
    }
    return dates;
  };

  // --- Lots in scope (with --as-of, lots bought after it are ignored). Split rows always count: like
  // Yahoo's split events, they adjust the whole price history.
  const inScope = (l: Lot): boolean => input.asOf === undefined || l.date === null || l.date <= input.asOf;
  const lots = input.lots.filter((l) => lotType(l) === 'split' || inScope(l));
  const ignored = input.lots.filter((l) => lotType(l) === 'buy' && !inScope(l)).length;
  if (ignored > 0) notes.push(`${ignored} lot(s) bought after ${input.asOf ?? ''} ignored (--as-of)`);
  const ignoredOther = input.lots.filter(
    (l) => lotType(l) !== 'buy' && lotType(l) !== 'split' && !inScope(l),
  ).length;
  if (ignoredOther > 0)
    notes.push(`${ignoredOther} sell or dividend row(s) after ${input.asOf ?? ''} ignored (--as-of)`);
  const costMethod = input.costMethod ?? 'fifo';

  const unknown = new Set(input.unknownSymbols ?? []);
  const symbols: string[] = [];
  const lotsBySymbol = new Map<string, Lot[]>();
  for (const lot of lots) {
    const list = lotsBySymbol.get(lot.symbol);
    if (list === undefined) {
      symbols.push(lot.symbol);
      lotsBySymbol.set(lot.symbol, [lot]);
    } else list.push(lot);
  }
  for (const s of symbols) if (!input.quotes.has(s) && !lookups.has(s)) unknown.add(s);

  // --- Splits per symbol: Yahoo's events merged with the file's split rows (issue 8).
  const splitsBySymbol = new Map<string, SplitEvent[]>();
  for (const symbol of symbols) {
    const yahoo = histories.get(symbol)?.splits ?? [];
    const rows = (lotsBySymbol.get(symbol) ?? []).filter((l) => lotType(l) === 'split' && l.date !== null);
    if (rows.length === 0) {
      splitsBySymbol.set(symbol, yahoo);
      continue;
    }
    for (const r of rows) {
      const y = yahoo.find((x) => x.date === r.date);
      notes.push(
        `${symbol} line ${r.source.line}: split ${textNumber(r.shares)}:1 on ${r.date ?? ''} from the file` +
          (y === undefined ? ' (Yahoo has none on that date)' : ` replaces Yahoo's ${textNumber(y.ratio)}:1`),
      );
    }
    splitsBySymbol.set(
      symbol,
      mergeSplits(
        yahoo,
        rows.map((l) => ({ date: l.date as IsoDate, ratio: l.shares })),
      ),
    );
  }
  // Symbols with no shares left at asOf (sold out), and symbols never bought (only dividend or split
  // rows): neither is an open holding.
  const closedSymbols = new Set<string>();
  const neverBought = new Set<string>();
  for (const symbol of symbols) {
    const splits = splitsBySymbol.get(symbol) ?? [];
    let bought = 0;
    let sold = 0;
    let sells = 0;
    for (const l of lotsBySymbol.get(symbol) ?? []) {
      const t = lotType(l);
      if (t === 'buy') bought += l.shares * splitAdjustment(l.date, splits).factor;
      else if (t === 'sell') {
        sold += l.shares * splitAdjustment(l.date, splits).factor;
        sells++;
      }
    }
    if (bought === 0) neverBought.add(symbol);
    else if (sells > 0 && sold >= bought * (1 - 1e-9)) closedSymbols.add(symbol);
  }
  const isOpen = (symbol: string): boolean => !closedSymbols.has(symbol) && !neverBought.has(symbol);

  // --- asOf: the last trading date of the portfolio's symbols (on or before --as-of).
  const portfolioDates = unionCalendar(symbols.filter((s) => !unknown.has(s)).map(tradingDates));
  const benchmarkDates = input.benchmarks.map(tradingDates);
  const lastTrading = portfolioDates[portfolioDates.length - 1] ?? null;
  let asOf: IsoDate;
  const fromPortfolio =
    input.asOf === undefined
      ? lastTrading
      : (portfolioDates[lastIndexOnOrBefore(portfolioDates, input.asOf)] ?? null);
  if (fromPortfolio !== null) asOf = fromPortfolio;
  else {
    // No holding history: fall back to the benchmarks, then the quotes' date, then the run's date.
    const bDates = unionCalendar(benchmarkDates, input.asOf);
    const quoteTimes = symbols.map((s) => input.quotes.get(s)?.marketTime ?? 0);
    asOf =
      bDates[bDates.length - 1] ??
      input.asOf ??
      isoDateOfEpochMs(
        quoteTimes.some((t) => t > 0) ? quoteTimes.reduce((a, b) => Math.max(a, b), 0) : input.generatedAt,
      );
  }
  const past = input.asOf !== undefined && lastTrading !== null && asOf < lastTrading;
  // portfolioDates is already the union of the holdings' dates: reuse it rather than redo that union.
  const calendar = unionCalendar([portfolioDates, ...benchmarkDates], asOf);
  const asOfIndex = calendar.length - 1;
  const prevDate = calendar[lastIndexOnOrBefore(calendar, asOf) - 1] ?? null;
  const fx = new FxTable(base, lookups, input.quotes);

  // --- Holdings: prices, lots, costs, today's values.
  const states: HoldingState[] = symbols.map((symbol) => {
    const symbolLots = lotsBySymbol.get(symbol) ?? [];
    const quote = input.quotes.get(symbol);
    const history = histories.get(symbol);
    const lookup = lookups.get(symbol);
    const currency = quote?.currency ?? history?.currency ?? symbolLots[0]?.currency ?? base;
    const st: HoldingState = {
      symbol,
      lots: symbolLots,
      quote,
      history,
      lookup,
      currency,
      inTotals: false,
      price: null,
      previousClose: null,
      fxNow: null,
      source: 'missing',
      fetchedAt: null,
      marketTime: null,
      lotStates: [],
      splitsUnknown: false,
    };
    if (unknown.has(symbol)) {
      warnings.push(`unknown or delisted symbol ${symbol}: excluded from totals`);
    } else if (past || quote === undefined) {
      // Price from the history: --as-of in the past, or no quote.
      st.price = lookup?.closeAt(asOf) ?? null;
      st.previousClose = prevDate === null ? null : (lookup?.closeAt(prevDate) ?? null);
      if (past && history !== undefined) {
        st.source = history.source;
        st.fetchedAt = history.fetchedAt;
      }
      if (!isOpen(symbol)) {
        // A sold-out position needs no price today.
      } else if (st.price === null)
        warnings.push(`no close for ${symbol} on or before ${asOf}: excluded from totals`);
      else if (!past)
        warnings.push(`no quote for ${symbol}: valued at its close of ${lookup?.lastDate ?? asOf}`);
    } else {
      st.price = quote.price;
      st.previousClose = quote.previousClose;
      st.source = quote.source;
      st.fetchedAt = quote.fetchedAt;
      st.marketTime = quote.marketTime;
    }
    if (st.price !== null) {
      const pair = fx.pairFor(currency);
      if (!fx.hasHistory(currency)) {
        warnings.push(`no FX history for ${pair ?? currency}: ${symbol} (${currency}) excluded from totals`);
      } else {
        st.fxNow = past ? fx.rateAt(currency, asOf) : fx.rateNow(currency, asOf);
        if (st.fxNow === null)
          warnings.push(`no ${pair ?? currency} close on or before ${asOf}: ${symbol} excluded from totals`);
        else st.inTotals = true;
      }
    }
    // Without a history Yahoo gives no split events, so a dated lot's shares cannot be brought to
    // today's units (NVDA bought before its 10:1 split would be valued 10x too low or high): such a
    // holding stays out of the totals. Undated lots are taken as today's shares, so those stay in.
    if (
      st.inTotals &&
      lookup === undefined &&
      isOpen(symbol) &&
      symbolLots.some((l) => (lotType(l) === 'buy' || lotType(l) === 'sell') && l.date !== null)
    ) {
      st.inTotals = false;
      st.splitsUnknown = true;
      warnings.push(`${symbol}: no price history: splits since purchase unknown; excluded from totals`);
    } else if (st.inTotals && lookup === undefined && isOpen(symbol)) {
      warnings.push(
        `no price history for ${symbol}: counted in value and day change, not in returns, risk or charts`,
      );
    }
    return st;
  });

  // Lots: split adjustment, cost in base, entry date; then the ledger of sells (issue 8) leaves what
  // is held of each buy, valued today.
  const seriesLotsBySymbol = new Map<string, SeriesLot[]>();
  const flowLots: (FlowLot & { marketValue: number })[] = [];
  const flowLotsBySymbol = new Map<string, FlowLot[]>();
  const flowSales: FlowSale[] = [];
  const flowDividends: { date: IsoDate; amount: number }[] = [];
  const realizedRows: RealizedRow[] = [];
  const realizedBySymbol = new Map<string, RealizedRow>();
  const closedPositions: ClosedPosition[] = [];
  // A buy's cost in base currency without the warnings (those come with the holding's own figures).
  const silentCostInBase = (lot: Lot, costCurrency: string): number | null => {
    if (lot.costPerShare === null || !fx.hasHistory(costCurrency)) return null;
    const rate =
      lot.date === null
        ? past
          ? fx.rateAt(costCurrency, asOf)
          : fx.rateNow(costCurrency, asOf)
        : fx.rateAt(costCurrency, lot.date);
    return rate === null ? null : withFee(lot.costPerShare * lot.shares, lot.fee) * rate;
  };
  const fileDividendSymbols = new Set(
    input.lots.filter((l) => lotType(l) === 'dividend').map((l) => l.symbol),
  );
  for (const st of states) {
    const splits = splitsBySymbol.get(st.symbol) ?? [];
    const pair = fx.pairFor(st.currency);
    // Base-currency value of one share on every calendar date, once per symbol (close x fx x unit
    // factor); every lot of the symbol shares it.
    const unitValues: (number | null)[] =
      st.lookup?.onCalendar(calendar, false, fx.ratesOn(st.currency, calendar)) ??
      new Array<number | null>(calendar.length).fill(null);
    // One day, one value: at asOf a share is worth what the holding's value above uses (today: the
    // quote price and the FX quote; --as-of: that date's closes), not the last closes, so the
    // series, TWR, returns, drawdown, risk and comparisons end at summary.marketValue.
    if (st.inTotals && st.price !== null && st.fxNow !== null && asOfIndex >= 0)
      unitValues[asOfIndex] = st.price * st.fxNow;
    const buys = st.lots.filter((l) => lotType(l) === 'buy');
    const buyStates: BuyState[] = [];
    for (const lot of buys) {
      const where = `${st.symbol} line ${lot.source.line}`;
      const adj = splitAdjustment(lot.date, splits);
      const shares = lot.shares * adj.factor;
      const costCurrency = lot.currency ?? st.currency;
      const costPerShare = lot.costPerShare === null ? null : lot.costPerShare / adj.factor;
      // Each note starts from the units after the earlier splits (10 -> 70, then 70 -> 280).
      let before = 1;
      for (const s of adj.applied) {
        const after = before * s.ratio;
        notes.push(
          `${where}: split ${textNumber(s.ratio)}:1 on ${s.date} after the purchase on ${lot.date ?? ''}: shares ${textNumber(lot.shares * before)} -> ${textNumber(lot.shares * after)}` +
            (lot.costPerShare === null
              ? ''
              : `, cost per share ${textNumber(lot.costPerShare / before)} -> ${textNumber(lot.costPerShare / after)}`) +
            ' (total cost unchanged)',
        );
        before = after;
      }
      let costInBase: number | null = null;
      if (lot.costPerShare !== null && st.inTotals) {
        if (!fx.hasHistory(costCurrency)) {
          warnings.push(
            `no FX history for ${fx.pairFor(costCurrency) ?? costCurrency}: cost of ${where} in ${costCurrency} unknown`,
          );
        } else {
          const rate =
            lot.date === null
              ? past
                ? fx.rateAt(costCurrency, asOf)
                : fx.rateNow(costCurrency, asOf)
              : (fx.rateAt(costCurrency, lot.date) ?? null);
          if (rate === null) {
            warnings.push(
              `no ${fx.pairFor(costCurrency) ?? costCurrency} close on or before ${lot.date ?? asOf}: cost of ${where} unknown`,
            );
          } else costInBase = withFee(lot.costPerShare * lot.shares, lot.fee) * rate;
        }
      }
      let entry = -1;
      if (st.inTotals) {
        if (lot.date === null)
          warnings.push(
            `${where}: no purchase date: counted in value, weights and day change, not in returns, XIRR, risk, charts or same cash flows`,
          );
        if (lot.costPerShare === null)
          warnings.push(
            `${where}: no cost: counted in value, weights and day change, not in cost basis, returns, XIRR, risk, charts or same cash flows`,
          );
        if (lot.date !== null && costInBase !== null && st.lookup !== undefined) {
          const lookup = st.lookup;
          const lotDate = lot.date;
          entry = entryIndex(calendar, lotDate, (_d, t) => (unitValues[t] ?? null) !== null);
          const entryDate = calendar[entry];
          if (entryDate === undefined) {
            warnings.push(
              `${where}: no trading date with prices on or after ${lotDate} up to ${asOf}: not in returns, XIRR, risk, charts or same cash flows`,
            );
          } else if (entryDate !== lotDate) {
            const firstData = [
              lookup.firstDate,
              pair === null ? null : (lookups.get(pair)?.firstDate ?? null),
            ]
              .filter((d): d is IsoDate => d !== null)
              .sort()
              .pop();
            if (firstData !== undefined && firstData > lotDate) {
              warnings.push(
                `${where}: price history starts ${firstData}, after the purchase on ${lotDate}: the lot enters on ${entryDate}`,
              );
            } else
              notes.push(
                `${where}: dated ${lotDate}, not a trading date: enters on the next trading date ${entryDate}`,
              );
          }
        }
      }
      // The ledger needs costs of positions out of the totals too (a sold-out, delisted symbol).
      const ledgerCost = st.inTotals ? costInBase : silentCostInBase(lot, costCurrency);
      buyStates.push({
        lot,
        factor: adj.factor,
        shares,
        costCurrency,
        costPerShare,
        costInBase,
        ledgerCost,
        entry,
      });
    }

    const tx = applyTransactions(st, buyStates, splits, costMethod, calendar, asOfIndex, fx, warnings);
    const seriesExits = new Map<number, { index: number; shares: number; cash: number }[]>();
    const exitsOf = (k: number): { index: number; shares: number; cash: number }[] => {
      let list = seriesExits.get(k);
      if (list === undefined) seriesExits.set(k, (list = []));
      return list;
    };
    const inSeries = (b: BuyState): boolean => b.entry >= 0 && b.costInBase !== null && b.lot.date !== null;
    // Sales: the shares leave the lots they come from; their proceeds count in O_t and XIRR only for
    // the part that came from lots in the history figures.
    for (const sale of tx.sales) {
      let cash = 0;
      let any = false;
      for (const d of sale.disposals) {
        const b = buyStates[d.buyKey];
        if (b === undefined || !inSeries(b)) continue;
        const part = sale.proceeds === null ? 0 : (sale.proceeds * d.shares) / sale.sharesToday;
        exitsOf(d.buyKey).push({ index: sale.index, shares: d.shares, cash: part });
        cash += part;
        any = true;
      }
      if (any && sale.row.date !== null)
        flowSales.push({ date: sale.row.date, index: sale.index, amount: cash });
    }
    // Dividends from the file: cash shared among the lots held on the day, by shares.
    for (const dv of tx.fileDividends) {
      if (dv.amount === null) continue;
      let weights = buyStates.map((b, k) => heldOn(b, k, dv.date, tx.sales, false));
      if (!weights.some((w) => w > 0))
        weights = buyStates.map((b) => (b.lot.date === null || b.lot.date <= dv.date ? b.shares : 0));
      const total = weights.reduce((a, w) => a + w, 0);
      if (!(total > 0)) continue;
      let cash = 0;
      buyStates.forEach((b, k) => {
        const w = weights[k] ?? 0;
        if (w > 0 && inSeries(b)) {
          const part = (dv.amount as number) * (w / total);
          exitsOf(k).push({ index: dv.index, shares: 0, cash: part });
          cash += part;
        }
      });
      if (cash !== 0) flowDividends.push({ date: dv.date, amount: cash });
    }

    buyStates.forEach((b, k) => {
      const rem = tx.remaining.get(k) ?? { shares: b.shares, cost: b.ledgerCost };
      const marketValue =
        st.inTotals && st.price !== null && st.fxNow !== null ? rem.shares * st.price * st.fxNow : 0;
      const costInBase = st.inTotals ? rem.cost : null;
      if (rem.shares > 0) {
        st.lotStates.push({
          lot: b.lot,
          factor: b.factor,
          shares: rem.shares,
          costCurrency: b.costCurrency,
          costPerShare: b.costPerShare,
          costInBase,
          marketValue,
          entryIndex: b.entry,
        });
      }
      if (inSeries(b) && b.costInBase !== null && b.lot.date !== null) {
        const exits = seriesExits.get(k);
        const sl: SeriesLot =
          exits === undefined
            ? { entryIndex: b.entry, shares: b.shares, costInBase: b.costInBase, unitValues }
            : { entryIndex: b.entry, shares: b.shares, costInBase: b.costInBase, unitValues, exits };
        const list = seriesLotsBySymbol.get(st.symbol) ?? [];
        list.push(sl);
        seriesLotsBySymbol.set(st.symbol, list);
        const fl: FlowLot = { date: b.lot.date, entryIndex: b.entry, costInBase: b.costInBase };
        flowLots.push({ ...fl, marketValue });
        const fls = flowLotsBySymbol.get(st.symbol) ?? [];
        fls.push(fl);
        flowLotsBySymbol.set(st.symbol, fls);
      }
    });

    // Realized gains and income of the symbol.
    const dividends: DividendRow[] = tx.fileDividends.map((d) => ({
      date: d.date,
      line: d.row.source.line,
      amount: d.amount,
      estimated: false,
    }));
    if (!fileDividendSymbols.has(st.symbol))
      dividends.push(...estimatedDividends(st, buyStates, tx.sales, asOf, fx));
    if (tx.sales.length > 0 || dividends.length > 0) {
      const row = realizedRow(st, tx.sales, dividends, quoteName(st));
      realizedRows.push(row);
      realizedBySymbol.set(st.symbol, row);
    }
    if (closedSymbols.has(st.symbol)) {
      const row = realizedBySymbol.get(st.symbol);
      const dated = buys.map((l) => l.date).filter((d): d is IsoDate => d !== null);
      closedPositions.push({
        symbol: st.symbol,
        name: quoteName(st),
        firstBought: dated.length === 0 ? null : dated.reduce((a, b) => (a < b ? a : b)),
        closedOn: tx.sales.reduce<IsoDate | null>(
          (a, x) => (a === null || (x.row.date ?? '') > a ? x.row.date : a),
          null,
        ),
        realizedGain: row?.gain ?? 0,
        income: row?.income ?? 0,
        incomeEstimated: row?.incomeEstimated ?? false,
      });
    }
    if (
      st.inTotals &&
      buys.some((l) => l.costPerShare !== null) &&
      st.lotStates.some((l) => l.costInBase === null)
    ) {
      warnings.push(
        `${st.symbol}: some lots have no cost: its cost basis and unrealized gain are left empty`,
      );
    }
  }

  // --- Totals.
  // Sold-out positions (value 0, no cost left) stay out of the totals and the holdings table.
  const inTotals = states.filter((s) => s.inTotals && isOpen(s.symbol));
  const holdingValue = (s: HoldingState): number => neumaierSum(s.lotStates.map((l) => l.marketValue));
  const holdingCost = (s: HoldingState): number | null =>
    s.lotStates.some((l) => l.costInBase === null)
      ? null
      : neumaierSum(s.lotStates.map((l) => l.costInBase ?? 0));
  const marketValue = neumaierSum(inTotals.map(holdingValue));
  const costs = inTotals.map(holdingCost);
  const costBasis = costs.some((c) => c === null) ? null : neumaierSum(costs.map((c) => c ?? 0));
  const unrealizedGain = costBasis === null ? null : marketValue - costBasis;
  const heldShares = (s: HoldingState): number => neumaierSum(s.lotStates.map((l) => l.shares));
  const withPrev = inTotals.filter((s) => s.previousClose !== null && s.price !== null);
  for (const s of inTotals)
    if (!withPrev.includes(s)) warnings.push(`no previous close for ${s.symbol}: left out of day change`);
  const dayChange =
    withPrev.length === 0
      ? null
      : neumaierSum(
          withPrev.map((s) => heldShares(s) * ((s.price ?? 0) - (s.previousClose ?? 0)) * (s.fxNow ?? 0)),
        );
  const dayBase = neumaierSum(withPrev.map((s) => heldShares(s) * (s.previousClose ?? 0) * (s.fxNow ?? 0)));

  // --- Portfolio series on the calendar.
  const allSeriesLots = [...seriesLotsBySymbol.values()].flat();
  const { values, flows, outflows } = portfolioValues(calendar.length, allSeriesLots);
  const returns = dailyReturns(values, flows, outflows);
  const index = chainIndex(returns);
  const firstHeld =
    allSeriesLots.length === 0 ? -1 : allSeriesLots.reduce((m, l) => Math.min(m, l.entryIndex), Infinity);
  // Levels exist from the trading date before the first held date (index 1 there).
  const levels: (number | null)[] = index.map((v, t) =>
    firstHeld >= 0 && t >= firstHeld - 1 ? (t < firstHeld ? 1 : v) : null,
  );
  const inception = firstHeld >= 0 && asOfIndex >= 0 ? (index[asOfIndex] as number) - 1 : null;
  const periodReturns =
    firstHeld < 0 ? nullReturns() : periodReturnsFromLevels(calendar, levels, asOfIndex, inception);

  // Risk window.
  let startIndex = -1; // period.start's calendar index (-1: none before the first held date)
  let windowFrom = -1; // first counted return
  if (firstHeld >= 0) {
    const b = input.period === 'max' ? null : baseDate(calendar, asOf, input.period);
    const bIndex = b === null ? -1 : lastIndexOnOrBefore(calendar, b);
    if (b === null || bIndex <= firstHeld - 1) {
      startIndex = firstHeld - 1;
      windowFrom = firstHeld;
    } else {
      startIndex = bIndex;
      windowFrom = bIndex + 1;
    }
  }
  const windowDates = windowFrom < 0 ? [] : calendar.slice(windowFrom, asOfIndex + 1);
  const windowReturns = windowFrom < 0 ? [] : returns.slice(windowFrom, asOfIndex + 1).map((r) => r ?? 0);
  const startLevel = startIndex >= 0 ? (index[startIndex] as number) : 1;
  const periodStart = startIndex >= 0 ? (calendar[startIndex] as IsoDate) : null;
  // Chart points: period.start (level 1) then each counted day.
  const chartFrom = startIndex >= 0 ? startIndex : windowFrom;
  const chartDates = windowFrom < 0 ? [] : calendar.slice(chartFrom, asOfIndex + 1);
  const chartIndex = windowFrom < 0 ? [] : index.slice(chartFrom, asOfIndex + 1).map((v) => v / startLevel);
  const twrValue = windowFrom < 0 ? null : (chartIndex[chartIndex.length - 1] ?? 1) - 1;
  const dd = maxDrawdown(chartDates, chartIndex);
  const bw = bestWorstDay(windowDates, windowReturns);

  // --- XIRR of the dated, costed lots.
  const eligibleValue = neumaierSum(flowLots.map((l) => l.marketValue));
  let portfolioXirr: number | null = null;
  if (flowLots.length > 0) {
    const x = xirr([
      ...flowLots.map((l) => ({ date: l.date, amount: -l.costInBase })),
      ...flowSales.map((f) => ({ date: f.date, amount: f.amount })),
      ...flowDividends,
      { date: asOf, amount: eligibleValue },
    ]);
    portfolioXirr = x.rate;
    if (x.rate === null) warnings.push(`XIRR not available: ${x.reason}`);
  }

  // --- Benchmarks.
  const benchmarkLevels = new Map<string, (number | null)[]>();
  const benchmarkRows: BenchmarkRow[] = input.benchmarks.map((symbol) => {
    const lookup = lookups.get(symbol);
    const name = input.quotes.get(symbol)?.name ?? null;
    const currency = histories.get(symbol)?.currency ?? input.quotes.get(symbol)?.currency ?? base;
    if (lookup === undefined) {
      warnings.push(`no price history for benchmark ${symbol}: no comparison`);
      return { symbol, name, periodReturns: nullReturns(), sameCashFlows: null };
    }
    if (!fx.hasHistory(currency)) {
      warnings.push(
        `no FX history for ${fx.pairFor(currency) ?? currency}: benchmark ${symbol} not compared`,
      );
      return { symbol, name, periodReturns: nullReturns(), sameCashFlows: null };
    }
    const lv = lookup.onCalendar(calendar, true, fx.ratesOn(currency, calendar));
    benchmarkLevels.set(symbol, lv);
    const beforeFirst = firstHeld >= 1 ? (lv[firstHeld - 1] ?? null) : null;
    const end = lv[asOfIndex] ?? null;
    const inc = beforeFirst === null || end === null || !(beforeFirst > 0) ? null : end / beforeFirst - 1;
    const pr = periodReturnsFromLevels(calendar, lv, asOfIndex, inc);
    let scf = null;
    if (flowLots.length > 0) {
      const r = sameCashFlows(
        flowLots,
        lv,
        calendar,
        asOfIndex,
        {
          value: eligibleValue,
          xirr: portfolioXirr,
        },
        flowSales,
      );
      if (r.ok) {
        scf = r.value;
        if (r.xirrReason !== null)
          warnings.push(`benchmark ${symbol}: XIRR of the same cash flows not available: ${r.xirrReason}`);
      } else warnings.push(`benchmark ${symbol}: no same-cash-flows comparison: ${r.reason}`);
    }
    return { symbol, name, periodReturns: pr, sameCashFlows: scf };
  });

  // Beta and correlation against the first benchmark on the same calendar.
  let beta: number | null = null;
  let correlation: number | null = null;
  const firstBenchmark = input.benchmarks[0];
  const firstLevels = firstBenchmark === undefined ? undefined : benchmarkLevels.get(firstBenchmark);
  if (firstLevels !== undefined && windowFrom >= 0) {
    const br = levelReturns(firstLevels);
    const rs: number[] = [];
    const bs: number[] = [];
    for (let t = windowFrom; t <= asOfIndex; t++) {
      const b = br[t] ?? null;
      const r = returns[t] ?? null;
      if (b !== null && r !== null) {
        rs.push(r);
        bs.push(b);
      }
    }
    ({ beta, correlation } = betaCorrelation(rs, bs));
  }

  // --- Holding rows.
  const holdings: HoldingRow[] = states
    .filter((st) => isOpen(st.symbol))
    .map((st) => {
      const mv = st.inTotals ? holdingValue(st) : 0;
      const cost = st.inTotals ? holdingCost(st) : null;
      const lotsRows: LotRow[] = st.lotStates.map((l) => {
        const lotCost = st.inTotals ? l.costInBase : null;
        return {
          line: l.lot.source.line,
          date: l.lot.date,
          account: l.lot.account,
          shares: l.shares,
          splitFactor: l.factor,
          costPerShare: l.costPerShare,
          costCurrency: l.costCurrency,
          costBasis: lotCost,
          marketValue: l.marketValue,
          unrealizedGain: lotCost === null ? null : l.marketValue - lotCost,
          unrealizedGainPct: lotCost === null ? null : pct(l.marketValue - lotCost, lotCost),
        };
      });
      return {
        symbol: st.symbol,
        name: st.quote?.name ?? st.lots.find((l) => l.name !== null)?.name ?? null,
        currency: st.currency,
        shares: heldShares(st),
        price: st.price,
        dayChangePct:
          st.price === null || st.previousClose === null
            ? null
            : pct(st.price - st.previousClose, st.previousClose),
        marketValue: mv,
        weight: st.inTotals && marketValue > 0 ? mv / marketValue : 0,
        costBasis: cost,
        unrealizedGain: cost === null ? null : mv - cost,
        unrealizedGainPct: cost === null ? null : pct(mv - cost, cost),
        vsBenchmark: holdingVsBenchmark(
          seriesLotsBySymbol.get(st.symbol) ?? [],
          calendar.length,
          asOfIndex,
          firstLevels,
        ),
        source: st.source,
        fetchedAt: st.fetchedAt,
        lots: lotsRows,
        income: realizedBySymbol.get(st.symbol)?.income ?? 0,
        incomeEstimated: realizedBySymbol.get(st.symbol)?.incomeEstimated ?? false,
      };
    });

  // --- Series for charts.
  const rebased: Record<string, number[]> = {};
  for (const [symbol, lv] of benchmarkLevels) {
    const baseLevel = chartFrom >= 0 ? (lv[chartFrom] ?? null) : null;
    if (chartDates.length === 0) continue;
    if (baseLevel === null || !(baseLevel > 0)) {
      warnings.push(`benchmark ${symbol}: no close on ${calendar[chartFrom] ?? asOf}: left out of the chart`);
      continue;
    }
    rebased[symbol] = lv.slice(chartFrom, asOfIndex + 1).map((v) => (100 * (v ?? baseLevel)) / baseLevel);
  }
  const series: Series = {
    dates: chartDates,
    value: windowFrom < 0 ? [] : values.slice(chartFrom, asOfIndex + 1),
    index: chartIndex,
    drawdown: drawdownSeries(chartIndex),
    benchmarks: rebased,
    portfolioRebased: chartIndex.map((v) => 100 * v),
  };

  // --- Freshness.
  const prices: PriceFreshness = {
    marketTime: null,
    timezone: null,
    live: 0,
    cache: 0,
    stale: 0,
    missing: 0,
  };
  for (const st of states) {
    prices[st.source] += 1;
    if (
      st.marketTime !== null &&
      st.quote !== undefined &&
      (prices.marketTime === null || st.marketTime > prices.marketTime)
    ) {
      prices.marketTime = st.marketTime;
      prices.timezone = st.quote.exchangeTimezone;
    }
  }

  const summary: Summary = {
    marketValue,
    costBasis,
    unrealizedGain,
    unrealizedGainPct: pct(unrealizedGain, costBasis),
    dayChange,
    dayChangePct: pct(dayChange, dayBase),
    xirr: portfolioXirr,
    twr: twrValue,
    twrAnnualized: twrValue === null || periodStart === null ? null : annualize(twrValue, periodStart, asOf),
    volatility: volatility(windowReturns),
    sharpe: sharpe(windowReturns, input.riskFreeRate),
    sortino: sortino(windowReturns, input.riskFreeRate),
    maxDrawdown: dd?.maxDrawdown ?? null,
    maxDrawdownPeak: dd?.peak ?? null,
    maxDrawdownTrough: dd?.trough ?? null,
    maxDrawdownRecovery: dd?.recovery ?? null,
    beta,
    correlation,
    bestDay: bw.best,
    worstDay: bw.worst,
    period: { key: input.period, start: periodStart, end: asOf },
    periodReturns,
    holdingsCount: holdings.length,
    realizedGain: sumOrNull(realizedRows.map((r) => r.gain)),
    income: sumOrNull(realizedRows.map((r) => r.income)),
    // A holding left out for unknown splits has no usable price either, whatever its quote's source.
    stalePrices:
      prices.stale +
      prices.missing +
      states.filter((st) => st.splitsUnknown && st.source !== 'stale' && st.source !== 'missing').length,
    prices,
  };

  return {
    schemaVersion: 1,
    asOf,
    generatedAt: new Date(input.generatedAt).toISOString(),
    baseCurrency: base,
    conventions: [...CONVENTIONS],
    summary,
    holdings,
    benchmarks: benchmarkRows,
    series,
    notes,
    warnings,
    realized: realizedRows,
    closedPositions,
  };
}

function nullReturns(): PeriodReturns {
  const out = {} as PeriodReturns;
  for (const k of PERIOD_RETURN_KEYS) out[k] = null;
  return out;
}

/** Holding TWR (base currency, closes) since its first entry minus the benchmark's return from the date before. */
export function holdingVsBenchmark(
  lots: readonly SeriesLot[],
  length: number,
  asOfIndex: number,
  benchmarkLevels: readonly (number | null)[] | undefined,
): number | null {
  if (lots.length === 0 || benchmarkLevels === undefined || asOfIndex < 0) return null;
  const first = lots.reduce((m, l) => Math.min(m, l.entryIndex), Infinity);
  if (first < 1) return null;
  const from = benchmarkLevels[first - 1] ?? null;
  const to = benchmarkLevels[asOfIndex] ?? null;
  if (from === null || to === null || !(from > 0)) return null;
  return chainedIndexAt(length, lots, asOfIndex) - 1 - (to / from - 1);
}

// ---- Transactions (issue 8)

interface BuyState {
  lot: Lot;
  factor: number;
  /** Shares bought, in today's units (after every split). */
  shares: number;
  costCurrency: string;
  costPerShare: number | null;
  /** Cost in base incl. fee, as the holding's figures use it (null out of the totals). */
  costInBase: number | null;
  /** The same cost for the ledger, also for positions out of the totals. */
  ledgerCost: number | null;
  entry: number;
}

interface SaleState {
  row: Lot;
  date: IsoDate;
  /** Calendar index the proceeds leave on (end of that day). */
  index: number;
  sharesToday: number;
  currency: string;
  fee: number | null;
  proceeds: number | null;
  costBasis: number | null;
  disposals: { buyKey: number; shares: number }[];
}

interface DividendState {
  row: Lot;
  date: IsoDate;
  index: number;
  /** Cash net of fee, in base. */
  amount: number | null;
}

/** A buy's cost plus its fee (the product alone when there is no fee, exactly as before issue 8). */
function withFee(cost: number, fee: number | null | undefined): number {
  return fee === undefined || fee === null || fee === 0 ? cost : cost + fee;
}

function quoteName(st: HoldingState): string | null {
  return st.quote?.name ?? st.lots.find((l) => l.name !== null)?.name ?? null;
}

function calendarIndexOf(calendar: readonly IsoDate[], date: IsoDate, asOfIndex: number): number {
  const i = firstIndexOnOrAfter(calendar, date);
  return i < 0 ? asOfIndex : i;
}

/** Runs the symbol's sells against its buys; an oversell is an InputError naming the sell's line. */
function applyTransactions(
  st: HoldingState,
  buyStates: readonly BuyState[],
  splits: readonly SplitEvent[],
  method: 'fifo' | 'average',
  calendar: readonly IsoDate[],
  asOfIndex: number,
  fx: FxTable,
  warnings: string[],
): {
  sales: SaleState[];
  fileDividends: DividendState[];
  remaining: Map<number, { shares: number; cost: number | null }>;
} {
  const sells = st.lots.filter((l) => lotType(l) === 'sell' && l.date !== null);
  const sales: SaleState[] = sells.map((row) => {
    const date = row.date as IsoDate;
    const currency = row.currency ?? st.currency;
    const rate = fx.hasHistory(currency) ? fx.rateAt(currency, date) : null;
    const fee = row.fee ?? 0;
    const gross = (row.costPerShare ?? 0) * row.shares;
    if (rate === null)
      warnings.push(
        `${st.symbol} line ${row.source.line}: no ${fx.pairFor(currency) ?? currency} close on or before ${date}: proceeds and realized gain unknown`,
      );
    return {
      row,
      date,
      index: calendarIndexOf(calendar, date, asOfIndex),
      sharesToday: row.shares * splitAdjustment(date, splits).factor,
      currency,
      fee: rate === null ? null : fee * rate,
      proceeds: rate === null ? null : (fee === 0 ? gross : gross - fee) * rate,
      costBasis: null,
      disposals: [],
    };
  });
  const saleOf = new Map(sells.map((row, k) => [row, k]));
  const buyOf = new Map(buyStates.map((b, k) => [b.lot, k]));
  const events: (LedgerBuy | LedgerSell)[] = inDateOrder(
    st.lots.filter((l) => buyOf.has(l) || saleOf.has(l)),
  ).map((l) => {
    const b = buyOf.get(l);
    if (b !== undefined) {
      const bs = buyStates[b] as BuyState;
      return { kind: 'buy', key: b, shares: bs.shares, cost: bs.ledgerCost };
    }
    const k = saleOf.get(l) as number;
    return { kind: 'sell', key: k, shares: (sales[k] as SaleState).sharesToday };
  });
  const ledger = runLedger(events, method);
  if (ledger.oversold !== null) {
    const sale = sales[ledger.oversold.key] as SaleState;
    const factor = sale.sharesToday / sale.row.shares;
    const held = Number((ledger.oversold.held / factor).toPrecision(10));
    throw new InputError([
      {
        file: sale.row.source.file,
        line: sale.row.source.line,
        field: 'shares',
        value: String(sale.row.shares),
        reason: `sells ${sale.row.shares} ${st.symbol} on ${sale.date} but ${held === 0 ? 'none are' : `only ${held} are`} held on that date (after splits)`,
      },
    ]);
  }
  for (const [k, r] of ledger.sells) {
    const sale = sales[k] as SaleState;
    sale.costBasis = r.costBasis;
    sale.disposals = r.disposals;
    if (r.costBasis === null && sale.proceeds !== null)
      warnings.push(
        `${st.symbol} line ${sale.row.source.line}: realized gain unknown: shares sold come from a lot without a known cost`,
      );
  }
  const fileDividends: DividendState[] = st.lots
    .filter((l) => lotType(l) === 'dividend' && l.date !== null)
    .map((row) => {
      const date = row.date as IsoDate;
      const currency = row.currency ?? st.currency;
      const rate = fx.hasHistory(currency) ? fx.rateAt(currency, date) : null;
      if (rate === null)
        warnings.push(
          `${st.symbol} line ${row.source.line}: no ${fx.pairFor(currency) ?? currency} close on or before ${date}: dividend unknown`,
        );
      const cash = row.amount ?? 0;
      const fee = row.fee ?? 0;
      return {
        row,
        date,
        index: calendarIndexOf(calendar, date, asOfIndex),
        amount: rate === null ? null : (fee === 0 ? cash : cash - fee) * rate,
      };
    });
  return { sales, fileDividends, remaining: ledger.remaining };
}

/**
 * Shares (today's units) of buy `k` held at the start of `date`: bought before it (undated buys count
 * as held from the start unless `datedOnly`), less what sales before that date took from it.
 */
function heldOn(
  b: BuyState,
  k: number,
  date: IsoDate,
  sales: readonly SaleState[],
  datedOnly: boolean,
): number {
  if (b.lot.date === null ? datedOnly : b.lot.date >= date) return 0;
  let held = b.shares;
  for (const d of disposalsOf(sales).get(k) ?? []) if (d.date < date) held -= d.shares;
  return held > 0 ? held : 0;
}

// Disposals by buy, computed once per list of sales (heldOn runs for every lot x dividend date).
const disposalCache = new WeakMap<readonly SaleState[], Map<number, { date: IsoDate; shares: number }[]>>();
function disposalsOf(sales: readonly SaleState[]): Map<number, { date: IsoDate; shares: number }[]> {
  let byBuy = disposalCache.get(sales);
  if (byBuy === undefined) {
    byBuy = new Map();
    for (const sale of sales)
      for (const d of sale.disposals) {
        const list = byBuy.get(d.buyKey) ?? [];
        list.push({ date: sale.date, shares: d.shares });
        byBuy.set(d.buyKey, list);
      }
    disposalCache.set(sales, byBuy);
  }
  return byBuy;
}

/** Yahoo's dividend events up to asOf x the shares of dated lots held at the start of each ex-date. */
function estimatedDividends(
  st: HoldingState,
  buyStates: readonly BuyState[],
  sales: readonly SaleState[],
  asOf: IsoDate,
  fx: FxTable,
): DividendRow[] {
  const out: DividendRow[] = [];
  for (const ev of st.history?.dividends ?? []) {
    if (ev.date > asOf || !(ev.amount > 0)) continue;
    const shares = neumaierSum(buyStates.map((b, k) => heldOn(b, k, ev.date, sales, true)));
    if (!(shares > 0)) continue;
    const rate = fx.hasHistory(st.currency) ? fx.rateAt(st.currency, ev.date) : null;
    out.push({
      date: ev.date,
      line: null,
      amount: rate === null ? null : ev.amount * shares * rate,
      estimated: true,
    });
  }
  return out;
}

/** Sum, or null when any term is null. */
function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : neumaierSum(values as number[]);
}

function realizedRow(
  st: HoldingState,
  saleStates: readonly SaleState[],
  dividends: readonly DividendRow[],
  name: string | null,
): RealizedRow {
  const sales: RealizedSale[] = inDateOrder(saleStates.map((x) => ({ ...x, date: x.date }))).map((x) => ({
    date: x.date,
    line: x.row.source.line,
    shares: x.row.shares,
    price: x.row.costPerShare ?? 0,
    currency: x.currency,
    fee: x.fee,
    proceeds: x.proceeds,
    costBasis: x.costBasis,
    gain: x.proceeds === null || x.costBasis === null ? null : x.proceeds - x.costBasis,
  }));
  const divs = inDateOrder(dividends);
  const years = [
    ...new Set([...sales.map((x) => x.date), ...divs.map((d) => d.date)].map((d) => Number(d.slice(0, 4)))),
  ].sort((a, b) => a - b);
  const byYear: RealizedYear[] = years.map((year) => {
    const ys = sales.filter((x) => Number(x.date.slice(0, 4)) === year);
    const yd = divs.filter((d) => Number(d.date.slice(0, 4)) === year);
    return {
      year,
      proceeds: sumOrNull(ys.map((x) => x.proceeds)),
      costBasis: sumOrNull(ys.map((x) => x.costBasis)),
      gain: sumOrNull(ys.map((x) => x.gain)),
      income: sumOrNull(yd.map((d) => d.amount)),
    };
  });
  return {
    symbol: st.symbol,
    name,
    currency: st.currency,
    proceeds: sumOrNull(sales.map((x) => x.proceeds)),
    costBasis: sumOrNull(sales.map((x) => x.costBasis)),
    gain: sumOrNull(sales.map((x) => x.gain)),
    income: sumOrNull(divs.map((d) => d.amount)),
    incomeEstimated: divs.length > 0 && divs.every((d) => d.estimated),
    sales,
    dividends: divs,
    byYear,
  };
}
