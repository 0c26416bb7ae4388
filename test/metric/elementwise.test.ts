/**
 * Row-wise metrics and AUC on small hand cases; expected values are closed forms.
 */
import { describe, expect, it } from 'vitest';
import type { MetricData } from '../../src/metric/metric.js';
import { createMetric } from '../../src/metric/registry.js';
import { logGamma } from '../../src/metric/log-gamma.js';

function data(label: number[], weight?: number[]): MetricData {
  return { label: Float32Array.from(label), weight: weight ? Float32Array.from(weight) : null, queryOffsets: null };
}
function ev(name: string, preds: number[], d: MetricData): number {
  return createMetric(name, { ndcgExpGain: true }).evaluate(Float32Array.from(preds), d);
}

describe('rmse / mae', () => {
  it('unweighted and weighted', () => {
    expect(ev('rmse', [1, 2, 4], data([1, 3, 2]))).toBeCloseTo(Math.sqrt((0 + 1 + 4) / 3), 12);
    expect(ev('mae', [1, 2, 4], data([1, 3, 2]))).toBeCloseTo(1, 12);
    expect(ev('rmse', [1, 2, 4], data([1, 3, 2], [1, 2, 0.5]))).toBeCloseTo(Math.sqrt((0 + 2 * 1 + 0.5 * 4) / 3.5), 12);
    expect(ev('mae', [1, 2, 4], data([1, 3, 2], [1, 2, 0.5]))).toBeCloseTo((2 + 1) / 3.5, 12);
  });
  it('all weights 0: the plain sum (XGBoost GetFinal)', () => {
    expect(ev('mae', [1, 2], data([0, 0], [0, 0]))).toBe(0);
  });
  it('are lower-is-better', () => {
    for (const n of ['rmse', 'mae', 'logloss', 'error', 'error@0.2', 'poisson-nloglik']) {
      expect(createMetric(n, { ndcgExpGain: true }).higherIsBetter).toBe(false);
    }
  });
});

describe('logloss', () => {
  it('binary and soft labels', () => {
    const p = [0.25, 0.5, 0.875];
    const v = ev('logloss', p, data([1, 0, 0.5]));
    const want = (-Math.log(0.25) - Math.log(0.5) - 0.5 * Math.log(0.875) - 0.5 * Math.log(0.125)) / 3;
    expect(v).toBeCloseTo(want, 12);
  });
  it('clips p to [1e-16, 1 - 1e-16] as XGBoost; an exact 0/1 prediction on its own label costs 0', () => {
    expect(ev('logloss', [0], data([1]))).toBeCloseTo(-Math.log(1e-16), 12);
    expect(ev('logloss', [1], data([0]))).toBeCloseTo(-Math.log(1e-16), 12);
    expect(ev('logloss', [0, 1], data([0, 1]))).toBe(0);
  });
  it('weighted', () => {
    const v = ev('logloss', [0.5, 0.25], data([1, 0], [3, 1]));
    expect(v).toBeCloseTo((3 * Math.log(2) - Math.log(0.75)) / 4, 12);
  });
});

describe('error', () => {
  it('threshold 0.5: a prediction > t is class 1', () => {
    expect(ev('error', [0.2, 0.5, 0.7, 0.9], data([0, 1, 0, 1]))).toBe(0.5);
  });
  it('error@t, strict comparison in float32, weighted', () => {
    const m = createMetric('error@0.7', { ndcgExpGain: true });
    expect(m.name).toBe('error@0.7');
    // 0.7 as float32 is not > fround(0.7): class 0.
    expect(m.evaluate(Float32Array.of(0.7, 0.8), data([1, 1]))).toBe(0.5);
    expect(m.evaluate(Float32Array.of(0.7, 0.8), data([1, 1], [3, 1]))).toBe(0.75);
  });
});

describe('poisson-nloglik', () => {
  it('ln(y!) + mu - y ln(mu), mu floored at 1e-16', () => {
    const v = ev('poisson-nloglik', [2, 0.5], data([3, 0]));
    expect(v).toBeCloseTo((Math.log(6) + 2 - 3 * Math.log(2) + 0.5) / 2, 12);
    expect(ev('poisson-nloglik', [0], data([1]))).toBeCloseTo(1e-16 - Math.log(1e-16), 12);
  });
  it('logGamma is accurate', () => {
    let logFact = 0;
    for (let n = 1; n <= 60; n++) {
      logFact += Math.log(n);
      expect(Math.abs(logGamma(n + 1) - logFact)).toBeLessThan(1e-12 * Math.max(1, logFact));
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1.5)).toBeCloseTo(0.5 * Math.log(Math.PI) - Math.log(2), 13);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });
});

describe('auc', () => {
  /** Plain pair counting: ties count 1/2, pairs weighted by w_i w_j. */
  function bruteAuc(p: number[], y: number[], w: number[]): number {
    let num = 0;
    let den = 0;
    for (let i = 0; i < p.length; i++) {
      for (let j = 0; j < p.length; j++) {
        if (y[i] !== 1 || y[j] !== 0) continue;
        const ww = w[i]! * w[j]!;
        den += ww;
        num += ww * (p[i]! > p[j]! ? 1 : p[i] === p[j] ? 0.5 : 0);
      }
    }
    return num / den;
  }

  it('hand cases with ties', () => {
    expect(ev('auc', [0.9, 0.1], data([1, 0]))).toBe(1);
    expect(ev('auc', [0.1, 0.9], data([1, 0]))).toBe(0);
    expect(ev('auc', [0.5, 0.5], data([1, 0]))).toBe(0.5);
    // Positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8>0.5) 1, (0.8>0.2) 1, (0.5=0.5) 1/2, (0.5>0.2) 1.
    expect(ev('auc', [0.8, 0.5, 0.5, 0.2], data([1, 1, 0, 0]))).toBe(3.5 / 4);
  });

  it('weighted, random data with many ties, equals pair counting', () => {
    let s = 12345;
    const rnd = (): number => ((s = (s * 48271) % 2147483647) - 1) / 2147483646;
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rnd() * 60);
      const p = Array.from({ length: n }, () => Math.round(rnd() * 6) / 6);
      const y = Array.from({ length: n }, () => (rnd() < 0.4 ? 1 : 0));
      y[0] = 1;
      y[1] = 0;
      const w = Array.from({ length: n }, () => 0.25 + rnd());
      const want = bruteAuc(p.map((v) => Math.fround(v)), y, w.map((v) => Math.fround(v)));
      expect(Math.abs(ev('auc', p, data(y, w)) - want)).toBeLessThan(1e-12);
    }
  });

  it('only one class: NaN', () => {
    expect(ev('auc', [0.1, 0.2], data([1, 1]))).toBeNaN();
  });

  it('ignores query groups (binary AUC over the whole set)', () => {
    const d: MetricData = { ...data([1, 0, 1, 0]), queryOffsets: Uint32Array.of(0, 2, 4) };
    expect(ev('auc', [0.9, 0.1, 0.05, 0.2], d)).toBe(ev('auc', [0.9, 0.1, 0.05, 0.2], data([1, 0, 1, 0])));
  });
});
