// Yahoo's search endpoint (/v1/finance/search, what yahoo-finance2's `search` asks): the simulator
// finds its catalogue's instruments by symbol, by name or by ISIN (a table of well-known ISINs; the
// catalogue itself is derived from symbols). The reply has the shape of Yahoo's: `quotes` with
// symbol, exchange, names, quoteType, typeDisp, index "quotes", score and isYahooFinance, plus the
// other (empty) sections and the timings.
import { type Reply, json } from './replies.js';
import { simInstrument } from './catalog.js';

/** ISIN -> the simulated listings (first: the primary one). */
const SIM_ISINS: Readonly<Record<string, readonly string[]>> = {
  US0378331005: ['AAPL'],
  US5949181045: ['MSFT', 'MSF.DE'],
  US02079K3059: ['GOOGL'],
  US0231351067: ['AMZN'],
  US88160R1014: ['TSLA'],
  US67066G1040: ['NVDA'],
  US9220427424: ['VT'],
  US9229087690: ['VTI'],
  US78462F1030: ['SPY'],
  US46090E1038: ['QQQ'],
  US4642872265: ['AGG'],
  US9219438580: ['VEA'],
  US1912161007: ['KO'],
  US56035L1044: ['MAIN'],
  US17275R1023: ['CSCO'],
  US9256521090: ['VICI'],
  US11135F1012: ['AVGO'],
  US64110L1061: ['NFLX'],
  DE0007164600: ['SAP.DE', 'SAP'],
  DE0005557508: ['DTE.DE'],
  GB00BH4HKS39: ['VOD.L', 'VOD'],
  GB00BL9YR756: ['WISE.L'],
  IE00B1XNHC34: ['INRG.L', 'IQQH.DE'],
  IE00BK5BQT80: ['VWRA.L', 'VWCE.DE'],
  IE00B4L5Y983: ['IWDA.AS', 'EUNL.DE', 'SWDA.L'],
  IE00B5BMR087: ['CSPX.L', 'SXR8.DE'],
  IE00B3RBWM25: ['VWRL.AS', 'VWRL.L'],
  CH0012032048: ['ROG.SW'],
  CH0012005267: ['NOVN.SW'],
  CH0111762537: ['SMMCHA.SW'],
  FR0000121014: ['MC.PA'],
  NL0010273215: ['ASML.AS', 'ASML'],
  JP3633400001: ['7203.T'],
  CA38501D5010: ['GCM.TO'],
};

const TYPE_DISP: Record<string, string> = {
  EQUITY: 'Equity',
  ETF: 'ETF',
  INDEX: 'Index',
  CURRENCY: 'Currency',
};

export function serveSearch(url: URL): Reply {
  const started = Date.now();
  const q = (url.searchParams.get('q') ?? '').trim().toUpperCase();
  const count = Math.max(0, Math.min(25, Number(url.searchParams.get('quotesCount') ?? '6') || 0));
  const symbols =
    q === ''
      ? []
      : (SIM_ISINS[q] ??
        (simInstrument(q) !== undefined && /^[A-Z]/.test(q) && !/^[A-Z]{2}[A-Z0-9]{9}\d$/.test(q)
          ? [q]
          : []));
  const quotes = symbols.slice(0, count).map((symbol, i) => {
    const instrument = simInstrument(symbol)!;
    return {
      exchange: instrument.exchange,
      shortname: instrument.shortName,
      quoteType: instrument.quoteType,
      symbol,
      index: 'quotes',
      score: 20000 - i * 1000,
      typeDisp: TYPE_DISP[instrument.quoteType] ?? instrument.quoteType,
      longname: instrument.longName,
      exchDisp: instrument.fullExchangeName,
      isYahooFinance: true,
    };
  });
  const took = Date.now() - started;
  return json(200, {
    explains: [],
    count: quotes.length,
    quotes,
    news: [],
    nav: [],
    lists: [],
    researchReports: [],
    screenerFieldResults: [],
    culturalAssets: [],
    totalTime: took,
    timeTakenForQuotes: took,
    timeTakenForNews: 0,
    timeTakenForAlgowatchlist: 0,
    timeTakenForPredefinedScreener: 0,
    timeTakenForCrunchbase: 0,
    timeTakenForNav: 0,
    timeTakenForResearchReports: 0,
    timeTakenForScreenerField: 0,
    timeTakenForCulturalAssets: 0,
    timeTakenForSearchLists: 0,
  });
}
