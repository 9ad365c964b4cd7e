// A Yahoo-compatible HTTP server on loopback that the real yahoo-finance2 client talks to unchanged
// (its requests are re-routed by a fetch wrapper, see src/prices/routing.ts). It serves the four
// endpoints the library uses (shared/YAHOO.md) from the deterministic market in market.ts, records what
// it was asked, and injects the faults folio must survive: latency, 500s, 429s, truncated JSON, outages,
// a failing crumb, too many symbols, missing quotes, null bars and 100x-off prices.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

import type { SimInstrument } from './catalog.js';
import { isUnknownSymbol } from './catalog.js';
import {
  DEFAULT_SPLITS,
  roundTo,
  sessionCloseTimestamp,
  sessionOpenTimestamp,
  simHistory,
} from './market.js';
import type { SimBar, SimHistory } from './market.js';
import { Mulberry32 } from './random.js';
import { checkSimOptions } from './options.js';
export { checkSimOptions };
import { isBusinessDay, isoDate, zoneOffsetMs, zoneShortName, zonedParts } from './time.js';

export interface SimOptions {
  /**
   * Last day with data, `YYYY-MM-DD`. Default: the UTC date of `now()`. Bars include `today` when it is a
   * business day, whatever the time (a deliberate simplification); only the quote's `marketState`
   * and `regularMarketTime` look at the clock.
   */
  today?: string;
  /** Clock for marketState/regularMarketTime and the default `today` (default Date.now). */
  now?: () => number;
  /** Delay before every response, ms. */
  latencyMs?: number;
  /** Fraction (0-1) of quote/chart requests answered 500, drawn from a PRNG seeded by `seed`. */
  failRate?: number;
  /** Max quote/chart requests per second (sliding 1 s window, real clock); above it: 429 + Retry-After. */
  rateLimit?: number;
  /** true: 503 for everything. 'refuse': every connection is destroyed as soon as a request arrives. */
  down?: boolean | 'refuse';
  /** Fraction (0-1) of 200 quote/chart responses whose JSON body is cut in half. */
  truncateRate?: number;
  /** Above this many symbols a quote call gets 400 with a Yahoo-like JSON error. */
  maxSymbolsPerQuote?: number;
  /** The crumb endpoint answers 401. */
  failCrumb?: boolean;
  /** Extra delay before every response, ms (set it above the client's timeout to simulate a hang). */
  hangMs?: number;
  /** Symbols the quote endpoint leaves out of its result (the chart still serves them). */
  omitQuoteSymbols?: string[];
  /** Symbols that do not exist, besides `ZZZ*`, `UNKNOWN*` and `DELISTED*`. */
  unknownSymbols?: string[];
  /** Default: AAPL 4:1 2020-08-31, TSLA 3:1 2022-08-25, NVDA 10:1 2024-06-10. */
  splits?: { symbol: string; date: string; ratio: number }[];
  /** Bars served with null open/high/low/close/volume/adjclose, as Yahoo sometimes does. */
  nullBars?: { symbol: string; date: string }[];
  /** Bars (and the quote, when it is the last bar) multiplied by `factor`: the GBp/GBP mix-up is 100 or 0.01. */
  badPrices?: { symbol: string; date: string; factor: number }[];
  /** Seed of the fault PRNGs (failRate, truncateRate). Default 1. */
  seed?: number;
  /**
   * Names served instead of the catalog's, by symbol, in quotes and chart metas: e.g. hostile text with
   * terminal escapes or a spreadsheet formula, to test that folio neutralises what Yahoo sends.
   */
  names?: Record<string, SimNames>;
  /**
   * In-process only: awaited before a quote or chart request is answered, with its symbols. A test
   * holds some prices back until it has seen what folio does meanwhile (progressive output); 'fail'
   * answers that request 500.
   */
  gate?: (request: { endpoint: 'quote' | 'chart'; symbols: string[] }) => Promise<void | 'fail'>;
}

/** Text fields of an instrument as Yahoo sends them. */
export interface SimNames {
  longName?: string;
  shortName?: string;
  /** `fullExchangeName` in quotes and chart metas. */
  exchangeName?: string;
}

export type SimEndpoint = 'cookie' | 'crumb' | 'quote' | 'chart' | 'other';

