// The simulator's public surface: the server and the pure helpers that give the same data without HTTP.
export { startSimulator, checkSimOptions, isSimUnknownSymbol, SIM_CRUMB, SIM_COOKIE_NAME } from './server.js';
export type { SimOptions, SimCounters, Simulator, SimEndpoint, SimNames } from './server.js';
export {
  simBars,
  simDividends,
  simSplits,
  simHistory,
  sessionOpenTimestamp,
  sessionCloseTimestamp,
  DEFAULT_SPLITS,
  FIRST_BAR_DATE,
} from './market.js';
export type { SimBar, SimDividend, SimSplit, SimSplitEvent, SimHistory, SimMarketOptions } from './market.js';
export {
  simInstrument,
  isUnknownSymbol,
  DIVIDEND_PAYERS,
  NON_PAYERS,
  ETF_TICKERS,
  EXCHANGES_BY_SUFFIX,
  SYMBOL_PATTERN,
} from './catalog.js';
export type { SimInstrument, SimQuoteType, SimExchange } from './catalog.js';
