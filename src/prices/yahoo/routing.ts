// Routing of yahoo-finance2's requests to a Yahoo-compatible origin (FOLIO_YAHOO_URL / --yahoo-url):
// the project's simulator in tests, benchmarks and the demo, or a user's proxy or mirror.
// yahoo-finance2 hard-codes https://*.yahoo.com and copies the global `fetch` when an instance is
// constructed, so folio installs a fetch function that keeps the library's URLs
// (its cookie jar matches `Domain=.yahoo.com` against them) and rewrites only the origin on the wire.

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const YAHOO_HOST = /(^|\.)yahoo\.com$/i;

/** True for Yahoo's own hosts (finance.yahoo.com, query1/query2.finance.yahoo.com, guce.yahoo.com, ...). */
export function isYahooHost(hostname: string): boolean {
  return YAHOO_HOST.test(hostname);
}

/** Parses and checks a user-given origin such as `http://127.0.0.1:8080`; returns its origin URL. */
export function parseOrigin(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(value)} (expected e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`not an http(s) URL: ${JSON.stringify(value)}`);
  }
  return new URL(url.origin);
}

/** The URL a request really goes to: a Yahoo URL with its origin replaced by `origin` (path, query kept). */
export function routeUrl(url: URL, origin: URL | undefined): URL {
  if (origin === undefined || !isYahooHost(url.hostname)) return url;
  const routed = new URL(url.pathname + url.search, origin);
  return routed;
}

/** URL of any fetch input. */
export function urlOf(input: string | URL | Request): URL {
  if (input instanceof URL) return input;
  if (typeof input === 'string') return new URL(input);
  return new URL(input.url);
}
