/**
 * aucpr against XGBoost 3.4.1 (shared/anchors) on the same model and data: XGBoost trains a
 * model and reports its aucpr (Booster.eval); `lambdaboost eval --metric aucpr` on XGBoost's own
 * model file and the same rows (and weights) must report the same value (within 1e-12 relative:
 * the same double sweep over predictions equal to the bit). Multi-class (3 classes: the
 * unweighted one-vs-rest mean) weighted and unweighted, and binary weighted. Skipped, with the
 * reason, where the anchor or Python's numpy is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AucprMetric } from '../../src/metric/aucpr.js';
import { runCli } from '../cli/run-cli.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';
import { parityRandom, parityRow } from '../parity-data.js';

const SCRIPT = new URL('./aucpr-parity.py', import.meta.url).pathname;
const missing = xgboostAnchorMissing();

/** 400 rows, 3 classes cut from a noisy score (binary: class 2 or not), weights in [0.5, 2]. */
function makeData(): string {
  const rnd = parityRandom(1357911);
  const lines = ['y,w,a,b,c'];
  for (let i = 0; i < 400; i++) {
    const { a, b, c, z } = parityRow(rnd, 100);
    const zz = z + (rnd() - 0.5) * 2;
    lines.push(`${zz < 0 ? 0 : zz < 1.5 ? 1 : 2},${Math.round((0.5 + 1.5 * rnd()) * 100) / 100},${a},${b},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

const CASES = [
  { name: 'multi', classes: 3, weighted: false, rounds: 4, params: { objective: 'multi:softprob', num_class: 3 } },
  { name: 'multi_w', classes: 3, weighted: true, rounds: 3, params: { objective: 'multi:softprob', num_class: 3, eta: 0.1 } },
  { name: 'binary_w', classes: 2, weighted: true, rounds: 4, params: { objective: 'binary:logistic' } },
];

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-aucpr-'));
  const text = makeData();
  writeFileSync(join(dir, 'data.csv'), text);
  // The binary cases' labels: class 2 or not.
  writeFileSync(join(dir, 'binary.csv'), text.replace(/^(\d),/gm, (_, y: string) => `${y === '2' ? 1 : 0},`));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
  execFileSync('/usr/bin/python3', [SCRIPT, dir], { env: { ...process.env, PYTHONPATH: XGBOOST_ANCHOR }, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`aucpr against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.name}: eval on XGBoost's model reports XGBoost's aucpr`, async () => {
      const want = (JSON.parse(readFileSync(join(dir, `${c.name}.eval.json`), 'utf8')) as { aucpr: number }).aucpr;
      const data = join(dir, c.classes > 2 ? 'data.csv' : 'binary.csv');
      const r = await runCli(['eval', '--model', join(dir, `${c.name}.model.json`), '--data', data, '--label', 'y',
        ...(c.weighted ? ['--weight', 'w'] : ['--ignore', 'w']), '--metric', 'aucpr', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const got = (JSON.parse(r.stdout) as { aucpr: number }).aucpr;
      expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-12);
      expect(want).toBeGreaterThan(0.3);
      expect(want).toBeLessThan(1);
    });
  }
});

describe('aucpr by hand', () => {
  it('a perfect ranking is 1; a class with no rows makes the multi-class value NaN; query groups are refused', () => {
    const m = new AucprMetric();
    const data = { label: Float32Array.of(1, 1, 0, 0), weight: null, queryOffsets: null };
    expect(m.evaluate(Float32Array.of(0.9, 0.8, 0.2, 0.1), data)).toBeCloseTo(1, 12);
    expect(m.evaluate(Float32Array.of(0.9, 0.8, 0.2, 0.1), { ...data, label: Float32Array.of(1, 1, 1, 1) })).toBeNaN();
    const multi = new AucprMetric(3);
    expect(multi.evaluate(new Float32Array(12).fill(1 / 3), { label: Float32Array.of(0, 1, 0, 1), weight: null, queryOffsets: null })).toBeNaN();
    expect(() => m.evaluate(Float32Array.of(0.9, 0.8, 0.2, 0.1), { ...data, queryOffsets: Uint32Array.of(0, 2, 4) })).toThrow(/per-query ranking PR AUC, which is not implemented/);
  });
});
