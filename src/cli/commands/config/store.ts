// The settings a user keeps with `folio config`: listed, read, set and unset through `conf` (a JSON
// file in the user's config directory, or FOLIO_CONFIG_DIR). Each returns the text to print.
import { UsageError } from '../../../errors.js';
import type { Io } from '../../terminal.js';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  type SettingKey,
  configDir,
  isSettingKey,
  parseSetting,
  readConfig,
  showSetting,
} from '../../settings.js';

const JSON_SCHEMA = {
  baseCurrency: { type: 'string', pattern: '^[A-Z]{3}$' },
  benchmarks: {
    type: 'array',
    items: { type: 'string', pattern: '^[A-Z0-9.^=-]{1,20}$' },
    minItems: 1,
    maxItems: 20,
  },
  riskFreeRate: { type: 'number', minimum: -0.5, maximum: 1 },
  period: { type: 'string', enum: ['1m', '3m', '6m', 'ytd', '1y', '3y', '5y', 'max'] },
  concurrency: { type: 'integer', minimum: 1, maximum: 64 },
  rateLimit: { type: 'number', minimum: 0, maximum: 1000 },
  quoteBatchSize: { type: 'integer', minimum: 1, maximum: 99 },
  quoteTtl: { type: 'number', minimum: 0, maximum: 86400 },
  requestTimeout: { type: 'number', exclusiveMinimum: 0, maximum: 300 },
  retryBudget: { type: 'number', minimum: 0, maximum: 3600 },
  cachePath: { type: 'string' },
} as const;

async function openConf(io: Io) {
  const { default: Conf } = await import('conf');
  readConfig(io.env); // a hand-broken file gets folio's one-line error, not conf's
  return new Conf<Record<string, unknown>>({
    projectName: 'folio',
    cwd: configDir(io.env),
    schema: JSON_SCHEMA as never,
    configName: 'config',
  });
}

export function checkKey(key: string): SettingKey {
  if (!isSettingKey(key))
    throw new UsageError(`unknown config key ${JSON.stringify(key)} (known: ${SETTING_KEYS.join(', ')})`);
  return key;
}

const show = showSetting;

/** Every key with its value, marked `(default)` where the config file does not set it; or JSON. */
export function listConfig(io: Io, json: boolean): string {
  const stored = readConfig(io.env);
  const rows = SETTING_KEYS.map((k) => ({
    key: k,
    value: stored[k] ?? DEFAULT_SETTINGS[k],
    source: stored[k] !== undefined ? 'config' : 'default',
  }));
  if (json) {
    const shown = rows.map((r) => [r.key, typeof r.value === 'string' ? show(r.value) : r.value]);
    return `${JSON.stringify(Object.fromEntries(shown), null, 2)}\n`;
  }
  return rows
    .map(
      (r) =>
        `${r.key.padEnd(15)} ${show(r.value) || '(default location)'}${r.source === 'default' ? '  (default)' : ''}\n`,
    )
    .join('');
}

export function getConfig(io: Io, key: string): string {
  const k = checkKey(key);
  const stored = readConfig(io.env);
  return `${show(stored[k] ?? DEFAULT_SETTINGS[k])}\n`;
}

export async function setConfig(io: Io, key: string, value: string): Promise<string> {
  const k = checkKey(key);
  const parsed = parseSetting(k, value, `config set ${k}`);
  const conf = await openConf(io);
  try {
    conf.set(k, parsed);
  } catch (error) {
    throw new UsageError(`config set ${k} ${JSON.stringify(show(value))}: ${(error as Error).message}`);
  }
  return `${k} = ${show(parsed)}\n`;
}

export async function unsetConfig(io: Io, key: string): Promise<string> {
  const k = checkKey(key);
  const conf = await openConf(io);
  conf.delete(k);
  return `${k} unset (default: ${show(DEFAULT_SETTINGS[k]) || '(default location)'})\n`;
}
