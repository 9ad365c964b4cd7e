// `folio config list|get|set|unset|path`: settings kept by `conf` (a JSON file in the user's config
// directory, or FOLIO_CONFIG_DIR). Keys and values are validated by folio's own rules (settings.ts),
// and by conf's JSON schema as a second guard; an unknown key or bad value is a usage error (exit 2).
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Io } from '../runtime.js';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  SETTING_SPECS,
  type SettingKey,
  configDir,
  configFile,
  isSettingKey,
  parseSetting,
  readConfig,
  showSetting,
} from '../settings.js';

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

function checkKey(key: string): SettingKey {
  if (!isSettingKey(key))
    throw new UsageError(`unknown config key ${JSON.stringify(key)} (known: ${SETTING_KEYS.join(', ')})`);
  return key;
}

const show = showSetting;

export function registerConfigCommand(program: Command, io: Io): void {
  const config = program
    .command('config')
    .description(
      'show or change settings (precedence: flag > FOLIO_* environment > holdings file > config > default)',
    )
    .addHelpText(
      'after',
      `
Keys:
${SETTING_KEYS.map((k) => `  ${k.padEnd(15)} ${SETTING_SPECS[k].describe} (env ${SETTING_SPECS[k].env})`).join('\n')}

Examples:
  $ folio config set baseCurrency EUR
  $ folio config set benchmarks SPY,VEA,AGG
  $ folio config list`,
    );

  config
    .command('list')
    .description('every key with its value and where it comes from')
    .option('--json', 'as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config list
  $ folio config list --json`,
    )
    .action((flags: { json?: boolean }) => {
      const stored = readConfig(io.env);
      const rows = SETTING_KEYS.map((k) => ({
        key: k,
        value: stored[k] ?? DEFAULT_SETTINGS[k],
        source: stored[k] !== undefined ? 'config' : 'default',
      }));
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify(Object.fromEntries(rows.map((r) => [r.key, typeof r.value === 'string' ? show(r.value) : r.value])), null, 2)}\n`,
        );
        return;
      }
      for (const r of rows)
        io.stdout.write(
          `${r.key.padEnd(15)} ${show(r.value) || '(default location)'}${r.source === 'default' ? '  (default)' : ''}\n`,
        );
    });

  config
    .command('get')
    .description('print one value')
    .argument('<key>')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config get baseCurrency
  $ folio config get benchmarks`,
    )
    .action((key: string) => {
      const k = checkKey(key);
      const stored = readConfig(io.env);
      io.stdout.write(`${show(stored[k] ?? DEFAULT_SETTINGS[k])}\n`);
    });

  config
    .command('set')
    .description('set a value')
    .argument('<key>')
    .argument('<value>')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config set baseCurrency EUR
  $ folio config set benchmarks SPY,VEA,AGG
  $ folio config set riskFreeRate 0.04`,
    )
    .action(async (key: string, value: string) => {
      const k = checkKey(key);
      const parsed = parseSetting(k, value, `config set ${k}`);
      const conf = await openConf(io);
      try {
        conf.set(k, parsed);
      } catch (error) {
        throw new UsageError(`config set ${k} ${JSON.stringify(show(value))}: ${(error as Error).message}`);
      }
      io.stdout.write(`${k} = ${show(parsed)}\n`);
    });

  config
    .command('unset')
    .description('remove a value (back to the default)')
    .argument('<key>')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config unset baseCurrency
  $ folio config unset benchmarks`,
    )
    .action(async (key: string) => {
      const k = checkKey(key);
      const conf = await openConf(io);
      conf.delete(k);
      io.stdout.write(`${k} unset (default: ${show(DEFAULT_SETTINGS[k]) || '(default location)'})\n`);
    });

  config
    .command('path')
    .description('print the config file path')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config path
  $ FOLIO_CONFIG_DIR=/tmp/folio-ci folio config path`,
    )
    .action(() => {
      io.stdout.write(`${configFile(io.env)}\n`);
    });
}
