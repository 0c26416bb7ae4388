/**
 * The sketch's queue sort (a radix sort on the values' float32 bits, passes skipped when every key
 * shares their digit) against a reference sketch that sorts each queue with a stable comparator
 * sort and drives the same Summary operations as WQuantileSketch does; the summaries must be
 * equal to the bit, on data that exercises every pass being skipped or taken, ties, -0 and +0
 * and weights. (The Summary operations themselves are checked against XGBoost 3.4.1 in
 * sketch-parity.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { QuantileSketch, Summary, limitSizeLevel, sketchEpsilon, summaryBudget } from '../../src/kernels/ts/quantile-sketch.js';
import { mulberry32 } from '../../src/util/rng.js';

const f = Math.fround;

/** WQuantileSketch with the queue sorted by Array.prototype.sort (stable, by value, -0 with +0). */
function referenceSummary(values: Float32Array, weights: Float32Array, maxBin: number): Summary {
  const n = values.length;
  const limit = limitSizeLevel(n, sketchEpsilon(maxBin, n));
  const levels: Summary[] = [];
  const scratch = new Summary(1);
  let qv: number[] = [];
  let qw: number[] = [];
  let count = 0;
  const flush = (): void => {
    const order = qv.map((_, i) => i).sort((a, b) => qv[a]! - qv[b]!);
    const s = new Summary(1);
    s.setFromSorted(Float32Array.from(order, (i) => qv[i]!), Float32Array.from(order, (i) => qw[i]!), order.length);
    qv = [];
    qw = [];
    let l = 0;
    for (;;) {
      while (levels.length < l + 1) levels.push(new Summary(limit));
      s.setPrune(limit, scratch);
      s.setCombine(levels[l]!, scratch);
      levels[l]!.size = 0;
      if (s.size <= limit) break;
      l++;
    }
    levels[l]!.copyFrom(s);
  };
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    count++;
    const x = values[i]!;
    if (qv.length > 0 && qv[qv.length - 1] === x) {
      qw[qw.length - 1] = f(qw[qw.length - 1]! + w);
      continue;
    }
    if (qv.length === 2 * limit) flush();
    qv.push(x);
    qw.push(w);
  }
  flush();
  const maxSize = summaryBudget(maxBin, count);
  const out = new Summary(1);
  for (const level of levels) {
    out.setCombine(level, scratch);
    out.setPrune(Math.max(maxSize, limit), scratch);
  }
  out.setPrune(maxSize, scratch);
  return out;
}

function ourSummary(values: Float32Array, weights: Float32Array, maxBin: number): Summary {
  const sketch = new QuantileSketch(values.length, maxBin);
  for (let i = 0; i < values.length; i++) sketch.push(values[i]!, weights[i]!);
  return sketch.finish(summaryBudget(maxBin, sketch.numElements));
}

function bitsOf(s: Summary): number[][] {
  const b = (a: Float32Array): number[] => Array.from(new Uint32Array(Float32Array.from(a.subarray(0, s.size)).buffer));
  return [b(s.rmin), b(s.rmax), b(s.wmin), b(s.value)];
}

describe('QuantileSketch queue sort', () => {
  const rnd = mulberry32(5);
  const n = 30000;
  const cases: Record<string, () => number> = {
    // Only the lowest 11 bits of the keys differ: the two upper passes are skipped.
    'low bits only': () => f(1 + Math.floor(rnd() * 2048) * 2 ** -23),
    // The lowest 22 bits differ: the top pass is skipped.
    'one exponent': () => f(1 + rnd()),
    'signs, zeros of both signs, ties': () => [0, -0, 1.5, -1.5, 2, -2][Math.floor(rnd() * 6)]! * (rnd() < 0.5 ? 1 : f(1 + Math.floor(rnd() * 8) / 8)),
    'wide range': () => f((rnd() - 0.5) * 2 ** Math.floor(rnd() * 60 - 30)),
  };
  for (const [name, draw] of Object.entries(cases)) {
    for (const weighted of [false, true]) {
      it(`${name}${weighted ? ', weighted' : ''}: the reference sketch's summary to the bit`, () => {
        const values = Float32Array.from({ length: n }, draw);
        const weights = Float32Array.from({ length: n }, () => (weighted ? (rnd() < 0.05 ? 0 : f(0.25 + rnd() * 3)) : 1));
        for (const maxBin of [16, 256]) {
          const ours = ourSummary(values, weights, maxBin);
          expect(ours.size).toBeGreaterThan(1);
          expect(bitsOf(ours)).toEqual(bitsOf(referenceSummary(values, weights, maxBin)));
        }
      });
    }
  }
});
