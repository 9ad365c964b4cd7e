// The one table from an exchange as exports name it (IBKR listingExchange, DEGIRO's Beurs, MIC codes,
// Saxo's `:xams`) to Yahoo's symbol suffix. US venues have no suffix. An exchange not listed here
// gives no suffix: such rows fall back to the ISIN where the export has one.

const SUFFIX: Record<string, string> = {
  // United States (no suffix)
  NYSE: '',
  NASDAQ: '',
  ARCA: '',
  NYSEARCA: '',
  AMEX: '',
  BATS: '',
  ISLAND: '',
  IEX: '',
  NSY: '',
  NDQ: '',
  ASE: '',
  XNYS: '',
  XNAS: '',
  ARCX: '',
  BATY: '',
  PINK: '',
  OTC: '',
  NMS: '',
  NYQ: '',
  PCX: '',
  SMART: '',
  CBOE: '',
  // United Kingdom and Ireland
  LSE: '.L',
  LSEETF: '.L',
  XLON: '.L',
  LON: '.L',
  ISE: '.IR',
  XDUB: '.IR',
  // Germany
  IBIS: '.DE',
  IBIS2: '.DE',
  XETRA: '.DE',
  XET: '.DE',
  XETR: '.DE',
  XETA: '.DE',
  GETTEX: '.DE',
  FWB: '.F',
  FWB2: '.F',
  FRA: '.F',
  XFRA: '.F',
  SWB: '.SG',
  TGT: '.DE',
  // Euronext and other Europe
  AEB: '.AS',
  EAM: '.AS',
  XAMS: '.AS',
  SBF: '.PA',
  EPA: '.PA',
  XPAR: '.PA',
  ENEXT: '.BR',
  EBR: '.BR',
  XBRU: '.BR',
  BVL: '.LS',
  ELI: '.LS',
  XLIS: '.LS',
  EBS: '.SW',
  SWX: '.SW',
  VIRTX: '.SW',
  XSWX: '.SW',
  XVTX: '.SW',
  BVME: '.MI',
  MIL: '.MI',
  XMIL: '.MI',
  BM: '.MC',
  MAD: '.MC',
  XMAD: '.MC',
  SFB: '.ST',
  OMX: '.ST',
  XSTO: '.ST',
  STO: '.ST',
  CSE: '.CO',
  XCSE: '.CO',
  OSE: '.OL',
  OSL: '.OL',
  XOSL: '.OL',
  HEX: '.HE',
  HEL: '.HE',
  XHEL: '.HE',
  VSE: '.VI',
  WBO: '.VI',
  XWBO: '.VI',
  WSE: '.WA',
  XWAR: '.WA',
  // Americas and Asia-Pacific
  TSE: '.TO',
  TSX: '.TO',
  TOR: '.TO',
  XTSE: '.TO',
  VENTURE: '.V',
  TSXV: '.V',
  XTSX: '.V',
  ASX: '.AX',
  XASX: '.AX',
  SEHK: '.HK',
  HKEX: '.HK',
  XHKG: '.HK',
  TSEJ: '.T',
  XTKS: '.T',
  TYO: '.T',
  SGX: '.SI',
  XSES: '.SI',
  NZE: '.NZ',
  XNZE: '.NZ',
  MEXI: '.MX',
  BOVESPA: '.SA',
  KSE: '.KS',
};

/** Yahoo's suffix for `exchange` ('' for US venues), or undefined when the exchange is not known. */
export function yahooSuffix(exchange: string | undefined): string | undefined {
  if (exchange === undefined) return undefined;
  return SUFFIX[exchange.trim().toUpperCase()];
}

/**
 * The Yahoo symbol of a broker ticker listed on `exchange`: `BRK B` -> `BRK-B`, `VOD` on LSE ->
 * `VOD.L`, `5` on SEHK -> `0005.HK`. Undefined when the exchange is unknown.
 */
export function yahooSymbolFor(ticker: string, exchange: string | undefined): string | undefined {
  const suffix = yahooSuffix(exchange);
  if (suffix === undefined) return undefined;
  let base = ticker.trim().toUpperCase().replace(/[ /]+/g, '-');
  if (suffix === '.L') base = base.replace(/\.$/, '');
  if (suffix === '.HK' && /^\d+$/.test(base)) base = base.padStart(4, '0');
  if (suffix !== '' && base.endsWith(suffix)) return base;
  // Share classes: Yahoo writes BRK-B, IBKR `BRK B`, others `BRK.B` (US only: a dot there is a class).
  if (suffix === '') base = base.replace(/\.(?=[A-Z]$)/, '-');
  return `${base}${suffix}`;
}
