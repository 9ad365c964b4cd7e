import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../../src/analytics/diagnostics.js';

describe('Diagnostics', () => {
  it('keeps warnings and notes in the order they come', () => {
    const d = new Diagnostics();
    d.warn('b');
    d.note('n1');
    d.warn('a');
    expect(d.warnings).toEqual(['b', 'a']);
    expect(d.notes).toEqual(['n1']);
  });

  it('addNew appends only what it does not hold yet', () => {
    const d = new Diagnostics();
    d.warn('same');
    d.note('kept');
    const other = new Diagnostics();
    other.warn('same');
    other.warn('new');
    other.note('kept');
    other.note('other');
    d.addNew(other);
    expect(d.warnings).toEqual(['same', 'new']);
    expect(d.notes).toEqual(['kept', 'other']);
  });
});
