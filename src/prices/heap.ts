// folio's V8 heap flags: how far V8 lets the heap grow, set for the parts of a run that gain by it
// and put back after. V8 reads both flags at each collection, so they apply from the moment they are set.
//
// - While a run fetches prices (keepHeapSmall): each history fetched is some 0.5 MB of JSON parsed and
//   dropped (some 20 kB of it kept), and V8 by default then grows the young generation to 32 MB and the
//   old to up to four times what survived its last collection: a cold 500-holding report peaked at
//   ~195 MB, V8's heap 85 MB of it with 29 MB in use. The young generation keeps its first size and the
//   old grows by half of what survives (measured, cold 500 holdings, medians of 4: peak ~190 -> ~136 MB
//   on Node 20, 245 -> 156 MB on Node 26, wall time within the noise, ~9 % more CPU).
// - While one portfolio is reported (keepYoungGenerationSmall): the young generation keeps its first
//   size (2 MB) instead of growing to 16 MB, pages a short run would touch once each (a warm
//   500-holding report ~2,800 fewer page faults and ~30 ms sooner of ~445, medians of 15 alternated
//   runs). Not the old generation's growth (more full collections: a warm 50-holding report was slower
//   so), and not for a run over many files, which keeps more and collects it more often (a warm
//   2,000-file run was a fifth slower with the young generation small, a quarter with both flags).
const SMALL = '--semi-space-growth-factor=1 --heap-growing-percent=50';
const YOUNG = '--semi-space-growth-factor=1 --heap-growing-percent=0';
// V8's own defaults (Node 20's and 26's alike), back when nothing holds the flags and before the
// process exits.
const DEFAULTS = '--semi-space-growth-factor=2 --heap-growing-percent=0';

/** Heap flags the user gave Node (NODE_OPTIONS or its command line): those rule, folio sets none. */
const USER_HEAP_FLAGS = /semi[-_]space|heap[-_]growing|optimize[-_]for[-_]size/;

export interface HeapFlagsHost {
  setFlags(flags: string): void;
  /** Node's own options: its command line and NODE_OPTIONS. */
  nodeOptions: string;
  onExit(listener: () => void): void;
  offExit(listener: () => void): void;
}

const processHost: HeapFlagsHost = {
  // node:v8 only when a run sets a flag: importing it loads a dozen of Node's modules (~1-3 ms).
  setFlags: (flags) => process.getBuiltinModule('node:v8').setFlagsFromString(flags),
  nodeOptions: [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '),
  // First among the exit listeners: before bin/folio.js writes its code cache.
  onExit: (listener) => void process.prependOnceListener('exit', listener),
  offExit: (listener) => void process.removeListener('exit', listener),
};

const holders = { fetch: 0, report: 0 };
/** The flags folio has set, undefined while V8's own are in force. */
let current: string | undefined;
let atExit: (() => void) | undefined;

/** The flags the holders want: the fetch's if any holds them, else the report's, else V8's own. */
function wanted(): string | undefined {
  if (holders.fetch > 0) return SMALL;
  return holders.report > 0 ? YOUNG : undefined;
}

/** Puts `flags` (undefined: V8's own) in force, unless they are already. */
function use(flags: string | undefined, host: HeapFlagsHost): void {
  if (flags === current) return;
  host.setFlags(flags ?? DEFAULTS);
  current = flags;
}

function settle(host: HeapFlagsHost): void {
  const flags = wanted();
  if (flags === current) return;
  use(flags, host);
  if (flags !== undefined && atExit === undefined) {
    atExit = () => {
      atExit = undefined;
      use(undefined, host);
    };
    host.onExit(atExit);
  } else if (flags === undefined && atExit !== undefined) {
    host.offExit(atExit);
    atExit = undefined;
  }
}

function hold(kind: keyof typeof holders, host: HeapFlagsHost): () => void {
  if (USER_HEAP_FLAGS.test(host.nodeOptions)) return () => {};
  holders[kind] += 1;
  settle(host);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holders[kind] -= 1;
    settle(host);
  };
}

/**
 * Keeps V8's heap small while prices are fetched, until the returned function is called (once each;
 * the flags are process-wide, so they go back when the last holder lets go, or at the latest when the
 * process exits).
 */
export function keepHeapSmall(host: HeapFlagsHost = processHost): () => void {
  return hold('fetch', host);
}

/** Keeps V8's young generation at its first size while one portfolio is reported; as keepHeapSmall. */
export function keepYoungGenerationSmall(host: HeapFlagsHost = processHost): () => void {
  return hold('report', host);
}

/**
 * For bin/folio.js, which keeps V8's code cache of the bundle: V8 takes a script's cache only under
 * the flags it was made under, so each is made under the flags its script was compiled under.
 */
export const heapFlags = {
  /** The heap flags folio has set now; undefined while V8's own are in force. */
  current: (): string | undefined => current,
  /** Sets `flags` (undefined: V8's own) for the code cache written at exit; the run is over by then. */
  setForExit: (flags: string | undefined, host: HeapFlagsHost = processHost): void => use(flags, host),
};
