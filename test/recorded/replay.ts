// A Yahoo origin for tests that answers with RECORDED Yahoo responses (fixtures/yahoo-recorded/):
// FOLIO_YAHOO_URL points the real yahoo-finance2 client at it, exactly as it points at the simulator.
// - Charts: the symbol's recorded daily charts (merged when there are several), clipped to the
//   request's period1..period2 and to the pinned clock (no bar stamped after `now`). Meta is served
//   as recorded: it describes the recording day, not the range (a quirk folio must survive).
//   A symbol with no recording gets Yahoo's recorded 404 "No data found, symbol may be delisted".
// - Quotes: matched by symbol (Yahoo drops the symbols it does not know, so the result is never
//   positional); a recorded quote newer than the clock is not served (it did not exist yet).
// - Cookie, consent and crumb: the recorded EU consent chain (307 -> guce 302 -> collectConsent form
//   -> POST 302 -> copyConsent 302 with the cookies -> 301) and the recorded crumb; a quote with
//   another crumb gets 401 "Invalid Crumb" as Yahoo answers it.
// - `failNext` answers the next requests of a kind with one of Yahoo's failure shapes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawChartResult, type Recording, readRecording, recordingFiles } from './recordings.js';

export type FailureShape =
  /** Yahoo's edge rate limit: 429 with a plain-text body. */
  | 'edge-429'
  /** A 200 HTML page (the recorded consent form) where text or JSON was expected. */
  | 'html'
  /** 401 {"finance":{"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}. */
  | 'invalid-crumb'
  /** The recorded chart 404 "No data found, symbol may be delisted". */
  | 'delisted'
  /** The recorded chart 400 "Data doesn't exist for startDate = ..., endDate = ..." (before listing). */
  | 'before-listing';

export type RequestKind = 'cookie' | 'crumb' | 'quote' | 'chart' | 'other';

export interface ReplayOptions {
  /** The pinned clock (ms): the same instant as the CLI's FOLIO_NOW. */
  now: number;
  /** Symbol -> the recordings to serve for its chart (default: every recorded daily chart of it). */
  charts?: Record<string, string[]>;
  /** FX pairs served as the reciprocal of a recorded pair (USDEUR=X from EURUSD=X); not Yahoo's own. */
  inverse?: Record<string, string>;
  /** 'clock' (default): recorded quotes not newer than `now`; 'all'; 'none'. */
  quotes?: 'clock' | 'all' | 'none';
  /** Edits a chart result after clipping (for the quirk tests). */
  editChart?: (symbol: string, result: RawChartResult) => RawChartResult;
  /** Edits a quote result item (for the quirk tests); undefined drops it. */
  editQuote?: (item: Record<string, unknown>) => Record<string, unknown> | undefined;
}

export interface ReplayRequest {
  kind: RequestKind;
  method: string;
  path: string;
  query: URLSearchParams;
  host: string | undefined;
  cookie: string;
  status: number;
}

export interface Replay {
  url: string;
  requests: ReplayRequest[];
  failNext(kind: RequestKind, shape: FailureShape, times?: number): void;
  /** Yahoo invalidated the crumb: quotes with the old one get 401 until a new one is fetched. */
  rotateCrumb(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  setCookie?: string[];
  body: string;
}

const files = recordingFiles();
const cache = new Map<string, Recording>();
function rec(file: string): Recording {
  let r = cache.get(file);
  if (r === undefined) cache.set(file, (r = readRecording(file)));
  return r;
}
const replyOf = (r: Recording): Reply => ({
  status: r.status,
  headers: r.headers,
  setCookie: r.setCookie,
  body: r.body,
});

/** Every recorded daily chart by symbol (oldest recording first, so newer ones win on merge). */
function dailyCharts(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    if (!f.includes('chart')) continue;
    const r = rec(f);
    if (!r.url.pathname.startsWith('/v8/finance/chart/')) continue;
    if ((r.url.searchParams.get('interval') ?? '1d') !== '1d') continue;
    const symbol = decodeURIComponent(r.url.pathname.slice('/v8/finance/chart/'.length));
    const list = out.get(symbol) ?? [];
    list.push(f);
    out.set(symbol, list);
  }
  // The newer recorder format (no yf2v2- prefix) last: it wins where both cover a bar.
  for (const list of out.values())
    list.sort((a, b) => Number(!a.startsWith('yf2v2-')) - Number(!b.startsWith('yf2v2-')));
  return out;
}

