import { describe, expect, it } from 'vitest';
import { leafWeight, lossChange, nodeGain, thresholdL1 } from '../../src/kernels/ts/gain.js';

const p = (o: Partial<{ lambda: number; alpha: number; maxDeltaStep: number; minChildWeight: number }> = {}) => ({
  lambda: 1, alpha: 0, maxDeltaStep: 0, minChildWeight: 1, ...o,
});

describe('gain and leaf weight (xgboost-spec §2.6)', () => {
  it('L1 soft threshold', () => {
    expect(thresholdL1(5, 3)).toBe(2);
    expect(thresholdL1(-5, 3)).toBe(-2);
    expect(thresholdL1(2.5, 3)).toBe(0);
  });

  it('leaf weight -T(G)/(H+lambda), by hand', () => {
    // G = -10, H = 4, lambda = 1 -> 10/5 = 2
    expect(leafWeight(p(), -10, 4)).toBe(2);
    // alpha 3: T(-10) = -7 -> 7/5
    expect(leafWeight(p({ alpha: 3 }), -10, 4)).toBeCloseTo(1.4, 15);
    // lambda 2, alpha 3, G = 8, H = 6: -(5)/8
    expect(leafWeight(p({ lambda: 2, alpha: 3 }), 8, 6)).toBeCloseTo(-0.625, 15);
    expect(leafWeight(p(), -10, 0)).toBe(0);
  });

  it('max_delta_step clips the weight (at the float32 max_delta_step) and the gain follows the clipped weight', () => {
    const q = p({ maxDeltaStep: 0.7 });
    // XGBoost's TrainParam holds max_delta_step as a float32: copysign(float(0.7), w)
    expect(leafWeight(q, -10, 4)).toBe(Math.fround(0.7));
    // -(2 G w + (H + lambda) w^2) = -(2*-10*0.7 + 5*0.49) = 14 - 2.45 = 11.55, as a float32
    expect(nodeGain(q, -10, 4)).toBeCloseTo(11.55, 5);
    expect(Math.fround(nodeGain(q, -10, 4))).toBe(nodeGain(q, -10, 4));
    // with alpha: + 2 alpha |w| inside the negation: 11.55 - 2*1*0.7
    expect(nodeGain(p({ maxDeltaStep: 0.7, alpha: 1 }), -10, 4)).toBeCloseTo(11.55 - 1.4, 5);
  });

  it('gain T(G)^2/(H+lambda) and loss change of a split, by hand, at float32 precision', () => {
    // parent G=-4, H=10 ; left G=-6, H=4 ; right G=2, H=6 ; lambda=1
    const parent = nodeGain(p(), -4, 10); // 16/11
    const lossChg = lossChange(nodeGain(p(), -6, 4), nodeGain(p(), 2, 6), parent); // 36/5 + 4/7 - 16/11
    expect(lossChg).toBeCloseTo(36 / 5 + 4 / 7 - 16 / 11, 5);
    expect(Math.fround(lossChg)).toBe(lossChg);
    expect(nodeGain(p({ alpha: 1 }), -6, 4)).toBeCloseTo(25 / 5, 5);
  });

  it("XGBoost's float32 steps, not the double formula: the weight is rounded to float32 before the score", () => {
    // G = -1, H = 2, lambda = 1: w = float32(1/3); the score -(2 G w + 3 float32(w^2)) at that w is not
    // float32(1/3) (the double T(G)^2/(H+lambda)) in its last bit.
    const w = Math.fround(1 / 3);
    const want = Math.fround(-(2 * -1 * w + 3 * Math.fround(w * w)));
    expect(nodeGain(p(), -1, 2)).toBe(want);
    expect(want).not.toBe(Math.fround(1 / 3));
  });
});
