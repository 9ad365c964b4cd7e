// `folio demo`: the offline demo. Starts folio's Yahoo-compatible simulator on a free loopback port,
// runs `report` on the bundled sample portfolio against it with --bench, and labels the output as
// synthetic. Uses a throwaway cache so that demo prices never mix with a user's real ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClock } from '../../runtime.js';
import type { Io } from '../../terminal.js';
import { PACKAGE_ROOT } from '../../version.js';
import { type ReportFlags, runReport } from '../../report/run.js';

export interface DemoOptions extends ReportFlags {
  debug: boolean;
}

export async function runDemo(options: DemoOptions, io: Io): Promise<void> {
  const { debug, ...flags } = options;
  const { startSimulator } = await import('../../../sim/server.js');
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
      { debug, demo: true, yahooUrl: sim.url },
    );
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
