// The only module that talks to yahoo-finance2 (loaded lazily: a run served from cache never pays for
// its ~150 ms of imports). It installs folio's own fetch function, which sees every response before the
// library does: it counts requests, applies a timeout, refuses non-Yahoo hosts, routes to
// FOLIO_YAHOO_URL, and turns 429/5xx/network failures into typed errors (the library parses the body
// before it checks the status, so Yahoo's plain-text 429 would otherwise surface as a bare SyntaxError).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RateLimitedError, UnknownSymbolError, UpstreamError } from '../../errors.js';
import type { IsoDate, RequestKind } from '../../types.js';
import { type FetchFunction, isYahooHost, routeUrl, urlOf } from './routing.js';
import type { RunStatsCollector } from '../stats.js';
import {
  type RawChart,
  type RawQuote,
  type YahooChart,
  type YahooQuote,
  emptyChart,
  toYahooChart,
  toYahooQuote,
} from './convert.js';
import { isCrumb, isInvalidCrumb } from './crumb.js';

export type { YahooChart, YahooQuote };
export { isCrumb };

export interface FolioFetchOptions {
  /** Yahoo-compatible origin to route to (FOLIO_YAHOO_URL); undefined = Yahoo itself. */
  origin?: URL;
  /** Per-request timeout, body included. */
  timeoutMs: number;
  stats: RunStatsCollector;
  /** The fetch that really sends (default: the global fetch at creation time). */
  baseFetch?: FetchFunction;
  now?: () => number;
  /** `--debug` lines; cookies and crumbs are redacted before they get here. */
  debug?: (line: string) => void;
  /**
   * Called when a cookie or crumb request failed. `transient`: a 429, 5xx, network failure or timeout,
   * worth retrying; otherwise Yahoo refused the session (the library then fails every later quote).
   */
  onCrumbFailure?: (transient: boolean) => void;
}

