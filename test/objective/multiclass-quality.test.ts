/**
 * Multi-class quality against XGBoost 3.4.1 (shared/anchors) on two public data sets bundled
 * with scikit-learn, digits (1797 rows, 64 features, 10 classes) and wine (178 rows, 13
 * features, 3 classes), each split 70/30 by the script: with the same parameters, the held-out
 * mlogloss must be within 5% of XGBoost's and the accuracy within 0.01. Skipped, with the reason,
 * where the anchor or sklearn is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';

const ANCHOR = new URL('../../../../shared/anchors/xgboost-3.4.1/python', import.meta.url).pathname;
const SCRIPT = new URL('./multiclass-quality.py', import.meta.url).pathname;
const env = { ...process.env, PYTHONPATH: ANCHOR };

function anchorMissing(): string | null {
  if (!existsSync(join(ANCHOR, 'xgboost'))) return `XGBoost 3.4.1 anchor not found at ${ANCHOR}`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy, sklearn, xgboost'], { env, stdio: 'pipe' });
  } catch {
    return 'python3 cannot import numpy/sklearn/xgboost 3.4.1';
  }
  return null;
}
const missing = anchorMissing();
const PARAMS = { objective: 'multi:softprob' as const, eta: 0.3, max_depth: 6, num_round: 30 };

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-mc-quality-'));
  execFileSync('/usr/bin/python3', [SCRIPT, dir, JSON.stringify(PARAMS)], { env, stdio: 'pipe' });
}, 300_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`multi-class quality against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const [name, K] of [['digits', 10], ['wine', 3]] as const) {
    it(`${name}: held-out mlogloss within 5% and accuracy within 0.01 of XGBoost's`, async () => {
      const trainSet = await loadDataset(join(dir, `${name}.train.csv`), { label: 'y' });
      const testSet = await loadDataset(join(dir, `${name}.test.csv`), { label: 'y' });
      const booster = await train({ ...PARAMS, num_class: K, nthread: 1 }, trainSet, { evals: [{ name: 'test', data: testSet }], evalTrain: false });
      const ours = booster.history[booster.history.length - 1]![0]!;
      expect(ours.metric).toBe('mlogloss');
      const prob = booster.predict(testSet);
      let right = 0;
      for (let r = 0; r < testSet.nRows; r++) {
        let best = 0;
        for (let k = 1; k < K; k++) if (prob[r * K + k]! > prob[r * K + best]!) best = k;
        if (best === testSet.label![r]) right++;
      }
      const accuracy = right / testSet.nRows;
      const ref = JSON.parse(readFileSync(join(dir, `${name}.xgb.json`), 'utf8')) as { mlogloss: number; accuracy: number };
      console.log(`${name}: mlogloss ${ours.value.toFixed(5)} (XGBoost 3.4.1 ${ref.mlogloss.toFixed(5)}), accuracy ${accuracy.toFixed(4)} (XGBoost ${ref.accuracy.toFixed(4)})`);
      expect(Math.abs(ours.value - ref.mlogloss) / ref.mlogloss).toBeLessThanOrEqual(0.05);
      expect(Math.abs(accuracy - ref.accuracy)).toBeLessThanOrEqual(0.01);
    }, 120_000);
  }
});
