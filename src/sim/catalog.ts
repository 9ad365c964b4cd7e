// What the simulator knows about an instrument without generating prices: exchange, currency, time zone,
// session hours, quote type and names (how its price moves is in assets.ts). Everything is derived from the
// symbol alone (suffix rules plus a few well-known tickers), so any valid symbol "exists".

import { fnv1a, mulberry32 } from './random.js';

const SYMBOL_PATTERN = /^[A-Z0-9.^=-]{1,20}$/;

export type SimQuoteType = 'EQUITY' | 'ETF' | 'CURRENCY' | 'INDEX';

export interface SimExchange {
  /** Yahoo's short exchange code (`exchange` in quotes, `exchangeName` in chart meta). */
  code: string;
  fullName: string;
  timezone: string;
  currency: string;
  market: string;
  /** Regular session in exchange-local time, minutes after midnight. */
  openMinutes: number;
  closeMinutes: number;
}

export interface SimInstrument {
  symbol: string;
  quoteType: SimQuoteType;
  currency: string;
  timezone: string;
  exchange: string;
  fullExchangeName: string;
  market: string;
  shortName: string;
  longName: string;
  openMinutes: number;
  closeMinutes: number;
  /** Decimals prices are rounded to (4; FX 6). */
  priceDecimals: number;
  /** For CURRENCY: the pair's two legs (`EURUSD=X` -> EUR, USD). */
  fx?: { from: string; to: string };
}

const hm = (h: number, m: number): number => h * 60 + m;

const US: SimExchange = {
  code: 'NMS',
  fullName: 'NasdaqGS',
  timezone: 'America/New_York',
  currency: 'USD',
  market: 'us_market',
  openMinutes: hm(9, 30),
  closeMinutes: hm(16, 0),
};
const US_ETF: SimExchange = { ...US, code: 'PCX', fullName: 'NYSEArca' };
const US_INDEX: SimExchange = { ...US, code: 'SNP', fullName: 'SNP' };

const EU_SESSION = { openMinutes: hm(9, 0), closeMinutes: hm(17, 30) };

/** Suffix -> exchange, as listed in the issue. */
const EXCHANGES_BY_SUFFIX: Readonly<Record<string, SimExchange>> = {
  L: {
    code: 'LSE',
    fullName: 'LSE',
    timezone: 'Europe/London',
    currency: 'GBp',
    market: 'gb_market',
    openMinutes: hm(8, 0),
    closeMinutes: hm(16, 30),
  },
  DE: {
    code: 'GER',
    fullName: 'XETRA',
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    market: 'de_market',
    ...EU_SESSION,
  },
  PA: {
    code: 'PAR',
    fullName: 'Paris',
    timezone: 'Europe/Paris',
    currency: 'EUR',
    market: 'fr_market',
    ...EU_SESSION,
  },
  AS: {
    code: 'AMS',
    fullName: 'Amsterdam',
    timezone: 'Europe/Amsterdam',
    currency: 'EUR',
    market: 'nl_market',
    ...EU_SESSION,
  },
  TO: {
    code: 'TOR',
    fullName: 'Toronto',
    timezone: 'America/Toronto',
    currency: 'CAD',
    market: 'ca_market',
    openMinutes: hm(9, 30),
    closeMinutes: hm(16, 0),
  },
  T: {
    code: 'JPX',
    fullName: 'Tokyo',
    timezone: 'Asia/Tokyo',
    currency: 'JPY',
    market: 'jp_market',
    openMinutes: hm(9, 0),
    closeMinutes: hm(15, 0),
  },
  HK: {
    code: 'HKG',
    fullName: 'HKSE',
    timezone: 'Asia/Hong_Kong',
    currency: 'HKD',
    market: 'hk_market',
    openMinutes: hm(9, 30),
    closeMinutes: hm(16, 0),
  },
  SW: {
    code: 'EBS',
    fullName: 'Swiss',
    timezone: 'Europe/Zurich',
    currency: 'CHF',
    market: 'ch_market',
    ...EU_SESSION,
  },
  AX: {
    code: 'ASX',
    fullName: 'ASX',
    timezone: 'Australia/Sydney',
    currency: 'AUD',
    market: 'au_market',
    openMinutes: hm(10, 0),
    closeMinutes: hm(16, 0),
  },
  JO: {
    code: 'JNB',
    fullName: 'Johannesburg',
    timezone: 'Africa/Johannesburg',
    currency: 'ZAc',
    market: 'za_market',
    openMinutes: hm(9, 0),
    closeMinutes: hm(17, 0),
  },
};

