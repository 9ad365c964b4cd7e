// keepHeapSmall / keepYoungGenerationSmall: V8's heap flags set while a fetch or a one-file report
// holds them, back to V8's defaults when the last holder lets go or the process exits (first among the
// exit listeners), none when the user set any; heapFlags tells bin/folio.js which are in force.
import { describe, expect, it } from 'vitest';
import {
  type HeapFlagsHost,
  heapFlags,
  keepHeapSmall,
  keepYoungGenerationSmall,
} from '../../../src/prices/heap.js';

const SMALL = '--semi-space-growth-factor=1 --heap-growing-percent=50';
const YOUNG = '--semi-space-growth-factor=1 --heap-growing-percent=0';
const DEFAULTS = '--semi-space-growth-factor=2 --heap-growing-percent=0';

function fakeHost(nodeOptions = '') {
  const set: string[] = [];
  const listeners = new Set<() => void>();
  const host: HeapFlagsHost = {
    setFlags: (flags) => void set.push(flags),
    nodeOptions,
    onExit: (l) => void listeners.add(l),
    offExit: (l) => void listeners.delete(l),
  };
  return { host, set, listeners };
}

describe('keepHeapSmall', () => {
  it('sets the flags once for nested holders and restores V8 defaults when the last lets go', () => {
    const { host, set, listeners } = fakeHost();
    const a = keepHeapSmall(host);
    const b = keepHeapSmall(host);
    expect(set).toEqual([SMALL]);
    expect(listeners.size).toBe(1);
    a();
    a(); // a second release of the same holder changes nothing
    expect(set).toEqual([SMALL]);
    b();
    expect(set).toEqual([SMALL, DEFAULTS]);
    expect(listeners.size).toBe(0);
    // Held again later: set again.
    const c = keepHeapSmall(host);
    expect(set).toEqual([SMALL, DEFAULTS, SMALL]);
    c();
    expect(set).toEqual([SMALL, DEFAULTS, SMALL, DEFAULTS]);
  });

  it('restores the defaults at exit when still held', () => {
    const { host, set, listeners } = fakeHost();
    const release = keepHeapSmall(host);
    for (const exit of listeners) exit();
    expect(set).toEqual([SMALL, DEFAULTS]);
    release();
  });

  it.each([
    '--max-semi-space-size=64',
    '--heap_growing_percent=10',
    '--optimize-for-size',
    '--require x.cjs --min-semi-space-size=8',
  ])('leaves the heap to the flags the user gave Node (%s)', (options) => {
    const { host, set, listeners } = fakeHost(options);
    const release = keepHeapSmall(host);
    release();
    expect(set).toEqual([]);
    expect(listeners.size).toBe(0);
  });

  it("a fetch within a one-file report sets the fetch's flags, then the report's, then V8's", () => {
    const { host, set, listeners } = fakeHost();
    const report = keepYoungGenerationSmall(host);
    expect([set, heapFlags.current()]).toEqual([[YOUNG], YOUNG]);
    const fetch = keepHeapSmall(host);
    expect([set, heapFlags.current()]).toEqual([[YOUNG, SMALL], SMALL]);
    fetch();
    expect([set, heapFlags.current()]).toEqual([[YOUNG, SMALL, YOUNG], YOUNG]);
    expect(listeners.size).toBe(1);
    report();
    expect([set, heapFlags.current()]).toEqual([[YOUNG, SMALL, YOUNG, DEFAULTS], undefined]);
    expect(listeners.size).toBe(0);
  });

  it('lets bin/folio.js set the flags a script was compiled under, for its code cache at exit', () => {
    const { host, set, listeners } = fakeHost();
    const release = keepYoungGenerationSmall(host);
    for (const exit of listeners) exit();
    expect([set, heapFlags.current()]).toEqual([[YOUNG, DEFAULTS], undefined]);
    heapFlags.setForExit(undefined, host); // already V8's own: nothing to set
    heapFlags.setForExit(YOUNG, host);
    heapFlags.setForExit(YOUNG, host);
    expect([set, heapFlags.current()]).toEqual([[YOUNG, DEFAULTS, YOUNG], YOUNG]);
    heapFlags.setForExit(undefined, host);
    expect([set, heapFlags.current()]).toEqual([[YOUNG, DEFAULTS, YOUNG, DEFAULTS], undefined]);
    release();
    expect(set).toHaveLength(4);
  });
});
