// Well-known stocks of the simulated market: sector, beta to the market factor, total volatility and
// yearly price levels the synthetic path passes through.
//
// The yearly levels are rounded, approximate first-trading-day closes of each year 2015-2026 as shown
// (split-adjusted) on public Yahoo Finance charts; within ~10 % is all that matters. They are waypoints
// for a synthetic path, not market data: every day between them is simulated.

export type Sector =
  | 'tech'
  | 'financials'
  | 'health'
  | 'staples'
  | 'consumer'
  | 'energy'
  | 'industrials'
  | 'telecom'
  | 'autos'
  | 'realestate';

export interface EquitySpec {
  sector: Sector;
  /** Beta to the market factor. */
  beta: number;
  /** Total annual volatility. */
  vol: number;
  levels: readonly number[];
}

// Known stocks: sector, beta, total volatility and yearly levels (2015 ... 2026).
export const STOCKS: Readonly<Record<string, EquitySpec>> = {
  AAPL: {
    sector: 'tech',
    beta: 1.15,
    vol: 0.28,
    levels: [27.3, 26.3, 29, 43.1, 39.5, 75.1, 129.4, 182, 125.1, 185.6, 243.9, 271],
  },
  MSFT: {
    sector: 'tech',
    beta: 1.1,
    vol: 0.26,
    levels: [46.8, 54.8, 62.6, 86, 101.1, 160.6, 217.7, 334.8, 239.6, 370.9, 418.6, 483],
  },
  NVDA: {
    sector: 'tech',
    beta: 1.3,
    vol: 0.45,
    levels: [0.5, 0.81, 2.53, 4.98, 3.4, 6, 13.1, 30.1, 14.3, 48.1, 138.3, 187],
  },
  TSLA: {
    sector: 'autos',
    beta: 1.3,
    vol: 0.45,
    levels: [14.6, 14.9, 14.4, 21.4, 20.7, 28.7, 243, 400, 108, 248, 379, 450],
  },
  GOOGL: {
    sector: 'tech',
    beta: 1.1,
    vol: 0.28,
    levels: [26.5, 38, 40.4, 53.7, 52.7, 68.4, 86.4, 145, 89, 139, 190, 313],
  },
  AMZN: {
    sector: 'consumer',
    beta: 1.15,
    vol: 0.31,
    levels: [15.4, 31.8, 37.7, 59.5, 77, 94.9, 159, 170, 85, 149, 220, 231],
  },
  META: {
    sector: 'tech',
    beta: 1.25,
    vol: 0.36,
    levels: [78, 102, 117, 181, 135, 209, 269, 338, 125, 345, 599, 660],
  },
  'BRK-B': {
    sector: 'financials',
    beta: 0.85,
    vol: 0.19,
    levels: [150, 131, 163, 199, 203, 227, 232, 300, 308, 357, 453, 503],
  },
  JPM: {
    sector: 'financials',
    beta: 1.1,
    vol: 0.25,
    levels: [62, 66, 86, 107, 98, 141, 128, 160, 134, 170, 240, 322],
  },
  KO: {
    sector: 'staples',
    beta: 0.7,
    vol: 0.19,
    levels: [42, 42.8, 41.5, 45.9, 47.3, 54.7, 52.8, 59.3, 63.6, 59.3, 62.3, 70],
  },
  JNJ: {
    sector: 'health',
    beta: 0.7,
    vol: 0.19,
    levels: [104.5, 102.7, 115, 139.7, 128, 145.9, 157.4, 172.4, 176.7, 158, 144.6, 207],
  },
  ASML: {
    sector: 'tech',
    beta: 1.3,
    vol: 0.36,
    levels: [108, 88, 112, 174, 157, 296, 490, 800, 546, 757, 705, 1060],
  },
  'ASML.AS': {
    sector: 'tech',
    beta: 1.1,
    vol: 0.34,
    levels: [90, 91, 107, 146.5, 138, 263, 400, 705, 510, 685, 680, 900],
  },
  'SAP.DE': {
    sector: 'tech',
    beta: 0.9,
    vol: 0.26,
    levels: [57.3, 73.4, 82.5, 94, 86.6, 121.5, 107, 125, 96.4, 140, 237, 206],
  },
  'VOD.L': {
    sector: 'telecom',
    beta: 0.6,
    vol: 0.25,
    levels: [226, 222, 197, 232, 152, 148, 121, 112, 85, 68.5, 68, 95],
  },
  'ULVR.L': {
    sector: 'staples',
    beta: 0.5,
    vol: 0.2,
    levels: [2620, 2970, 3300, 4000, 4100, 4370, 4430, 3950, 4170, 3800, 4560, 4500],
  },
  'RY.TO': {
    sector: 'financials',
    beta: 0.7,
    vol: 0.19,
    levels: [80, 73, 92, 103, 93, 103, 103, 135, 128, 134, 172, 230],
  },
  '7203.T': {
    sector: 'autos',
    beta: 0.6,
    vol: 0.27,
    levels: [1530, 1470, 1390, 1450, 1280, 1540, 1600, 2130, 1800, 2530, 2750, 3300],
  },
};