/** FX trades around the clock on weekdays; Yahoo stamps daily FX bars at 00:00 London time. */
const FX_EXCHANGE: SimExchange = {
  code: 'CCY',
  fullName: 'CCY',
  timezone: 'Europe/London',
  currency: 'USD',
  market: 'ccy_market',
  openMinutes: 0,
  closeMinutes: hm(23, 59),
};

const INDEXES: Readonly<Record<string, { name: string; exchange: SimExchange; level: number }>> = {
  '^GSPC': { name: 'S&P 500', exchange: US_INDEX, level: 2058 },
  '^DJI': {
    name: 'Dow Jones Industrial Average',
    exchange: { ...US_INDEX, code: 'DJI', fullName: 'DJI' },
    level: 17832,
  },
  '^IXIC': {
    name: 'NASDAQ Composite',
    exchange: { ...US_INDEX, code: 'NIM', fullName: 'Nasdaq GIDS' },
    level: 4726,
  },
  '^FTSE': {
    name: 'FTSE 100',
    exchange: { ...EXCHANGES_BY_SUFFIX.L!, code: 'FGI', fullName: 'FTSE Index', currency: 'GBP' },
    level: 6547,
  },
  '^GDAXI': { name: 'DAX PERFORMANCE-INDEX', exchange: EXCHANGES_BY_SUFFIX.DE!, level: 9764 },
  '^N225': {
    name: 'Nikkei 225',
    exchange: { ...EXCHANGES_BY_SUFFIX.T!, code: 'OSA', fullName: 'Osaka' },
    level: 17450,
  },
};

/** Base tickers Yahoo calls ETF (with or without an exchange suffix). */
const ETF_TICKERS: ReadonlySet<string> = new Set(
  (
    'SPY QQQ VTI IWM EFA AGG VEA VWO BND GLD SLV VOO IVV VT VXUS TLT IEF SHY SCHD VNQ XLK XLF XLE XLV DIA EEM ' +
    'LQD HYG VIG VYM IEMG ACWI IJH IJR VGK EWJ VUSA VWRL CSPX IWDA ISF SWDA EQQQ EXS1 VUAA'
  ).split(' '),
);

const NAMES: Readonly<Record<string, string>> = {
  AAPL: 'Apple Inc.',
  MSFT: 'Microsoft Corporation',
  TSLA: 'Tesla, Inc.',
  NVDA: 'NVIDIA Corporation',
  KO: 'The Coca-Cola Company',
  JNJ: 'Johnson & Johnson',
  AMZN: 'Amazon.com, Inc.',
  GOOGL: 'Alphabet Inc.',
  SPY: 'SPDR S&P 500 ETF Trust',
  QQQ: 'Invesco QQQ Trust, Series 1',
  VTI: 'Vanguard Total Stock Market Index Fund ETF Shares',
  'VOD.L': 'Vodafone Group Public Limited Company',
  'ULVR.L': 'Unilever PLC',
  'SAP.DE': 'SAP SE',
};

const FX_PATTERN = /^([A-Z]{3})([A-Z]{3})=X$/;

/** Splits `VOD.L` into base `VOD` and suffix `L`; a suffix not in the table keeps the whole symbol US. */
function splitSuffix(symbol: string): { base: string; exchange: SimExchange | undefined } {
  const dot = symbol.lastIndexOf('.');
  if (dot <= 0) return { base: symbol, exchange: undefined };
  const exchange = EXCHANGES_BY_SUFFIX[symbol.slice(dot + 1)];
  return exchange === undefined
    ? { base: symbol, exchange: undefined }
    : { base: symbol.slice(0, dot), exchange };
}

