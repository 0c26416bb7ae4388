/**
 * Unbiased LambdaMART (xgboost-spec.md §1.7; Hu et al., WWW 2019): the position-bias vectors t+ / t-
 * and how they divide the lambdas, on cases small enough to follow by hand.
 *
 * Notation: D(r) = 1/log2(r + 2); a = D(0) - D(1) = 1 - 1/log2 3; b = D(1) - D(2) = 1/log2 3 - 1/2.
 * At iteration 0 every score is 0, so p = 1/2 for every pair and the cost of a pair is Delta * ln 2
 * under both cost choices.
 *
 * Cost choice recorded here (spec §1.7 "sign-convention observation"): `lambdarank_bias_cost=xgboost`
 * (the default) copies XGBoost: C = Delta * log(1/(1 - p)) = Delta * softplus(s_h - s_l), which grows
 * when the pair is already in the right order; `paper` uses Hu et al.'s RankNet cost
 * C = Delta * -log p = Delta * softplus(s_l - s_h), which grows when it is misordered.
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { createRankingObjective } from '../../src/objective/lambdarank.js';
import type { ObjectiveData } from '../../src/objective/objective.js';
import { parsePositionBiases, positionBiasFromJSON } from '../../src/objective/ranking-position-bias.js';
import { defaultParams } from '../../src/params/resolve.js';
import type { Params } from '../../src/params/schema.js';

function params(over: Partial<Params> = {}): Params {
  return { ...defaultParams(), lambdarank_unbiased: true, ...over };
}

function objData(label: number[], groups: number[], position?: number[]): ObjectiveData {
  const off = new Uint32Array(groups.length + 1);
  for (let i = 0; i < groups.length; i++) off[i + 1] = off[i]! + groups[i]!;
  return {
    label: Float32Array.from(label),
    weight: null,
    queryOffsets: off,
    position: position ? Int32Array.from(position) : null,
    nRows: label.length,
    source: 'clicks.svm',
  };
}

const a = 1 - 1 / Math.log2(3);
const b = 1 / Math.log2(3) - 0.5;

function sigmoid32(x: number): number {
  return Math.fround(1 / Math.fround(Math.fround(Math.exp(Math.min(-x, Math.fround(88.7)))) + 1));
}

describe('iteration 0', () => {
  it('t+ = t- = 1 while computing: the gradients equal the biased objective\'s', () => {
    const data = objData([1, 0, 2, 0, 1, 0, 0, 3], [5, 3]);
    const margins = Float32Array.of(0.3, -0.2, 0.1, 0.5, -1, 0.25, 0, 2);
    const biased = createRankingObjective('rank:ndcg', params({ lambdarank_unbiased: false }));
    const unbiased = createRankingObjective('rank:ndcg', params());
    biased.init(data);
    unbiased.init(data);
    const g1 = new Float32Array(16);
    const g2 = new Float32Array(16);
    biased.gradients(margins, g1, 0);
    unbiased.gradients(margins, g2, 0);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  it('before any update the biases are all 1 (K = the truncation level for topk)', () => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 4 }));
    obj.init(objData([1, 0, 0], [3]));
    expect(Array.from(obj.positionBiases()!.tPlus)).toEqual([1, 1, 1, 1]);
    expect(Array.from(obj.positionBiases()!.tMinus)).toEqual([1, 1, 1, 1]);
  });

  it('t+ stays at 1 when no relevant document sits at position 0 (Li[0] = 0: update skipped)', () => {
    // One query, labels (0, 1, 1): every relevant document is at position 1 or 2.
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 3 }));
    obj.init(objData([0, 1, 1], [3]));
    obj.gradients(new Float32Array(3), new Float32Array(6), 0);
    const t = obj.positionBiases()!;
    expect(Array.from(t.tPlus)).toEqual([1, 1, 1]);
    // Lj has mass only at position 0: t-[0] = 1, t-[1] = t-[2] = (0 / Lj[0])^(1/2) = 0.
    expect(Array.from(t.tMinus)).toEqual([1, 0, 0]);
  });
});

describe('the update t = (L[i] / L[0])^(1/(1+p))', () => {
  // Query 1 labels (1, 0, 0), query 2 labels (0, 1, 0), all scores 0, k = 3 (rank list = positions).
  //   Q1 pairs (pos0 > pos1): Delta a;   (pos0 > pos2): Delta 1/2.
  //   Q2 pairs (pos1 > pos0): Delta a;   (pos1 > pos2): Delta b.
  // Li (by the relevant doc's position) = ln2 * (a + 1/2, a + b, 0)
  // Lj (by the irrelevant doc's position) = ln2 * (a, a, 1/2 + b)
  const data = objData([1, 0, 0, 0, 1, 0], [3, 3]);
  const zeros = new Float32Array(6);

  for (const [biasNorm, exponent] of [[1, 0.5], [0, 1], [3, 0.25]] as const) {
    it(`bias_norm = ${biasNorm}: exponent ${exponent}`, () => {
      const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 3, lambdarank_bias_norm: biasNorm }));
      obj.init(data);
      obj.gradients(zeros, new Float32Array(12), 0);
      const t = obj.positionBiases()!;
      const wantPlus = [1, ((a + b) / (a + 0.5)) ** exponent, 0];
      const wantMinus = [1, 1, ((0.5 + b) / a) ** exponent];
      for (let i = 0; i < 3; i++) {
        expect(t.tPlus[i]).toBeCloseTo(wantPlus[i]!, 12);
        expect(t.tMinus[i]).toBeCloseTo(wantMinus[i]!, 12);
      }
    });
  }

  it('iteration 1 divides each pair by t+[pos_h] * t-[pos_l] (normalization off to see it)', () => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 3, lambdarank_normalization: false }));
    obj.init(data);
    obj.gradients(zeros, new Float32Array(12), 0);
    const tp1 = Math.sqrt(0.5 / (a + 0.5));
    const tm2 = Math.sqrt((0.5 + b) / a);
    const gh = new Float32Array(12);
    obj.gradients(zeros, gh, 1);
    // Every pair: lambda = -Delta/2, hess = Delta/2 before the division.
    const want = [
      -a / 2 - 0.25 / tm2, a / 2 + 0.25 / tm2, // Q1 row 0 (pos0, relevant): pairs with pos1 (t = 1) and pos2 (t-[2])
      a / 2, a / 2,
      0.25 / tm2, 0.25 / tm2,
      a / 2 / tp1, a / 2 / tp1, // Q2 row 0 (pos0): low document of the pair with pos1 (t+[1] * t-[0])
      -a / 2 / tp1 - b / 2 / (tp1 * tm2), a / 2 / tp1 + b / 2 / (tp1 * tm2),
      b / 2 / (tp1 * tm2), b / 2 / (tp1 * tm2),
    ];
    for (let i = 0; i < 12; i++) expect(gh[i]).toBeCloseTo(want[i]!, 6);
  });
});

describe('pair cost choice', () => {
  // Q1: labels (1, 0), scores (2, 0): correctly ordered, Delta1 = a / (2 + 0.01), p = sigma(2).
  // Q2: labels (0, 1), scores (0, 0): Delta2 = a, p = 1/2, cost ln 2 * a.
  // Li = (C1, C2), Lj = (C2, C1)  =>  t+[1] = sqrt(C2 / C1), t-[1] = sqrt(C1 / C2).
  const data = objData([1, 0, 0, 1], [2, 2]);
  const margins = Float32Array.of(2, 0, 0, 0);
  const p = sigmoid32(2);
  const c2 = a * Math.log(2);
  const cases = [
    ['xgboost', (a / 2.01) * Math.log(1 / (1 - p))], // ~2.13 * Delta1: large for a well-ordered pair
    ['paper', (a / 2.01) * -Math.log(p)], // ~0.13 * Delta1: small for a well-ordered pair
  ] as const;
  for (const [cost, c1] of cases) {
    it(`lambdarank_bias_cost=${cost}`, () => {
      const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 2, lambdarank_bias_cost: cost }));
      obj.init(data);
      obj.gradients(margins, new Float32Array(8), 0);
      const t = obj.positionBiases()!;
      expect(t.tPlus[1]).toBeCloseTo(Math.sqrt(c2 / c1), 12);
      expect(t.tMinus[1]).toBeCloseTo(Math.sqrt(c1 / c2), 12);
    });
  }

  it('the xgboost cost stays finite where float32 p rounds to 1', () => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 2 }));
    obj.init(data);
    obj.gradients(Float32Array.of(40, 0, 0, 0), new Float32Array(8), 0);
    const t = obj.positionBiases()!;
    expect(Number.isFinite(t.tPlus[1]!) && t.tPlus[1]! > 0).toBe(true);
    expect(Number.isFinite(t.tMinus[1]!) && t.tMinus[1]! > 0).toBe(true);
  });
});

describe('tracked positions', () => {
  it('pairs with a position >= K are neither debiased nor counted', () => {
    // K = 2, restored biases t+ = (2, 2), t- = (3, 3); labels (0, 1, 0, 0), scores 0, k = 2.
    // Pairs: (pos1 > pos0) divided by t+[1] t-[0] = 6; (pos1 > pos2), (pos1 > pos3) untouched.
    const obj = createRankingObjective('rank:pairwise', params({ lambdarank_num_pair_per_sample: 2, lambdarank_normalization: false }));
    obj.restorePositionBiases({ tPlus: [2, 2], tMinus: [3, 3] });
    obj.init(objData([0, 1, 0, 0], [4]));
    const gh = new Float32Array(8);
    obj.gradients(new Float32Array(4), gh, 0);
    const want = [0.5 / 6, 0.5 / 6, -0.5 / 6 - 1, 0.5 / 6 + 1, 0.5, 0.5, 0.5, 0.5];
    for (let i = 0; i < 8; i++) expect(gh[i]).toBeCloseTo(want[i]!, 6); // float32 sums
  });

  it('mean: K = min(largest query, 32)', () => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_pair_method: 'mean' }));
    expect(obj.toJSON()['ti+']).toEqual([]); // unknown before init
    obj.init(objData([1, 0, 0, 1, 0, 0, 0, 1], [3, 5]));
    expect((obj.toJSON()['ti+'] as number[]).length).toBe(5);
    const big = createRankingObjective('rank:ndcg', params({ lambdarank_pair_method: 'mean' }));
    big.init(objData(new Array<number>(40).fill(0).map((_, i) => i % 2), [40]));
    expect(big.positionBiases()!.tPlus.length).toBe(32);
  });

  it('explicit positions equal the row order they describe', () => {
    // Rows of each query shuffled, with the original row index as the position column.
    const label = [1, 0, 2, 0, 1, 0, 1, 1, 0, 0, 2];
    const margins = [0.5, 0.1, -0.3, 0.9, 0.2, -1, 0.7, 0.05, 0.3, -0.2, 0.6];
    const groups = [6, 5];
    const perm = [3, 0, 5, 1, 4, 2, /**/ 9, 6, 10, 8, 7];
    const ordered = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 4 }));
    ordered.init(objData(label, groups));
    const gOrdered = new Float32Array(22);
    ordered.gradients(Float32Array.from(margins), gOrdered, 0);

    const shuffled = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 4 }));
    const starts = [0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6];
    shuffled.init(objData(perm.map((r) => label[r]!), groups, perm.map((r, i) => r - starts[i]!)));
    const gShuffled = new Float32Array(22);
    shuffled.gradients(Float32Array.from(perm.map((r) => margins[r]!)), gShuffled, 0);

    perm.forEach((r, i) => {
      expect(gShuffled[2 * i]).toBe(gOrdered[2 * r]);
      expect(gShuffled[2 * i + 1]).toBe(gOrdered[2 * r + 1]);
    });
    expect(Array.from(shuffled.positionBiases()!.tPlus)).toEqual(Array.from(ordered.positionBiases()!.tPlus));
    expect(Array.from(shuffled.positionBiases()!.tMinus)).toEqual(Array.from(ordered.positionBiases()!.tMinus));
  });
});

