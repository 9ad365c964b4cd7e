// The names the `import` command's help lists (kept apart so declaring the command loads no parser)
// are the formats' own names, in detection order.
import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS } from '../../../../src/holdings/imports/index.js';
import { IMPORT_FORMAT_NAMES } from '../../../../src/holdings/imports/names.js';

describe('IMPORT_FORMAT_NAMES', () => {
  it('is every format name, in the order detection tries them', () => {
    expect([...IMPORT_FORMAT_NAMES]).toEqual(IMPORT_FORMATS.map((f) => f.name));
  });
});
