import { describe, expect, it } from 'vitest';
import { leafWeight, nodeGain, thresholdL1 } from '../../src/split/gain.js';

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

  it('max_delta_step clips the weight and the gain follows the clipped weight', () => {
    const q = p({ maxDeltaStep: 0.7 });
    expect(leafWeight(q, -10, 4)).toBe(0.7);
    // -(2 G w + (H + lambda) w^2) = -(2*-10*0.7 + 5*0.49) = 14 - 2.45 = 11.55
    expect(nodeGain(q, -10, 4)).toBeCloseTo(11.55, 12);
    // with alpha: + 2 alpha |w| inside the negation: 11.55 - 2*1*0.7
    expect(nodeGain(p({ maxDeltaStep: 0.7, alpha: 1 }), -10, 4)).toBeCloseTo(11.55 - 1.4, 12);
  });

  it('gain T(G)^2/(H+lambda) and loss change of a split, by hand', () => {
    // parent G=-4, H=10 ; left G=-6, H=4 ; right G=2, H=6 ; lambda=1
    const parent = nodeGain(p(), -4, 10); // 16/11
    const lossChg = nodeGain(p(), -6, 4) + nodeGain(p(), 2, 6) - parent; // 36/5 + 4/7 - 16/11
    expect(lossChg).toBeCloseTo(36 / 5 + 4 / 7 - 16 / 11, 12);
    expect(nodeGain(p({ alpha: 1 }), -6, 4)).toBeCloseTo(25 / 5, 12);
  });
});
