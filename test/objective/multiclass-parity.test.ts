/**
 * multi:softprob / multi:softmax against XGBoost 3.4.1 (shared/anchors): the same data (4
 * classes, 300 rows, a feature with missing cells, <= 256 distinct values per feature so the
 * sketches are exact) and parameters (hist, nthread 1), trained by both. The per-class base scores,
 * tree_info, every tree's structure, features, thresholds and leaf values must be equal to the
 * float32 bit, and so must the training margins and probabilities (the softmax takes K expf per
 * row: glibc's, util/expf.ts; with the correctly rounded float32 exp, leaves were up to 2 ulps
 * off). mlogloss / merror each round within 2e-6 relative (ours sums in float64). XGBoost 3.4.1's
 * model files (.json and .ubj) predict margins and probabilities here to the bit; ours load in
 * XGBoost 3.4.1 and Debian's 1.7.4 and give the same probabilities to the bit. Training continued
 * from 3.4.1's model of the first half of the rounds gives 3.4.1's trees of all the rounds.
 * Skipped, with the reason, where the anchors or Python's numpy are absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { parseModelText } from '../../src/model-io/xgboost-json.js';
import { parseModelUBJ } from '../../src/model-io/xgboost-ubj.js';
import { Predictor } from '../../src/predict/predictor.js';
import { parityRandom, parityRow } from '../parity-data.js';

const ANCHOR = new URL('../../../../shared/anchors/xgboost-3.4.1/python', import.meta.url).pathname;
const SCRIPT = new URL('./multiclass-parity.py', import.meta.url).pathname;

function pythonMissing(env: NodeJS.ProcessEnv, what: string): string | null {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy, xgboost'], { env, stdio: 'pipe' });
  } catch {
    return `python3 cannot import numpy/xgboost ${what}`;
  }
  return null;
}
const env341 = { ...process.env, PYTHONPATH: ANCHOR };
const env174 = { ...process.env, PYTHONPATH: '' };
const missing = existsSync(join(ANCHOR, 'xgboost')) ? pythonMissing(env341, '3.4.1') : `XGBoost 3.4.1 anchor not found at ${ANCHOR}`;
const missing174 = pythonMissing(env174, '1.7.4 (Debian python3-xgboost)');

/** 300 rows, 4 classes cut from a noisy score, row weights in [0.5, 2]. */
function makeData(): string {
  const rnd = parityRandom(7654321);
  const lines = ['y,w,a,b,c'];
  for (let i = 0; i < 300; i++) {
    const { a, b, c, z } = parityRow(rnd, 100);
    const y = z < -0.5 ? 0 : z < 0.7 ? 1 : z < 1.8 ? 2 : 3;
    lines.push(`${y},${Math.round((0.5 + 1.5 * rnd()) * 100) / 100},${a},${b},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  weighted: boolean;
  params: Record<string, number | string | string[]>;
}
const base = { num_class: 4, eta: 0.3, max_depth: 3, max_bin: 256, num_round: 6 };
const CASES: Case[] = [
  { name: 'softprob', weighted: false, params: { ...base, objective: 'multi:softprob' } },
  { name: 'softprob_w', weighted: true, params: { ...base, objective: 'multi:softprob', eval_metric: ['mlogloss', 'merror', 'auc'] } },
  { name: 'softmax_lossguide', weighted: true, params: { ...base, objective: 'multi:softmax', grow_policy: 'lossguide', max_leaves: 5, lambda: 2 } },
];

/** How many float32 values apart a and b are (both finite, same sign). */
function ulpsApart(a: number, b: number): number {
  const u = new Uint32Array(Float32Array.of(a, b).buffer);
  return Math.abs(u[0]! - u[1]!);
}

const numbers = (file: string): number[] => readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-multiclass-'));
  writeFileSync(join(dir, 'mc.csv'), makeData());
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
  execFileSync('/usr/bin/python3', [SCRIPT, 'train', dir], { env: env341, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`multi-class against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.name}: base scores, trees, margins and metrics as XGBoost 3.4.1's; model files both ways${missing174 ? ` (1.7.4 skipped: ${missing174})` : ''}`, async () => {
      const K = base.num_class;
      const data = await loadDataset(join(dir, 'mc.csv'), { label: 'y', ...(c.weighted ? { weight: 'w' } : { ignore: ['w'] }) });
      const booster = await train({ ...c.params, nthread: 1 }, data, { evalTrain: true });
      const ours = booster.model;
      const ref = parseModelText(readFileSync(join(dir, `${c.name}.ref.json`), 'utf8'), 'ref');
      expect(ref.nOutputGroups).toBe(K);
      expect(ours.nOutputGroups).toBe(K);
      expect(Array.from(ours.baseScores!), 'per-class base scores').toEqual(Array.from(ref.baseScores!));
      expect(Array.from(ours.treeInfo), 'tree_info').toEqual(Array.from(ref.treeInfo));
      expect(ours.trees.length).toBe(base.num_round * K);
      let leaves = 0;
      const leafDiffs: string[] = [];
      ours.trees.forEach((t, i) => {
        const r = ref.trees[i]!;
        expect(Array.from(t.left), `tree ${i} shape`).toEqual(Array.from(r.left));
        expect(Array.from(t.splitIndex), `tree ${i} features`).toEqual(Array.from(r.splitIndex));
        expect(Array.from(t.defaultLeft), `tree ${i} default directions`).toEqual(Array.from(r.defaultLeft));
        for (let n = 0; n < t.nNodes; n++) {
          if (t.left[n] !== -1) expect(t.splitCondition[n], `tree ${i} node ${n} threshold`).toBe(r.splitCondition[n]);
          else {
            leaves++;
            if (t.splitCondition[n] !== r.splitCondition[n]) leafDiffs.push(`tree ${i} leaf ${n}: ${t.splitCondition[n]} vs ${r.splitCondition[n]} (${ulpsApart(t.splitCondition[n]!, r.splitCondition[n]!)} ulps)`);
          }
        }
      });
      expect(leafDiffs, `leaves differing from 3.4.1's, of ${leaves}`).toEqual([]);
      const refMargin = numbers(join(dir, `${c.name}.margin.txt`)).map(Math.fround);
      const margin = booster.predict(data, { margin: true });
      expect(margin.length).toBe(data.nRows * K);
      expect(refMargin.filter((m, i) => margin[i] !== m).length, 'margins differing from 3.4.1\'s').toBe(0);
      const refProb = numbers(join(dir, `${c.name}.prob.txt`)).map(Math.fround);
      const prob = booster.predict(data);
      if (c.params.objective === 'multi:softmax') expect(Array.from(prob), 'class indices').toEqual(refProb);
      else expect(refProb.filter((p, i) => prob[i] !== p).length, 'probabilities differing from 3.4.1\'s').toBe(0);

      const refLog = JSON.parse(readFileSync(join(dir, `${c.name}.eval.json`), 'utf8')) as { train: Record<string, number[]> };
      const metrics = Object.keys(refLog.train);
      expect(booster.history[0]!.map((r) => r.metric)).toEqual(metrics);
      booster.history.forEach((h, i) => h.forEach((res, m) => {
        const want = refLog.train[metrics[m]!]![i]!;
        expect(Math.abs(res.value - want), `${res.metric} round ${i}: ${res.value} vs ${want}`).toBeLessThanOrEqual(2e-6 * Math.max(1, want));
      }));

      // XGBoost 3.4.1's files predict here to the bit.
      for (const m of [ref, parseModelUBJ(readFileSync(join(dir, `${c.name}.ref.ubj`)), 'ref.ubj')]) {
        const p = Predictor.fromModel(m);
        expect(Array.from(p.predictMargin(data)), 'margins of the 3.4.1 file').toEqual(refMargin);
        expect(Array.from(p.predict(data)), 'outputs of the 3.4.1 file').toEqual(refProb);
      }

      // Continued from 3.4.1's model of the first half of the rounds: 3.4.1's trees of all the rounds.
      const half = parseModelText(readFileSync(join(dir, `${c.name}.half.json`), 'utf8'), 'half');
      const cont = await train({ ...c.params, nthread: 1, num_round: base.num_round - half.trees.length / K }, data, { initModel: half });
      expect(cont.model.trees.length).toBe(ref.trees.length);
      cont.model.trees.forEach((t, i) => {
        expect(Array.from(t.left), `continued: tree ${i} shape`).toEqual(Array.from(ref.trees[i]!.left));
        expect(Array.from(t.splitCondition), `continued: tree ${i} thresholds and leaves`).toEqual(Array.from(ref.trees[i]!.splitCondition));
      });
      expect(Array.from(cont.model.treeInfo), 'continued: tree_info').toEqual(Array.from(ref.treeInfo));
      expect(Array.from(cont.predict(data, { margin: true })), 'continued: margins').toEqual(refMargin);

      // Ours load in XGBoost 3.4.1 and 1.7.4 and give the same probabilities.
      writeFileSync(join(dir, `${c.name}.ours.json`), booster.toJSON());
      writeFileSync(join(dir, `${c.name}.ours.ubj`), booster.toUBJ());
      const again = Booster.fromJSON(booster.toJSON());
      expect(Array.from(again.predict(data)), 'our file read back').toEqual(Array.from(prob));
      const versions: [string, NodeJS.ProcessEnv][] = [['3.4.1', env341]];
      if (missing174 === null) versions.push(['1.7.4', env174]);
      for (const [v, e] of versions) {
        execFileSync('/usr/bin/python3', [SCRIPT, 'load', dir, c.name], { env: e, stdio: 'pipe' });
        for (const ext of ['json', 'ubj']) {
          const theirs = numbers(join(dir, `${c.name}.${v}.${ext}.prob.txt`)).map(Math.fround);
          expect(theirs.length).toBe(prob.length);
          expect(theirs.filter((q, i) => prob[i] !== q).length, `XGBoost ${v} on our .${ext}: outputs differing from ours`).toBe(0);
        }
      }
    });
  }
});
