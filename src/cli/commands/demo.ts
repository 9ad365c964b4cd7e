// `folio demo`: the offline demo. Starts folio's Yahoo-compatible simulator on a free loopback port,
// runs `report` on the bundled sample portfolio against it with --bench, and labels the output as
// synthetic. Uses a throwaway cache so that demo prices never mix with a user's real ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { type Io, createClock } from '../runtime.js';
import { PACKAGE_ROOT } from '../version.js';
import { runReport } from '../report/run.js';
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
    const { startSimulator } = await import('../../sim/server.js');
    // The simulator shares folio's clock, so FOLIO_NOW pins the demo's "today" too.
    const clock = createClock(io.env);
    const sim = await startSimulator({ port: 0, host: '127.0.0.1', latencyMs: 20, now: () => clock.now() });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-demo-'));
    try {
      if (flags.quiet !== true)
        io.stderr.write(
          `folio demo: synthetic prices from the built-in simulator at ${sim.url} (no network needed)\n`,
        );
      const sample = path.join(PACKAGE_ROOT, 'fixtures', 'sample-portfolio.csv');
      await runReport(
        sample,
        {
          ...flags,
          cache: typeof flags.cache === 'string' ? flags.cache : path.join(dir, 'demo-cache.sqlite'),
          // The demo shows what folio did; --quiet keeps only the report (and --bench if asked).
          bench: flags.bench ?? flags.quiet !== true,
        },
        io,
        { debug: program.opts<{ debug?: boolean }>().debug === true, demo: true, yahooUrl: sim.url },
      );
    } finally {
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
