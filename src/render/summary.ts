// The summary's label/value pairs, shared by the terminal table and markdown so both say the same.
import type { Coverage, HoldingsSummary, PriceFreshness, RealizedRow, Report } from '../analytics/model.js';
import {
  formatChangePct,
  formatDate,
  formatMarketTime,
  formatMoney,
  formatMoneyWithCode,
  formatPct,
  formatRatio,
  NA,
} from './format.js';
import { sanitizeText } from './sanitize.js';

export interface SummaryItem {
  label: string;
  /** Plain text (already sanitized). */
  value: string;
  /** Number whose sign colours the value (gains green, losses red); absent for neutral values. */
  sign?: number | null;
}

/** `prices as of 2026-11-27 16:00 New York; 1 live, 2 from chart, 3 from cache, 1 stale`. */
export function formatFreshness(prices: PriceFreshness): string {
  const counts = [
    [prices.live, 'live'],
    [prices.chart, 'from chart'],
    [prices.cache, 'from cache'],
    [prices.stale, 'stale'],
    [prices.missing, 'missing'],
  ] as const;
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const when = formatMarketTime(
    prices.marketTime,
    prices.timezone === null ? null : sanitizeText(prices.timezone),
  );
  return `prices as of ${when}${parts.length > 0 ? `; ${parts.join(', ')}` : ''}`;
}

/** Symbols named per reason before the rest are only counted. */
const MISSING_SHOWN = 8;

/**
 * `13 of 50 holdings, 37 missing (offline: not in the cache: AAPL, MSFT, ...; no FX history for
 * EURUSD=X: SAP.DE)`; null when every holding is priced.
 */
function formatCoverage(coverage: Coverage): string | null {
  if (coverage.missing.length === 0) return null;
  const byReason = new Map<string, string[]>();
  for (const m of coverage.missing) byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), m.symbol]);
  const why = [...byReason]
    .map(([reason, symbols]) => {
      const shown = symbols.slice(0, MISSING_SHOWN).map(sanitizeText).join(', ');
      const more = symbols.length > MISSING_SHOWN ? ` and ${symbols.length - MISSING_SHOWN} more` : '';
      return `${sanitizeText(reason)}: ${shown}${more}`;
    })
    .join('; ');
  return `${coverage.priced} of ${coverage.total} holdings, ${coverage.missing.length} missing (${why})`;
}

function withPct(money: number | null, pct: number | null): string {
  const m = formatMoney(money, { sign: true });
  if (m === NA) return NA;
  const p = formatChangePct(pct);
  return p === NA ? m : `${m} (${p})`;
}

/** Every summary line: the holdings' figures, then the returns and risk. */
export function summaryItems(report: Report): SummaryItem[] {
  return [...holdingsSummaryItems(report), ...performanceItems(report)];
}

/** What the summary's holdings lines read: a report, or its holdings figures alone. */
export type HoldingsSummaryInput = {
  summary: HoldingsSummary;
  baseCurrency: string;
  realized?: RealizedRow[];
};

/**
 * What the holdings give without the benchmarks' histories: value, cost, gains, day change, count,
 * freshness. A terminal prints these first.
 */
export function holdingsSummaryItems(report: HoldingsSummaryInput): SummaryItem[] {
  const s = report.summary;
  const base = sanitizeText(report.baseCurrency);
  // Totals cover the priced holdings only: say so on the line of the value and on the prices line.
  const coverage = formatCoverage(s.coverage);
  const value = formatMoneyWithCode(s.marketValue, base);
  const freshness = formatFreshness(s.prices).replace(/^prices /, '');
  return [
    {
      label: 'Value',
      value: coverage === null ? value : `${value} (${s.coverage.priced} of ${s.coverage.total} holdings)`,
    },
    { label: 'Cost basis', value: formatMoneyWithCode(s.costBasis, base) },
    {
      label: 'Unrealized gain',
      value: withPct(s.unrealizedGain, s.unrealizedGainPct),
      sign: s.unrealizedGain,
    },
    ...transactionItems(report),
    { label: 'Day change', value: withPct(s.dayChange, s.dayChangePct), sign: s.dayChange },
    { label: 'Holdings', value: String(s.holdingsCount) },
    { label: 'Prices', value: coverage === null ? freshness : `${coverage}; ${freshness}` },
  ];
}

