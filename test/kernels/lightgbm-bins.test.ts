/**
 * LightGBM's bins (src/kernels/ts/lightgbm-bins.ts): the greedy finder's rules on small inputs, and,
 * where the LightGBM 4.6 CLI is present, every threshold LightGBM splits on (its bin upper bounds)
 * is one of this engine's cuts on the same columns: continuous values with more distinct values
 * than max_bin, zeros, negative values, missing values, rare values (min_data_in_bin), few values;
 * the distinct values and counts against a literal restatement of LightGBM's loop (double sort,
 * std::nextafter test) on columns with every kind of value.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distinctValues, lightgbmCuts } from '../../src/kernels/ts/lightgbm-bins.js';
import { mulberry32 } from '../../src/util/rng.js';
import { tempDir } from '../cli/run-cli.js';

describe('lightgbmCuts', () => {
  it('few distinct values: a bin per value holding min_data_in_bin rows, thresholds at midpoints, zero alone', () => {
    // values 0 x5, 0.5 x1, 1 x4, 2 x5: 0.5 (1 row) joins 1 (min_data_in_bin 3)
    const v = Float32Array.from([0, 0, 0, 0, 0, 0.5, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const { cuts } = lightgbmCuts(v, 255, 3, 0);
    // bounds: 1e-35 (zero bin), then (1 + 2) / 2 = 1.5 (0.5 and 1 share a bin), then the sentinel
    expect(cuts.length).toBe(3);
    expect(cuts[0]).toBeGreaterThan(1e-35);
    expect(cuts[0]).toBeLessThan(1e-34);
    expect(cuts[1]).toBe(nextF32(1.5));
    expect(cuts[2]).toBeGreaterThan(2);
    // with min_data_in_bin 1 the 0.5 | 1 boundary appears at 0.75
    expect(Array.from(lightgbmCuts(v, 255, 1, 0).cuts).some((c) => Math.abs(c - 0.75) < 1e-6)).toBe(true);
  });

  it('a feature no split of which leaves min_data_in_leaf rows per side is not split on (one bin)', () => {
    const v = Float32Array.from({ length: 30 }, (_, i) => (i < 3 ? 1 : 0));
    expect(lightgbmCuts(v, 255, 3, 0).cuts.length).toBe(2);
    expect(lightgbmCuts(v, 255, 3, 5).cuts.length).toBe(1);
  });
});

/** LightGBM's FindBin distinct-value loop, literally: a double sort and the nextafter test. */
function naiveDistinct(values: Float32Array): { values: number[]; counts: number[] } {
  const ZERO = Math.fround(1e-35);
  const sample = Float64Array.from(Array.from(values).filter((v) => Math.abs(v) > ZERO)).sort();
  const zeroCnt = Array.from(values).filter((v) => !Number.isNaN(v) && Math.abs(v) <= ZERO).length;
  const nextUp = (a: number): number => {
    if (a === 0) return Number.MIN_VALUE;
    const b = new Float64Array([a]);
    const u = new BigInt64Array(b.buffer);
    u[0] = a > 0 ? u[0]! + 1n : u[0]! - 1n;
    return b[0]!;
  };
  const dv: number[] = [];
  const dc: number[] = [];
  const nz = sample.length;
  if (nz === 0 || (sample[0]! > 0 && zeroCnt > 0)) {
    dv.push(0);
    dc.push(zeroCnt);
  }
  if (nz > 0) {
    dv.push(sample[0]!);
    dc.push(1);
  }
  for (let i = 1; i < nz; i++) {
    const a = sample[i - 1]!;
    const b = sample[i]!;
    if (!(b <= nextUp(a))) {
      if (a < 0 && b > 0) {
        dv.push(0);
        dc.push(zeroCnt);
      }
      dv.push(b);
      dc.push(1);
    } else {
      dv[dv.length - 1] = b;
      dc[dc.length - 1]!++;
    }
  }
  if (nz > 0 && sample[nz - 1]! < 0 && zeroCnt > 0) {
    dv.push(0);
    dc.push(zeroCnt);
  }
  return { values: dv, counts: dc };
}

describe('distinctValues (radix sort, float32 equality) equals LightGBM\'s double loop', () => {
  it('on columns of every kind: signs, zeros and near-zeros, infinities, subnormals, missing, ties', () => {
    const rng = mulberry32(41);
    const pick = (xs: number[]): number => xs[Math.floor(rng() * xs.length)]!;
    const kinds: ((i: number) => number)[] = [
      () => rng() * 10 - 5,
      () => (rng() < 0.5 ? 0 : Math.round(rng() * 100) / 10),
      () => -Math.exp(rng() * 3),
      () => Math.exp(rng() * 3),
      () => (rng() < 0.5 ? -0 : 0),
      () => pick([Infinity, -Infinity, Infinity, 1, -1, 0, NaN]),
      () => pick([1e-36, -1e-36, 1.1e-35, -1.1e-35, 1e-35, 1e-45, -1e-45, 0]),
      () => (rng() < 0.3 ? NaN : Math.floor(rng() * 4) - 2),
      () => NaN,
      () => pick([-2, 3]), // both signs, no zero rows: zero inserted with count 0
      (i) => (i % 7) - 3.5,
      () => (rng() - 0.5) * 1e-30,
    ];
    let checked = 0;
    for (let t = 0; t < 240; t++) {
      const kind = kinds[t % kinds.length]!;
      const other = kinds[Math.floor(rng() * kinds.length)]!;
      const n = t % 5 === 0 ? Math.floor(rng() * 70) : 100 + Math.floor(rng() * 3000);
      const mix = rng();
      const col = Float32Array.from({ length: n }, (_, i) => (rng() < mix ? kind(i) : other(i)));
      const ZERO = Math.fround(1e-35);
      let nz = 0;
      let na = 0;
      for (const v of col) {
        if (Number.isNaN(v)) na++;
        else if (Math.abs(v) > ZERO) nz++;
      }
      const got = distinctValues(col, nz, n - nz - na);
      const want = naiveDistinct(col);
      expect(Array.from(got.values), `column ${t}`).toEqual(want.values);
      expect(Array.from(got.counts), `column ${t}`).toEqual(want.counts);
      checked += want.values.length;
    }
    expect(checked).toBeGreaterThan(10000);
  });
});

