// Every failure the user can act on is an AppError with an exit code; src/cli/main.ts is the one place
// that turns them into a message on stderr and `process.exitCode`.

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  pricesUnavailable: 4,
  failIf: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class AppError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode: ExitCode; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** A bad command line: unknown option, bad flag value. Exit 2. */
export class UsageError extends AppError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
  }
}

/** One problem in a holdings file, located by file, line and field. */
export interface InputProblem {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  field?: string;
  value?: string;
  reason: string;
}

/** `file:line: field "value": reason` (parts left out when unknown). */
function formatInputProblem(p: InputProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const what =
    p.field === undefined
      ? ''
      : p.value === undefined
        ? `${p.field}: `
        : `${p.field} ${JSON.stringify(p.value).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}: `; // JSON leaves C1 controls (8-bit CSI) and bidi overrides raw
  return `${where}: ${what}${p.reason}`;
}

/** At most this many problems are listed in one InputError (`total` counts them all). */
const MAX_LISTED_PROBLEMS = 20;

/** A holdings file that cannot be used. Carries every problem found (up to a limit). Exit 3. */
export class InputError extends AppError {
  readonly problems: InputProblem[];
  /** How many problems there were in all (more than `problems.length` when capped). */
  readonly total: number;
  constructor(problems: InputProblem[], options: { total?: number; cause?: unknown } = {}) {
    const first = problems[0];
    const total = options.total ?? problems.length;
    super(first === undefined ? 'invalid input' : formatInputProblem(first), {
      exitCode: ExitCode.input,
      cause: options.cause,
    });
    this.problems = problems;
    this.total = total;
  }
  /** Every problem of a run in one error: by file and line (stable), the first MAX_LISTED_PROBLEMS listed. */
  static listing(problems: readonly InputProblem[]): InputError {
    const ordered = problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) =>
        a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : a.p.line - b.p.line || a.i - b.i,
      );
    return new InputError(
      ordered.slice(0, MAX_LISTED_PROBLEMS).map((x) => x.p),
      { total: problems.length },
    );
  }
  /** One line per problem, and a closing line when the list was capped. */
  lines(): string[] {
    const lines = this.problems.map(formatInputProblem);
    if (this.total > this.problems.length)
      lines.push(`... and ${this.total - this.problems.length} more problems`);
    return lines;
  }
}

/** Prices needed for the report could not be had from Yahoo nor from the cache. Exit 4. */
export class PriceUnavailableError extends AppError {
  readonly symbols: string[];
  constructor(message: string, options: { symbols?: string[]; hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: ExitCode.pricesUnavailable, hint: options.hint, cause: options.cause });
    this.symbols = options.symbols ?? [];
  }
}

/** A `--fail-if` condition held. The report was still written. Exit 5. */
export class ConditionMetError extends AppError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.failIf });
  }
}

// ---- Upstream (Yahoo) failures. Transient ones are retried and count against the circuit breaker.

/** Yahoo answered 429. `retryAfterMs` from `Retry-After` when it sent one. */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly status = 429;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx, network failure, timeout or a malformed body: Yahoo is unhealthy, try again later. */
export class UpstreamError extends Error {
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamError';
    this.status = options.status;
  }
}

/**
 * The run's first request could not reach Yahoo at all (the host did not resolve, or the connection
 * was refused) before any answer came: the machine is offline, so nothing is retried or sent again.
 */
export class OfflineError extends Error {
  /** The network error code: ENOTFOUND, EAI_AGAIN or ECONNREFUSED. */
  readonly code: string;
  constructor(code: string, options: { cause?: unknown } = {}) {
    super(
      `Yahoo unreachable (${code}): offline`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'OfflineError';
    this.code = code;
  }
}

/** The network error code that says "offline" (DNS failure or refused connection) in `error`'s cause chain. */
export function offlineCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED') return code;
    e = e.cause;
  }
  return undefined;
}

/** The circuit breaker is open: no request was sent. */
export class CircuitOpenError extends Error {
  readonly retryAt: number;
  constructor(retryAt: number) {
    super(`Yahoo requests paused by the circuit breaker until ${new Date(retryAt).toISOString()}`);
    this.name = 'CircuitOpenError';
    this.retryAt = retryAt;
  }
}

// ---- The words for a symbol without a price: one home, for the report, `folio quote` and `folio history`.

/**
 * A symbol Yahoo says it does not know: dropped from the quote response and its chart answered
 * "No data found, symbol may be delisted" (or "Data doesn't exist"). Only then.
 */
export function unknownSymbolText(symbol: string): string {
  return `unknown or delisted symbol ${symbol}`;
}

/** Any other symbol whose price could not be had (offline and not cached, an outage, ...), with why. */
export function noPriceText(symbol: string, reason: string): string {
  return `${symbol}: no price available (${reason})`;
}

/** A holding without a price: the report values it at nothing and says so. */
export function heldWithoutPriceText(symbol: string, reason: string): string {
  return `${noPriceText(symbol, reason)}; excluded from totals`;
}

/** Yahoo's chart has no data for the symbol ("No data found, symbol may be delisted"). Never retried. */
export class UnknownSymbolError extends Error {
  readonly symbol: string;
  constructor(symbol: string, message = `Yahoo has no data for ${symbol}`) {
    super(message);
    this.name = 'UnknownSymbolError';
    this.symbol = symbol;
  }
}

/** Errors that say Yahoo is unhealthy (retry, count against the breaker). */
export function isTransient(error: unknown): boolean {
  return error instanceof RateLimitedError || error instanceof UpstreamError || error instanceof SyntaxError;
}