function requestKind(url: URL): RequestKind {
  const path = url.pathname;
  if (path.startsWith('/v7/finance/quote')) return 'quote';
  if (path.startsWith('/v8/finance/chart/')) return 'chart';
  if (path.startsWith('/v1/test/getcrumb')) return 'crumb';
  if (path.startsWith('/quote/') || /guce|consent/i.test(url.hostname + path)) return 'cookie';
  return 'other';
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** A URL fit for a log: the crumb and other secrets replaced. */
function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  for (const key of ['crumb', 'cookie'])
    if (copy.searchParams.has(key)) copy.searchParams.set(key, 'REDACTED');
  return copy.href;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** folio's fetch function: install it as `globalThis.fetch` while constructing yahoo-finance2. */
export function createFolioFetch(options: FolioFetchOptions): FetchFunction {
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  return async (input, init) => {
    const url = urlOf(input);
    // Only Yahoo's hosts (or the user's chosen origin in their place): nothing from a holdings file can
    // change the host, and folio sends no holdings data anywhere.
    if (!isYahooHost(url.hostname)) {
      throw new Error(`folio refuses to send a request to ${url.host}: only Yahoo Finance hosts are allowed`);
    }
    const target = routeUrl(url, options.origin);
    const kind = requestKind(url);
    const symbols =
      kind === 'quote'
        ? (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean).length
        : undefined;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const started = now();
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await baseFetch(target, { ...init, signal });
      body = await response.arrayBuffer();
    } catch (error) {
      const timedOut = timeout.aborted;
      options.stats.recordRequest(kind, timedOut ? 'timeout' : 'network', 0, symbols);
      options.debug?.(
        `${kind} ${redactUrl(url)} -> ${timedOut ? 'timeout' : 'network error'} (${now() - started} ms)`,
      );
      if (kind === 'cookie' || kind === 'crumb') options.onCrumbFailure?.(true);
      const reason = timedOut
        ? `timed out after ${options.timeoutMs} ms`
        : `failed: ${describeNetworkError(error)}`;
      throw new UpstreamError(`Yahoo ${kind} request ${reason}`, { cause: error });
    }
    options.stats.recordRequest(kind, response.status, body.byteLength, symbols);
    options.debug?.(
      `${kind} ${redactUrl(url)} -> ${response.status} ${body.byteLength} B (${now() - started} ms)`,
    );
    if (response.status === 429) {
      if (kind === 'cookie' || kind === 'crumb') options.onCrumbFailure?.(true);
      throw new RateLimitedError(
        `Yahoo rate limit (HTTP 429) on a ${kind} request`,
        parseRetryAfter(response.headers.get('retry-after'), now()),
      );
    }
    if (response.status >= 500) {
      if (kind === 'cookie' || kind === 'crumb') options.onCrumbFailure?.(true);
      throw new UpstreamError(`Yahoo answered HTTP ${response.status} to a ${kind} request`, {
        status: response.status,
      });
    }
    if (kind === 'crumb' && response.status !== 200) options.onCrumbFailure?.(false);
    if (kind === 'crumb' && response.status === 200 && !isCrumb(body)) {
      // yahoo-finance2 takes any 200 body as the crumb: an HTML page (a consent or error page) would be
      // sent as &crumb=<html> on every quote. Fail the exchange instead: a refusal, not an outage
      // (asking again gets the same page).
      options.onCrumbFailure?.(false);
      throw new Error('Yahoo answered the crumb request with a page, not a crumb');
    }
    return new Response(NULL_BODY_STATUS.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}`.trim() : cause.message;
  }
  return String(cause);
}

// ---- The client: what the price service asks of Yahoo.

export interface YahooClient {
  /** ONE quote request for all `symbols` (the caller chunks). Unknown symbols are absent from the result. */
  quotes(symbols: string[]): Promise<YahooQuote[]>;
  /** Daily bars from `from` to `to` (inclusive trading dates). Throws UnknownSymbolError for unknown symbols. */
  chart(symbol: string, from: IsoDate, to: IsoDate): Promise<YahooChart>;
  /**
   * Yahoo's search (yahoo-finance2's `search`): the listings an identifier such as an ISIN matches.
   * Optional so that test doubles of the price paths need not implement it.
   */
  search?(query: string): Promise<SearchListing[]>;
  /**
   * True once Yahoo refused the cookie and crumb exchange (not a transient failure, which is retried):
   * yahoo-finance2 keeps that failure for the whole process, so quotes cannot be had.
   */
  readonly crumbFailed: boolean;
}

/** One listing of a search answer. */
export interface SearchListing {
  symbol: string;
  /** Yahoo's exchange code (`NMS`, `GER`, `LSE`). */
  exchange: string | null;
  quoteType: string | null;
}

export interface YahooClientOptions extends Omit<FolioFetchOptions, 'onCrumbFailure'> {
  /** yahoo-finance2's own queue limit: set high so that folio's queue is the only throttle. */
  libraryConcurrency?: number;
}

/** Loads yahoo-finance2 and builds a client that sends through folio's fetch function. */
export async function createYahooClient(options: YahooClientOptions): Promise<YahooClient> {
  const { default: YahooFinance } = await import('yahoo-finance2');
  const now = options.now ?? Date.now;
  let crumbFailed = false;
  // Transient exchange failures so far, and how many of them the library's state was cleared for.
  let transientFailures = 0;
  let clearedFor = 0;
  let clearing: Promise<void> = Promise.resolve();
  const folioFetch = createFolioFetch({
    ...options,
    onCrumbFailure: (transient) => {
      if (transient) transientFailures += 1;
      else crumbFailed = true;
    },
  });
  // The constructor copies the global fetch: install ours just for that moment.
  const previous = globalThis.fetch;
  globalThis.fetch = folioFetch as typeof globalThis.fetch;
  let yf: InstanceType<typeof YahooFinance>;
  try {
    yf = new YahooFinance({
      suppressNotices: ['yahooSurvey', 'ripHistorical'],
      queue: { concurrency: options.libraryConcurrency ?? 256 },
      validation: { logErrors: false, logOptionsErrors: false },
      logger: {
        info: () => {},
        warn: () => {},
        error: (...args: unknown[]) => options.debug?.(`yahoo-finance2: ${args.map(String).join(' ')}`),
        debug: () => {},
        dir: () => {},
      },
    });
  } finally {
    globalThis.fetch = previous;
  }

  return {
    get crumbFailed() {
      return crumbFailed;
    },
    async quotes(symbols) {
      if (symbols.length === 0) return [];
      const ask = () => yf.quote(symbols, { return: 'array' }, { validateResult: false });
      let result: unknown;
      try {
        await clearing;
        result = await ask();
      } catch (error) {
        if (transientFailures > clearedFor) {
          // A 429, 5xx or network failure of the cookie or crumb request. The library keeps a failed
          // exchange for the whole process (every later quote rethrows it without sending): forget it,
          // once for all the calls that shared it, so that the transport's retry asks again.
          clearedFor = transientFailures;
          clearing = clearCrumb(yf);
          await clearing;
          throw error;
        }
        if (!isInvalidCrumb(error)) throw error;
        // Yahoo expired the session: the library would keep sending the old crumb. Emptying its cookie
        // jar makes it fetch a new cookie and crumb (it reuses a crumb only while its cookie lives);
        // once: a second refusal is an error like any other.
        options.debug?.('quote: Yahoo refused the crumb (401 Invalid Crumb): new cookie and crumb, once');
        await clearCrumb(yf);
        result = await ask();
      }
      const out: YahooQuote[] = [];
      for (const q of result as RawQuote[]) {
        const quote = toYahooQuote(q);
        if (quote) out.push(quote);
      }
      return out;
    },
    async search(query) {
      const result = (await yf.search(
        query,
        { quotesCount: 10, newsCount: 0, enableFuzzyQuery: false },
        { validateResult: false },
      )) as {
        quotes?: { symbol?: unknown; exchange?: unknown; quoteType?: unknown; isYahooFinance?: unknown }[];
      };
      const out: SearchListing[] = [];
      for (const q of result.quotes ?? []) {
        if (typeof q.symbol !== 'string' || q.isYahooFinance === false) continue;
        out.push({
          symbol: q.symbol,
          exchange: typeof q.exchange === 'string' ? q.exchange : null,
          quoteType: typeof q.quoteType === 'string' ? q.quoteType : null,
        });
      }
      return out;
    },
    async chart(symbol, from, to) {
      const period1 = new Date(`${from}T00:00:00Z`);
      // period2 is exclusive and compared with session-open timestamps: the end of `to` plus a day
      // covers bars stamped in any zone (FX bars are stamped the evening before in UTC).
      const period2 = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000);
      let raw: RawChart;
      try {
        raw = (await yf.chart(
          encodeURIComponent(symbol), // the library pastes it into the path as is (^GSPC, EURUSD=X)
          { period1, period2, interval: '1d', events: 'div|split', return: 'object' },
          { validateResult: false },
        )) as RawChart;
      } catch (error) {
        if (error instanceof Error && /no data found|symbol may be delisted|not found/i.test(error.message)) {
          throw new UnknownSymbolError(symbol, `Yahoo's chart has no data for ${symbol} (${error.message})`);
        }
        // A range that ends before the first trade: Yahoo answers 400 "Data doesn't exist for startDate
        // = ..., endDate = ..." although the symbol exists. That range simply has no bars.
        if (error instanceof Error && /data doesn.t exist for startdate/i.test(error.message)) {
          return emptyChart(symbol);
        }
        throw error;
      }
      return toYahooChart(symbol, raw, from, to, now());
    },
  };
}

