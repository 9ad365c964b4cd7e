// While a run fetches prices, V8's heap is kept near what the run holds. Each history fetched is some
// 0.5 MB of JSON parsed and dropped (some 20 kB of it kept), and V8 by default then grows the young
// generation to 32 MB and the old to up to four times what survived its last collection: a cold
// 500-holding report peaked at ~195 MB, V8's heap 85 MB of it with 29 MB in use. From the first request
// to the pipeline's close the young generation keeps its first size and the old grows by half of what
// survives (measured, cold 500 holdings, medians of 4: peak ~190 -> ~136 MB on Node 20, 245 -> 156 MB
// on Node 26, wall time within the noise, ~9 % more CPU). Not for a whole run: a warm run over 2,000
// files, which keeps more and would collect it more often, was a quarter slower so. V8 reads both
// flags at each collection, so they apply from the moment they are set.
const SMALL = '--semi-space-growth-factor=1 --heap-growing-percent=50';
// V8's own defaults (Node 20's and 26's alike), back before the process exits: the code cache that
// bin/folio.js writes then is made under the flags the next run starts with (V8 refuses it otherwise).
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
  // node:v8 only when a run fetches: importing it loads a dozen of Node's modules a warm run needs not.
  setFlags: (flags) => process.getBuiltinModule('node:v8').setFlagsFromString(flags),
  nodeOptions: [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '),
  // First among the exit listeners: before bin/folio.js writes its code cache.
  onExit: (listener) => void process.prependOnceListener('exit', listener),
  offExit: (listener) => void process.removeListener('exit', listener),
};

let holders = 0;
let atExit: (() => void) | undefined;

/**
 * Keeps V8's heap small until the returned function is called (once each; the flags are process-wide,
 * so they go back when the last holder lets go, or at the latest when the process exits).
 */
export function keepHeapSmall(host: HeapFlagsHost = processHost): () => void {
  if (USER_HEAP_FLAGS.test(host.nodeOptions)) return () => {};
  if (holders === 0) {
    host.setFlags(SMALL);
    atExit = () => host.setFlags(DEFAULTS);
    host.onExit(atExit);
  }
  holders += 1;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holders -= 1;
    if (holders > 0 || atExit === undefined) return;
    host.offExit(atExit);
    atExit = undefined;
    host.setFlags(DEFAULTS);
  };
}
