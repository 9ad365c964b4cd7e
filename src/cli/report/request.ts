// What a report run was asked for: the command's flags, checked once before any file is read or price
// requested (format, sort, cost method, dates, width, --fail-if, targets, where the output goes), and
// how the run's reports are rendered.
import { COST_METHODS, type CostMethod, type Report } from '../../analytics/model.js';
import { UsageError } from '../../errors.js';
import type { Clock, PricePlan } from '../../prices/index.js';
import {
  FORMATS,
  type Format,
  type ReportRenderOptions,
  SORT_KEYS,
  type SortKey,
} from '../../render/options.js';
import type { AllocationTargets } from '../../types.js';
import { type FailCondition, parseFailIf } from '../failif.js';
import { parseChoice, parseDateOption, parseIntOption, parseWidthOption } from '../option-values.js';
import type { PriceFlags } from '../options.js';
import { checkOutputDirectory, checkOutputFile } from '../output.js';
import { createClock, isoToday } from '../runtime.js';
import { type Io, useColor } from '../terminal.js';
import { parseDriftBand, readTargetsFile } from './targets.js';

export const DEMO_NOTE = "DEMO: synthetic prices from folio's built-in simulator, not market data";

/** The options of `folio report` (and of `folio demo`, which has no --output-dir or --combine). */
export interface ReportFlags extends PriceFlags {
  format?: string;
  output?: string;
  asOf?: string;
  sort?: string;
  lots?: boolean;
  charts?: boolean;
  width?: string;
  height?: string;
  failIf?: string[];
  costMethod?: string;
  byYear?: boolean;
  targets?: string;
  driftBand?: string;
  debug?: boolean;
  /** With several files: one report per file into this directory. */
  outputDir?: string;
  /** With several files: one report of all holdings, each file an account. */
  combine?: boolean;
}

/** A run phase the bench times (each named once it ends). */
export type RunPhase = 'load' | 'plan' | 'open' | 'prices' | 'close' | 'analytics' | 'render';

/** How the run is made, beyond the flags: by the CLI, the demo, or in-process by the bench. */
export interface ReportRunOptions {
  debug: boolean;
  /** Marks the output as synthetic demo data. */
  demo?: boolean;
  /** Environment overrides (the demo points FOLIO_YAHOO_URL at its own simulator). */
  yahooUrl?: string;
  /** The clock (default: the system's, or FOLIO_NOW). */
  clock?: Clock;
  /** Where warnings go (default: stderr, each once). */
  warn?: (message: string) => void;
  /** Called as each phase of the run ends (the bench's timings). */
  lap?: (phase: RunPhase) => void;
  /** The run's price plan, once made (the bench counts its symbols). */
  planned?: (plan: PricePlan) => void;
  /** Each report, once made (the bench keeps its figures). */
  reported?: (report: Report) => void;
}

/** The flags of one report, checked before any work. */
export interface ReportRequest {
  format: Format;
  sort: SortKey;
  costMethod: CostMethod;
  clock: Clock;
  today: string;
  asOf: string | undefined;
  width: number;
  height: number;
  conditions: FailCondition[];
  /** Colour on stdout. */
  color: boolean;
  /** `--targets FILE`, read and checked (a JSON holdings file's own targets apply without it). */
  targets?: AllocationTargets;
  driftBand?: number;
}

export function parseReportFlags(flags: ReportFlags, io: Io, givenClock?: Clock): ReportRequest {
  const format = parseChoice('--format', flags.format ?? 'table', FORMATS)!;
  const sort = parseChoice<SortKey>('--sort', flags.sort ?? 'value', SORT_KEYS)!;
  const costMethod = parseChoice<CostMethod>('--cost-method', flags.costMethod ?? 'fifo', COST_METHODS)!;
  const clock = givenClock ?? createClock(io.env);
  const today = isoToday(clock);
  // Where the report goes is checked before any file is read or price requested.
  if (flags.output !== undefined) checkOutputFile(flags.output);
  return {
    format,
    sort,
    costMethod,
    clock,
    today,
    asOf: parseDateOption('--as-of', flags.asOf, today),
    width: parseWidthOption(flags.width, io.stdout),
    height: parseIntOption('--height', flags.height, 3, 100) ?? 12,
    conditions: (flags.failIf ?? []).map(parseFailIf),
    color: format === 'table' && flags.output === undefined && useColor(io.stdout, io.env, flags.color),
    ...(flags.targets === undefined ? {} : { targets: readTargetsFile(flags.targets) }),
    ...(flags.driftBand === undefined ? {} : { driftBand: parseDriftBand(flags.driftBand) }),
  };
}

/** --output, --output-dir and --combine against the number of files the arguments name. */
export function checkOutputFlags(flags: ReportFlags, count: number): void {
  if (flags.output !== undefined && flags.outputDir !== undefined)
    throw new UsageError('--output and --output-dir exclude each other');
  if (flags.combine === true && flags.outputDir !== undefined)
    throw new UsageError('--combine writes one report: use --output FILE, not --output-dir');
  // Several files' JSON is one document (what stdout gets); other formats would be several reports.
  if (flags.combine !== true && flags.output !== undefined && count > 1 && flags.format !== 'json')
    throw new UsageError(`--output writes one file but ${count} files were given`, {
      hint: 'use --output-dir DIR for one report per file, --combine for one report of all, or --format json for one document',
    });
  if (flags.combine !== true && flags.outputDir === undefined && flags.format === 'csv' && count > 1)
    throw new UsageError(
      '--format csv with several files needs --output-dir DIR (one CSV per file) or --combine',
    );
  if (flags.outputDir !== undefined) checkOutputDirectory(flags.outputDir);
}

export function reportRenderOptions(
  request: ReportRequest,
  flags: ReportFlags,
  run: ReportRunOptions,
): ReportRenderOptions {
  return {
    color: request.color,
    width: request.width,
    height: request.height,
    charts: flags.charts !== false,
    lots: flags.lots === true,
    sort: request.sort,
    demo: run.demo === true,
    byYear: flags.byYear === true,
  };
}
