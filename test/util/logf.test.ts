import { describe, expect, it } from 'vitest';
import { baseMargin } from '../../src/predict/transform.js';
import { logf } from '../../src/util/logf.js';
import { hasLibm, libmValues } from './libm.js';

// Starting margins XGBoost 3.4.1 predicts for a 0-round model with this base_score (measured:
// xgb.train({'objective': ..., 'base_score': p}, DMatrix(zeros((2, 1)), label=[0, 1]), 0)
// .predict(..., output_margin=True)[0]). Each p is one where the correctly rounded float32 log
// (Math.fround(Math.log(x))) is 1 ulp away from glibc's logf, which XGBoost calls.
const XGBOOST_3_4_1: readonly [string, number, number][] = [
  ['logit', 0.49519094824790955, -0.019236790016293526],
  ['logit', 0.502077579498291, 0.00831042230129242],
  ['logit', 0.4940031170845032, -0.023988600820302963],
  ['logit', 0.4920350909233093, -0.0318622961640358],
  ['log', 44.79547882080078, 3.802107095718384],
  ['log', 1.012611985206604, 0.012533117085695267],
];

describe('logf (glibc) and the base margin', () => {
  it.each(XGBOOST_3_4_1)('%s base_score %d starts from XGBoost 3.4.1 margin %d to the bit', (link, p, margin) => {
    expect(baseMargin(p, link as 'logit' | 'log', [3, 4, 1])).toBe(margin);
  });

  it('special values', () => {
    expect(logf(1)).toBe(0);
    expect(logf(0)).toBe(-Infinity);
    expect(logf(-0)).toBe(-Infinity);
    expect(logf(Infinity)).toBe(Infinity);
    expect(logf(-1)).toBeNaN();
    expect(logf(NaN)).toBeNaN();
    expect(logf(1e-45)).toBe(Math.fround(Math.log(Math.fround(1e-45)))); // subnormal: the smallest float32
  });

  const libm = hasLibm('logf');
  it.skipIf(!libm)('equals this machine\'s libm logf on 20,000 float32s (python3 ctypes)', () => {
    const xs: number[] = [];
    let s = 12345;
    const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 20000; i++) xs.push(Math.fround(i % 3 === 0 ? 0.5 + next() * 1.5 : Math.exp((next() - 0.5) * 170)));
    xs.push(1.4e-45, 1e-40, 3.4e38);
    const want = libmValues('logf', xs);
    const bad = xs.filter((x, i) => logf(x) !== want[i]);
    expect(bad).toEqual([]);
  });
});