describe('saving and continued training', () => {
  it('toJSON writes "ti+" / "tj-" (float32) and they restore into a new objective', () => {
    const data = objData([1, 0, 0, 0, 1, 0], [3, 3]);
    const first = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 3 }));
    first.init(data);
    first.gradients(new Float32Array(6), new Float32Array(12), 0);
    const json = first.toJSON();
    const saved = parsePositionBiases(json, 'm.json')!;
    expect(Array.from(saved.tPlus)).toEqual(Array.from(first.positionBiases()!.tPlus, Math.fround));

    const next = createRankingObjective('rank:ndcg', params({ lambdarank_num_pair_per_sample: 3 }));
    next.restorePositionBiases(saved, 'm.json');
    next.init(data);
    expect(Array.from(next.positionBiases()!.tMinus)).toEqual(Array.from(saved.tMinus));
    // Restoring after init must match K.
    expect(() => next.restorePositionBiases({ tPlus: [1, 1], tMinus: [1, 1] }, 'm.json')).toThrow(ModelError);
    expect(() => next.restorePositionBiases({ tPlus: [1, NaN, 1], tMinus: [1, 1, 1] })).toThrow(ModelError);
    // positionBiases returns copies.
    next.positionBiases()!.tPlus[0] = 99;
    expect(next.positionBiases()!.tPlus[0]).toBe(1);
  });

  it('a biased objective has no position biases', () => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_unbiased: false }));
    obj.init(objData([1, 0], [2]));
    expect(obj.positionBiases()).toBeNull();
    expect(obj.toJSON()['ti+']).toBeUndefined();
    expect(parsePositionBiases(obj.toJSON(), 'm.json')).toBeNull();
  });
});

