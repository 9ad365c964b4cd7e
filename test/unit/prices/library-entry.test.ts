// folio finds yahoo-finance2's ES module entry without `import.meta.resolve` (absent from the CommonJS
// bundle): the same URL Node's own resolution gives, and a module that has the crumb reset folio calls.
import { describe, expect, it } from 'vitest';
import { libraryEntryUrl } from '../../../src/prices/yahoo/client.js';

describe('libraryEntryUrl', () => {
  it("is the URL Node resolves for import 'yahoo-finance2'", () => {
    expect(libraryEntryUrl()).toBe(import.meta.resolve('yahoo-finance2'));
  });

  it('has lib/getCrumb.js beside it, exporting getCrumbClear', async () => {
    const lib = (await import(new URL('./lib/getCrumb.js', libraryEntryUrl()).href)) as Record<
      string,
      unknown
    >;
    expect(typeof lib.getCrumbClear).toBe('function');
  });
});
