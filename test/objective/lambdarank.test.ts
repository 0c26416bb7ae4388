/**
 * LambdaMART gradients (rank:ndcg, rank:map, rank:pairwise; xgboost-spec.md §1.3-1.6).
 *
 * What is checked, and how:
 * 1. Against a brute-force reference written plainly below: every pair of rank positions (i < j,
 *    i < k) visited in an O(n^2) loop, Delta from the spec's formulas (delta NDCG as
 *    |G(y_h) - G(y_l)| |D(r_h) - D(r_l)| / IDCG@k, delta MAP by recomputing AP after the swap),
 *    score normalization, p = float32 sigmoid, lambda / hess with the factor 2, log2 normalization,
 *    query weights. Agreement to float32 precision.
 * 2. Against finite differences of the smooth LambdaRank loss. With score normalization and
 *    per-query normalization off and unit weights, the pair set and every Delta depend only on the
 *    current rank list, so holding them fixed the objective's g is exactly the gradient of
 *    L(s) = sum_pairs Delta * log(1 + exp(-(s_h - s_l))),
 *    and its h is 2 * d^2 L / ds_i^2 (XGBoost's factor 2; the pair's cross terms are not included).
 *    Scores are spread far enough apart that the perturbation does not change the rank list.
 *    With score normalization on, Delta depends on |s_h - s_l| and g is no longer dL/ds: not checked.
 * 3. Hand values at iteration 0, label validation, missing groups, weights, mean sampling
 *    determinism, per-query independence, JSON.
 */
import { describe, expect, it } from 'vitest';
import { DataError, ParamError } from '../../src/errors.js';
import { createRankingObjective, MISSING_GROUPS_MESSAGE } from '../../src/objective/lambdarank.js';
import { LambdaRankScratch, lambdaRankQueries } from '../../src/kernels/ts/lambdarank-query.js';
import type { ObjectiveData } from '../../src/objective/objective.js';
import { defaultParams, resolveParams } from '../../src/params/resolve.js';
import type { Params } from '../../src/params/schema.js';
import { MinstdRand, mixSeed } from '../../src/util/rng.js';

// ---------------------------------------------------------------------------------------------
// helpers

function params(over: Partial<Params> = {}): Params {
  return { ...defaultParams(), ...over };
}

function offsetsOf(groups: number[]): Uint32Array {
  const off = new Uint32Array(groups.length + 1);
  for (let i = 0; i < groups.length; i++) off[i + 1] = off[i]! + groups[i]!;
  return off;
}

function objData(label: number[], groups: number[] | null, extra: { weight?: number[]; position?: number[] } = {}): ObjectiveData {
  return {
    label: Float32Array.from(label),
    weight: extra.weight ? Float32Array.from(extra.weight) : null,
    queryOffsets: groups ? offsetsOf(groups) : null,
    position: extra.position ? Int32Array.from(extra.position) : null,
    nRows: label.length,
    source: 'train.svm',
  };
}

function grad(name: string, p: Params, data: ObjectiveData, margins: number[] | Float32Array, iteration = 0): Float32Array {
  const obj = createRankingObjective(name, p);
  obj.init(data);
  const gh = new Float32Array(2 * data.nRows).fill(NaN);
  obj.gradients(Float32Array.from(margins), gh, iteration);
  return gh;
}

/** Deterministic uniform numbers for test data (MINSTD, written out). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 48271) % 2147483647) - 1) / 2147483646;
}

/** XGBoost's float32 sigmoid, written out (spec §2.1). */
function sigmoid32(x: number): number {
  return Math.fround(1 / Math.fround(Math.fround(Math.exp(Math.min(-x, Math.fround(88.7)))) + 1));
}

const D = (r: number): number => 1 / Math.log2(r + 2);

interface RefOptions {
  loss: 'ndcg' | 'map' | 'pairwise';
  k: number;
  scoreNorm: boolean;
  norm: boolean;
  expGain: boolean;
  weight?: number[];
}

/** Average precision of binary labels listed in rank order (the whole list). */
function ap(ranked: number[]): number {
  let hits = 0;
  let s = 0;
  ranked.forEach((y, i) => {
    if (y === 1) {
      hits++;
      s += hits / (i + 1);
    }
  });
  return hits === 0 ? 0 : s / hits;
}