/** Every recorded quote item by symbol (the newer recording wins). */
function recordedQuotes(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const ordered = files
    .filter((f) => f.includes('quote') && !f.includes('getCrumb'))
    .sort((a, b) => Number(!a.startsWith('yf2v2-')) - Number(!b.startsWith('yf2v2-')));
  for (const f of ordered) {
    const r = rec(f);
    if (!r.url.pathname.startsWith('/v7/finance/quote')) continue;
    const body = JSON.parse(r.body) as { quoteResponse: { result: Record<string, unknown>[] } };
    for (const item of body.quoteResponse.result) {
      // fields=symbol asks for less: that recording is not a full quote.
      if (r.url.searchParams.has('fields')) continue;
      out.set(String(item.symbol), item);
    }
  }
  return out;
}

const FIRST_CRUMB = 'haT3oykhHqZ'; // getCrumb-getcrumb.json
const SECOND_CRUMB = 'mloUP8q7ZPH'; // yf2v2-getCrumb-getcrumb
const COOKIE_STEPS: Record<string, string> = {
  'GET /consent': 'getCrumb-quote-AAPL-consent.html.json',
  'GET /v2/collectConsent': 'getCrumb-quote-AAPL-collectConsent.html.json',
  'POST /v2/collectConsent': 'getCrumb-quote-AAPL-collectConsentSubmit.json',
  'GET /copyConsent': 'getCrumb-quote-AAPL-copyConsent.json',
};

function kindOf(method: string, pathname: string): RequestKind {
  if (pathname.startsWith('/v7/finance/quote')) return 'quote';
  if (pathname.startsWith('/v8/finance/chart/')) return 'chart';
  if (pathname === '/v1/test/getcrumb') return 'crumb';
  if (pathname.startsWith('/quote/') || `${method} ${pathname}` in COOKIE_STEPS) return 'cookie';
  return 'other';
}

function failure(shape: FailureShape, query: URLSearchParams): Reply {
  switch (shape) {
    case 'edge-429':
      return { status: 429, headers: { 'content-type': 'text/plain' }, body: 'Edge: Too Many Requests' };
    case 'html':
      return { ...replyOf(rec('getCrumb-quote-AAPL-collectConsent.html.json')), setCookie: [] };
    case 'invalid-crumb':
      return {
        status: 401,
        headers: { 'content-type': 'application/json;charset=utf-8' },
        body: JSON.stringify({
          finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } },
        }),
      };
    case 'delisted':
      return replyOf(rec('yf2v2-historical-via-chart-SI-2020-01-01-to-2020-01-03.json'));
    case 'before-listing': {
      const r = replyOf(rec('yf2v2-chart-BEKE-2020-01-01-to-2020-01-03.json'));
      // The recorded shape with this request's own bounds.
      const body = r.body
        .replace(/startDate = \d+/, `startDate = ${query.get('period1') ?? ''}`)
        .replace(/endDate = \d+/, `endDate = ${query.get('period2') ?? ''}`);
      return { ...r, body };
    }
  }
}