/** Money- and time-weighted returns and the risk metrics of the period. */
export function performanceItems(report: Report): SummaryItem[] {
  const s = report.summary;
  const bench = report.benchmarks[0]?.symbol;
  const window = `${formatDate(s.period.start)} to ${formatDate(s.period.end)}`;

  const drawdown = (): string => {
    const dd = formatPct(s.maxDrawdown);
    if (dd === NA) return NA;
    const recovered =
      s.maxDrawdownRecovery === null ? 'not recovered' : `recovered ${formatDate(s.maxDrawdownRecovery)}`;
    return `${dd} (peak ${formatDate(s.maxDrawdownPeak)}, trough ${formatDate(s.maxDrawdownTrough)}, ${recovered})`;
  };
  const day = (d: { date: string; return: number } | null): string =>
    d === null ? NA : `${formatChangePct(d.return)} on ${formatDate(d.date)}`;

  return [
    { label: 'XIRR (money-weighted, annual)', value: formatChangePct(s.xirr), sign: s.xirr },
    {
      label: `TWR (${s.period.key})`,
      value: `${formatChangePct(s.twr)} (${window}), annualized ${formatChangePct(s.twrAnnualized)}`,
      sign: s.twr,
    },
    { label: 'Volatility (annualized)', value: formatPct(s.volatility) },
    { label: 'Sharpe / Sortino', value: `${formatRatio(s.sharpe)} / ${formatRatio(s.sortino)}` },
    { label: 'Max drawdown', value: drawdown(), sign: s.maxDrawdown },
    {
      label: bench === undefined ? 'Beta / correlation' : `Beta / correlation vs ${sanitizeText(bench)}`,
      value: `${formatRatio(s.beta)} / ${formatRatio(s.correlation)}`,
    },
    { label: 'Best / worst day', value: `${day(s.bestDay)} / ${day(s.worstDay)}` },
  ];
}

/**
 * `Realized gain` and `Income`, only for a report with sales or income: a buy-only portfolio's
 * summary has neither. Income says when it is (partly) estimated from Yahoo's
 * dividend events rather than taken from the file's dividend rows.
 */
function transactionItems(report: HoldingsSummaryInput): SummaryItem[] {
  const s = report.summary;
  const realized = report.realized ?? [];
  if (s.realizedGain === undefined && s.income === undefined) return [];
  if (realized.length === 0 && (s.income === undefined || s.income === 0)) return [];
  const base = sanitizeText(report.baseCurrency);
  // A symbol is flagged estimated only when all its dividends are; one with a dividend row and an
  // estimate beside it makes the total partly estimated.
  const withIncome = realized.filter((r) => r.income !== 0);
  const allEstimated = withIncome.length > 0 && withIncome.every((r) => r.incomeEstimated);
  const someEstimated = withIncome.some(
    (r) => r.incomeEstimated || r.dividends.some((d) => d.estimated && d.amount !== 0),
  );
  let income = formatMoneyWithCode(s.income ?? null, base);
  if (income !== NA && someEstimated) income += allEstimated ? ' (estimated)' : ' (partly estimated)';
  // Without a single sale a realized gain of 0.00 says nothing: only income is shown then.
  const anySale = realized.some((r) => r.sales.length > 0);
  return [
    ...(anySale || s.realizedGain === null
      ? [
          {
            label: 'Realized gain',
            value: formatMoneyWithCode(s.realizedGain ?? null, base, { sign: true }),
            sign: s.realizedGain ?? null,
          },
        ]
      : []),
    { label: 'Income', value: income },
  ];
}