/** The brute-force reference for topk (see the file comment). Returns [g0, h0, g1, h1, ...]. */
function reference(label: number[], groups: number[], margins: number[], o: RefOptions): number[] {
  const out = new Array<number>(2 * label.length).fill(0);
  const f = margins.map((m) => Math.fround(m));
  const off = offsetsOf(groups);
  const nq = groups.length;
  const qw = Array.from({ length: nq }, (_, q) => (o.weight ? o.weight[off[q]!]! : 1));
  const wNorm = nq / qw.reduce((a, b) => a + b, 0);
  const gain = (y: number): number => (o.expGain ? 2 ** y - 1 : y);
  for (let q = 0; q < nq; q++) {
    const rows = Array.from({ length: groups[q]! }, (_, i) => off[q]! + i);
    const n = rows.length;
    const ranked = [...rows].sort((a, b) => f[b]! - f[a]!); // stable: ties keep input order
    const ideal = rows.map((r) => gain(label[r]!)).sort((a, b) => b - a);
    let idcg = 0;
    for (let i = 0; i < Math.min(n, o.k); i++) idcg += ideal[i]! * D(i);
    const best = f[ranked[0]!]!;
    const worst = f[ranked[n - 1]!]!;
    const g = new Map<number, number>();
    const h = new Map<number, number>();
    for (const r of rows) { g.set(r, 0); h.set(r, 0); }
    let sumLambda = 0;
    for (let i = 0; i < Math.min(n, o.k); i++) {
      for (let j = i + 1; j < n; j++) {
        const a = ranked[i]!;
        const b = ranked[j]!;
        if (label[a] === label[b]) continue;
        const [hi, lo, rh, rl] = label[a]! > label[b]! ? [a, b, i, j] : [b, a, j, i];
        let delta: number;
        if (o.loss === 'ndcg') {
          delta = idcg === 0 ? 0 : Math.abs(gain(label[hi]!) - gain(label[lo]!)) * Math.abs(D(rh) - D(rl)) / idcg;
        } else if (o.loss === 'map') {
          const ys = ranked.map((r) => label[r]!);
          const swapped = [...ys];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          delta = Math.abs(ap(swapped) - ap(ys));
        } else {
          delta = 1;
        }
        const d = Math.fround(f[hi]! - f[lo]!);
        if (o.scoreNorm && best !== worst) delta /= Math.abs(d) + 0.01;
        const p = sigmoid32(d);
        const lambda = (p - 1) * delta;
        const hess = 2 * Math.max(p * (1 - p), 1e-16) * delta;
        g.set(hi, g.get(hi)! + lambda);
        g.set(lo, g.get(lo)! - lambda);
        h.set(hi, h.get(hi)! + hess);
        h.set(lo, h.get(lo)! + hess);
        sumLambda += -2 * lambda;
      }
    }
    const scale = (o.norm && sumLambda > 0 ? Math.log2(1 + sumLambda) / sumLambda : 1) * qw[q]! * wNorm;
    for (const r of rows) {
      out[2 * r] = g.get(r)! * scale;
      out[2 * r + 1] = h.get(r)! * scale;
    }
  }
  return out;
}

