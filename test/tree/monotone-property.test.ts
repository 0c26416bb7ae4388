/**
 * The monotone guarantee on data unlike the parity data: skewed (log-normal), heavy-tailed
 * (Cauchy-like), discrete and missing-heavy features, a signal that is not monotone in the
 * constrained features. For 200 rows (a fresh draw, missing cells included), each constrained
 * feature is swept over 40 values (the training range's quantiles, beyond both ends, and missing
 * is left out of the sweep) with the row's other features fixed: the prediction must never move
 * against the feature's direction, for every objective family and both growth policies. The same
 * data trained without the constraints does move against them (so the check can fail).
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { parityRandom } from '../parity-data.js';

const N_FEATURES = 5;
/** +1 on feature 0, -1 on feature 2, +1 on feature 4; 1 and 3 free. */
const DIRECTIONS = [1, 0, -1, 0, 1];

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Rows of five features: log-normal, discrete 0..7 (30% missing), heavy-tailed, uniform, normal (10% missing). */
function features(n: number, rnd: () => number): Float32Array[] {
  const cols = Array.from({ length: N_FEATURES }, () => new Float32Array(n));
  for (let r = 0; r < n; r++) {
    cols[0]![r] = Math.exp(gaussian(rnd));
    cols[1]![r] = rnd() < 0.3 ? NaN : Math.floor(rnd() * 8);
    cols[2]![r] = Math.tan(Math.PI * (rnd() - 0.5)) * 0.5;
    cols[3]![r] = rnd();
    cols[4]![r] = rnd() < 0.1 ? NaN : gaussian(rnd);
  }
  return cols;
}

/** A signal that wiggles against every constraint: sin in x0, a bump in x2, a cosine in x4. */
function signal(x: readonly number[]): number {
  const v = (k: number, d: number): number => (Number.isNaN(x[k]!) ? d : x[k]!);
  return Math.sin(2 * v(0, 1)) + 0.5 * v(0, 1) + 0.3 * v(1, 3) - Math.exp(-(v(2, 0) ** 2)) * 2 + 0.4 * Math.atan(v(2, 0)) + x[3]! + Math.cos(3 * v(4, 0));
}

function dataset(kind: 'real' | 'binary' | 'rank', n: number, seed: number): Dataset {
  const rnd = parityRandom(seed);
  const columns = features(n, rnd);
  const label = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const z = signal(columns.map((c) => c[r]!)) + 0.3 * gaussian(rnd);
    label[r] = kind === 'binary' ? (z > 1 ? 1 : 0) : kind === 'rank' ? Math.max(0, Math.min(4, Math.floor(z + 1.5))) : z;
  }
  const queryOffsets = kind === 'rank' ? Uint32Array.from({ length: n / 20 + 1 }, (_, q) => q * 20) : null;
  return {
    nRows: n, nFeatures: N_FEATURES, featureNames: ['x0', 'x1', 'x2', 'x3', 'x4'], hasFeatureNames: true, columns, label, weight: null,
    queryOffsets, position: null, source: `monotone-${kind}`,
  };
}

/** 40 sweep values of feature f: its training quantiles and values beyond both ends. */
function sweepValues(col: Float32Array): number[] {
  const sorted = Array.from(col).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const qs = Array.from({ length: 36 }, (_, i) => sorted[Math.round((i / 35) * (sorted.length - 1))]!);
  return [lo - 10, lo - 1e-3, ...qs, hi + 1e-3, hi + 10].sort((a, b) => a - b);
}

/** How many adjacent sweep steps move against the directions, over 200 rows and every constrained feature. */
function violations(booster: { predict(rows: number[][]): Float32Array }, train: Dataset, rows: Dataset, directions: readonly number[]): number {
  let bad = 0;
  for (let f = 0; f < N_FEATURES; f++) {
    const d = directions[f]!;
    if (d === 0) continue;
    const values = sweepValues(train.columns[f]!);
    for (let r = 0; r < 200; r++) {
      const base = rows.columns.map((c) => c[r]!);
      const batch = values.map((v) => base.map((x, k) => (k === f ? v : x)));
      const p = booster.predict(batch);
      for (let i = 1; i < p.length; i++) if (d * (p[i]! - p[i - 1]!) < 0) bad++;
    }
  }
  return bad;
}

const CASES: { name: string; kind: 'real' | 'binary' | 'rank'; params: Record<string, string | number> }[] = [
  { name: 'squarederror depthwise', kind: 'real', params: { objective: 'reg:squarederror', max_depth: 6 } },
  { name: 'squarederror lossguide, L1 and max_delta_step', kind: 'real', params: { objective: 'reg:squarederror', grow_policy: 'lossguide', max_leaves: 24, max_depth: 0, alpha: 1, max_delta_step: 0.5 } },
  { name: 'reg:quantileerror lossguide', kind: 'real', params: { objective: 'reg:quantileerror', quantile_alpha: 0.3, grow_policy: 'lossguide', max_leaves: 16 } },
  { name: 'binary:logistic', kind: 'binary', params: { objective: 'binary:logistic', max_depth: 5 } },
  { name: 'rank:ndcg', kind: 'rank', params: { objective: 'rank:ndcg', max_depth: 5 } },
  { name: 'lambdarank (LightGBM\'s name, leaf-wise)', kind: 'rank', params: { objective: 'lambdarank' } },
];

describe('monotone constraints hold on swept rows', () => {
  for (const c of CASES) {
    it(`${c.name}: 200 rows x 40 values of each constrained feature never move against the constraint`, async () => {
      const data = dataset(c.kind, 2000, 424242);
      const probe = dataset(c.kind, 200, 777);
      const params = { ...c.params, eta: 0.3, num_round: 30, nthread: 1, verbosity: 0 };
      const free = await train(params, data);
      expect(violations(free, data, probe, DIRECTIONS), 'the unconstrained model moves against the directions').toBeGreaterThan(0);
      const constrained = await train({ ...params, monotone_constraints: '(1,0,-1,0,1)' }, data);
      expect(violations(constrained, data, probe, DIRECTIONS)).toBe(0);
    }, 60_000);
  }
});
