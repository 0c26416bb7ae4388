import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../src/model-io/json-text.js';

describe('compareKeys', () => {
  it('orders as the UTF-8 bytes do (Buffer.compare), astral characters included', () => {
    // Units around the surrogate range, where UTF-16 order and UTF-8 order part.
    const unit = fc.constantFrom('a', 'z', '\u00e9', '\ud7ff', '\ue000', '\uffff', '\u{1f600}', '\u{10000}', '\u{10ffff}', '');
    const key = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(compareKeys(a, b)).toBe(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts an emoji key after a private-use one, unlike plain string order', () => {
    expect(['\u{1f600}', '\ue000'].sort(compareKeys)).toEqual(['\ue000', '\u{1f600}']);
    expect(['\u{1f600}', '\ue000'].sort()).toEqual(['\u{1f600}', '\ue000']);
  });
});