/** |a - b| within float32 precision relative to the largest magnitude of the query's values. */
function expectClose(got: Float32Array, want: number[], rel = 2e-6): void {
  const scale = Math.max(1e-30, ...want.map((v) => Math.abs(v)));
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `entry ${i}: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(rel * scale);
  }
}

/** Random ranking data: groups of 1..maxN docs, labels 0..maxLabel, margins in [-2, 2] on a 1/256 grid. */
function randomCase(seed: number, nq: number, maxN: number, maxLabel: number, binary = false) {
  const rnd = lcg(seed);
  const groups = Array.from({ length: nq }, () => 1 + Math.floor(rnd() * maxN));
  const n = groups.reduce((a, b) => a + b, 0);
  const label = Array.from({ length: n }, () => (binary ? (rnd() < 0.35 ? 1 : 0) : Math.floor(rnd() * (maxLabel + 1))));
  const margins = Array.from({ length: n }, () => Math.round((rnd() * 4 - 2) * 256) / 256);
  return { groups, label, margins };
}

// ---------------------------------------------------------------------------------------------

describe('brute-force reference (topk)', () => {
  const losses = [['rank:ndcg', 'ndcg'], ['rank:map', 'map'], ['rank:pairwise', 'pairwise']] as const;
  for (const [name, loss] of losses) {
    for (const k of [1, 3, 32]) {
      for (const scoreNorm of [true, false]) {
        it(`${name} k=${k} score_normalization=${scoreNorm}`, () => {
          for (let seed = 1; seed <= 4; seed++) {
            const c = randomCase(seed * 101 + k, 6, 12, 4, loss === 'map');
            const p = params({ lambdarank_num_pair_per_sample: k, lambdarank_score_normalization: scoreNorm });
            const got = grad(name, p, objData(c.label, c.groups), c.margins);
            expectClose(got, reference(c.label, c.groups, c.margins, { loss, k, scoreNorm, norm: true, expGain: true }));
          }
        });
      }
    }
  }

  it('ties in margins: the rank list keeps input order; linear gain; normalization off; weights', () => {
    const rnd = lcg(99);
    const groups = [7, 1, 9, 5];
    const n = 22;
    const label = Array.from({ length: n }, () => Math.floor(rnd() * 5) * 1.5);
    const margins = Array.from({ length: n }, () => Math.floor(rnd() * 3) / 2); // many ties
    const weight = Array.from({ length: n }, (_, i) => (i % 3) + 0.5);
    const p = params({ ndcg_exp_gain: false, lambdarank_normalization: false, lambdarank_num_pair_per_sample: 4 });
    const got = grad('rank:ndcg', p, objData(label, groups, { weight }), margins);
    expectClose(got, reference(label, groups, margins, { loss: 'ndcg', k: 4, scoreNorm: true, norm: false, expGain: false, weight }));
  });
});

describe('finite differences of the smooth LambdaRank loss', () => {
  /** L(s) with the pair set and Delta of the rank list at `base` held fixed (score normalization off). */
  function smoothLoss(label: number[], base: number[], s: number[], k: number, loss: 'ndcg' | 'map' | 'pairwise'): number {
    const n = label.length;
    const ranked = Array.from({ length: n }, (_, i) => i).sort((a, b) => base[b]! - base[a]!);
    const ideal = label.map((y) => 2 ** y - 1).sort((a, b) => b - a);
    let idcg = 0;
    for (let i = 0; i < Math.min(n, k); i++) idcg += ideal[i]! * D(i);
    let total = 0;
    for (let i = 0; i < Math.min(n, k); i++) {
      for (let j = i + 1; j < n; j++) {
        const a = ranked[i]!;
        const b = ranked[j]!;
        if (label[a] === label[b]) continue;
        const [hi, lo] = label[a]! > label[b]! ? [a, b] : [b, a];
        let delta = 1;
        if (loss === 'ndcg') delta = Math.abs((2 ** label[a]! - 2 ** label[b]!) * (D(i) - D(j))) / idcg;
        if (loss === 'map') {
          const ys = ranked.map((r) => label[r]!);
          const sw = [...ys];
          [sw[i], sw[j]] = [sw[j]!, sw[i]!];
          delta = Math.abs(ap(sw) - ap(ys));
        }
        total += delta * Math.log1p(Math.exp(-(s[hi]! - s[lo]!)));
      }
    }
    return total;
  }

  for (const [name, loss] of [['rank:ndcg', 'ndcg'], ['rank:map', 'map'], ['rank:pairwise', 'pairwise']] as const) {
    it(`${name}: g = dL/ds and h = 2 d2L/ds2`, () => {
      const rnd = lcg(loss.length * 7 + 3);
      for (let trial = 0; trial < 5; trial++) {
        const n = 8;
        const label = Array.from({ length: n }, () => (loss === 'map' ? (rnd() < 0.4 ? 1 : 0) : Math.floor(rnd() * 4)));
        label[0] = 1;
        label[1] = 0;
        // Distinct scores on a 1/16 grid, well separated relative to the FD step.
        const slots = Array.from({ length: 40 }, (_, i) => i);
        const margins = Array.from({ length: n }, () => (slots.splice(Math.floor(rnd() * slots.length), 1)[0]! - 20) / 16);
        const k = 5;
        const p = params({ lambdarank_num_pair_per_sample: k, lambdarank_score_normalization: false, lambdarank_normalization: false });
        const gh = grad(name, p, objData(label, [n]), margins);
        const eps = 1e-4;
        const eps2 = 1e-3;
        const l0 = smoothLoss(label, margins, margins, k, loss);
        for (let i = 0; i < n; i++) {
          const plus = [...margins];
          const minus = [...margins];
          plus[i]! += eps;
          minus[i]! -= eps;
          const fd = (smoothLoss(label, margins, plus, k, loss) - smoothLoss(label, margins, minus, k, loss)) / (2 * eps);
          expect(Math.abs(gh[2 * i]! - fd), `g[${i}]`).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(fd)));
          const plus2 = [...margins];
          const minus2 = [...margins];
          plus2[i]! += eps2;
          minus2[i]! -= eps2;
          const fd2 = (smoothLoss(label, margins, plus2, k, loss) - 2 * l0 + smoothLoss(label, margins, minus2, k, loss)) / (eps2 * eps2);
          expect(Math.abs(gh[2 * i + 1]! - 2 * fd2), `h[${i}]`).toBeLessThanOrEqual(1e-4 * Math.max(1e-3, Math.abs(2 * fd2)));
        }
      }
    });
  }
});

describe('iteration 0 (all scores equal)', () => {
  it('p = 1/2: lambda = -Delta/2, hess = Delta/2, then log2(1 + S)/S', () => {
    // Two documents, labels (0, 1), both scores 0: the rank list is the input order.
    // IDCG = 1, Delta = (2^1 - 1) * (D(0) - D(1)) = 1 - 1/log2(3); S = -2 * lambda = Delta.
    const delta = 1 - 1 / Math.log2(3);
    const norm = Math.log2(1 + delta) / delta;
    const gh = grad('rank:ndcg', params(), objData([0, 1], [2]), [0, 0]);
    expect(gh[2]).toBeCloseTo((-delta / 2) * norm, 7); // the relevant document is pushed up
    expect(gh[0]).toBeCloseTo((delta / 2) * norm, 7);
    expect(gh[1]).toBeCloseTo((delta / 2) * norm, 7);
    expect(gh[3]).toBeCloseTo((delta / 2) * norm, 7);
    // Without normalization: exactly -Delta/2 and Delta/2 in float32.
    const raw = grad('rank:ndcg', params({ lambdarank_normalization: false }), objData([0, 1], [2]), [0, 0]);
    expect(raw[2]).toBe(Math.fround(-delta / 2));
    expect(raw[3]).toBe(Math.fround(delta / 2));
  });

  it('rank:pairwise has Delta = 1; equal labels and single documents get zero', () => {
    const gh = grad('rank:pairwise', params({ lambdarank_normalization: false }), objData([2, 2, 0, 5], [3, 1]), [0, 0, 0, 0]);
    // Query 1: pairs (0,2) and (1,2), each lambda -1/2, hess 1/2; rows 0 and 1 never paired together.
    expect(Array.from(gh)).toEqual([-0.5, 0.5, -0.5, 0.5, 1, 1, 0, 0]);
  });

  it('a query without relevant documents has zero gradients', () => {
    const gh = grad('rank:ndcg', params(), objData([0, 0, 0, 1, 0], [3, 2]), [0.1, 0.2, 0.3, 0, 0]);
    expect(Array.from(gh.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gh[6]).toBeLessThan(0);
  });
});

describe('weights', () => {
  it('each query is scaled by w_q * G / sum w (unit weights change nothing)', () => {
    const c = randomCase(5, 3, 6, 3);
    const base = grad('rank:ndcg', params(), objData(c.label, c.groups), c.margins);
    const ones = grad('rank:ndcg', params(), objData(c.label, c.groups, { weight: c.label.map(() => 1) }), c.margins);
    expect(Array.from(ones)).toEqual(Array.from(base));
    const off = offsetsOf(c.groups);
    const weight = c.label.map(() => 7); // only the first row of each query matters
    const qw = [2, 0.5, 1];
    for (let q = 0; q < 3; q++) weight[off[q]!] = qw[q]!;
    const got = grad('rank:ndcg', params(), objData(c.label, c.groups, { weight }), c.margins);
    const wNorm = 3 / 3.5;
    for (let q = 0; q < 3; q++) {
      for (let r = off[q]!; r < off[q + 1]!; r++) {
        expect(got[2 * r]).toBeCloseTo(base[2 * r]! * qw[q]! * wNorm, 6);
        expect(got[2 * r + 1]).toBeCloseTo(base[2 * r + 1]! * qw[q]! * wNorm, 6);
      }
    }
  });

  it('rejects negative query weights and all-zero weights', () => {
    const obj = createRankingObjective('rank:ndcg', params());
    expect(() => obj.init(objData([0, 1, 1, 0], [2, 2], { weight: [1, 1, -1, 1] }))).toThrow(/row 3 column "weight"/);
    expect(() => obj.init(objData([0, 1, 1, 0], [2, 2], { weight: [0, 1, 0, 1] }))).toThrow(DataError);
  });
});

describe('mean pair method', () => {
  /** The spec's sampler (§1.4) written out, with our RNG and seeding; returns the pairs as rank positions. */
  function samplePairs(labelsInRankOrder: number[], m: number, seed: number, iteration: number, q: number): [number, number][] {
    const n = labelsInRankOrder.length;
    const bySorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => labelsInRankOrder[b]! - labelsInRankOrder[a]!);
    const rng = new MinstdRand(mixSeed(seed, iteration, q));
    const pairs: [number, number][] = [];
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && labelsInRankOrder[bySorted[j]!] === labelsInRankOrder[bySorted[i]!]) j++;
      const outside = n - (j - i);
      if (outside > 0) {
        for (let t = 0; t < m; t++) {
          for (let member = i; member < j; member++) {
            let other = rng.nextBelow(outside);
            if (other >= i) other += j - i;
            pairs.push([bySorted[member]!, bySorted[other]!]);
          }
        }
      }
      i = j;
    }
    return pairs;
  }

  it('matches the sampler written out (pairwise, Delta = 1, normalization 1/m)', () => {
    const c = randomCase(77, 5, 10, 3);
    const m = 3;
    const seed = 42;
    const iteration = 6;
    const p = params({ lambdarank_pair_method: 'mean', lambdarank_num_pair_per_sample: m, seed, lambdarank_score_normalization: false });
    const got = grad('rank:pairwise', p, objData(c.label, c.groups), c.margins, iteration);
    const off = offsetsOf(c.groups);
    const want = new Array<number>(2 * c.label.length).fill(0);
    for (let q = 0; q < c.groups.length; q++) {
      const rows = Array.from({ length: c.groups[q]! }, (_, i) => off[q]! + i);
      const ranked = [...rows].sort((a, b) => c.margins[b]! - c.margins[a]!);
      for (const [ra, rb] of samplePairs(ranked.map((r) => c.label[r]!), m, seed, iteration, q)) {
        const a = ranked[ra]!;
        const b = ranked[rb]!;
        const [hi, lo] = c.label[a]! > c.label[b]! ? [a, b] : [b, a];
        const pr = sigmoid32(Math.fround(c.margins[hi]! - c.margins[lo]!));
        want[2 * hi]! += (pr - 1) / m;
        want[2 * lo]! -= (pr - 1) / m;
        want[2 * hi + 1]! += (2 * pr * (1 - pr)) / m;
        want[2 * lo + 1]! += (2 * pr * (1 - pr)) / m;
      }
    }
    expectClose(got, want, 5e-6);
  });

  it('is deterministic for (seed, iteration) and changes with the iteration', () => {
    const c = randomCase(3, 8, 12, 4);
    const p = params({ lambdarank_pair_method: 'mean' });
    const a = grad('rank:ndcg', p, objData(c.label, c.groups), c.margins, 3);
    const b = grad('rank:ndcg', p, objData(c.label, c.groups), c.margins, 3);
    const other = grad('rank:ndcg', p, objData(c.label, c.groups), c.margins, 4);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(other));
    const allEqual = grad('rank:ndcg', p, objData([2, 2, 2], [3]), [0.3, 0.1, 0.2]);
    expect(Array.from(allEqual)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('normalization divides by m exactly', () => {
    const c = randomCase(8, 4, 8, 3);
    const on = grad('rank:ndcg', params({ lambdarank_pair_method: 'mean', lambdarank_num_pair_per_sample: 4 }), objData(c.label, c.groups), c.margins);
    const off = grad('rank:ndcg', params({ lambdarank_pair_method: 'mean', lambdarank_num_pair_per_sample: 4, lambdarank_normalization: false }), objData(c.label, c.groups), c.margins);
    expect(Array.from(on)).toEqual(Array.from(off, (v) => v / 4));
  });
});

describe('per-query independence', () => {
  it('any split of the queries, any order, separate scratch: identical bits', () => {
    for (const method of ['topk', 'mean'] as const) {
      const c = randomCase(11, 20, 15, 4);
      const p = params({ lambdarank_pair_method: method });
      const data = objData(c.label, c.groups);
      const whole = grad('rank:ndcg', p, data, c.margins, 2);
      // The same prepared inputs, run through the kernel by hand in pieces.
      const obj = createRankingObjective('rank:ndcg', p);
      obj.init(data);
      const inputs = obj.kernelInputs()!;
      const gh = new Float32Array(2 * data.nRows).fill(NaN);
      const margins = Float32Array.from(c.margins);
      lambdaRankQueries(inputs, margins, 2, 13, 20, new LambdaRankScratch(15), gh, null, null);
      for (let q = 12; q >= 0; q--) lambdaRankQueries(inputs, margins, 2, q, q + 1, new LambdaRankScratch(15), gh, null, null);
      expect(Array.from(gh)).toEqual(Array.from(whole));
    }
  });
});

describe('validation', () => {
  it('needs query groups', () => {
    const obj = createRankingObjective('rank:ndcg', params());
    expect(() => obj.init(objData([0, 1], null))).toThrow(DataError);
    expect(() => obj.init(objData([0, 1], null))).toThrow(MISSING_GROUPS_MESSAGE);
  });

  it('rank:ndcg with exponential gain: integers 0..31, naming the row', () => {
    const obj = createRankingObjective('rank:ndcg', params());
    expect(() => obj.init(objData([0, 1.5, 2], [3]))).toThrow(/train\.svm row 2 column "label".*not an integer/);
    expect(() => obj.init(objData([0, 32, 2], [3]))).toThrow(/row 2.*larger than 31/);
    expect(() => obj.init(objData([0, 1, -1], [3]))).toThrow(/row 3.*negative/);
    expect(() => obj.init(objData([0, Infinity], [2]))).toThrow(/row 2.*not a finite/);
    expect(() => obj.init(objData([0, 31, 2], [3]))).not.toThrow();
  });

  it('linear gain and rank:pairwise accept any finite label >= 0', () => {
    expect(() => createRankingObjective('rank:ndcg', params({ ndcg_exp_gain: false })).init(objData([0, 1.5, 100], [3]))).not.toThrow();
    expect(() => createRankingObjective('rank:pairwise', params()).init(objData([0, 1.5, 100], [3]))).not.toThrow();
    expect(() => createRankingObjective('rank:pairwise', params()).init(objData([0, -0.5], [2]))).toThrow(/negative/);
    expect(() => createRankingObjective('rank:pairwise', params()).init(objData([0, NaN], [2]))).toThrow(DataError);
  });

  it('rank:map needs binary labels', () => {
    expect(() => createRankingObjective('rank:map', params()).init(objData([0, 1, 2], [3]))).toThrow(/row 3.*not 0 or 1/);
  });

  it('negative positions and bad names / settings', () => {
    expect(() => createRankingObjective('rank:ndcg', params()).init(objData([0, 1], [2], { position: [0, -1] }))).toThrow(/row 2 column "position"/);
    expect(() => createRankingObjective('rank:foo', params())).toThrow(ParamError);
    // Ranges are the parameter table's (resolveParams), not re-checked by the objective.
    expect(() => resolveParams({ objective: 'rank:ndcg', lambdarank_num_pair_per_sample: 0 })).toThrow(ParamError);
    expect(() => resolveParams({ objective: 'rank:ndcg', lambdarank_pair_method: 'all' })).toThrow(ParamError);
    expect(() => resolveParams({ objective: 'rank:ndcg', lambdarank_bias_norm: -1 })).toThrow(ParamError);
  });

  it('gradients before init is a programming error', () => {
    expect(() => createRankingObjective('rank:ndcg', params()).gradients(new Float32Array(2), new Float32Array(4), 0)).toThrow(/init/);
  });
});

describe('Objective interface', () => {
  it('default metrics, base score 0, identity transform, needsGroups', () => {
    expect(createRankingObjective('rank:ndcg', params()).defaultMetric).toBe('ndcg@32');
    expect(createRankingObjective('rank:pairwise', params({ lambdarank_num_pair_per_sample: 8 })).defaultMetric).toBe('ndcg@8');
    expect(createRankingObjective('rank:map', params()).defaultMetric).toBe('map@32');
    expect(createRankingObjective('rank:ndcg', params({ lambdarank_pair_method: 'mean' })).defaultMetric).toBe('ndcg');
    expect(createRankingObjective('rank:map', params({ lambdarank_pair_method: 'mean' })).defaultMetric).toBe('map');
    const obj = createRankingObjective('rank:ndcg', params());
    expect(obj.needsGroups).toBe(true);
    expect(obj.initBaseScore(objData([0, 1], [2]))).toBe(0);
    expect(obj.probToMargin(0.5)).toBe(0.5);
    const v = Float32Array.of(1.5, -2);
    obj.transform(v);
    expect(Array.from(v)).toEqual([1.5, -2]);
  });

  it('toJSON writes lambdarank_param as XGBoost 3.x (strings), biases only when unbiased', () => {
    expect(createRankingObjective('rank:ndcg', params()).toJSON()).toEqual({
      name: 'rank:ndcg',
      lambdarank_param: {
        lambdarank_bias_norm: '1',
        lambdarank_normalization: '1',
        lambdarank_num_pair_per_sample: '4294967295',
        lambdarank_pair_method: 'topk',
        lambdarank_score_normalization: '1',
        lambdarank_unbiased: '0',
        ndcg_exp_gain: '1',
      },
    });
    const u = createRankingObjective('rank:map', params({
      lambdarank_unbiased: true, lambdarank_num_pair_per_sample: 3, lambdarank_bias_norm: 0.5,
      lambdarank_pair_method: 'topk', ndcg_exp_gain: false, lambdarank_score_normalization: false,
    })).toJSON();
    expect(u['lambdarank_param']).toMatchObject({ lambdarank_num_pair_per_sample: '3', lambdarank_bias_norm: '0.5', lambdarank_unbiased: '1', ndcg_exp_gain: '0', lambdarank_score_normalization: '0' });
    expect(u['ti+']).toEqual([1, 1, 1]);
    expect(u['tj-']).toEqual([1, 1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// the specialised topk rank:ndcg pair loop equals the general per-pair path bit for bit

describe('topk rank:ndcg fast pair loop', () => {
  // The general path (accumulatePair) runs when debiasing is on; at iteration 0 every bias is 1, so
  // the unbiased objective's g and h go through the general path with the same float operations.
  it.each([
    ['normalizations on', {}],
    ['score normalization off', { lambdarank_score_normalization: false }],
    ['both normalizations off, truncation 5', { lambdarank_score_normalization: false, lambdarank_normalization: false, lambdarank_num_pair_per_sample: 5 }],
  ] as const)('equals the general path on random queries (%s)', (_label, over) => {
    let seed = 12345;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    const groups = [1, 2, 7, 33, 60, 45, 3];
    const n = groups.reduce((a, b) => a + b, 0);
    const label = Array.from({ length: n }, () => Math.floor(rnd() * 5));
    // Ties in the scores too (a coarse grid), so the stable order matters.
    const margins = Float32Array.from({ length: n }, () => Math.fround(Math.floor(rnd() * 40) / 8 - 2.5));
    const data: ObjectiveData = {
      label: Float32Array.from(label), weight: null, queryOffsets: offsetsOf(groups), position: null, nRows: n, source: 't',
    };
    const fast = createRankingObjective('rank:ndcg', params({ ...over }));
    const general = createRankingObjective('rank:ndcg', params({ ...over, lambdarank_unbiased: true }));
    fast.init(data);
    general.init(data);
    const g1 = new Float32Array(2 * n);
    const g2 = new Float32Array(2 * n);
    fast.gradients(margins, g1, 0);
    general.gradients(margins, g2, 0);
    for (let i = 0; i < 2 * n; i++) expect(Object.is(g1[i], g2[i]), `gh[${i}]: ${g1[i]} vs ${g2[i]}`).toBe(true);
    expect(g1.some((v) => v !== 0)).toBe(true);
  });
});
