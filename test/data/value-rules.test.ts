/**
 * firstInfinite (src/data/value-rules.ts): the first +-Infinity in a range, NaN (missing) and the
 * largest finite float32 passed over, for Float32Array (tested by its bits) and plain arrays alike.
 */
import { describe, expect, it } from 'vitest';
import { firstInfinite } from '../../src/data/value-rules.js';

const MAX_F32 = 3.4028234663852886e38;

describe('firstInfinite', () => {
  it('finds the first infinity in [from, to), in a Float32Array view and in an array', () => {
    const base = new Float32Array(40);
    for (let i = 0; i < base.length; i++) base[i] = i % 5 === 0 ? NaN : i % 7 === 0 ? -MAX_F32 : (i - 20) * 1.5;
    base[11] = MAX_F32;
    const view = base.subarray(3); // a view at a byte offset
    expect(firstInfinite(view, 0, view.length)).toBe(-1);
    for (const [at, v] of [[4, Infinity], [17, -Infinity], [30, Infinity]] as const) {
      view[at] = v;
      expect(firstInfinite(view, 0, view.length)).toBe(at);
      expect(firstInfinite(Array.from(view), 0, view.length)).toBe(at);
      expect(firstInfinite(view, at + 1, view.length)).toBe(-1);
      expect(firstInfinite(view, 0, at)).toBe(-1);
      view[at] = 0;
    }
    view[9] = -Infinity;
    view[25] = Infinity;
    expect(firstInfinite(view, 10, 30)).toBe(25);
    expect(firstInfinite(view, 0, 30)).toBe(9);
  });
});
