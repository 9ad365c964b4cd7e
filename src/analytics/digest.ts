// What changed in a portfolio since a baseline: the previous digest's snapshot of the same holdings
// file, or the report as of an earlier date. Pure: a snapshot before and the report now in, the
// digest out. Money comes straight from the two reports' figures (one subtraction each), so the
// change is exactly the difference of the two reports' market values.
import type { DigestSnapshot, IsoDate, SplitEvent } from '../types.js';
import type { Coverage, Report } from './model.js';
import { neumaierSum, sumOrNull } from './sum.js';

export const DIGEST_SCHEMA_VERSION = 1;

/** Shares are the same when they differ by less than this fraction (split ratios are not exact in binary). */
const SAME_SHARES = 1e-9;

/** What a later digest compares with: the report's date, value, holdings and warnings. */
export function digestSnapshotOf(report: Report): DigestSnapshot {
  return {
    asOf: report.asOf,
    baseCurrency: report.baseCurrency,
    marketValue: report.summary.marketValue,
    holdings: report.holdings.map((h) => ({
      symbol: h.symbol,
      shares: h.shares,
      marketValue: h.marketValue,
    })),
    warnings: [...report.warnings],
  };
}

export interface DigestInput {
  /** The holdings file as the user named it. */
  file: string;
  /** The baseline; undefined when there is none yet (the first digest of the file). */
  before: DigestSnapshot | undefined;
  now: Report;
  /** Each symbol's split events (Yahoo's merged with the file's); those after the baseline count. */
  splits: ReadonlyMap<string, readonly SplitEvent[]>;
  /** `--fail-if` conditions that hold now, with their values. */
  conditionsHeld?: readonly DigestCondition[];
  /** Why there is no baseline although there may have been one (the user started over). */
  startedOver?: string;
}

export interface DigestCondition {
  condition: string;
  value: number | null;
}

/** A holding held at both dates: what the market (prices and FX) did to the shares held then. */
export interface DigestMover {
  symbol: string;
  name: string | null;
  /** Value now of the shares held then, minus their value then (base currency). */
  changeValue: number;
  /** changeValue / value then; null when the value then was zero. */
  changePct: number | null;
  valueThen: number;
  valueNow: number;
}

export interface DigestOpened {
  symbol: string;
  name: string | null;
  shares: number;
  /** Null when the holding has no price now. */
  marketValue: number | null;
}

export interface DigestClosed {
  symbol: string;
  name: string | null;
  /** Shares held at the baseline (in that date's units). */
  shares: number;
  /** Value at the baseline; null when it had no price then. */
  marketValue: number | null;
  /** Date of the sale that left no shares; null when the rows went from the file. */
  closedOn: IsoDate | null;
  realizedGain: number | null;
}

/** A holding held at both dates with another number of shares (a buy, a sale, an edit of the file). */
export interface DigestChanged {
  symbol: string;
  name: string | null;
  /** Shares at the baseline, in today's units (times the splits since). */
  sharesThen: number;
  sharesNow: number;
}

export interface DigestIncome {
  symbol: string;
  name: string | null;
  date: IsoDate;
  /** Base currency; null when an FX rate is unknown. */
  amount: number | null;
  /** From Yahoo's dividend events (the file records none for the symbol). */
  estimated: boolean;
}

export interface DigestSplit {
  symbol: string;
  date: IsoDate;
  ratio: number;
}

export interface Digest {
  schemaVersion: typeof DIGEST_SCHEMA_VERSION;
  file: string;
  baseCurrency: string;
  /** The baseline; null when there is nothing to compare yet. */
  since: { asOf: IsoDate; marketValue: number } | null;
  /** `coverage`: how many holdings have a price; the value leaves the others out. */
  now: { asOf: IsoDate; marketValue: number; coverage: Coverage };
  /** now - since, and that over since; null without a baseline (pct also when since was 0). */
  change: { value: number; pct: number | null } | null;
  /**
   * The change split in two: what prices and FX did to the holdings held at both dates (the movers'
   * sum), and the rest, from positions opened, closed or changed in size. Null without a baseline.
   */
  breakdown: { market: number; positions: number } | null;
  /** Holdings held at both dates, biggest money change (either way) first. */
  movers: DigestMover[];
  opened: DigestOpened[];
  closed: DigestClosed[];
  changed: DigestChanged[];
  /** Dividends dated after the baseline, up to now. */
  income: DigestIncome[];
  /** Sum of `income`; null when an amount is unknown. */
  incomeTotal: number | null;
  splits: DigestSplit[];
  /** Warnings of the report now that the baseline did not have. */
  warnings: string[];
  failIf: DigestCondition[];
  /** Why there is no comparison although a baseline may have been stored (another currency, a reset). */
  note: string | null;
}

