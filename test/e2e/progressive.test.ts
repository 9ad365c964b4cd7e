// Progressive output: on a terminal the summary and holdings print as soon as their prices
// are in, the rest once the other benchmarks' histories arrive; the terminal ends up with exactly
// the report a pipe gets in one write. The simulator holds QQQ's chart (a benchmark no holding
// needs) until the test has seen what the terminal shows meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ANSI, SAMPLE_CSV, cleanupTempDirs, tempDir } from './helpers.js';
import { folioEnv, runFolio, type RunResult, underPty } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;
let release: () => void = () => {};
let qqqHeld = true;
let tty: { code: number | null; output: string };
/** What the terminal showed while QQQ's chart was held back. */
let meanwhile = '';
let piped: RunResult;

const ARGS = ['report', SAMPLE_CSV, '--no-charts'];

beforeAll(async () => {
  sim = await startSim();
  const held = new Promise<void>((r) => (release = r));
  sim.configure({
    gate: async ({ endpoint, symbols }) => {
      if (endpoint === 'chart' && symbols[0] === 'QQQ' && qqqHeld) await held;
    },
  });
  // The terminal run, cold cache, NO_COLOR (no spinner, no colour, so its text compares byte for byte).
  const safety = setTimeout(() => release(), 45_000);
  let latest = '';
  let seen = false;
  tty = await underPty(ARGS, folioEnv({ dir: tempDir(), sim }), (soFar) => {
    latest = soFar;
    if (!seen && soFar.includes('Holdings (values in USD)') && /\r\nMarks: /.test(soFar)) {
      seen = true;
      // The holdings table is complete; give a wrongly eager report a moment to print more.
      setTimeout(() => {
        meanwhile = latest;
        release();
      }, 300);
    }
  });
  clearTimeout(safety);
  qqqHeld = false;
  piped = await runFolio(ARGS, { dir: tempDir(), sim });
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('on a terminal, while a benchmark history is on its way', () => {
  it('the summary and the holdings table are already printed, the returns and ETF comparison not yet', () => {
    expect(meanwhile).not.toBe('');
    expect(meanwhile).toContain('Summary');
    expect(meanwhile).toMatch(/Value\s+[\d,]+\.\d\d USD/);
    expect(meanwhile).toContain('Holdings (values in USD)');
    expect(meanwhile).not.toContain('Returns and risk');
    expect(meanwhile).not.toContain('ETF comparison');
  });

  it('then the rest follows, and the terminal holds exactly what a pipe gets in one write', () => {
    expect(tty.code).toBe(0);
    expect(piped.code).toBe(0);
    expect(tty.output).not.toMatch(ANSI);
    // FOLIO_NOW pins the clock's start; time runs on from there, so only the milliseconds may differ.
    const stamp = (t: string): string => t.replace(/generated \S+/, 'generated <time>');
    expect(stamp(tty.output.replace(/\r\n/g, '\n'))).toBe(stamp(piped.stdout + piped.stderr));
    expect(piped.stdout).toContain('Returns and risk');
    expect(piped.stdout.indexOf('Holdings (values in USD)')).toBeLessThan(
      piped.stdout.indexOf('Returns and risk'),
    );
  });

  it('QQQ was asked for once per run (the early print costs no request)', () => {
    expect(sim.counters.chartBySymbol.QQQ).toBe(2);
  });
});
