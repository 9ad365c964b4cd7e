// The reports of a run, one per holdings file (and with --combine one of all holdings, each file an
// account), each with the settings and price plan `folio report FILE` alone would have.
import { combinedLots } from '../../analytics/combine.js';
import { planPrices, type PricePlan } from '../../prices/index.js';
import { InputError } from '../../errors.js';
import { STDIN_NAME } from '../../holdings/load.js';
import type { AllocationTargets, HoldingsFile, Lot } from '../../types.js';
import { settingsFrom } from '../options.js';
import type { Io } from '../terminal.js';
import type { Settings } from '../settings.js';
import type { Part } from './analyse.js';
import { reportNames } from './inputs.js';
import type { ReportFlags, ReportRequest } from './request.js';
import { checkTargetsAgainstFile, requireTargetsForDrift } from './targets.js';
import { PlanUnion } from './union.js';

/** A report's price plan: history runs to today, whatever --as-of says. */
export function reportPlan(lots: Lot[], settings: Settings, request: ReportRequest): PricePlan {
  // With --as-of, history still runs to today: the same cache entries a normal report uses, and
  // analytics sees that the as-of date lies in the past (so it values at that date's closes, not
  // at today's quotes; it tells "past" from the history's last date, whatever the cache held).
  return {
    ...planPrices({
      lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      today: request.today,
      asOf: request.asOf,
    }),
    to: request.today,
  };
}

/**
 * A file's report before its price plan is made: what the run keeps of each file. Its lots are kept
 * when the run has one file, combines them or reads standard input; otherwise `lots` reads the file
 * again when its report's turn comes (a run over thousands of files holds only a name, settings and
 * symbols of each), and refuses it if it no longer holds what the run planned its prices for.
 */
export type PartInput = Omit<Part, 'plan' | 'lots'> & {
  lots: Lot[] | (() => Promise<Lot[]>);
  /** The file's symbols (each once): whether it has any price is checked before any report is made. */
  symbols: string[];
};

/** The lots of `part`, read again from its file when the run did not keep them. */
export async function lotsOf(part: PartInput): Promise<Lot[]> {
  return typeof part.lots === 'function' ? await part.lots() : part.lots;
}

/** Reads a holdings file again, as the run's first reading did. */
export type ReadAgain = (file: string) => Promise<Pick<HoldingsFile, 'lots' | 'settings'>>;

/**
 * A digest of what a file's report depends on, to tell whether the file changed between two readings
 * (a 53-bit string hash: edits are not adversarial, and a run keeps 8 bytes of each file, not its text).
 */
function fingerprint(h: Pick<HoldingsFile, 'lots' | 'settings'>): number {
  const text = JSON.stringify([h.lots, h.settings]);
  let a = 0xdeadbeef ^ text.length;
  let b = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (2097151 & b) + (a >>> 0);
}

/**
 * Each file's report of the run (and the combined one with --combine), and the run's one price plan:
 * the union of every report's plan, made one file at a time as the files are read (`add`), keeping no
 * file's plan (each is made again when its report is made) and, with several files, not its lots.
 */
export class RunPlanner {
  private readonly names: string[];
  private readonly union = new PlanUnion();
  private readonly parts: PartInput[] = [];
  /** Every symbol read so far, each mapped to the one copy of its text the parts share. */
  private readonly symbols = new Map<string, string>();
  private plainSettings: Settings | undefined;
  private readonly keepLots: boolean;
  private targetsProblem: Error | undefined;
  private anyTargets = false;

  constructor(
    files: readonly string[],
    private readonly o: {
      flags: ReportFlags;
      io: Io;
      request: ReportRequest;
      runSettings: Settings;
      readAgain: ReadAgain;
    },
  ) {
    this.names = reportNames(files);
    this.keepLots = files.length === 1 || o.flags.combine === true;
  }

  /** A file as read (in the order of the run's files). */
  add(h: Pick<HoldingsFile, 'file' | 'lots' | 'settings'>): void {
    const { request } = this.o;
    const settings = this.settingsOf(h.settings);
    const targets = h.settings.targets;
    this.union.add(reportPlan(h.lots, settings, request));
    this.checkTargets(request.targets ?? targets, h.lots);
    this.parts.push({
      file: h.file,
      name: this.names[this.parts.length]!,
      lots: this.keepLots || h.file === STDIN_NAME ? h.lots : this.readingAgain(h),
      symbols: this.symbolsOf(h.lots),
      settings,
      ...(targets === undefined ? {} : { targets }),
    });
  }

  /**
   * A file's settings. Files without settings of their own (every CSV file) share one object, made
   * once: a run over thousands of files reads the config file once and keeps one copy.
   */
  private settingsOf(fileSettings: HoldingsFile['settings']): Settings {
    const plain = Object.keys(fileSettings).length === 0;
    if (plain && this.plainSettings !== undefined) return this.plainSettings;
    const { flags, io, runSettings } = this.o;
    const own = settingsFrom(flags, io, fileSettings);
    // Combined, every file's figures are in the combined report's currency.
    const settings = flags.combine === true ? { ...own, baseCurrency: runSettings.baseCurrency } : own;
    if (plain) this.plainSettings = settings;
    return settings;
  }

  /** The file's symbols, each once, as the run's one copy of each symbol's text. */
  private symbolsOf(lots: readonly Lot[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const { symbol } of lots) {
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      let shared = this.symbols.get(symbol);
      if (shared === undefined) this.symbols.set(symbol, (shared = symbol));
      out.push(shared);
    }
    return out;
  }

  /** Every symbol of every file read so far. */
  allSymbols(): string[] {
    return [...this.symbols.keys()];
  }

  /** The parts, the combined report with --combine, and the run's price plan (at least one file). */
  finish(): { parts: PartInput[]; combined: Part | undefined; runPlan: PricePlan } {
    if (this.targetsProblem !== undefined) throw this.targetsProblem;
    if (!this.anyTargets) requireTargetsForDrift(this.o.request.conditions);
    const { parts, union } = this;
    if (this.o.flags.combine !== true) return { parts, combined: undefined, runPlan: union.plan()! };
    const lots = combinedLots(parts as (PartInput & { lots: Lot[] })[]);
    const combined = {
      file: 'combined',
      name: 'combined',
      lots,
      settings: this.o.runSettings,
      plan: reportPlan(lots, this.o.runSettings, this.o.request),
    };
    union.add(combined.plan);
    return { parts, combined, runPlan: union.plan()! };
  }

  /**
   * Before any price is fetched: each file's targets name groups its holdings have (those the file
   * itself tells), and `--fail-if drift` has targets to measure against. The first problem is thrown
   * once every file is read (a file's input errors come first).
   */
  private checkTargets(targets: AllocationTargets | undefined, lots: Lot[]): void {
    if (targets === undefined) return;
    this.anyTargets = true;
    try {
      if (this.targetsProblem === undefined) checkTargetsAgainstFile(targets, lots);
    } catch (error) {
      this.targetsProblem = error as Error;
    }
  }

  private readingAgain(h: Pick<HoldingsFile, 'file' | 'lots' | 'settings'>): () => Promise<Lot[]> {
    const before = fingerprint(h);
    const { file } = h;
    return async () => {
      const again = await this.o.readAgain(file);
      if (fingerprint(again) !== before)
        throw new InputError([
          {
            file,
            line: 0,
            reason:
              'changed while the run was reading its files (its report would not match the prices fetched for it); run again',
          },
        ]);
      return again.lots;
    };
  }
}
