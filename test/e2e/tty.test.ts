// The spinner and colours appear on a terminal and nowhere else: the same report under a
// pseudo-terminal (script(1), no NO_COLOR, no FORCE_COLOR, TERM=xterm-256color) and through pipes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ANSI, SAMPLE_CSV, cleanupTempDirs, tempDir } from './helpers.js';
import { folioEnv, runFolio, type RunResult, underPty } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;
let tty: { code: number | null; output: string };
let piped: RunResult;

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const terminal = { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' };
  const args = ['report', SAMPLE_CSV, '--no-charts'];
  tty = await underPty(args, folioEnv({ dir, sim, env: terminal }));
  piped = await runFolio(args, { dir, sim, env: terminal });
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('on a terminal', () => {
  it('shows the spinner naming the phase and progress, then the coloured report', () => {
    expect(tty.code).toBe(0);
    expect(tty.output).toContain('\u001b[?25l'); // ora hides the cursor while it spins
    expect(tty.output).toMatch(
      /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\u001b\[39m (loading holdings|prices: 21 symbols|history \d+\/21)/,
    );
    expect(tty.output).toContain('\u001b[?25h'); // and shows it again
    expect(tty.output).toContain('\u001b[1mSummary'); // bold section titles
    expect(tty.output).toMatch(/\u001b\[32m\+[\d,.]+ \(\+[\d.,]+%\)/); // a gain in green
    expect(tty.output).toContain('Holdings (values in USD)');
  });
});

describe('off a terminal (pipes), without NO_COLOR', () => {
  it('writes the same report with no escape sequence at all', () => {
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Holdings (values in USD)');
    expect(piped.stdout).not.toMatch(ANSI);
    expect(piped.stderr).not.toMatch(ANSI);
    expect(piped.stderr).toBe('');
  });
});
