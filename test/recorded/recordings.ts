// Recorded Yahoo responses (fixtures/yahoo-recorded/, see its README for where each came from), read
// from the three recorder formats into one shape: request URL and method, response status, headers
// and body text. The recorders stored decoded bodies, so content-length and content-encoding describe
// a wire body that is not there: they are dropped here and the replay recomputes the length.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDED_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'yahoo-recorded',
);

export interface Recording {
  file: string;
  method: string;
  url: URL;
  status: number;
  /** Header values as strings; set-cookie as a list. */
  headers: Record<string, string>;
  setCookie: string[];
  body: string;
}

interface Fm {
  request: { url: string; method?: string };
  response: {
    status: number;
    headers?: Record<string, string | string[]>;
    bodyJson?: unknown;
    bodyText?: string;
    body?: string;
  };
}

interface Yfin {
  request: { method: string; url: string; params: Record<string, unknown> };
  response: { status_code: number; content_type: string; json: unknown };
}

const DROPPED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection']);

export function readRecording(file: string): Recording {
  const raw = JSON.parse(fs.readFileSync(path.join(RECORDED_DIR, file), 'utf8')) as Fm | Yfin[];
  if (Array.isArray(raw)) {
    const r = raw[0]!;
    const url = new URL(r.request.url);
    for (const [k, v] of Object.entries(r.request.params)) url.searchParams.set(k, String(v));
    return {
      file,
      method: r.request.method,
      url,
      status: r.response.status_code,
      headers: { 'content-type': r.response.content_type },
      setCookie: [],
      body: JSON.stringify(r.response.json),
    };
  }
  const headers: Record<string, string> = {};
  let setCookie: string[] = [];
  for (const [k, v] of Object.entries(raw.response.headers ?? {})) {
    const name = k.toLowerCase();
    if (name === 'set-cookie') setCookie = Array.isArray(v) ? v : [v];
    else if (!DROPPED.has(name)) headers[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  const r = raw.response;
  const body =
    r.bodyJson !== undefined
      ? JSON.stringify(r.bodyJson)
      : (r.bodyText ?? (typeof r.body === 'string' ? r.body : ''));
  return {
    file,
    method: raw.request.method ?? 'GET',
    url: new URL(raw.request.url),
    status: r.status,
    headers,
    setCookie,
    body,
  };
}

export function recordingFiles(): string[] {
  return fs.readdirSync(RECORDED_DIR).filter((f) => f !== 'README.md');
}

/** The JSON body of a recording. */
function bodyOf<T = unknown>(file: string): T {
  return JSON.parse(readRecording(file).body) as T;
}

export interface RawChartResult {
  meta: Record<string, unknown> & { currency?: string | null; exchangeTimezoneName?: string };
  timestamp?: number[];
  events?: {
    dividends?: Record<string, { amount: number; date: number }>;
    splits?: Record<string, { date: number; numerator: number; denominator: number; splitRatio: string }>;
  };
  indicators: {
    quote: Record<string, (number | null)[] | undefined>[];
    adjclose?: { adjclose?: (number | null)[] }[];
  };
}

/** The chart result of a recorded 200 chart response. */
export function chartOf(file: string): RawChartResult {
  const body = bodyOf<{ chart: { result: RawChartResult[] } }>(file);
  return body.chart.result[0]!;
}