export interface SimCounters {
  byEndpoint: Record<SimEndpoint, number>;
  byStatus: Record<string, number>;
  /** Number of symbols of each quote request, in arrival order. */
  symbolsPerQuote: number[];
  chartBySymbol: Record<string, number>;
  quoteBySymbol: Record<string, number>;
  total: number;
  /** Status 0: the connection was destroyed (down: 'refuse'). `at` is real time (Date.now). */
  log: { at: number; method: string; path: string; status: number }[];
}

export interface Simulator {
  url: string;
  port: number;
  counters: SimCounters;
  options: Readonly<SimOptions>;
  configure(patch: Partial<SimOptions>): void;
  resetCounters(): void;
  close(): Promise<void>;
}

/** The crumb is a constant so that a crumb cached by yahoo-finance2 (a module-wide singleton) stays valid across simulators. */
export const SIM_CRUMB = 'f0lioSimCrumb';
export const SIM_COOKIE_NAME = 'A3';

const VALID_RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'];

function emptyCounters(): SimCounters {
  return {
    byEndpoint: { cookie: 0, crumb: 0, quote: 0, chart: 0, other: 0 },
    byStatus: {},
    symbolsPerQuote: [],
    chartBySymbol: {},
    quoteBySymbol: {},
    total: 0,
    log: [],
  };
}

function classify(pathname: string): SimEndpoint {
  if (pathname === '/' || /^\/quote\/[^/]+\/?$/.test(pathname)) return 'cookie';
  if (pathname === '/v1/test/getcrumb') return 'crumb';
  if (pathname === '/v7/finance/quote') return 'quote';
  if (pathname.startsWith('/v8/finance/chart/')) return 'chart';
  return 'other';
}

interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: JSON.stringify(value),
});

const yahooError = (status: number, envelope: string, code: string, description: string): Reply =>
  json(status, { [envelope]: { result: null, error: { code, description } } });

const html = (status: number, text: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=utf-8' },
  body: `<!doctype html><html><head><title>${text}</title></head><body>${text}</body></html>`,
});