const LGB = new URL('../../../../shared/anchors/lightgbm-4.6.0/lightgbm', import.meta.url).pathname;
describe.skipIf(!existsSync(LGB))('against the LightGBM 4.6 CLI (skipped: ../shared/anchors/lightgbm-4.6.0 absent)', () => {
  it('every LightGBM threshold is one of our cuts (float32 just above its bound)', () => {
    const rng = mulberry32(3);
    const n = 3000;
    const gen: ((i: number) => number)[] = [
      () => rng() * 10 - 5, // continuous, > max_bin distinct, negatives
      () => (rng() < 0.6 ? 0 : Math.round(rng() * 1000) / 100), // zeros + 2 decimals
      () => (rng() < 0.15 ? NaN : rng() * rng()), // missing
      () => Math.floor(rng() * 5) + (rng() < 0.01 ? 0.5 : 0), // few values, rare ones
      () => -Math.exp(rng() * 3), // all negative
      (i) => (i % 2 === 0 ? 0 : Math.round(Math.log(1 + rng() * 50) * 1000) / 1000), // skewed, half zeros
    ];
    const cols = gen.map((g) => Float32Array.from({ length: n }, (_, i) => g(i)));
    const y = Array.from({ length: n }, (_, i) => cols.reduce((s, c, f) => s + Math.sin((c[i]! || 0) * (f + 1)), 0) + rng() * 0.1);
    const dir = tempDir();
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, `y,${cols.map((_, f) => `f${f}`).join(',')}\n${y.map((v, i) => [v, ...cols.map((c) => c[i])].map((x) => (Number.isNaN(x) ? '' : String(x))).join(',')).join('\n')}\n`);
    const model = join(dir, 'm.txt');
    const r = spawnSync(LGB, ['task=train', 'objective=regression', `data=${csv}`, 'header=true', 'label_column=name:y', 'num_iterations=30', 'num_leaves=63',
      'min_data_in_leaf=5', 'learning_rate=0.3', 'num_threads=1', 'verbosity=-1', `output_model=${model}`]);
    expect(r.status).toBe(0);
    const text = readFileSync(model, 'utf8');
    const feats = [...text.matchAll(/^split_feature=(.*)$/gm)].map((m) => m[1]!.split(' ').map(Number));
    const thr = [...text.matchAll(/^threshold=(.*)$/gm)].map((m) => m[1]!.split(' ').map(Number));
    const cuts = cols.map((c) => new Set(lightgbmCuts(c, 255, 3, 5).cuts));
    let checked = 0;
    const used = new Set<number>();
    feats.forEach((fs, t) => fs.forEach((f, k) => {
      const bound = thr[t]![k]!;
      // the smallest float32 above the bound
      const c = Math.fround(bound) > bound ? Math.fround(bound) : nextF32(Math.fround(bound));
      expect(cuts[f]!.has(c), `feature ${f} threshold ${bound}`).toBe(true);
      used.add(f);
      checked++;
    }));
    expect(checked).toBeGreaterThan(300);
    expect(used.size).toBe(gen.length);
  }, 60_000);
});

function nextF32(c: number): number {
  const a = new Float32Array([c]);
  const u = new Int32Array(a.buffer);
  u[0] = c === 0 ? 1 : c > 0 ? u[0]! + 1 : u[0]! - 1;
  return a[0]!;
}

describe('bin_construction', () => {
  it('auto: LightGBM\'s bins for lambdarank / rank_xendcg only, not with categorical features; lightgbm refuses those', async () => {
    const { usesLightGbmBins } = await import('../../src/booster/session.js');
    const plain = { categories: undefined };
    const cat = { categories: [null, [] as never] };
    expect(usesLightGbmBins({ bin_construction: 'auto', objective: 'lambdarank' }, plain)).toBe(true);
    expect(usesLightGbmBins({ bin_construction: 'auto', objective: 'rank_xendcg' }, plain)).toBe(true);
    expect(usesLightGbmBins({ bin_construction: 'auto', objective: 'rank:ndcg' }, plain)).toBe(false);
    expect(usesLightGbmBins({ bin_construction: 'lightgbm', objective: 'reg:squarederror' }, plain)).toBe(true);
    expect(usesLightGbmBins({ bin_construction: 'xgboost', objective: 'lambdarank' }, plain)).toBe(false);
    expect(usesLightGbmBins({ bin_construction: 'auto', objective: 'lambdarank' }, cat)).toBe(false);
    expect(() => usesLightGbmBins({ bin_construction: 'lightgbm', objective: 'lambdarank' }, cat)).toThrow(/categorical/);
  });
});
