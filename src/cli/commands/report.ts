// `folio report <file...>` (also `folio <file...>`): the main job, declared here (its options, help
// and examples); the body, one path for one file or many, is src/cli/report/run.ts, loaded on use.
import { type Command, Option } from 'commander';
import { COST_METHODS } from '../../analytics/model.js';
import { FORMATS, SORT_KEYS } from '../../render/options.js';
import { EXIT_CODES_HELP } from '../help.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { ReportFlags } from '../report/request.js';

export type { ReportFlags } from '../report/request.js';

export function addReportOptions(cmd: Command): Command {
  addPriceOptions(
    cmd
      .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
      .option(
        '-o, --output <file>',
        'write the result to a file (atomically; through a symlink) instead of stdout',
      )
      .option('--currency <code>', 'report currency (default USD)')
      .option('--benchmarks <list>', 'benchmark ETFs, comma-separated (default SPY,QQQ,VTI)')
      .option('--period <period>', 'risk-metric window: 1m, 3m, 6m, ytd, 1y, 3y, 5y, max (default 1y)')
      .option('--risk-free <rate>', 'annual risk-free rate as a fraction, e.g. 0.04 (default 0)')
      .option('--as-of <date>', 'the report as of a past date YYYY-MM-DD')
      .option('--sort <key>', `holdings order: ${SORT_KEYS.join(', ')}`, 'value')
      .option('--lots', 'show each lot under its holding')
      .option('--no-charts', 'skip the charts')
      .option('--width <columns>', 'output width (default: the terminal, or 80)')
      .option('--height <rows>', 'chart height (default 12)')
      .addOption(
        new Option(
          '--fail-if <condition>',
          'exit 5 when a condition holds, e.g. maxDrawdown<-0.2 (repeatable)',
        ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
      )
      .option('--strict', 'exit 4 when any price is stale or missing')
      .option('--cost-method <method>', `cost basis of sells: ${COST_METHODS.join(', ')} (default fifo)`)
      .option('--by-year', 'break realized gains and income down by calendar year')
      .option(
        '--targets <file>',
        'target allocation, a CSV of group,target (class:Bonds,0.25): show the drift',
      )
      .option('--drift-band <fraction>', 'flag drifts from the targets beyond this (default 0.05 = 5 pp)'),
  );
  return cmd;
}

export function registerReportCommand(program: Command, io: Io): void {
  const cmd = program
    .command('report', { isDefault: true })
    .description('report on holdings files: summary, holdings, ETF comparison, charts')
    .argument('<file...>', 'holdings files (CSV or JSON), directories of them, or - for standard input');
  addReportOptions(cmd)
    .option('--output-dir <dir>', 'with several files: write one report per file into DIR (atomically)')
    .option('--combine', 'with several files: one report of all holdings, each file an account')
    .addHelpText(
      'after',
      `
Examples:
  $ folio report holdings.csv
  $ folio report holdings.json --currency EUR --period 3y --fail-if 'maxDrawdown<-0.2'
  $ cat holdings.csv | folio report - --format markdown --output /var/reports/daily.md
  $ folio report mine.csv joint.json kids/ --combine --format json --bench > all.json
${EXIT_CODES_HELP}`,
    );
  cmd.action(async (files: string[], flags: ReportFlags) => {
    const { runReports } = await import('../report/run.js');
    await runReports(files, flags, io, { debug: program.opts<{ debug?: boolean }>().debug === true });
  });
}
