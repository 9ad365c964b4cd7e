// What the simulator answers on Yahoo's four endpoints (cookie, crumb, quote, chart), computed from the
// deterministic market in market.ts and the options in force when the request is answered.

import type * as http from 'node:http';

import type { SimInstrument } from './catalog.js';
import {
  DEFAULT_SPLITS,
  roundTo,
  sessionCloseTimestamp,
  sessionOpenTimestamp,
  simHistory,
} from './market.js';
import type { SimBar, SimHistory } from './market.js';
import type { SimOptions } from './options.js';
import { type Reply, html, json, yahooError } from './replies.js';
import { isBusinessDay, isoDate, zoneOffsetMs, zoneShortName, zonedParts } from './time.js';

export type SimEndpoint = 'cookie' | 'crumb' | 'quote' | 'chart' | 'other';

/** The crumb is a constant so that a crumb cached by yahoo-finance2 (a module-wide singleton) stays valid across simulators. */
export const SIM_CRUMB = 'f0lioSimCrumb';
export const SIM_COOKIE_NAME = 'A3';

const VALID_RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'];

export function classify(pathname: string): SimEndpoint {
  if (pathname === '/' || /^\/quote\/[^/]+\/?$/.test(pathname)) return 'cookie';
  if (pathname === '/v1/test/getcrumb') return 'crumb';
  if (pathname === '/v7/finance/quote') return 'quote';
  if (pathname.startsWith('/v8/finance/chart/')) return 'chart';
  return 'other';
}

const nowOf = (opts: SimOptions): number => (opts.now ?? Date.now)();
const todayOf = (opts: SimOptions): string => opts.today ?? isoDate(nowOf(opts));

function history(opts: SimOptions, symbol: string): SimHistory | undefined {
  return simHistory(symbol, {
    today: todayOf(opts),
    splits: opts.splits ?? DEFAULT_SPLITS,
    unknownSymbols: opts.unknownSymbols ?? [],
  });
}

function badFactor(opts: SimOptions, symbol: string, date: string): number {
  let f = 1;
  for (const b of opts.badPrices ?? []) if (b.symbol === symbol && b.date === date) f *= b.factor;
  return f;
}

function namesOf(
  opts: SimOptions,
  ins: SimInstrument,
): { longName: string; shortName: string; fullExchangeName: string } {
  const o = opts.names?.[ins.symbol];
  return {
    longName: o?.longName ?? ins.longName,
    shortName: o?.shortName ?? ins.shortName,
    fullExchangeName: o?.exchangeName ?? ins.fullExchangeName,
  };
}

function isNullBar(opts: SimOptions, symbol: string, date: string): boolean {
  return (opts.nullBars ?? []).some((n) => n.symbol === symbol && n.date === date);
}

function marketState(instrument: SimInstrument, at: number): 'REGULAR' | 'CLOSED' {
  const local = zonedParts(at, instrument.timezone);
  const open =
    isBusinessDay(local.date) &&
    local.minutes >= instrument.openMinutes &&
    local.minutes < instrument.closeMinutes;
  return open ? 'REGULAR' : 'CLOSED';
}

function regularMarketTime(instrument: SimInstrument, lastBar: SimBar, state: string, at: number): number {
  const nowS = Math.floor(at / 1000);
  if (state === 'REGULAR') return nowS;
  return Math.min(sessionCloseTimestamp(instrument, lastBar.date), nowS);
}

