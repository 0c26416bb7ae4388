/**
 * reg:quantileerror with several quantile_alpha values against XGBoost 3.4.1 (shared/anchors):
 * num_target = the number of quantiles, one tree per quantile a round (tree_info = the quantile),
 * a base score per quantile. The same data (300 rows, a feature with missing cells, row weights)
 * and parameters (hist, nthread 1) trained by both: base scores, tree_info, every tree's structure,
 * thresholds and leaves, margins and predictions (each row sorted, XGBoost's PredTransform) equal
 * to the float32 bit (no libm call is involved but sqrt and tanhf, which glibc rounds correctly on
 * these inputs); the quantile metric each round within 2e-6 relative (ours sums in float64).
 * XGBoost 3.4.1's .json and .ubj files predict here to the bit; ours load in XGBoost 3.4.1 and
 * predict to the bit. XGBoost's side is multiclass-parity.py (it trains any case list).
 * Skipped, with the reason, where the anchor or Python's numpy is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { parseModelText } from '../../src/model-io/xgboost-json.js';
import { parseModelUBJ } from '../../src/model-io/xgboost-ubj.js';
import { Predictor } from '../../src/predict/predictor.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';
import { parityRandom, parityRow } from '../parity-data.js';

const SCRIPT = new URL('./multiclass-parity.py', import.meta.url).pathname;
const env341 = { ...process.env, PYTHONPATH: XGBOOST_ANCHOR };
const missing = xgboostAnchorMissing();

/** 300 rows, a real label (3 decimals) from a noisy score, row weights in [0.5, 2]. */
function makeData(): string {
  const rnd = parityRandom(24681357);
  const lines = ['y,w,a,b,c'];
  for (let i = 0; i < 300; i++) {
    const { a, b, c, z } = parityRow(rnd, 100);
    const y = Math.round((z + (rnd() - 0.5) * 2) * 1000) / 1000;
    lines.push(`${y},${Math.round((0.5 + 1.5 * rnd()) * 100) / 100},${a},${b},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  weighted: boolean;
  alphas: number[];
  params: Record<string, number | string | number[]>;
}
const base = { objective: 'reg:quantileerror', eta: 0.3, max_depth: 3, max_bin: 256, num_round: 6 };
const CASES: Case[] = [
  { name: 'q3', weighted: false, alphas: [0.1, 0.5, 0.9], params: { ...base, quantile_alpha: [0.1, 0.5, 0.9] } },
  { name: 'q2w', weighted: true, alphas: [0.25, 0.8], params: { ...base, quantile_alpha: [0.25, 0.8] } },
  { name: 'q4_lossguide', weighted: true, alphas: [0.05, 0.3, 0.3, 0.95], params: { ...base, quantile_alpha: [0.05, 0.3, 0.3, 0.95], grow_policy: 'lossguide', max_leaves: 5, lambda: 2 } },
];

const numbers = (file: string): number[] => readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-multiquantile-'));
  writeFileSync(join(dir, 'mc.csv'), makeData());
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
  execFileSync('/usr/bin/python3', [SCRIPT, 'train', dir], { env: env341, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`several quantile_alpha against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.name} (alphas ${c.alphas.join(',')}): base scores, trees, margins, predictions and metric as XGBoost 3.4.1's; model files both ways`, async () => {
      const K = c.alphas.length;
      const data = await loadDataset(join(dir, 'mc.csv'), { label: 'y', ...(c.weighted ? { weight: 'w' } : { ignore: ['w'] }) });
      const booster = await train({ ...c.params, nthread: 1 }, data, { evalTrain: true });
      const ours = booster.model;
      const ref = parseModelText(readFileSync(join(dir, `${c.name}.ref.json`), 'utf8'), 'ref');
      expect(ref.nOutputGroups).toBe(K);
      expect(ours.nOutputGroups).toBe(K);
      expect(Array.from(ours.baseScores!), 'per-quantile base scores').toEqual(Array.from(ref.baseScores!));
      expect(Array.from(ours.treeInfo), 'tree_info').toEqual(Array.from(ref.treeInfo));
      expect(ours.trees.length).toBe(base.num_round * K);
      ours.trees.forEach((t, i) => {
        const r = ref.trees[i]!;
        expect(Array.from(t.left), `tree ${i} shape`).toEqual(Array.from(r.left));
        expect(Array.from(t.splitIndex), `tree ${i} features`).toEqual(Array.from(r.splitIndex));
        expect(Array.from(t.defaultLeft), `tree ${i} default directions`).toEqual(Array.from(r.defaultLeft));
        expect(Array.from(t.splitCondition), `tree ${i} thresholds and leaves`).toEqual(Array.from(r.splitCondition));
      });
      const refMargin = numbers(join(dir, `${c.name}.margin.txt`)).map(Math.fround);
      const margin = booster.predict(data, { margin: true });
      expect(margin.length).toBe(data.nRows * K);
      expect(Array.from(margin), 'margins').toEqual(refMargin);
      const refPred = numbers(join(dir, `${c.name}.prob.txt`)).map(Math.fround);
      const pred = booster.predict(data);
      expect(Array.from(pred), 'predictions (rows sorted)').toEqual(refPred);

      const refLog = JSON.parse(readFileSync(join(dir, `${c.name}.eval.json`), 'utf8')) as { train: Record<string, number[]> };
      expect(Object.keys(refLog.train)).toEqual(['quantile']);
      expect(booster.history.map((h) => h.map((r) => r.metric))).toEqual(refLog.train.quantile!.map(() => ['quantile']));
      booster.history.forEach((h, i) => {
        const want = refLog.train.quantile![i]!;
        expect(Math.abs(h[0]!.value - want), `quantile round ${i}: ${h[0]!.value} vs ${want}`).toBeLessThanOrEqual(2e-6 * Math.max(1, want));
      });

      // XGBoost 3.4.1's files predict here to the bit.
      for (const m of [ref, parseModelUBJ(readFileSync(join(dir, `${c.name}.ref.ubj`)), 'ref.ubj')]) {
        const p = Predictor.fromModel(m);
        expect(Array.from(p.predictMargin(data)), 'margins of the 3.4.1 file').toEqual(refMargin);
        expect(Array.from(p.predict(data)), 'predictions of the 3.4.1 file').toEqual(refPred);
      }

      // Ours load in XGBoost 3.4.1 and predict the same.
      writeFileSync(join(dir, `${c.name}.ours.json`), booster.toJSON());
      writeFileSync(join(dir, `${c.name}.ours.ubj`), booster.toUBJ());
      expect(Array.from(Booster.fromJSON(booster.toJSON()).predict(data)), 'our file read back').toEqual(Array.from(pred));
      execFileSync('/usr/bin/python3', [SCRIPT, 'load', dir, c.name], { env: env341, stdio: 'pipe' });
      for (const ext of ['json', 'ubj']) {
        const theirs = numbers(join(dir, `${c.name}.3.4.1.${ext}.prob.txt`)).map(Math.fround);
        expect(theirs, `XGBoost 3.4.1 on our .${ext}`).toEqual(Array.from(pred));
      }
    });
  }

  it('predictions are each row sorted, as XGBoost 3.4.1 sorts them, where the quantiles cross (base scores reversed)', async () => {
    const c = CASES[0]!;
    const data = await loadDataset(join(dir, 'mc.csv'), { label: 'y', ignore: ['w'] });
    const booster = await train({ ...c.params, nthread: 1 }, data);
    const crossed = new Booster({ ...booster.model, baseScores: booster.model.baseScores!.slice().reverse() });
    const K = c.alphas.length;
    const margin = crossed.predict(data, { margin: true });
    let unsorted = 0;
    for (let r = 0; r < data.nRows; r++) if (margin[r * K]! > margin[r * K + 1]! || margin[r * K + 1]! > margin[r * K + 2]!) unsorted++;
    expect(unsorted, 'rows whose margins cross').toBeGreaterThan(data.nRows / 2);
    const pred = crossed.predict(data);
    writeFileSync(join(dir, `${c.name}.ours.json`), crossed.toJSON());
    writeFileSync(join(dir, `${c.name}.ours.ubj`), crossed.toUBJ());
    execFileSync('/usr/bin/python3', [SCRIPT, 'load', dir, c.name], { env: env341, stdio: 'pipe' });
    for (const ext of ['json', 'ubj']) {
      expect(numbers(join(dir, `${c.name}.3.4.1.${ext}.prob.txt`)).map(Math.fround), `XGBoost 3.4.1 on the crossed .${ext}`).toEqual(Array.from(pred));
    }
    for (let r = 0; r < data.nRows; r++) expect(pred[r * K]! <= pred[r * K + 1]! && pred[r * K + 1]! <= pred[r * K + 2]!, `row ${r} sorted`).toBe(true);
  });
});
