// The book: every symbol priced and its positions booked on one report calendar.
import type { CalendarContext, ReportContext } from './context.js';
import { bookPositions } from './positions.js';
import type { Position } from './positions.js';
import { priceSymbols } from './pricing.js';
import type { PricedSymbol } from './pricing.js';
import { groupedValues } from './series.js';
import type { GroupedSeries } from './series.js';
import type { Timeline } from './timeline.js';

/** Prices and positions of every symbol on one calendar. */
export interface Book {
  timeline: Timeline;
  priced: PricedSymbol[];
  positions: Position[];
  /**
   * The value series of every position's lots and each position's own chained index on asOf (its
   * levels, in the order of `positions`): one pass over the lots' days, made when first asked for.
   */
  readonly series: GroupedSeries;
}

export function bookOn(context: ReportContext, timeline: Timeline): Book {
  const onCalendar: CalendarContext = { ...context, timeline };
  const { input, scope, fx, diagnostics } = context;
  const priced = priceSymbols(onCalendar);
  const positionContext = {
    timeline,
    fx,
    lookups: scope.lookups,
    costMethod: input.costMethod ?? 'fifo',
  } as const;
  const positions = bookPositions(priced, scope, positionContext, diagnostics);
  let series: GroupedSeries | undefined;
  return {
    timeline,
    priced,
    positions,
    get series() {
      return (series ??= groupedValues(
        timeline.calendar.length,
        positions.map((p) => p.seriesLots),
      ));
    },
  };
}

/** Each position's own chained index on asOf (its holding return, base currency, closes, plus 1). */
export function positionLevels(book: Book): Map<Position, number> {
  const { levels } = book.series;
  return new Map(book.positions.map((p, i) => [p, levels[i] as number]));
}

/** The positions still held as of the report date. */
export function openPositions({ scope }: ReportContext, { positions }: Book): Position[] {
  return positions.filter((p) => scope.openSymbols.has(p.priced.symbol));
}
