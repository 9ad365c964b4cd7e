// `folio demo`: the command's options (the report's) and help; its body (demo/run.ts) is loaded when it runs.
import type { Command } from 'commander';
import type { Io } from '../terminal.js';
import { type ReportFlags, addReportOptions } from './report.js';

export function registerDemoCommand(program: Command, io: Io): void {
  const cmd = program
    .command('demo')
    .description('offline demo: report on the sample portfolio against the built-in Yahoo simulator');
  addReportOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ folio demo
  $ folio demo --format markdown
  $ folio demo --lots --period 3y`,
  );
  cmd.action(async (flags: ReportFlags) => {
    const { runDemo } = await import('./demo/run.js');
    await runDemo({ ...flags, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });
}
