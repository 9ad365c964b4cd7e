// buildReport: holdings, prices and histories -> the whole Report. Pure: the clock comes in as
// `generatedAt`, the report date from the data (or `--as-of`).
import type { IsoDate, Lot, PriceHistory, Provenance, Quote } from '../types.js';
import type {
  AnalyticsInput,
  BenchmarkRow,
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
import { chainIndex, portfolioValues } from './series.js';
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
import type { FlowLot } from './benchmarks.js';
import { neumaierSum } from './sum.js';
import { xirr } from './xirr.js';

export const CONVENTIONS: readonly string[] = [
  'Values are in the base currency; a price in currency C converts at the CBASE=X close of the same date (the direct pair, never inverted or crossed); GBp/GBX/ZAc are 1/100 of GBP/ZAR.',
  "Calendar: the union of the trading dates of the holdings and benchmarks; a symbol's or FX pair's close carries forward on dates it did not trade.",
  "asOf is the last trading date with a close for the portfolio's symbols (with --as-of D: the last on or before D). Today's value uses the quote price (and the FX quote when present); history figures use closes.",
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
  'Lots without a date or a cost count in value, weights and day change, but not in TWR, XIRR, risk metrics, charts or same cash flows.',
  'A close more than 50x above or below both neighbouring closes is ignored (the previous close carries forward).',
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

export function buildReport(input: AnalyticsInput): Report {
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
  const tradingDates = (symbol: string): IsoDate[] =>
    input.histories.get(symbol)?.bars.map((b) => b.date) ?? [];

  // --- Lots in scope (with --as-of, lots bought after it are ignored).
  const lots = input.lots.filter((l) => input.asOf === undefined || l.date === null || l.date <= input.asOf);
  const ignored = input.lots.length - lots.length;
  if (ignored > 0) notes.push(`${ignored} lot(s) bought after ${input.asOf ?? ''} ignored (--as-of)`);

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
  const calendar = unionCalendar(
    [...symbols.filter((s) => !unknown.has(s)).map(tradingDates), ...benchmarkDates],
    asOf,
  );
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
    };
    if (unknown.has(symbol)) {
      warnings.push(`unknown symbol ${symbol}: excluded from totals`);
    } else if (past || quote === undefined) {
      // Price from the history: --as-of in the past, or no quote.
      st.price = lookup?.closeAt(asOf) ?? null;
      st.previousClose = prevDate === null ? null : (lookup?.closeAt(prevDate) ?? null);
      if (past && history !== undefined) {
        st.source = history.source;
        st.fetchedAt = history.fetchedAt;
      }
      if (st.price === null)
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
    if (st.inTotals && lookup === undefined) {
      warnings.push(
        `no price history for ${symbol}: counted in value and day change, not in returns, risk or charts`,
      );
    }
    return st;
  });

  // Lots: split adjustment, cost in base, today's value, entry date.
  const seriesLotsBySymbol = new Map<string, SeriesLot[]>();
  const flowLots: (FlowLot & { marketValue: number })[] = [];
  const flowLotsBySymbol = new Map<string, FlowLot[]>();
  for (const st of states) {
    const splits = st.history?.splits ?? [];
    const pair = fx.pairFor(st.currency);
    const unitValues: (number | null)[] = calendar.map((d) => {
      const close = st.lookup?.closeAt(d) ?? null;
      const rate = fx.rateAt(st.currency, d);
      return close === null || rate === null ? null : close * rate;
    });
    for (const lot of st.lots) {
      const where = `${st.symbol} line ${lot.source.line}`;
      const adj = splitAdjustment(lot.date, splits);
      const shares = lot.shares * adj.factor;
      const costCurrency = lot.currency ?? st.currency;
      const costPerShare = lot.costPerShare === null ? null : lot.costPerShare / adj.factor;
      for (const s of adj.applied) {
        notes.push(
          `${where}: split ${s.ratio}:1 on ${s.date} after the purchase on ${lot.date ?? ''}: shares ${lot.shares} -> ${lot.shares * s.ratio}` +
            (lot.costPerShare === null
              ? ''
              : `, cost per share ${lot.costPerShare} -> ${lot.costPerShare / s.ratio}`) +
            ' (total cost unchanged)',
        );
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
          } else costInBase = lot.costPerShare * lot.shares * rate;
        }
      }
      const marketValue =
        st.inTotals && st.price !== null && st.fxNow !== null ? shares * st.price * st.fxNow : 0;
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
          entry = entryIndex(
            calendar,
            lotDate,
            (d) => lookup.closeAt(d) !== null && fx.rateAt(st.currency, d) !== null,
          );
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
      st.lotStates.push({
        lot,
        factor: adj.factor,
        shares,
        costCurrency,
        costPerShare,
        costInBase,
        marketValue,
        entryIndex: entry,
      });
      if (entry >= 0 && costInBase !== null && lot.date !== null) {
        const sl: SeriesLot = { entryIndex: entry, shares, costInBase, unitValues };
        const list = seriesLotsBySymbol.get(st.symbol) ?? [];
        list.push(sl);
        seriesLotsBySymbol.set(st.symbol, list);
        const fl: FlowLot = { date: lot.date, entryIndex: entry, costInBase };
        flowLots.push({ ...fl, marketValue });
        const fls = flowLotsBySymbol.get(st.symbol) ?? [];
        fls.push(fl);
        flowLotsBySymbol.set(st.symbol, fls);
      }
    }
    if (
      st.inTotals &&
      st.lots.some((l) => l.costPerShare !== null) &&
      st.lotStates.some((l) => l.costInBase === null)
    ) {
      warnings.push(
        `${st.symbol}: some lots have no cost: its cost basis and unrealized gain are left empty`,
      );
    }
  }

  // --- Totals.
  const inTotals = states.filter((s) => s.inTotals);
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
  const { values, flows } = portfolioValues(calendar.length, allSeriesLots);
  const returns = dailyReturns(values, flows);
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
    const lv = calendar.map((d) => {
      const adj = lookup.adjCloseAt(d);
      const rate = fx.rateAt(currency, d);
      return adj === null || rate === null ? null : adj * rate;
    });
    benchmarkLevels.set(symbol, lv);
    const beforeFirst = firstHeld >= 1 ? (lv[firstHeld - 1] ?? null) : null;
    const end = lv[asOfIndex] ?? null;
    const inc = beforeFirst === null || end === null || !(beforeFirst > 0) ? null : end / beforeFirst - 1;
    const pr = periodReturnsFromLevels(calendar, lv, asOfIndex, inc);
    let scf = null;
    if (flowLots.length > 0) {
      const r = sameCashFlows(flowLots, lv, calendar, asOfIndex, {
        value: eligibleValue,
        xirr: portfolioXirr,
      });
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
  const holdings: HoldingRow[] = states.map((st) => {
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
    stalePrices: prices.stale + prices.missing,
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
  const { values, flows } = portfolioValues(length, lots);
  const idx = chainIndex(dailyReturns(values, flows));
  const from = benchmarkLevels[first - 1] ?? null;
  const to = benchmarkLevels[asOfIndex] ?? null;
  if (from === null || to === null || !(from > 0)) return null;
  return (idx[asOfIndex] as number) - 1 - (to / from - 1);
}
