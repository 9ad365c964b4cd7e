// Settings: the config keys, their validation, and the precedence
// flag > environment (FOLIO_*) > the holdings file's own settings > config file > default.
// Validation is folio's own (one function per key), shared by `folio config set` and by every run,
// so that a hand-edited config file gets the same one-line errors.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { UsageError } from '../errors.js';
import { PERIODS, type PeriodKey } from '../analytics/model.js';
import { isMinorUnit } from '../currencies.js';
import { normalizeCurrency } from '../holdings/currencies.js';
import { normalizeSymbol } from '../holdings/symbols.js';
import { isServerUrl, maskCredentials, parseServerUrl } from '../prices/index.js';

export interface Settings {
  baseCurrency: string;
  benchmarks: string[];
  riskFreeRate: number;
  period: PeriodKey;
  concurrency: number;
  /** Requests per second; 0 = no fixed cap. */
  rateLimit: number;
  quoteBatchSize: number;
  /** Seconds a quote stays fresh while its market is open. */
  quoteTtl: number;
  /** Seconds before one request is abandoned. */
  requestTimeout: number;
  /** Seconds of retry waiting allowed per run. */
  retryBudget: number;
  /** Cache file; empty = the default location. */
  cachePath: string;
}

export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  baseCurrency: 'USD',
  benchmarks: ['SPY', 'QQQ', 'VTI'],
  riskFreeRate: 0,
  period: '1y' as PeriodKey,
  concurrency: 8,
  rateLimit: 0,
  quoteBatchSize: 50,
  quoteTtl: 60,
  requestTimeout: 10,
  retryBudget: 30,
  cachePath: '',
});

interface KeySpec<T> {
  env: string;
  describe: string;
  /** From text (flag, env, `config set`): throws a message string's Error when invalid. */
  parse(text: string): T;
  /** From JSON (config file, holdings file settings). */
  fromJson(value: unknown): T;
}

function fail(message: string): never {
  throw new Error(message);
}

function numberSpec(
  env: string,
  describe: string,
  check: (n: number) => string | null,
  integer = false,
): KeySpec<number> {
  const validate = (n: number): number => {
    if (!Number.isFinite(n)) fail('must be a number');
    if (integer && !Number.isInteger(n)) fail('must be a whole number');
    const problem = check(n);
    if (problem !== null) fail(problem);
    return n;
  };
  return {
    env,
    describe,
    parse: (text) => validate(/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN),
    fromJson: (v) => validate(typeof v === 'number' ? v : NaN),
  };
}

const currencySpec: KeySpec<string> = {
  env: 'FOLIO_BASE_CURRENCY',
  describe: 'report currency (ISO 4217), e.g. USD, EUR, GBP',
  parse: (text) => {
    const c = normalizeCurrency(text.trim());
    if (c === null || isMinorUnit(c)) fail('must be an ISO 4217 currency code such as USD or EUR');
    return c;
  },
  fromJson: (v) => currencySpec.parse(typeof v === 'string' ? v : ''),
};

function parseBenchmarks(items: string[]): string[] {
  const out: string[] = [];
  for (const raw of items) {
    const s = normalizeSymbol(raw);
    if (s === null) fail(`${JSON.stringify(raw)} is not a valid symbol`);
    if (!out.includes(s)) out.push(s);
  }
  if (out.length === 0) fail('needs at least one symbol');
  if (out.length > 20) fail('at most 20 benchmarks');
  return out;
}

export const SETTING_SPECS: { [K in SettingKey]: KeySpec<Settings[K]> } = {
  baseCurrency: currencySpec,
  benchmarks: {
    env: 'FOLIO_BENCHMARKS',
    describe: 'benchmark ETFs, comma-separated; the first is used for beta and "vs benchmark"',
    parse: (text) =>
      parseBenchmarks(
        text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      ),
    fromJson: (v) =>
      Array.isArray(v) && v.every((x) => typeof x === 'string')
        ? parseBenchmarks(v)
        : fail('must be a list of symbols'),
  },
  riskFreeRate: numberSpec('FOLIO_RISK_FREE_RATE', 'annual risk-free rate as a fraction (0.04 = 4 %)', (n) =>
    n < -0.5 || n > 1 ? 'must be a fraction between -0.5 and 1 (0.04 = 4 %)' : null,
  ),
  period: {
    env: 'FOLIO_PERIOD',
    describe: `risk-metric window: ${PERIODS.join(', ')}`,
    parse: (text) => {
      const p = text.trim().toLowerCase();
      return (PERIODS as readonly string[]).includes(p)
        ? (p as PeriodKey)
        : fail(`must be one of ${PERIODS.join(', ')}`);
    },
    fromJson: (v) => SETTING_SPECS.period.parse(typeof v === 'string' ? v : ''),
  },
  concurrency: numberSpec(
    'FOLIO_CONCURRENCY',
    'requests to Yahoo at once',
    (n) => (n < 1 || n > 64 ? 'must be 1..64' : null),
    true,
  ),
  rateLimit: numberSpec('FOLIO_RATE_LIMIT', 'fixed cap in requests per second (0 = none)', (n) =>
    n < 0 || n > 1000 ? 'must be 0..1000' : null,
  ),
  quoteBatchSize: numberSpec(
    'FOLIO_QUOTE_BATCH_SIZE',
    'symbols per quote request (Yahoo rejects more than ~100)',
    (n) => (n < 1 || n > 99 ? 'must be 1..99' : null),
    true,
  ),
  quoteTtl: numberSpec('FOLIO_QUOTE_TTL', 'seconds a quote stays fresh while its market is open', (n) =>
    n < 0 || n > 86_400 ? 'must be 0..86400' : null,
  ),
  requestTimeout: numberSpec('FOLIO_REQUEST_TIMEOUT', 'seconds before one request is abandoned', (n) =>
    n <= 0 || n > 300 ? 'must be more than 0 and at most 300' : null,
  ),
  retryBudget: numberSpec('FOLIO_RETRY_BUDGET', 'seconds of retry waiting allowed per run', (n) =>
    n < 0 || n > 3600 ? 'must be 0..3600' : null,
  ),
  cachePath: {
    env: 'FOLIO_CACHE',
    describe:
      'cache file, or a cache server shared by many hosts: redis://[user:pass@]host:6379/0 (default: the user cache directory)',
    parse: checkCacheLocation,
    fromJson: (v) =>
      typeof v === 'string' ? checkCacheLocation(v) : fail('must be a path or a redis:// URL'),
  },
};

