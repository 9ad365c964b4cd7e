// What every step of one report shares, built once: the input, what is in scope as of the report
// date, the FX table, the holdings' trading days and the one place warnings and notes go.
import { Diagnostics } from './diagnostics.js';
import { FxTable } from './fx.js';
import type { AnalyticsInput } from './model.js';
import { selectScope } from './scope.js';
import type { Scope } from './scope.js';
import { portfolioDays, reportTimeline } from './timeline.js';
import type { Timeline } from './timeline.js';

export interface ReportContext {
  input: AnalyticsInput;
  scope: Scope;
  fx: FxTable;
  /** The trading days of the holdings: every report calendar starts from them. */
  holdingDays: Int32Array;
  diagnostics: Diagnostics;
}

/** The context on one report calendar: the holdings figures and the performance figures may differ. */
export interface CalendarContext extends ReportContext {
  timeline: Timeline;
}

export function reportContext(input: AnalyticsInput): ReportContext {
  const diagnostics = new Diagnostics();
  const scope = selectScope(input, diagnostics);
  const fx = new FxTable(input.baseCurrency, scope.lookups, input.quotes);
  return { input, scope, fx, holdingDays: portfolioDays(scope), diagnostics };
}

/** The calendar of the holdings and the given benchmarks. */
export function timelineWith(context: ReportContext, benchmarks: readonly string[]): Timeline {
  return reportTimeline(context.input, context.scope, context.holdingDays, benchmarks);
}