/** Merged, clipped chart result of `files` for [p1, p2] seconds and the clock; null when none. */
function clipChart(
  symbolFiles: readonly string[],
  p1: number,
  p2: number,
  nowS: number,
): RawChartResult | null {
  const bars = new Map<number, Record<string, number | null>>();
  const dividends: NonNullable<RawChartResult['events']>['dividends'] = {};
  const splits: NonNullable<RawChartResult['events']>['splits'] = {};
  let meta: RawChartResult['meta'] | undefined;
  let hasAdj = false;
  for (const f of symbolFiles) {
    const r = rec(f);
    if (r.status !== 200) continue;
    const res = (JSON.parse(r.body) as { chart: { result: RawChartResult[] } }).chart.result[0]!;
    meta = res.meta;
    const q = res.indicators.quote[0] ?? {};
    const adj = res.indicators.adjclose?.[0]?.adjclose;
    if (adj !== undefined) hasAdj = true;
    (res.timestamp ?? []).forEach((t, i) => {
      const col = (k: string) => q[k]?.[i] ?? null;
      bars.set(t, {
        open: col('open'),
        high: col('high'),
        low: col('low'),
        close: col('close'),
        volume: col('volume'),
        adjclose: adj?.[i] ?? null,
      });
    });
    for (const [k, v] of Object.entries(res.events?.dividends ?? {})) dividends[k] = v;
    for (const [k, v] of Object.entries(res.events?.splits ?? {})) splits[k] = v;
  }
  if (meta === undefined) return null;
  const inRange = (t: number) => t >= p1 && t <= p2 && t <= nowS;
  const ts = [...bars.keys()].filter(inRange).sort((a, b) => a - b);
  const events: NonNullable<RawChartResult['events']> = {};
  const d = Object.entries(dividends).filter(([, v]) => inRange(v.date));
  const s = Object.entries(splits).filter(([, v]) => inRange(v.date));
  if (d.length > 0) events.dividends = Object.fromEntries(d);
  if (s.length > 0) events.splits = Object.fromEntries(s);
  const column = (k: string) => ts.map((t) => bars.get(t)![k] ?? null);
  const result: RawChartResult = {
    meta,
    indicators:
      ts.length === 0
        ? { quote: [{}], adjclose: [{}] }
        : {
            quote: [
              {
                open: column('open'),
                high: column('high'),
                low: column('low'),
                close: column('close'),
                volume: column('volume'),
              },
            ],
            ...(hasAdj ? { adjclose: [{ adjclose: column('adjclose') }] } : {}),
          },
  };
  if (ts.length > 0) result.timestamp = ts;
  if (Object.keys(events).length > 0) result.events = events;
  return result;
}

/** The reciprocal of a recorded pair's chart (prices 1/x; high and low swap). */
function inverted(result: RawChartResult, symbol: string): RawChartResult {
  const q = result.indicators.quote[0] ?? {};
  const inv = (a: (number | null)[] | undefined) => a?.map((x) => (x === null || x === 0 ? null : 1 / x));
  const out: RawChartResult = {
    ...result,
    meta: { ...result.meta, symbol, currency: symbol.slice(3, 6) },
    indicators: {
      quote: [
        { open: inv(q.open), high: inv(q.low), low: inv(q.high), close: inv(q.close), volume: q.volume },
      ],
    },
  };
  const adj = result.indicators.adjclose?.[0]?.adjclose;
  if (adj !== undefined) out.indicators.adjclose = [{ adjclose: inv(adj) }];
  if (q.close === undefined) out.indicators = { quote: [{}], adjclose: [{}] };
  return out;
}

