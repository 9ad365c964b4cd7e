// Realized gains and income of a symbol (its sales, its file dividends or Yahoo's estimated from the
// shares held), closed positions, and the totals by calendar year.
import type { IsoDate } from '../types.js';
import type { BuyState } from './buys.js';
import type { FxTable } from './fx.js';
import type { ClosedPosition, DividendRow, RealizedRow, RealizedSale, RealizedYear } from './model.js';
import type { PricedSymbol } from './pricing.js';
import type { SaleState } from './sales.js';
import { NeumaierSum, SumOrNull, sumOrNull } from './sum.js';
import { inDateOrder } from './transactions.js';

/** Shares (today's units) that sales took from each buy (by index), with the sale date. */
export type DisposalsByBuy = Map<number, { date: IsoDate; shares: number }[]>;

export function disposalsByBuy(sales: readonly SaleState[]): DisposalsByBuy {
  const byBuy: DisposalsByBuy = new Map();
  for (const sale of sales)
    for (const d of sale.disposals) {
      const list = byBuy.get(d.buyKey) ?? [];
      list.push({ date: sale.row.date, shares: d.shares });
      byBuy.set(d.buyKey, list);
    }
  return byBuy;
}

/**
 * Shares (today's units) of buy `k` held at the start of `date`: bought before it (undated buys count
 * as held from the start unless `datedOnly`), less what sales before that date took from it.
 */
export function heldOn(
  b: BuyState,
  k: number,
  date: IsoDate,
  disposals: DisposalsByBuy,
  datedOnly: boolean,
): number {
  if (b.row.date === null ? datedOnly : b.row.date >= date) return 0;
  let held = b.shares;
  const sold = disposals.get(k);
  if (sold !== undefined) for (const d of sold) if (d.date < date) held -= d.shares;
  return held > 0 ? held : 0;
}

/** Yahoo's dividend events up to asOf x the shares of dated lots held at the start of each ex-date. */
export function estimatedDividends(
  ps: PricedSymbol,
  buys: readonly BuyState[],
  disposals: DisposalsByBuy,
  asOf: IsoDate,
  fx: FxTable,
): DividendRow[] {
  const out: DividendRow[] = [];
  // No dated lot is held at the start of its purchase date or before: events up to the first purchase
  // date count no shares, so they are passed over without summing the lots.
  let firstBought: IsoDate | null = null;
  for (const b of buys)
    if (b.row.date !== null && (firstBought === null || b.row.date < firstBought)) firstBought = b.row.date;
  const events = ps.history?.dividends ?? [];
  if (firstBought === null || events.length === 0) return out;
  const withRates = fx.hasHistory(ps.currency);
  for (const ev of events) {
    if (ev.date > asOf || ev.date <= firstBought || !(ev.amount > 0)) continue;
    const shares = sharesHeldOn(buys, ev.date, disposals);
    if (!(shares > 0)) continue;
    const rate = withRates ? fx.rateAt(ps.currency, ev.date) : null;
    out.push({
      date: ev.date,
      line: null,
      amount: rate === null ? null : ev.amount * shares * rate,
      estimated: true,
    });
  }
  return out;
}

/**
 * The dated lots' shares held at the start of `date`: heldOn summed over the buys in order, without an
 * array of terms (it runs for every dividend event of every holding).
 */
function sharesHeldOn(buys: readonly BuyState[], date: IsoDate, disposals: DisposalsByBuy): number {
  const sum = new NeumaierSum();
  for (let k = 0; k < buys.length; k++) sum.add(heldOn(buys[k] as BuyState, k, date, disposals, true));
  return sum.value;
}

