/**
 * The partial-dependence grid follows scikit-learn: unique values below the resolution, else
 * numpy.linspace between scipy's mquantiles (expected values printed by scipy 1.10.1).
 */
import { describe, expect, it } from 'vitest';
import { featureGrid, mquantiles, sortedValues, DECILE_PROBS } from '../../src/explain/grid.js';
import { ParamError } from '../../src/errors.js';

const X = Array.from({ length: 50 }, (_, i) => ((i * i) % 37) + 0.5 * (i % 3));

describe('grid', () => {
  it('mquantiles matches scipy.stats.mstats.mquantiles (alphap = betap = 0.4)', () => {
    const s = sortedValues(X);
    const close = (got: Float64Array, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    close(mquantiles(s, [0.05, 0.95]), [0.9550000000000001, 36.045]);
    close(mquantiles(s, [0.2, 0.7]), [5.879999999999999, 27.0]);
    close(mquantiles(s, DECILE_PROBS), [2.42, 5.879999999999999, 9.5, 12.0, 16.25, 25.52, 27.0, 29.900000000000006, 33.79]);
    close(mquantiles(sortedValues([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]), DECILE_PROBS), [1.0, 1.64, 2.76, 3.0, 4.0, 5.0, 5.0, 5.36, 7.44]);
    close(mquantiles(Float64Array.of(7), [0.05, 0.95]), [7, 7]);
    close(mquantiles(Float64Array.of(1, 2), [0.05, 0.5, 0.95]), [1, 1.5, 2]);
  });

  it('equally spaced points between the percentiles, rounded to float32', () => {
    const g = featureGrid(sortedValues(X), 'x', 7);
    const want = [0.9550000000000001, 6.803333333333334, 12.651666666666667, 18.5, 24.348333333333336, 30.196666666666665, 36.045];
    expect(Array.from(g)).toEqual(want.map(Math.fround));
  });

  it('the unique values when there are fewer than the resolution; NaN left out', () => {
    expect(Array.from(featureGrid(sortedValues([3, 1, NaN, 3, 2, 1]), 'x', 20))).toEqual([1, 2, 3]);
    expect(Array.from(featureGrid(sortedValues([0.1, 0.1]), 'x', 2))).toEqual([Math.fround(0.1)]);
  });

  it('bad options and degenerate data are ParamErrors', () => {
    const s = sortedValues(X);
    expect(() => featureGrid(s, 'x', 1)).toThrow(ParamError);
    expect(() => featureGrid(s, 'x', 10, [0.9, 0.1])).toThrow(/percentiles/);
    expect(() => featureGrid(s, 'x', 10, [0, 1.5])).toThrow(/percentiles/);
    expect(() => featureGrid(sortedValues([NaN, NaN]), 'x')).toThrow(/no non-missing values/);
    const heavy = sortedValues([...Array<number>(100).fill(5), ...Array.from({ length: 30 }, (_, i) => i)]);
    expect(() => featureGrid(heavy, 'x', 20, [0.3, 0.6])).toThrow(/too close/);
  });
});
