// The conventions text: how each figure of the report is defined.

/** How sells, dividends, splits and fees count. */
const TRANSACTION_CONVENTIONS: readonly string[] = [
  "Transactions apply in date order (same-day rows in file order; undated buys count as held from the start). A sell gives shares in units of its date (after earlier splits) and its price (cost) or proceeds (total_cost); a fee adds to a buy's cost and is taken from a sale's proceeds or a dividend.",
  "Realized gain of a sale = proceeds net of fee at the FX close of the sale date - cost of the shares sold (each buy at its own date's FX), by --cost-method: fifo takes the oldest shares first; average uses the cost per share of all shares held at the time of the sale (the remaining lots then carry that average). Unrealized gain uses the cost of the shares still held.",
  'Daily return with sales and dividends leaving at the end of the day: r_t = (V_t + O_t) / (V_{t-1} + F_t) - 1, O_t = proceeds and dividends (file rows) of day t. XIRR: buys negative, sales and dividends positive on their dates, plus the value held on asOf. Positions sold out keep counting in the history, XIRR and realized gains; closedPositions lists the symbols with no shares left at asOf.',
  "Income: a symbol's dividend rows in the file when it has any; otherwise an estimate from Yahoo's dividend events x the shares held at the start of the ex-date (dated lots only), marked estimated and left out of returns and XIRR.",
  "A split row (shares = ratio) on a date where Yahoo has a split replaces Yahoo's for that symbol; on another date it is added. Either way it is treated as a Yahoo split: later closes and the shares of earlier lots and sells are adjusted by it.",
  "Same cash flows with sales: each sale sells ETF units worth its proceeds at the ETF's level of that day; when the ETF holds fewer units than that (it fell behind the holding), the sale sells all its remaining units instead and receives their value (units never go below zero). gain = ETF value + the ETF's proceeds - cost; the ETF's XIRR uses its own proceeds.",
];

/** How the allocation and the drift from targets are measured. */
const ALLOCATION_CONVENTIONS: readonly string[] = [
  "Allocation: the value of the holdings with a price, by the file's class (none: unclassified), instrument type (Yahoo's quoteType), the instrument's currency (GBp as GBP), account (each lot's shares in its account) and country of listing (exchange suffix, else the quote's exchange; unknown where the listing does not tell). Weights are over the priced holdings and sum to 1; a group none of whose holdings has a price has a null value and weight.",
  'Targets: drift = weight - target (0.05 = 5 percentage points); its money = drift x the priced value (positive: to sell, negative: to buy); a group the holdings have that the targets do not name has target 0; summary.drift = the largest |drift|.',
];

/** The definitions behind every figure, printed with the report (JSON, markdown) and in the README. */
export const CONVENTIONS: readonly string[] = [
  'Values are in the base currency; a price in currency C converts at the CBASE=X close of the same date (the direct pair, never inverted or crossed); GBp/GBX, ZAc and ILA are 1/100 of GBP, ZAR and ILS.',
  "Calendar: the union of the trading dates of the holdings and benchmarks; a symbol's or FX pair's close carries forward on dates it did not trade.",
  "asOf is the last trading date with a closed bar of a holding (with --as-of D: the last on or before D). An FX pair's bar on a day no holding traded (e.g. January 1) makes no date: it only sets the rate in force on the next one; a crypto holding's bar does (the other holdings carry their last close). Today's value uses the quote price (and the FX quote when present); history figures use closes, except the series' point at asOf, which is valued like the holdings (same prices, same FX), so it equals the market value of the lots in the history figures and the asOf day's return ends at that value; each benchmark's point at asOf is priced the same way (its quote at the FX quote).",
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
  ...ALLOCATION_CONVENTIONS,
];