function quoteItem(opts: SimOptions, h: SimHistory, at: number): Record<string, unknown> | undefined {
  const { instrument: ins, count } = h;
  if (count === 0) return undefined;
  const last = h.bar(count - 1);
  const prev = count > 1 ? h.bar(count - 2) : last;
  const first = h.bar(0);
  const d = ins.priceDecimals;
  const price = roundTo(last.close * badFactor(opts, ins.symbol, last.date), d);
  const previousClose = roundTo(prev.close * badFactor(opts, ins.symbol, prev.date), d);
  const state = marketState(ins, at);
  const year = h.slice(count - 252, count - 1);
  const high52 = Math.max(...year.map((b) => b.high));
  const low52 = Math.min(...year.map((b) => b.low));
  const change = price - previousClose;
  return {
    language: 'en-US',
    region: 'US',
    quoteType: ins.quoteType,
    typeDisp: { EQUITY: 'Equity', ETF: 'ETF', CURRENCY: 'Currency', INDEX: 'Index' }[ins.quoteType],
    quoteSourceName: 'Delayed Quote',
    triggerable: ins.quoteType !== 'INDEX',
    customPriceAlertConfidence: 'HIGH',
    currency: ins.currency,
    marketState: state,
    tradeable: false,
    cryptoTradeable: false,
    exchange: ins.exchange,
    shortName: namesOf(opts, ins).shortName,
    longName: namesOf(opts, ins).longName,
    messageBoardId: `finmb_sim_${ins.symbol}`,
    exchangeTimezoneName: ins.timezone,
    exchangeTimezoneShortName: zoneShortName(at, ins.timezone),
    gmtOffSetMilliseconds: zoneOffsetMs(at, ins.timezone),
    market: ins.market,
    esgPopulated: false,
    hasPrePostMarketData: false,
    firstTradeDateMilliseconds: first.timestamp * 1000,
    priceHint: d === 6 ? 4 : 2,
    regularMarketChange: roundTo(change, d),
    regularMarketChangePercent: previousClose === 0 ? 0 : (change / previousClose) * 100,
    regularMarketTime: regularMarketTime(ins, last, state, at),
    regularMarketPrice: price,
    regularMarketDayHigh: roundTo(last.high * badFactor(opts, ins.symbol, last.date), d),
    regularMarketDayLow: roundTo(last.low * badFactor(opts, ins.symbol, last.date), d),
    regularMarketOpen: roundTo(last.open * badFactor(opts, ins.symbol, last.date), d),
    regularMarketVolume: last.volume,
    regularMarketPreviousClose: previousClose,
    fiftyTwoWeekHigh: high52,
    fiftyTwoWeekLow: low52,
    fullExchangeName: namesOf(opts, ins).fullExchangeName,
    sourceInterval: 15,
    exchangeDataDelayedBy: ins.quoteType === 'CURRENCY' ? 0 : 15,
    symbol: ins.symbol,
  };
}

export function serveQuote(opts: SimOptions, url: URL, symbols: string[]): Reply {
  if (url.searchParams.get('crumb') !== SIM_CRUMB)
    return yahooError(401, 'finance', 'Unauthorized', 'Invalid Crumb');
  if (symbols.length === 0)
    return yahooError(400, 'finance', 'Bad Request', 'Missing required query parameter=symbols');
  const max = opts.maxSymbolsPerQuote;
  if (max !== undefined && symbols.length > max) {
    return yahooError(
      400,
      'finance',
      'Bad Request',
      `Too many symbols requested: ${symbols.length} (max ${max})`,
    );
  }
  const at = nowOf(opts);
  const omit = new Set(opts.omitQuoteSymbols ?? []);
  const result: Record<string, unknown>[] = [];
  for (const symbol of new Set(symbols)) {
    if (omit.has(symbol)) continue;
    const h = history(opts, symbol);
    const item = h === undefined ? undefined : quoteItem(opts, h, at);
    if (item !== undefined) result.push(item);
  }
  return json(200, { quoteResponse: { result, error: null } });
}

/** The dividends and splits a chart request asked for (`events`) within its range, keyed by timestamp. */
function chartEvents(
  h: SimHistory,
  events: string,
  inRange: (ts: number) => boolean,
): Record<string, unknown> {
  const ev: Record<string, unknown> = {};
  if (events.includes('div')) {
    const divs = h.dividends.filter((x) => inRange(x.timestamp));
    if (divs.length > 0)
      ev.dividends = Object.fromEntries(
        divs.map((x) => [String(x.timestamp), { amount: x.amount, date: x.timestamp }]),
      );
  }
  if (events.includes('split')) {
    const splits = h.splits.filter((x) => inRange(x.timestamp));
    if (splits.length > 0) {
      ev.splits = Object.fromEntries(
        splits.map((x) => [
          String(x.timestamp),
          {
            date: x.timestamp,
            numerator: x.numerator,
            denominator: x.denominator,
            splitRatio: x.splitRatio,
          },
        ]),
      );
    }
  }
  return ev;
}

