// The simulator hook every test uses: the project's Yahoo simulator on 127.0.0.1 (a free port) with the
// pinned day the whole suite agrees on, so a spawned CLI (FOLIO_NOW) and the server see the same "now".
// Start it with `startSim()`, point folio at `sim.url`, stop it with `sim.close()`.
import { type SimOptions, type Simulator, startSimulator } from '../../src/sim/index.js';

/** The simulator's last day with data: a Friday. */
export const SIM_TODAY = '2026-11-27';
/** folio's "now" (FOLIO_NOW): 22:00 UTC that day is after every exchange's close. */
export const FOLIO_NOW = '2026-11-27T22:00:00Z';
/** The same instant in ms, for the simulator's and the pipeline's clocks. */
export const SIM_NOW = Date.parse(FOLIO_NOW);

/**
 * Starts the simulator on a free loopback port at SIM_TODAY / SIM_NOW; `options` override (a test of
 * another day passes its own `today` and `now`, `today: undefined` for "the date of `now()`").
 */
export function startSim(options: SimOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, today: SIM_TODAY, now: () => SIM_NOW, ...options });
}
