// The book: every symbol priced and its positions booked on one report calendar.
import type { CalendarContext, ReportContext } from './context.js';
import { bookPositions } from './positions.js';
import type { Position } from './positions.js';
import { priceSymbols } from './pricing.js';
import type { PricedSymbol } from './pricing.js';
import type { Timeline } from './timeline.js';

/** Prices and positions of every symbol on one calendar. */
export interface Book {
  timeline: Timeline;
  priced: PricedSymbol[];
  positions: Position[];
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
  return { timeline, priced, positions: bookPositions(priced, scope, positionContext, diagnostics) };
}

/** The positions still held as of the report date. */
export function openPositions({ scope }: ReportContext, { positions }: Book): Position[] {
  return positions.filter((p) => scope.openSymbols.has(p.priced.symbol));
}