/** Exchange, currency, names and type of any symbol matching SYMBOL_PATTERN (undefined otherwise). */
export function simInstrument(symbol: string): SimInstrument | undefined {
  if (!SYMBOL_PATTERN.test(symbol)) return undefined;
  const fx = FX_PATTERN.exec(symbol);
  if (fx !== null) {
    const from = fx[1]!;
    const to = fx[2]!;
    const name = `${from}/${to}`;
    return {
      symbol,
      quoteType: 'CURRENCY',
      currency: to,
      timezone: FX_EXCHANGE.timezone,
      exchange: FX_EXCHANGE.code,
      fullExchangeName: FX_EXCHANGE.fullName,
      market: FX_EXCHANGE.market,
      shortName: name,
      longName: name,
      openMinutes: FX_EXCHANGE.openMinutes,
      closeMinutes: FX_EXCHANGE.closeMinutes,
      priceDecimals: 6,
      fx: { from, to },
    };
  }
  if (symbol.startsWith('^')) {
    const known = INDEXES[symbol];
    const exchange = known?.exchange ?? US_INDEX;
    const name = known?.name ?? `${symbol.slice(1)} Index`;
    return fromExchange(symbol, 'INDEX', exchange, name, name);
  }
  const { base, exchange } = splitSuffix(symbol);
  const isEtf = ETF_TICKERS.has(base);
  const venue = exchange ?? (isEtf ? US_ETF : US);
  const longName =
    NAMES[symbol] ?? (isEtf ? `${base} Simulated Index ETF` : `${base} Simulated Holdings Inc.`);
  const shortName = longName.length > 30 ? longName.slice(0, 30).trimEnd() : longName;
  return fromExchange(symbol, isEtf ? 'ETF' : 'EQUITY', venue, shortName, longName);
}

function fromExchange(
  symbol: string,
  quoteType: SimQuoteType,
  ex: SimExchange,
  shortName: string,
  longName: string,
): SimInstrument {
  return {
    symbol,
    quoteType,
    currency: ex.currency,
    timezone: ex.timezone,
    exchange: ex.code,
    fullExchangeName: ex.fullName,
    market: ex.market,
    shortName,
    longName,
    openMinutes: ex.openMinutes,
    closeMinutes: ex.closeMinutes,
    priceDecimals: 4,
  };
}

/** Level of a well-known index on the first bar (2015-01-02), or undefined. */
export function indexStartLevel(symbol: string): number | undefined {
  return INDEXES[symbol]?.level;
}

// ---- Dividends

/** Payers named in the issue; others pay when their hash says so (~30% of non-FX, non-index symbols). */
const DIVIDEND_PAYERS: ReadonlySet<string> = new Set([
  'SPY',
  'VTI',
  'QQQ',
  'AAPL',
  'MSFT',
  'KO',
  'JNJ',
  'VOD.L',
  'ULVR.L',
  'SAP.DE',
]);
/** Well-known non-payers, so demos look plausible. */
const NON_PAYERS: ReadonlySet<string> = new Set([
  'TSLA',
  'AMZN',
  'GOOGL',
  'GOOG',
  'META',
  'NFLX',
  'BRK-B',
  'NVDA',
]);

export interface DividendPolicy {
  /** Months (1-12) with an ex-date, one per quarter. */
  months: number[];
  /** Ex-date is the first business day on or after this day of the month. */
  day: number;
  /** Dividend per quarter as a fraction of the previous close (0.004-0.01). */
  yieldPerQuarter: number;
}

export function dividendPolicy(instrument: SimInstrument): DividendPolicy | undefined {
  const { symbol, quoteType } = instrument;
  if (quoteType === 'CURRENCY' || quoteType === 'INDEX' || NON_PAYERS.has(symbol)) return undefined;
  const h = fnv1a(`div:${symbol}`);
  if (!DIVIDEND_PAYERS.has(symbol) && h % 100 >= 30) return undefined;
  const rng = mulberry32(h);
  const phase = Math.floor(rng() * 3);
  return {
    months: [1, 4, 7, 10].map((m) => m + phase),
    day: 3 + Math.floor(rng() * 22),
    yieldPerQuarter: 0.004 + 0.006 * rng(),
  };
}

// ---- Unknown symbols

/** Yahoo-unknown by convention: `ZZZ*`, `UNKNOWN*`, `DELISTED*`, malformed symbols, and a configurable list. */
export function isUnknownSymbol(symbol: string, extra: readonly string[] = []): boolean {
  return (
    !SYMBOL_PATTERN.test(symbol) ||
    symbol.startsWith('ZZZ') ||
    symbol.startsWith('UNKNOWN') ||
    symbol.startsWith('DELISTED') ||
    extra.includes(symbol)
  );
}
