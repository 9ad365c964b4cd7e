// The simulator's public surface: the server and the pure helpers that give the same data without HTTP.
export { startSimulator, SIM_CRUMB, SIM_COOKIE_NAME } from './server.js';
export type { SimOptions, Simulator } from './server.js';
export { simBars, simDividends, simSplits } from './market.js';
export { simInstrument } from './catalog.js';