describe('1-based positions (issue 12 item 3)', () => {
  // Two queries of 4 documents, clicks at varied positions; positions 0..3 or 1..4 describe the same log.
  const label = [1, 0, 1, 0, 0, 1, 1, 0];
  const groups = [4, 4];
  const pos0 = [0, 1, 2, 3, 0, 1, 2, 3];
  const margins = Float32Array.of(0.3, -0.2, 0.1, 0.5, -1, 0.25, 0, 2);
  const run = (over: Partial<Params>, positions: number[] | undefined): { gh: Float32Array; obj: ReturnType<typeof createRankingObjective> } => {
    const obj = createRankingObjective('rank:ndcg', params({ lambdarank_normalization: false, ...over }));
    obj.init(objData(label, groups, positions));
    const gh = new Float32Array(16);
    obj.gradients(margins, gh, 0);
    obj.gradients(margins, gh, 1);
    return { gh, obj };
  };

  it('positions counted from 1 debias exactly as the same positions counted from 0', () => {
    const zero = run({}, pos0);
    const one = run({}, pos0.map((p) => p + 1));
    expect(Array.from(one.gh)).toEqual(Array.from(zero.gh));
    expect(Array.from(one.obj.positionBiases()!.tPlus)).toEqual(Array.from(zero.obj.positionBiases()!.tPlus));
    // ... and differ from plain LambdaMART (the biases did something).
    const plain = run({ lambdarank_unbiased: false }, undefined);
    expect(Array.from(one.gh)).not.toEqual(Array.from(plain.gh));
    expect(one.obj.positionTracking()).toMatchObject({ base: 1, baseFromData: true, explicit: true, rowsBeyond: 0 });
    expect(one.obj.notes()[0]).toMatch(/tracked positions 1\.\.32, top = 1, the smallest position in the data/);
    expect(one.obj.positionBiasJSON()).toMatchObject({ position_base: 1 });
  });

  it('any base: positions from 5 are slots from 0; a given base below the data is XGBoost\'s reading', () => {
    const five = run({}, pos0.map((p) => p + 5));
    expect(Array.from(five.gh)).toEqual(Array.from(run({}, pos0).gh));
    // lambdarank_position_base 0 on 1-based data: slot 0 is empty, no estimate anywhere (XGBoost's result).
    const given = run({ lambdarank_position_base: 0 }, pos0.map((p) => p + 1));
    const json = given.obj.positionBiasJSON()!;
    expect(json.t_plus.every((v) => v === null)).toBe(true);
    expect(() => run({ lambdarank_position_base: 2 }, pos0.map((p) => p + 1))).toThrow(/position 1 is below lambdarank_position_base 2/);
  });

  it('a position shown but never in a pair is "no estimate" (null), not 0, and restores exactly', () => {
    // Position 3 only ever holds unclicked documents: t+[3] has no pair cost.
    const r = run({ lambdarank_num_pair_per_sample: 4 }, pos0);
    const json = r.obj.positionBiasJSON()!;
    expect(json.t_plus[3]).toBeNull();
    expect(json.t_plus[0]).toBe(1);
    expect(typeof json.t_minus[3]).toBe('number');
    const back = positionBiasFromJSON(JSON.parse(JSON.stringify(json)), 'm.json')!;
    expect(Array.from(back.tPlus)).toEqual(Array.from(r.obj.positionBiases()!.tPlus));
    expect(Array.from(back.plusEstimated!)).toEqual([1, 1, 1, 0]);
  });

  it('positions beyond K: skipped by default, counted at K - 1 with lambdarank_position_overflow=clamp', () => {
    const deep = [0, 1, 5, 6, 0, 1, 2, 7];
    const skip = run({ lambdarank_num_pair_per_sample: 3 }, deep);
    const clamp = run({ lambdarank_num_pair_per_sample: 3, lambdarank_position_overflow: 'clamp' }, deep);
    const asLast = run({ lambdarank_num_pair_per_sample: 3 }, deep.map((p) => Math.min(p, 2)));
    expect(skip.obj.positionTracking()!.rowsBeyond).toBe(3);
    expect(Array.from(clamp.gh)).toEqual(Array.from(asLast.gh));
    expect(Array.from(clamp.gh)).not.toEqual(Array.from(skip.gh));
    expect(clamp.obj.notes()[0]).toMatch(/3 rows beyond 2: counted at 2/);
  });
});