/** The digest of `now` against `before`. */
export function buildDigest(input: DigestInput): Digest {
  const { now, file } = input;
  const nowFigures = { asOf: now.asOf, marketValue: now.summary.marketValue, coverage: now.summary.coverage };
  const currencyChanged =
    input.before !== undefined && input.before.baseCurrency !== now.baseCurrency
      ? `the previous digest was in ${input.before.baseCurrency}, this one is in ${now.baseCurrency}`
      : null;
  const before = currencyChanged === null ? input.before : undefined;
  const base: Pick<Digest, 'schemaVersion' | 'file' | 'baseCurrency' | 'now' | 'failIf' | 'note'> = {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    file,
    baseCurrency: now.baseCurrency,
    now: nowFigures,
    failIf: [...(input.conditionsHeld ?? [])],
    note: currencyChanged ?? (input.before === undefined ? (input.startedOver ?? null) : null),
  };
  if (before === undefined) {
    return {
      ...base,
      since: null,
      change: null,
      breakdown: null,
      movers: [],
      opened: [],
      closed: [],
      changed: [],
      income: [],
      incomeTotal: 0,
      splits: [],
      warnings: [...now.warnings],
    };
  }
  const value = now.summary.marketValue - before.marketValue;
  const splits = splitsBetween(input.splits, before.asOf, now.asOf);
  const positions = comparePositions(before, now, splits);
  const income = incomeBetween(now, before.asOf);
  const known = new Set(before.warnings);
  const market = neumaierSum(positions.movers.map((m) => m.changeValue));
  return {
    ...base,
    since: { asOf: before.asOf, marketValue: before.marketValue },
    change: { value, pct: before.marketValue !== 0 ? value / before.marketValue : null },
    breakdown: { market, positions: value - market },
    ...positions,
    income,
    incomeTotal: sumOrNull(income.map((i) => i.amount)),
    splits,
    warnings: now.warnings.filter((w) => !known.has(w)),
  };
}

/** Split events dated after `from` up to `to`, by date then symbol. */
function splitsBetween(
  bySymbol: ReadonlyMap<string, readonly SplitEvent[]>,
  from: IsoDate,
  to: IsoDate,
): DigestSplit[] {
  const out: DigestSplit[] = [];
  for (const [symbol, events] of bySymbol)
    for (const e of events) if (e.date > from && e.date <= to) out.push({ symbol, ...e });
  return out.sort((a, b) => compare(a.date, b.date) || compare(a.symbol, b.symbol));
}

function comparePositions(
  before: DigestSnapshot,
  now: Report,
  splits: readonly DigestSplit[],
): Pick<Digest, 'movers' | 'opened' | 'closed' | 'changed'> {
  const then = new Map(before.holdings.map((h) => [h.symbol, h]));
  const held = new Set(now.holdings.map((h) => h.symbol));
  const closedNow = new Map((now.closedPositions ?? []).map((c) => [c.symbol, c]));
  const names = new Map<string, string | null>([
    ...(now.closedPositions ?? []).map((c) => [c.symbol, c.name] as const),
    ...now.holdings.map((h) => [h.symbol, h.name] as const),
  ]);
  const movers: DigestMover[] = [];
  const opened: DigestOpened[] = [];
  const changed: DigestChanged[] = [];
  for (const h of now.holdings) {
    const t = then.get(h.symbol);
    if (t === undefined) {
      opened.push({ symbol: h.symbol, name: h.name, shares: h.shares, marketValue: h.marketValue });
      continue;
    }
    const ratio = splits.filter((s) => s.symbol === h.symbol).reduce((r, s) => r * s.ratio, 1);
    const sharesThen = t.shares * ratio;
    const same = Math.abs(sharesThen - h.shares) <= SAME_SHARES * Math.max(Math.abs(h.shares), 1);
    if (!same) changed.push({ symbol: h.symbol, name: h.name, sharesThen, sharesNow: h.shares });
    // Without a price then or now there is no change to state (the report's warning names the holding).
    if (h.marketValue === null || t.marketValue === null) continue;
    // The same shares: the value's change itself. Others: the shares held then at today's value of one.
    const valueNow = same ? h.marketValue : h.shares !== 0 ? (sharesThen * h.marketValue) / h.shares : 0;
    const changeValue = valueNow - t.marketValue;
    movers.push({
      symbol: h.symbol,
      name: h.name,
      changeValue,
      changePct: t.marketValue !== 0 ? changeValue / t.marketValue : null,
      valueThen: t.marketValue,
      valueNow,
    });
  }
  const closed: DigestClosed[] = before.holdings
    .filter((t) => !held.has(t.symbol))
    .map((t) => ({
      symbol: t.symbol,
      name: names.get(t.symbol) ?? null,
      shares: t.shares,
      marketValue: t.marketValue,
      closedOn: closedNow.get(t.symbol)?.closedOn ?? null,
      realizedGain: closedNow.get(t.symbol)?.realizedGain ?? null,
    }));
  movers.sort((a, b) => Math.abs(b.changeValue) - Math.abs(a.changeValue) || compare(a.symbol, b.symbol));
  return { movers, opened, closed, changed };
}

/** Dividends of the report dated after `from` (up to the report's date), by date then symbol. */
function incomeBetween(now: Report, from: IsoDate): DigestIncome[] {
  const out: DigestIncome[] = [];
  for (const r of now.realized ?? [])
    for (const d of r.dividends)
      if (d.date > from && d.date <= now.asOf)
        out.push({ symbol: r.symbol, name: r.name, date: d.date, amount: d.amount, estimated: d.estimated });
  return out.sort((a, b) => compare(a.date, b.date) || compare(a.symbol, b.symbol));
}

/**
 * The movers worth a line: the `n` biggest by money and the `n` biggest by percent (either way),
 * biggest money change first. Those that did not move at all are left out.
 */
export function biggestMovers(movers: readonly DigestMover[], n: number): DigestMover[] {
  const moved = movers
    .filter((m) => m.changeValue !== 0)
    .sort((a, b) => Math.abs(b.changeValue) - Math.abs(a.changeValue) || compare(a.symbol, b.symbol));
  const byPct = moved
    .filter((m) => m.changePct !== null)
    .sort((a, b) => Math.abs(b.changePct!) - Math.abs(a.changePct!))
    .slice(0, n);
  const chosen = new Set([...moved.slice(0, n), ...byPct]);
  return moved.filter((m) => chosen.has(m));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