export async function startReplay(options: ReplayOptions): Promise<Replay> {
  const charts = dailyCharts();
  for (const [symbol, list] of Object.entries(options.charts ?? {})) charts.set(symbol, list);
  const quotes = recordedQuotes();
  const requests: ReplayRequest[] = [];
  const failures: { kind: RequestKind; shape: FailureShape }[] = [];
  let crumb = FIRST_CRUMB;
  let issued = FIRST_CRUMB;
  const nowS = Math.floor(options.now / 1000);

  function serve(method: string, url: URL, cookie: string): Reply {
    const kind = kindOf(method, url.pathname);
    const i = failures.findIndex((f) => f.kind === kind);
    if (i >= 0) {
      const [f] = failures.splice(i, 1);
      // Yahoo refuses a crumb it has expired: the next quote needs a new one.
      if (kind === 'quote' && f!.shape === 'invalid-crumb')
        crumb = crumb === FIRST_CRUMB ? SECOND_CRUMB : FIRST_CRUMB;
      return failure(f!.shape, url.searchParams);
    }
    if (kind === 'cookie') {
      if (url.pathname.startsWith('/quote/')) {
        // The chain's last hop comes back with ?guccounter=1 and gets the recorded 301.
        return replyOf(
          rec(
            url.searchParams.has('guccounter')
              ? 'getCrumb-quote-AAPL-consent-final-redirect.html.json'
              : 'getCrumb-quote-AAPL.json',
          ),
        );
      }
      return replyOf(rec(COOKIE_STEPS[`${method} ${url.pathname}`]!));
    }
    if (kind === 'crumb') {
      // Without the consent cookies Yahoo has no session to give a crumb for.
      if (!/(^|;\s*)A3=/.test(cookie)) return failure('invalid-crumb', url.searchParams);
      issued = crumb;
      const r = replyOf(rec('getCrumb-getcrumb.json'));
      return { ...r, body: crumb };
    }
    if (kind === 'quote') {
      if (url.searchParams.get('crumb') !== issued || issued !== crumb)
        return failure('invalid-crumb', url.searchParams);
      const result: Record<string, unknown>[] = [];
      for (const symbol of (url.searchParams.get('symbols') ?? '').split(',')) {
        let item = quotes.get(symbol);
        if (item === undefined || options.quotes === 'none') continue;
        const t = typeof item.regularMarketTime === 'number' ? item.regularMarketTime : 0;
        if (options.quotes !== 'all' && t > nowS) continue;
        // Yahoo's own "not a quote" stubs stay in: the client must drop them.
        if (options.editQuote !== undefined) item = options.editQuote(item);
        if (item !== undefined) result.push(item);
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/json;charset=utf-8' },
        body: JSON.stringify({ quoteResponse: { result, error: null } }),
      };
    }
    if (kind === 'chart') {
      const symbol = decodeURIComponent(url.pathname.slice('/v8/finance/chart/'.length));
      const p1 = Number(url.searchParams.get('period1') ?? 0);
      const p2 = Number(url.searchParams.get('period2') ?? nowS);
      const source = options.inverse?.[symbol];
      const list = charts.get(source ?? symbol);
      if (list === undefined) return failure('delisted', url.searchParams);
      const errors = list.map(rec).filter((r) => r.status !== 200);
      let result = clipChart(list, p1, p2, nowS);
      if (result === null) return replyOf(errors[0]!);
      // A range that ends before the first trade: Yahoo's 400 "Data doesn't exist".
      const first = result.meta.firstTradeDate;
      if (typeof first === 'number' && p2 < first) return failure('before-listing', url.searchParams);
      if (source !== undefined) result = inverted(result, symbol);
      if (options.editChart !== undefined) result = options.editChart(symbol, result);
      return {
        status: 200,
        headers: { 'content-type': 'application/json;charset=utf-8' },
        body: JSON.stringify({ chart: { result: [result], error: null } }),
      };
    }
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://replay');
      const method = req.method ?? 'GET';
      const cookie = req.headers.cookie ?? '';
      const reply = serve(method, url, cookie);
      requests.push({
        kind: kindOf(method, url.pathname),
        method,
        path: url.pathname,
        query: url.searchParams,
        host: req.headers.host,
        cookie,
        status: reply.status,
      });
      const headers: http.OutgoingHttpHeaders = { ...reply.headers };
      if (reply.setCookie !== undefined && reply.setCookie.length > 0)
        headers['set-cookie'] = reply.setCookie;
      headers['content-length'] = Buffer.byteLength(reply.body);
      res.writeHead(reply.status, headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(kind, shape, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ kind, shape });
    },
    rotateCrumb() {
      crumb = crumb === FIRST_CRUMB ? SECOND_CRUMB : FIRST_CRUMB;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