export async function startSimulator(
  options: SimOptions & { port?: number; host?: string } = {},
): Promise<Simulator> {
  const { port: wantedPort = 0, host = '127.0.0.1', ...initial } = options;
  const problem = checkSimOptions(initial);
  if (problem !== undefined) throw new RangeError(problem);
  let opts: SimOptions = { ...initial };
  const counters = emptyCounters();
  let failRng = new Mulberry32(opts.seed ?? 1);
  let truncateRng = new Mulberry32(((opts.seed ?? 1) ^ 0x5bd1e995) >>> 0);
  /** Real-clock times of admitted quote/chart requests within the last second. */
  let admitted: number[] = [];
  const pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closed = false;

  const now = (): number => (opts.now ?? Date.now)();
  const today = (): string => opts.today ?? isoDate(now());

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      pending.add(entry);
    });
  }

  function history(symbol: string): SimHistory | undefined {
    return simHistory(symbol, {
      today: today(),
      splits: opts.splits ?? DEFAULT_SPLITS,
      unknownSymbols: opts.unknownSymbols ?? [],
    });
  }

  function badFactor(symbol: string, date: string): number {
    let f = 1;
    for (const b of opts.badPrices ?? []) if (b.symbol === symbol && b.date === date) f *= b.factor;
    return f;
  }

  function namesOf(ins: SimInstrument): { longName: string; shortName: string; fullExchangeName: string } {
    const o = opts.names?.[ins.symbol];
    return {
      longName: o?.longName ?? ins.longName,
      shortName: o?.shortName ?? ins.shortName,
      fullExchangeName: o?.exchangeName ?? ins.fullExchangeName,
    };
  }

  function isNullBar(symbol: string, date: string): boolean {
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

  function quoteItem(h: SimHistory, at: number): Record<string, unknown> | undefined {
    const { instrument: ins, count } = h;
    if (count === 0) return undefined;
    const last = h.bar(count - 1);
    const prev = count > 1 ? h.bar(count - 2) : last;
    const first = h.bar(0);
    const d = ins.priceDecimals;
    const price = roundTo(last.close * badFactor(ins.symbol, last.date), d);
    const previousClose = roundTo(prev.close * badFactor(ins.symbol, prev.date), d);
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
      shortName: namesOf(ins).shortName,
      longName: namesOf(ins).longName,
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
      regularMarketDayHigh: roundTo(last.high * badFactor(ins.symbol, last.date), d),
      regularMarketDayLow: roundTo(last.low * badFactor(ins.symbol, last.date), d),
      regularMarketOpen: roundTo(last.open * badFactor(ins.symbol, last.date), d),
      regularMarketVolume: last.volume,
      regularMarketPreviousClose: previousClose,
      fiftyTwoWeekHigh: high52,
      fiftyTwoWeekLow: low52,
      fullExchangeName: namesOf(ins).fullExchangeName,
      sourceInterval: 15,
      exchangeDataDelayedBy: ins.quoteType === 'CURRENCY' ? 0 : 15,
      symbol: ins.symbol,
    };
  }

  function serveQuote(url: URL, symbols: string[]): Reply {
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
    const at = now();
    const omit = new Set(opts.omitQuoteSymbols ?? []);
    const result: Record<string, unknown>[] = [];
    for (const symbol of new Set(symbols)) {
      if (omit.has(symbol)) continue;
      const h = history(symbol);
      const item = h === undefined ? undefined : quoteItem(h, at);
      if (item !== undefined) result.push(item);
    }
    return json(200, { quoteResponse: { result, error: null } });
  }

  function serveChart(url: URL, symbol: string): Reply {
    const h = history(symbol);
    if (h === undefined || h.count === 0) {
      return yahooError(404, 'chart', 'Not Found', 'No data found, symbol may be delisted');
    }
    const at = now();
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
      fullExchangeName: namesOf(ins).fullExchangeName,
      instrumentType: ins.quoteType,
      firstTradeDate: h.bar(0).timestamp,
      regularMarketTime: regularMarketTime(ins, last, state, at),
      hasPrePostMarketData: false,
      gmtoffset,
      timezone: zoneShortName(at, ins.timezone),
      exchangeTimezoneName: ins.timezone,
      regularMarketPrice: roundTo(last.close * badFactor(ins.symbol, last.date), d),
      fiftyTwoWeekHigh: Math.max(...year.map((b) => b.high)),
      fiftyTwoWeekLow: Math.min(...year.map((b) => b.low)),
      regularMarketDayHigh: last.high,
      regularMarketDayLow: last.low,
      regularMarketVolume: last.volume,
      longName: namesOf(ins).longName,
      shortName: namesOf(ins).shortName,
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
        if (isNullBar(ins.symbol, b.date)) return null;
        const v = pick(b);
        return scaled ? roundTo(v * badFactor(ins.symbol, b.date), d + 2) : v;
      });
    result.timestamp = shown.map((b) => b.timestamp);
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

  function serveCookie(): Reply {
    const expires = new Date(Date.now() + 365 * 86_400_000).toUTCString();
    const reply = html(200, 'Yahoo Finance (folio simulator)');
    // Domain=.yahoo.com: the client's jar matches it against the https://finance.yahoo.com URL it thinks it
    // fetched (the wire goes to loopback), so Secure is fine and mirrors Yahoo.
    reply.headers['set-cookie'] = [
      `${SIM_COOKIE_NAME}=d=AQABBFolioSim&S=AQAAAFolioSim; Expires=${expires}; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly`,
    ];
    return reply;
  }

  function serveCrumb(req: http.IncomingMessage): Reply {
    if (opts.failCrumb === true) return yahooError(401, 'finance', 'Unauthorized', 'Invalid Cookie');
    const cookie = req.headers.cookie ?? '';
    if (!cookie.split(/;\s*/).some((c) => c.startsWith(`${SIM_COOKIE_NAME}=`))) {
      return yahooError(401, 'finance', 'Unauthorized', 'Invalid Cookie');
    }
    return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: SIM_CRUMB };
  }

  /** Rate limit, random 500s; undefined when the request may be served. */
  function dataFault(): Reply | undefined {
    const limit = opts.rateLimit;
    if (limit !== undefined) {
      const t = performance.now();
      admitted = admitted.filter((x) => t - x < 1000);
      if (admitted.length >= limit) {
        const retryAfter = Math.max(1, Math.ceil((admitted[0]! + 1000 - t) / 1000));
        return {
          status: 429,
          headers: { 'content-type': 'text/plain;charset=utf-8', 'retry-after': String(retryAfter) },
          body: 'Too Many Requests\r\n',
        };
      }
      admitted.push(t);
    }
    const failRate = opts.failRate ?? 0;
    if (failRate > 0 && failRng.next() < failRate) return html(500, 'Internal Server Error');
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const url = new URL(path, 'http://127.0.0.1');
    const endpoint = classify(url.pathname);
    counters.total++;
    counters.byEndpoint[endpoint]++;
    let quoteSymbols: string[] = [];
    let chartSymbol = '';
    if (endpoint === 'quote') {
      quoteSymbols = (url.searchParams.get('symbols') ?? '').split(',').filter((s) => s !== '');
      counters.symbolsPerQuote.push(quoteSymbols.length);
      for (const s of quoteSymbols) counters.quoteBySymbol[s] = (counters.quoteBySymbol[s] ?? 0) + 1;
    } else if (endpoint === 'chart') {
      chartSymbol = decodeURIComponent(url.pathname.slice('/v8/finance/chart/'.length));
      counters.chartBySymbol[chartSymbol] = (counters.chartBySymbol[chartSymbol] ?? 0) + 1;
    }
    const record = (status: number): void => {
      counters.byStatus[String(status)] = (counters.byStatus[String(status)] ?? 0) + 1;
      counters.log.push({ at: Date.now(), method, path, status });
    };

    if (opts.down === 'refuse') {
      record(0);
      req.socket.destroy();
      return;
    }
    const delay = (opts.latencyMs ?? 0) + (opts.hangMs ?? 0);
    if (delay > 0) await sleep(delay);
    const gate =
      (endpoint === 'chart' || endpoint === 'quote') && opts.gate !== undefined
        ? await opts.gate({ endpoint, symbols: endpoint === 'chart' ? [chartSymbol] : quoteSymbols })
        : undefined;
    if (closed || res.destroyed) return;

    let reply: Reply;
    if (opts.down === true) {
      reply = html(503, 'Service Unavailable');
    } else if (gate === 'fail') {
      reply = html(500, 'Internal Server Error');
    } else {
      const isData = endpoint === 'quote' || endpoint === 'chart';
      const fault = isData ? dataFault() : undefined;
      if (fault !== undefined) reply = fault;
      else if (endpoint === 'cookie') reply = serveCookie();
      else if (endpoint === 'crumb') reply = serveCrumb(req);
      else if (endpoint === 'quote') reply = serveQuote(url, quoteSymbols);
      else if (endpoint === 'chart') reply = serveChart(url, chartSymbol);
      else reply = yahooError(404, 'finance', 'Not Found', 'HTTP 404 Not Found');
      const truncateRate = opts.truncateRate ?? 0;
      if (isData && reply.status === 200 && truncateRate > 0 && truncateRng.next() < truncateRate) {
        reply = { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
      }
    }
    record(reply.status);
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body)),
    });
    res.end(reply.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator must show up as a 500 with the reason, not a hung request.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${error instanceof Error ? error.stack : String(error)}`);
      }
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    counters,
    get options(): Readonly<SimOptions> {
      return Object.freeze({ ...opts });
    },
    configure(patch) {
      const problem = checkSimOptions(patch);
      if (problem !== undefined) throw new RangeError(problem);
      opts = { ...opts, ...patch };
      if (patch.seed !== undefined) {
        failRng = new Mulberry32(patch.seed);
        truncateRng = new Mulberry32((patch.seed ^ 0x5bd1e995) >>> 0);
      }
      if (patch.rateLimit !== undefined) admitted = [];
    },
    resetCounters() {
      // In place, so references a caller holds (counters.log, ...) see the reset too.
      const clear = (record: Record<string, number>): void => {
        for (const key of Object.keys(record)) delete record[key];
      };
      for (const key of Object.keys(counters.byEndpoint) as SimEndpoint[]) counters.byEndpoint[key] = 0;
      clear(counters.byStatus);
      clear(counters.chartBySymbol);
      clear(counters.quoteBySymbol);
      counters.symbolsPerQuote.length = 0;
      counters.log.length = 0;
      counters.total = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const p of pending) {
        clearTimeout(p.timer);
        p.resolve();
      }
      pending.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}

/** True for the symbols the simulator treats as unknown to Yahoo (re-exported for folio's tests). */
export function isSimUnknownSymbol(
  symbol: string,
  options: Pick<SimOptions, 'unknownSymbols'> = {},
): boolean {
  return isUnknownSymbol(symbol, options.unknownSymbols ?? []);
}
