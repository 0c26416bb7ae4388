/**
 * Monotone and interaction constraints against XGBoost 3.4.1 (shared/anchors): the same data
 * (missing cells in two features) and parameters (hist, max_bin 256, nthread 1), trained by both,
 * several rounds; every tree's shape, split features, thresholds, default directions, base weights
 * and leaf values, and the training margins, must be equal to the float32 bit. Depthwise and
 * lossguide, pointwise objectives (plain gain, max_delta_step's and L1's general gain), binary,
 * multi-class and rank:* objectives. Skipped, with the reason, where the anchor is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { parseModelText } from '../../src/model-io/xgboost-json.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';
import { constraintCsv } from './constraint-data.js';

const SCRIPT = new URL('./constraints-parity.py', import.meta.url).pathname;
const missing = xgboostAnchorMissing();

interface Case {
  name: string;
  data: string;
  params: Record<string, number | string>;
}
const MONO = '(1,-1,0,0,1)';
const base = { eta: 0.3, max_depth: 4, max_bin: 256, num_round: 8, base_score: 0.5 };
const lossguide = { grow_policy: 'lossguide', max_leaves: 10, max_depth: 0 };
const CASES: Case[] = [
  { name: 'sq_depthwise', data: 'real.csv', params: { ...base, objective: 'reg:squarederror', monotone_constraints: MONO } },
  { name: 'sq_lossguide', data: 'real.csv', params: { ...base, ...lossguide, objective: 'reg:squarederror', monotone_constraints: '(1,-1,0,1,1)' } },
  { name: 'sq_decreasing', data: 'real.csv', params: { ...base, objective: 'reg:squarederror', monotone_constraints: '(-1,1,-1,0,-1)', min_child_weight: 3 } },
  { name: 'sq_l1', data: 'real.csv', params: { ...base, objective: 'reg:squarederror', monotone_constraints: MONO, alpha: 2, lambda: 0.5 } },
  { name: 'quantile', data: 'real.csv', params: { ...base, ...lossguide, objective: 'reg:quantileerror', quantile_alpha: 0.7, monotone_constraints: MONO } },
  { name: 'logistic', data: 'binary.csv', params: { ...base, objective: 'binary:logistic', monotone_constraints: MONO } },
  { name: 'poisson', data: 'count.csv', params: { ...base, ...lossguide, objective: 'count:poisson', monotone_constraints: MONO } },
  { name: 'softprob', data: 'class3.csv', params: { ...base, num_round: 4, objective: 'multi:softprob', num_class: 3, monotone_constraints: MONO } },
  { name: 'ndcg', data: 'rank.csv', params: { ...base, objective: 'rank:ndcg', monotone_constraints: MONO } },
  { name: 'pairwise_lossguide', data: 'rank.csv', params: { ...base, ...lossguide, objective: 'rank:pairwise', monotone_constraints: MONO } },
  { name: 'map', data: 'rankbin.csv', params: { ...base, objective: 'rank:map', monotone_constraints: '(0,-1,0,0,1)' } },
  { name: 'interaction', data: 'real.csv', params: { ...base, objective: 'reg:squarederror', interaction_constraints: '[[0,1],[1,2,3]]' } },
  { name: 'interaction_lossguide', data: 'real.csv', params: { ...base, ...lossguide, objective: 'reg:squarederror', interaction_constraints: '[["a","e"],["b","c","d"]]' } },
  { name: 'both_ndcg', data: 'rank.csv', params: { ...base, objective: 'rank:ndcg', monotone_constraints: MONO, interaction_constraints: '[[0,1,4],[2,3]]' } },
];

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-constraints-'));
  for (const kind of ['real', 'binary', 'count', 'rank', 'rankbin', 'class3'] as const) writeFileSync(join(dir, `${kind}.csv`), constraintCsv(kind, 480, 97531));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
  execFileSync('/usr/bin/python3', [SCRIPT, dir], { env: { ...process.env, PYTHONPATH: XGBOOST_ANCHOR }, stdio: 'pipe' });
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`constraints against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.name} (${c.params.objective as string}, ${c.params.grow_policy ?? 'depthwise'}): trees and margins as XGBoost 3.4.1's`, async () => {
      const data = await loadDataset(join(dir, c.data), { label: 'y', ...(c.data.startsWith('rank') ? { qid: 'q' } : {}) });
      const booster = await train({ ...c.params, nthread: 1 }, data);
      const ref = parseModelText(readFileSync(join(dir, `${c.name}.model.json`), 'utf8'), 'ref');
      const ours = booster.model;
      expect(ours.trees.length).toBe(ref.trees.length);
      ours.trees.forEach((t, i) => {
        const r = ref.trees[i]!;
        expect(Array.from(t.left), `tree ${i} shape`).toEqual(Array.from(r.left));
        expect(Array.from(t.splitIndex), `tree ${i} features`).toEqual(Array.from(r.splitIndex));
        expect(Array.from(t.defaultLeft), `tree ${i} default directions`).toEqual(Array.from(r.defaultLeft));
        expect(Array.from(t.splitCondition), `tree ${i} thresholds and leaf values`).toEqual(Array.from(r.splitCondition));
        expect(Array.from(t.baseWeight), `tree ${i} base weights`).toEqual(Array.from(r.baseWeight));
      });
      const refMargin = readFileSync(join(dir, `${c.name}.margin.txt`), 'utf8').trim().split('\n').map((v) => Math.fround(Number(v)));
      const margin = booster.predict(data, { margin: true });
      expect(refMargin.filter((m, i) => margin[i] !== m).length, 'margins differing from 3.4.1\'s').toBe(0);
    });
  }
});