/** A file path as it is; a server URL only when folio can use it (redis:// or rediss://). */
function checkCacheLocation(text: string): string {
  if (!isServerUrl(text)) return text;
  const problem = parseServerUrl(text);
  return problem === null ? text : fail(problem);
}

/** A setting's value as text safe to show: a cache server's credentials masked. */
export function showSetting(value: unknown): string {
  return maskCredentials(Array.isArray(value) ? value.join(',') : String(value));
}

export const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

/**
 * Parses a value for `key` from text, or throws a one-line UsageError that names what the user typed:
 * `--currency "XYZ": must be ...`, `FOLIO_PERIOD "7q": ...`, `config set period "7q": ...`.
 */
export function parseSetting<K extends SettingKey>(key: K, text: string, label: string): Settings[K] {
  try {
    return SETTING_SPECS[key].parse(text);
  } catch (error) {
    throw new UsageError(`${label} ${JSON.stringify(maskCredentials(text))}: ${(error as Error).message}`);
  }
}

/** The command-line flag of each setting (some differ from the config key). */
export const SETTING_FLAGS: Record<SettingKey, string> = {
  baseCurrency: '--currency',
  benchmarks: '--benchmarks',
  riskFreeRate: '--risk-free',
  period: '--period',
  concurrency: '--concurrency',
  rateLimit: '--rate-limit',
  quoteBatchSize: '--quote-batch-size',
  quoteTtl: '--quote-ttl',
  requestTimeout: '--request-timeout',
  retryBudget: '--retry-budget',
  cachePath: '--cache',
};

// ---- The config file (written by `folio config` through conf; read here without loading conf).

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.FOLIO_CONFIG_DIR) return path.resolve(env.FOLIO_CONFIG_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Preferences', 'folio-nodejs');
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'folio-nodejs', 'Config');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'folio-nodejs');
}

export function configFile(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), 'config.json');
}

/** The config file's settings, validated; a bad file or value is a usage error naming the file. */
export function readConfig(env: NodeJS.ProcessEnv): Partial<Settings> {
  const file = configFile(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${file}: not valid JSON; fix it or remove it (folio config path shows where it is)`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(`${file}: must hold a JSON object`);
  const out: Partial<Settings> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!isSettingKey(key))
      throw new UsageError(`${file}: unknown key ${JSON.stringify(key)} (known: ${SETTING_KEYS.join(', ')})`);
    try {
      (out as Record<string, unknown>)[key] = SETTING_SPECS[key].fromJson(value);
    } catch (error) {
      throw new UsageError(
        `${file}: ${key} ${maskCredentials(JSON.stringify(value) ?? String(value))}: ${(error as Error).message}`,
      );
    }
  }
  return out;
}

/**
 * A config file's `cachePath` as a location: `~` and `~/...` under the home directory, another relative
 * path against the config file's own directory (not the directory folio happens to run in: a cron job
 * runs in `~`, a shell anywhere). A server URL or an absolute path stays as it is.
 */
export function configCachePath(value: string, env: NodeJS.ProcessEnv): string {
  if (isServerUrl(value) || value === '') return value;
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : os.homedir();
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith(`~${path.sep}`)) return path.join(home, value.slice(2));
  return path.resolve(configDir(env), value);
}

export interface SettingsSources {
  flags: Partial<Record<SettingKey, string>>;
  env: NodeJS.ProcessEnv;
  fileSettings?: { baseCurrency?: string; benchmarks?: string[] };
  config: Partial<Settings>;
}

/** Resolves every setting: flag > environment > holdings file > config > default. */
export function resolveSettings(sources: SettingsSources): Settings {
  const out = { ...DEFAULT_SETTINGS, benchmarks: [...DEFAULT_SETTINGS.benchmarks] } as Settings;
  const set = <K extends SettingKey>(key: K, value: Settings[K]) => {
    out[key] = value;
  };
  for (const key of SETTING_KEYS) {
    const flag = sources.flags[key];
    const envValue = sources.env[SETTING_SPECS[key].env];
    const fromFile = key === 'baseCurrency' || key === 'benchmarks' ? sources.fileSettings?.[key] : undefined;
    if (flag !== undefined) set(key, parseSetting(key, flag, SETTING_FLAGS[key]));
    else if (envValue !== undefined && envValue !== '')
      set(key, parseSetting(key, envValue, SETTING_SPECS[key].env));
    else if (fromFile !== undefined) set(key, fromFile as Settings[typeof key]);
    else if (sources.config[key] !== undefined) set(key, sources.config[key]);
  }
  return out;
}