export function serveChart(opts: SimOptions, url: URL, symbol: string): Reply {
  const h = history(opts, symbol);
  if (h === undefined || h.count === 0) {
    return yahooError(404, 'chart', 'Not Found', 'No data found, symbol may be delisted');
  }
  const at = nowOf(opts);
  const p2 = Number(url.searchParams.get('period2') ?? Math.floor(at / 1000));
  const p1 = Number(url.searchParams.get('period1') ?? p2 - 30 * 86_400);
  if (!Number.isFinite(p1) || !Number.isFinite(p2) || Math.abs(p1) > 1e11 || Math.abs(p2) > 1e11) {
    return yahooError(
      400,
      'chart',
      'Bad Request',
      'Invalid input - period1 and period2 must be epoch seconds',
    );
  }
  if (p1 > p2) {
    return yahooError(
      400,
      'chart',
      'Bad Request',
      `Invalid input - start date cannot be after end date. startDate = ${p1}, endDate = ${p2}`,
    );
  }
  const { instrument: ins, count } = h;
  const events = url.searchParams.get('events') ?? '';
  const inRange = (ts: number): boolean => ts >= p1 && ts <= p2;
  // Candidate bars by date (a day of slack each side for zones far from UTC), then exactly by stamp.
  const fromIndex = h.indexOnOrAfter(isoDate((p1 - 2 * 86_400) * 1000));
  const toIndex = h.indexOnOrBefore(isoDate((p2 + 2 * 86_400) * 1000));
  const shown = h.slice(fromIndex, toIndex).filter((b) => inRange(b.timestamp));
  const last = h.bar(count - 1);
  const firstShownIndex = shown.length === 0 ? 0 : h.indexOnOrAfter(shown[0]!.date);
  const d = ins.priceDecimals;
  const state = marketState(ins, at);
  const open = sessionOpenTimestamp(ins, last.date);
  const close = sessionCloseTimestamp(ins, last.date);
  const gmtoffset = zoneOffsetMs(at, ins.timezone) / 1000;
  const period = (start: number, end: number): Record<string, unknown> => ({
    timezone: zoneShortName(at, ins.timezone),
    start,
    end,
    gmtoffset,
  });
  const year = h.slice(count - 252, count - 1);
  const meta = {
    currency: ins.currency,
    symbol: ins.symbol,
    exchangeName: ins.exchange,
    fullExchangeName: namesOf(opts, ins).fullExchangeName,
    instrumentType: ins.quoteType,
    firstTradeDate: h.bar(0).timestamp,
    regularMarketTime: regularMarketTime(ins, last, state, at),
    hasPrePostMarketData: false,
    gmtoffset,
    timezone: zoneShortName(at, ins.timezone),
    exchangeTimezoneName: ins.timezone,
    regularMarketPrice: roundTo(last.close * badFactor(opts, ins.symbol, last.date), d),
    fiftyTwoWeekHigh: Math.max(...year.map((b) => b.high)),
    fiftyTwoWeekLow: Math.min(...year.map((b) => b.low)),
    regularMarketDayHigh: last.high,
    regularMarketDayLow: last.low,
    regularMarketVolume: last.volume,
    longName: namesOf(opts, ins).longName,
    shortName: namesOf(opts, ins).shortName,
    chartPreviousClose: h.bar(Math.max(0, firstShownIndex - 1)).close,
    priceHint: d === 6 ? 4 : 2,
    currentTradingPeriod: {
      pre: period(open - 3600, open),
      regular: period(open, close),
      post: period(close, close + 3600),
    },
    dataGranularity: url.searchParams.get('interval') ?? '1d',
    range: '',
    validRanges: VALID_RANGES,
  };
  const result: Record<string, unknown> = { meta };
  if (shown.length === 0) {
    // What Yahoo sends for a range without bars; the library turns it into `quotes: []`.
    result.indicators = { quote: [{}], adjclose: [{}] };
    return json(200, { chart: { result: [result], error: null } });
  }
  const column = (pick: (b: SimBar) => number, scaled: boolean): (number | null)[] =>
    shown.map((b) => {
      if (isNullBar(opts, ins.symbol, b.date)) return null;
      const v = pick(b);
      return scaled ? roundTo(v * badFactor(opts, ins.symbol, b.date), d + 2) : v;
    });
  result.timestamp = shown.map((b) => b.timestamp);
  const ev = chartEvents(h, events, inRange);
  if (Object.keys(ev).length > 0) result.events = ev;
  result.indicators = {
    quote: [
      {
        open: column((b) => b.open, true),
        high: column((b) => b.high, true),
        low: column((b) => b.low, true),
        close: column((b) => b.close, true),
        volume: column((b) => b.volume, false),
      },
    ],
    adjclose: [{ adjclose: column((b) => b.adjClose, true) }],
  };
  return json(200, { chart: { result: [result], error: null } });
}

export function serveCookie(): Reply {
  const expires = new Date(Date.now() + 365 * 86_400_000).toUTCString();
  const reply = html(200, 'Yahoo Finance (folio simulator)');
  // Domain=.yahoo.com: the client's jar matches it against the https://finance.yahoo.com URL it thinks it
  // fetched (the wire goes to loopback), so Secure is fine and mirrors Yahoo.
  reply.headers['set-cookie'] = [
    `${SIM_COOKIE_NAME}=d=AQABBFolioSim&S=AQAAAFolioSim; Expires=${expires}; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly`,
  ];
  return reply;
}

export function serveCrumb(opts: SimOptions, req: http.IncomingMessage): Reply {
  if (opts.failCrumb === true) return yahooError(401, 'finance', 'Unauthorized', 'Invalid Cookie');
  const cookie = req.headers.cookie ?? '';
  if (!cookie.split(/;\s*/).some((c) => c.startsWith(`${SIM_COOKIE_NAME}=`))) {
    return yahooError(401, 'finance', 'Unauthorized', 'Invalid Cookie');
  }
  return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: SIM_CRUMB };
}
