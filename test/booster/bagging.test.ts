/** Bagging (booster/bagging.ts): XGBoost's per-round rows, bagging_freq, bagging_by_query. */
import { describe, expect, it } from 'vitest';
import { Bagging } from '../../src/booster/bagging.js';
import { ParamError } from '../../src/errors.js';
import { MinstdRand, mixSeed } from '../../src/util/rng.js';
import { train } from '../../src/booster/booster.js';
import { dataset } from '../parallel/random-data.js';

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

  it('several output groups (XGBoost\'s subsample): each tree of a round its own bag; group 0 draws the single-output stream; a LightGBM bag is shared', () => {
    const p = { subsample: 0.5, bagging_freq: undefined, bagging_by_query: false, seed: 3 };
    const b = new Bagging(p, null, n);
    expect(b.perTree(1)).toBe(false);
    expect(b.perTree(3)).toBe(true);
    const single = bagOf(new Bagging(p, null, n), 4);
    const bags = [0, 1, 2].map((k) => {
      b.apply(4, new Float32Array(2 * n), k);
      return Array.from(b.mask!);
    });
    expect(bags[0]).toEqual(single);
    expect(bags[1]).not.toEqual(bags[0]);
    expect(bags[2]).not.toEqual(bags[1]);
    // Drawn again for the same (round, group): the same bag.
    b.apply(4, new Float32Array(2 * n), 1);
    expect(Array.from(b.mask!)).toEqual(bags[1]);
    expect(new Bagging({ ...p, bagging_freq: 1 }, null, n).perTree(3)).toBe(false);
    expect(new Bagging({ ...p, bagging_by_query: true }, offsets, n).perTree(3)).toBe(false);
  });

  it('a 3-class model with subsample: each first-round tree covers its own bag (root cover = bag size x the constant round-0 hessian)', async () => {
    const base = dataset(600, 4, 77, 'regression');
    const data = { ...base, label: Float32Array.from(base.label!, (y) => (y < -0.5 ? 0 : y < 0.5 ? 1 : 2)) };
    const booster = await train({ objective: 'multi:softprob', num_class: 3, num_round: 1, max_depth: 1, subsample: 0.5, seed: 11 }, data);
    const b = new Bagging({ subsample: 0.5, bagging_freq: undefined, bagging_by_query: false, seed: 11 }, null, 600);
    const sizes = [0, 1, 2].map((k) => {
      b.apply(0, new Float32Array(1200), k);
      return b.mask!.reduce((a, v) => a + v, 0);
    });
    expect(new Set(sizes).size).toBeGreaterThan(1);
    // Round 0: every row's p_k is the softmax of the base scores, so h_k is one constant.
    const bases = Array.from(booster.model.baseScores!);
    const e = bases.map((v) => Math.exp(v - Math.max(...bases)));
    const sum = e.reduce((a, v) => a + v, 0);
    booster.model.trees.forEach((t, k) => {
      const pk = e[k]! / sum;
      expect(Math.round(t.sumHessian[0]! / (2 * pk * (1 - pk))), `class ${k}`).toBe(sizes[k]);
    });
  });
});
