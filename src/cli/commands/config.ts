// `folio config list|get|set|unset|path`: settings kept by `conf` (a JSON file in the user's config
// directory, or FOLIO_CONFIG_DIR). Keys and values are validated by folio's own rules (settings.ts),
// and by conf's JSON schema as a second guard; an unknown key or bad value is a usage error (exit 2).
// This file declares the commands; their bodies (config/store.ts) are loaded when one runs.
import type { Command } from 'commander';
import { QUIET_HELP } from '../help.js';
import type { Io } from '../terminal.js';
import { SETTING_KEYS, SETTING_SPECS, configFile } from '../settings.js';

const store = () => import('./config/store.js');

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
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ folio config list
  $ folio config list --json`,
    )
    .action(async (flags: { json?: boolean }) => {
      const { listConfig } = await store();
      io.stdout.write(listConfig(io, flags.json === true));
    });

  config
    .command('get')
    .description('print one value')
    .argument('<key>')
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ folio config get baseCurrency
  $ folio config get benchmarks`,
    )
    .action(async (key: string) => {
      const { getConfig } = await store();
      io.stdout.write(getConfig(io, key));
    });

  config
    .command('set')
    .description('set a value')
    .argument('<key>')
    .argument('<value>')
    .option('-q, --quiet', 'print nothing but errors (not the new value)')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config set baseCurrency EUR
  $ folio config set benchmarks SPY,VEA,AGG
  $ folio config set riskFreeRate 0.04`,
    )
    .action(async (key: string, value: string, flags: { quiet?: boolean }) => {
      const { setConfig } = await store();
      const line = await setConfig(io, key, value);
      if (flags.quiet !== true) io.stdout.write(line);
    });

  config
    .command('unset')
    .description('remove a value (back to the default)')
    .argument('<key>')
    .option('-q, --quiet', 'print nothing but errors (not the default now in force)')
    .addHelpText(
      'after',
      `
Examples:
  $ folio config unset baseCurrency
  $ folio config unset benchmarks`,
    )
    .action(async (key: string, flags: { quiet?: boolean }) => {
      const { unsetConfig } = await store();
      const line = await unsetConfig(io, key);
      if (flags.quiet !== true) io.stdout.write(line);
    });

  config
    .command('path')
    .description('print the config file path')
    .option('-q, --quiet', QUIET_HELP)
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