/**
 * The URL of yahoo-finance2's ES module entry (the copy folio imports): the package's `import` export,
 * read from its package.json, found above the file `require` resolves. (`import.meta.resolve` would
 * say it in one call, but the bundle is CommonJS, where there is no `import.meta`.)
 */
export function libraryEntryUrl(): string {
  const required = createRequire(import.meta.url).resolve('yahoo-finance2');
  for (let dir = path.dirname(required); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      name?: string;
      exports?: { '.'?: { import?: string } };
    };
    const entry = pkg.name === 'yahoo-finance2' ? pkg.exports?.['.']?.import : undefined;
    if (entry !== undefined) return pathToFileURL(path.join(dir, entry)).href;
  }
  throw new Error(`no package.json of yahoo-finance2 above ${required}`);
}

/**
 * Forgets the library's crumb and cookies. yahoo-finance2 keeps the crumb in a module variable that
 * only its own `getCrumbClear(jar)` resets (not exported by the package, so it is loaded from the
 * file next to the package's entry: the same module instance the library uses). Emptying the cookie
 * jar alone is not enough: after the EU consent chain the library reuses the old crumb as soon as it
 * has cookies again.
 */
async function clearCrumb(yf: object): Promise<void> {
  const jar = (yf as { _opts?: { cookieJar?: { removeAllCookies?: () => Promise<void> } } })._opts?.cookieJar;
  try {
    const lib = (await import(new URL('./lib/getCrumb.js', libraryEntryUrl()).href)) as {
      getCrumbClear?: (cookieJar: unknown) => Promise<void>;
    };
    if (typeof lib.getCrumbClear === 'function' && jar !== undefined) {
      await lib.getCrumbClear(jar);
      return;
    }
  } catch {
    // A bundled or changed library: fall back to emptying the jar.
  }
  await jar?.removeAllCookies?.();
}
