/** Bagging (booster/bagging.ts): XGBoost's per-round rows, bagging_freq, bagging_by_query. */
import { describe, expect, it } from 'vitest';
import { Bagging } from '../../src/booster/bagging.js';
import { ParamError } from '../../src/errors.js';
import { MinstdRand, mixSeed } from '../../src/util/rng.js';

const offsets = Uint32Array.of(0, 3, 10, 12, 20, 31);
const n = 31;
function bagOf(b: Bagging, it: number): number[] {
  const gh = new Float32Array(2 * n).fill(1);
  b.apply(it, gh);
  return Array.from(b.mask!);
}

describe('Bagging', () => {
  it('subsample alone draws rows anew every round from (seed, round), as before bagging_freq', () => {
    const b = new Bagging({ subsample: 0.5, bagging_freq: 0, bagging_by_query: false, seed: 3 }, null, n);
    const rng = new MinstdRand(1);
    rng.reseed(mixSeed(3, 4, 0xfffffff0));
    const expected = Array.from({ length: n }, () => (rng.nextFloat() >= 0.5 ? 0 : 1));
    expect(bagOf(b, 4)).toEqual(expected);
    expect(bagOf(b, 5)).not.toEqual(expected);
  });

  it('bagging_freq k keeps the bag drawn at rounds 0, k, 2k, ...; out-of-bag rows get g = h = 0', () => {
    const b = new Bagging({ subsample: 0.5, bagging_freq: 3, bagging_by_query: false, seed: 3 }, null, n);
    const first = bagOf(b, 0);
    expect(bagOf(b, 2)).toEqual(first);
    expect(bagOf(b, 3)).not.toEqual(first);
    const gh = new Float32Array(2 * n).fill(1);
    b.apply(4, gh);
    for (let r = 0; r < n; r++) expect(gh[2 * r]).toBe(b.mask![r]);
    // A continued run (a fresh object at round 4) has the same bag.
    const again = new Bagging({ subsample: 0.5, bagging_freq: 3, bagging_by_query: false, seed: 3 }, null, n);
    expect(bagOf(again, 4)).toEqual(bagOf(b, 4));
  });

  it('bagging_by_query keeps or leaves out whole queries', () => {
    const b = new Bagging({ subsample: 0.5, bagging_freq: 1, bagging_by_query: true, seed: 1 }, offsets, n);
    let kept = 0;
    for (let it = 0; it < 6; it++) {
      const m = bagOf(b, it);
      for (let q = 0; q + 1 < offsets.length; q++) {
        const part = m.slice(offsets[q], offsets[q + 1]);
        expect(new Set(part).size).toBe(1);
        kept += part[0]!;
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(30);
    expect(() => new Bagging({ subsample: 0.5, bagging_freq: 1, bagging_by_query: true, seed: 1 }, null, n)).toThrow(ParamError);
  });
});