export function realizedRow(
  ps: PricedSymbol,
  saleStates: readonly SaleState[],
  dividends: readonly DividendRow[],
): RealizedRow {
  const sales: RealizedSale[] = inDateOrder(saleStates.map((x) => ({ ...x, date: x.row.date }))).map((x) => ({
    date: x.date,
    line: x.row.source.line,
    shares: x.row.shares,
    price: x.row.price,
    currency: x.currency,
    fee: x.fee,
    proceeds: x.proceeds,
    costBasis: x.costBasis,
    gain: x.proceeds === null || x.costBasis === null ? null : x.proceeds - x.costBasis,
  }));
  const divs = inDateOrder(dividends);
  // Each year's sums of its sales and dividends in date order, each row's year read once.
  const yearly = new Map<number, YearSums>();
  const yearOf = (date: IsoDate): YearSums => {
    const year = Number(date.slice(0, 4));
    let y = yearly.get(year);
    if (y === undefined) yearly.set(year, (y = new YearSums(year)));
    return y;
  };
  for (const x of sales) yearOf(x.date).addSale(x);
  for (const d of divs) yearOf(d.date).income.add(d.amount);
  const byYear: RealizedYear[] = [...yearly.values()].sort((a, b) => a.year - b.year).map((y) => y.row());
  return {
    symbol: ps.symbol,
    name: ps.name,
    currency: ps.currency,
    proceeds: sumOrNull(sales.map((x) => x.proceeds)),
    costBasis: sumOrNull(sales.map((x) => x.costBasis)),
    gain: sumOrNull(sales.map((x) => x.gain)),
    income: sumOrNull(divs.map((d) => d.amount)),
    incomeEstimated: divs.length > 0 && divs.every((d) => d.estimated),
    sales,
    dividends: divs,
    byYear,
  };
}

/** One year's realized figures of a symbol, summed as its rows come (sumOrNull of each column). */
class YearSums {
  readonly year: number;
  readonly proceeds = new SumOrNull();
  readonly costBasis = new SumOrNull();
  readonly gain = new SumOrNull();
  readonly income = new SumOrNull();

  constructor(year: number) {
    this.year = year;
  }

  addSale(x: RealizedSale): void {
    this.proceeds.add(x.proceeds);
    this.costBasis.add(x.costBasis);
    this.gain.add(x.gain);
  }

  row(): RealizedYear {
    return {
      year: this.year,
      proceeds: this.proceeds.value,
      costBasis: this.costBasis.value,
      gain: this.gain.value,
      income: this.income.value,
    };
  }
}

/** A symbol with no shares left: first purchase, last sale, its realized gain and income. */
export function closedPosition(
  ps: PricedSymbol,
  buys: readonly BuyState[],
  sales: readonly SaleState[],
  row: RealizedRow | undefined,
): ClosedPosition {
  const dated = buys.map((b) => b.row.date).filter((d): d is IsoDate => d !== null);
  return {
    symbol: ps.symbol,
    name: ps.name,
    firstBought: dated.length === 0 ? null : dated.reduce((a, b) => (a < b ? a : b)),
    closedOn: sales.reduce<IsoDate | null>((a, x) => (a === null || x.row.date > a ? x.row.date : a), null),
    realizedGain: row?.gain ?? 0,
    income: row?.income ?? 0,
    incomeEstimated: row?.incomeEstimated ?? false,
  };
}

/** One symbol's figures of one year, or (symbol null) the year's total over every symbol. */
export interface RealizedYearLine extends RealizedYear {
  symbol: string | null;
  /** The income is (partly, for a total) Yahoo's estimate. */
  estimated: boolean;
}

/** One line per year and symbol with a sale or income, then the year's total; years ascending. */
export function realizedByYear(realized: readonly RealizedRow[]): RealizedYearLine[] {
  const years = [...new Set(realized.flatMap((r) => r.byYear.map((y) => y.year)))].sort((a, b) => a - b);
  return years.flatMap((year) => {
    const rows: RealizedYearLine[] = realized.flatMap((r) =>
      r.byYear
        .filter((y) => y.year === year)
        .map((y) => ({ ...y, symbol: r.symbol, estimated: r.incomeEstimated })),
    );
    const total: RealizedYearLine = {
      year,
      symbol: null,
      proceeds: sumOrNull(rows.map((r) => r.proceeds)),
      costBasis: sumOrNull(rows.map((r) => r.costBasis)),
      gain: sumOrNull(rows.map((r) => r.gain)),
      income: sumOrNull(rows.map((r) => r.income)),
      estimated: rows.some((r) => r.estimated && r.income !== 0),
    };
    return [...rows, total];
  });
}

/** Proceeds and cost of every sale over all symbols (the realized table's total line). */
export function realizedSaleTotals(realized: readonly RealizedRow[]): {
  proceeds: number | null;
  costBasis: number | null;
} {
  return {
    proceeds: sumOrNull(realized.map((r) => r.proceeds)),
    costBasis: sumOrNull(realized.map((r) => r.costBasis)),
  };
}
