// Each symbol's price today (the quote, or with --as-of in the past the close of that date), its
// previous close and FX rate, and whether it counts in the totals.
import type { PriceHistory, Provenance, Quote, QuoteSource, Transaction } from '../types.js';
import { isBuy } from '../types.js';
import { heldWithoutPriceText, unknownSymbolText } from '../errors.js';
import type { PriceLookup } from './calendar.js';
import type { Diagnostics } from './diagnostics.js';
import type { CalendarContext } from './context.js';
import type { FxTable } from './fx.js';
import type { Timeline } from './timeline.js';

export interface PricedSymbol {
  symbol: string;
  rows: Transaction[];
  quote: Quote | undefined;
  history: PriceHistory | undefined;
  lookup: PriceLookup | undefined;
  /** The instrument's currency (of `price`). */
  currency: string;
  /** Counts in value, cost and day change. */
  inTotals: boolean;
  price: number | null;
  previousClose: number | null;
  /** Base-currency value of one unit of `currency` today. */
  fxNow: number | null;
  source: QuoteSource | 'missing';
  fetchedAt: number | null;
  marketTime: number | null;
  /** Quoted but no history while some buy or sell is dated: out of the totals, counted as stale. */
  splitsUnknown: boolean;
  /** The name to show: the quote's, else the first the file gives. */
  name: string | null;
  /** Why a held symbol is out of the totals (no price, no FX, ...); null when it is in them. */
  missingReason: string | null;
}

export function priceSymbols({ input, scope, timeline, fx, diagnostics }: CalendarContext): PricedSymbol[] {
  return scope.symbols.map((symbol) => {
    const rows = scope.rowsBySymbol.get(symbol) ?? [];
    const quote = input.quotes.get(symbol);
    const history = scope.histories.get(symbol);
    const ps: PricedSymbol = {
      symbol,
      rows,
      quote,
      history,
      lookup: scope.lookups.get(symbol),
      currency: quote?.currency ?? history?.currency ?? rows[0]?.currency ?? input.baseCurrency,
      inTotals: false,
      price: null,
      previousClose: null,
      fxNow: null,
      source: 'missing',
      fetchedAt: null,
      marketTime: null,
      splitsUnknown: false,
      name: quote?.name ?? rows.find((r) => r.name !== null)?.name ?? null,
      missingReason: null,
    };
    const open = scope.openSymbols.has(symbol);
    if (scope.unknown.has(symbol)) {
      ps.missingReason = 'unknown or delisted symbol';
      diagnostics.warn(`${unknownSymbolText(symbol)}: excluded from totals`);
    } else if (quote === undefined && ps.lookup === undefined) {
      // Nothing at all, live or cached: the loader's reason (offline and not cached, an outage).
      ps.missingReason = input.unavailable?.get(symbol) ?? 'no quote and no daily history';
      if (open) diagnostics.warn(heldWithoutPriceText(symbol, ps.missingReason));
    } else if (timeline.past || quote === undefined) priceFromHistory(ps, timeline, open, diagnostics);
    else {
      ps.price = quote.price;
      ps.previousClose = quote.previousClose;
      ps.source = quote.source;
      ps.fetchedAt = quote.fetchedAt;
      ps.marketTime = quote.marketTime;
    }
    if (ps.price !== null) convertToBase(ps, timeline, fx, diagnostics);
    checkSplitsKnown(ps, open, diagnostics);
    if (ps.inTotals) ps.missingReason = null;
    else ps.missingReason ??= 'no price';
    return ps;
  });
}

/** Price from the history: --as-of in the past, or no quote. A sold-out position needs no price. */
function priceFromHistory(
  ps: PricedSymbol,
  timeline: Timeline,
  open: boolean,
  diagnostics: Diagnostics,
): void {
  const { asOf, prevDate, past } = timeline;
  ps.price = ps.lookup?.closeAt(asOf) ?? null;
  ps.previousClose = prevDate === null ? null : (ps.lookup?.closeAt(prevDate) ?? null);
  if (ps.history !== undefined && (past || ps.price !== null)) {
    // Today without a quote, the close is a fallback: from a chart fetched now it is not live.
    ps.source = past ? ps.history.source : chartSource(ps.history.source);
    ps.fetchedAt = ps.history.fetchedAt;
  }
  if (ps.price === null) ps.missingReason = `no close on or before ${asOf}`;
  if (!open) return;
  if (ps.price === null)
    diagnostics.warn(`no close for ${ps.symbol} on or before ${asOf}: excluded from totals`);
  else if (!past)
    diagnostics.warn(`no quote for ${ps.symbol}: valued at its close of ${ps.lookup?.lastDate ?? asOf}`);
}

function chartSource(source: Provenance): QuoteSource {
  return source === 'live' ? 'chart' : source;
}

function convertToBase(ps: PricedSymbol, timeline: Timeline, fx: FxTable, diagnostics: Diagnostics): void {
  const pair = fx.pairFor(ps.currency);
  if (!fx.hasHistory(ps.currency)) {
    ps.missingReason = `no FX history for ${pair ?? ps.currency}`;
    diagnostics.warn(
      `no FX history for ${pair ?? ps.currency}: ${ps.symbol} (${ps.currency}) excluded from totals`,
    );
    return;
  }
  ps.fxNow = timeline.past ? fx.rateAt(ps.currency, timeline.asOf) : fx.rateNow(ps.currency, timeline.asOf);
  if (ps.fxNow === null) {
    ps.missingReason = `no ${pair ?? ps.currency} close on or before ${timeline.asOf}`;
    diagnostics.warn(
      `no ${pair ?? ps.currency} close on or before ${timeline.asOf}: ${ps.symbol} excluded from totals`,
    );
  } else ps.inTotals = true;
}

/**
 * Without a history Yahoo gives no split events, so a dated lot's shares cannot be brought to today's
 * units (NVDA bought before its 10:1 split would be valued 10x too low or high): such a holding stays
 * out of the totals. Undated lots are taken as today's shares, so those stay in.
 */
function checkSplitsKnown(ps: PricedSymbol, open: boolean, diagnostics: Diagnostics): void {
  if (!ps.inTotals || ps.lookup !== undefined || !open) return;
  if (ps.rows.some((r) => (isBuy(r) || r.type === 'sell') && r.date !== null)) {
    ps.inTotals = false;
    ps.splitsUnknown = true;
    ps.missingReason = 'no price history: splits since purchase unknown';
    diagnostics.warn(`${ps.symbol}: no price history: splits since purchase unknown; excluded from totals`);
  } else
    diagnostics.warn(
      `no price history for ${ps.symbol}: counted in value and day change, not in returns, risk or charts`,
    );
}
