// `folio digest <file...>`: the command's options and help; its body (digest/run.ts) is loaded when it
// runs.
import { type Command, Option } from 'commander';
import { DIGEST_FORMATS } from '../../render/options.js';
import { EXIT_CODES_HELP } from '../help.js';
import { addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { DigestFlags } from './digest/run.js';

export function registerDigestCommand(program: Command, io: Io): void {
  const cmd = program
    .command('digest')
    .description('what changed since the previous digest: value, movers, positions, dividends, warnings')
    .argument('<file...>', 'holdings files (CSV or JSON) or directories of them')
    .option('-f, --format <format>', `output format: ${DIGEST_FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the digest to a file (atomically) instead of stdout')
    .option('--since <date>', 'compare with the report as of DATE (YYYY-MM-DD); stores no baseline')
    .option('--reset', 'start over: compare with nothing, store this digest as the baseline')
    .option('--currency <code>', 'report currency (default USD)')
    .option('--benchmarks <list>', 'benchmark ETFs, comma-separated (default SPY,QQQ,VTI)')
    .option('--cost-method <method>', 'cost basis of sells: fifo, average (default fifo)')
    .addOption(
      new Option(
        '--fail-if <condition>',
        'exit 5 when a condition holds now, as in report (repeatable)',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--strict', 'exit 4 when any price is stale or missing');
  addPriceOptions(cmd).addHelpText(
    'after',
    `
The first digest of a file stores its baseline and says there is nothing to compare yet; each later
one compares with the previous digest of the same file (its absolute path) and becomes the baseline.

Examples:
  $ folio digest holdings.csv
  $ folio digest holdings.csv --format html | mail -a 'Content-Type: text/html' -s 'folio' me@example.com
  $ folio digest holdings.csv --since 2026-01-02 --format markdown
  $ folio digest holdings.csv --format json --fail-if 'dayChangePct<-0.03'
${EXIT_CODES_HELP}`,
  );
  cmd.action(async (files: string[], flags: DigestFlags) => {
    const { runDigest } = await import('./digest/run.js');
    await runDigest({ ...flags, files, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
