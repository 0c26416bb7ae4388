/**
 * Edge data that must train and predict sensibly (reliability issue, "input that is hostile or
 * odd"): each case is written as a small CSV or LibSVM file, loaded with loadDataset, trained with
 * `train` (reg:squarederror, and binary:logistic / rank:ndcg where they apply) and predicted back.
 * Every prediction must be finite and what the case calls for (a constant or all-missing column is
 * never split on, one row gives its label, ...). The table printed at the end (case, objective,
 * data shape, trees, nodes, split features, prediction range, time) is the edge-data table of the
 * reliability report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import type { ParamInput } from '../../src/params/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'lambdaboost-edge-'));
const rows: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(
    ['| case | objective | rows x features | trees | nodes | split features | prediction range | time ms |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n'),
  );
});

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

let fileNo = 0;
async function load(text: string, ext: 'csv' | 'svm', options: LoadOptions = {}): Promise<Dataset> {
  const path = join(dir, `edge${fileNo++}.${ext}`);
  writeFileSync(path, text);
  return loadDataset(path, options);
}

/** A headerless CSV, label first (LightGBM's convention): `label,x0,x1,...` per row; NaN written as NA. */
function csv(label: number[], columns: number[][]): string {
  return label.map((y, r) => [y, ...columns.map((c) => c[r]!)].map((v) => (Number.isNaN(v) ? 'NA' : String(v))).join(',')).join('\n') + '\n';
}

const BASE: ParamInput = { num_round: 10, nthread: 1, verbosity: 0, seed: 1 };

interface Fit {
  booster: Booster;
  pred: Float32Array;
  splitFeatures: Set<number>;
  nodes: number;
}

function splitFeaturesOf(b: Booster): Set<number> {
  const s = new Set<number>();
  for (const t of b.model.trees) for (let i = 0; i < t.nNodes; i++) if (t.left[i] !== -1) s.add(t.splitIndex[i]!);
  return s;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(5)));
}

/** Trains, predicts the training rows, checks every prediction is finite and logs a table row. */
async function fit(name: string, data: Dataset, params: ParamInput): Promise<Fit> {
  const t0 = performance.now();
  const booster = await train({ ...BASE, ...params }, data);
  const pred = booster.predict(data);
  const ms = performance.now() - t0;
  const splitFeatures = splitFeaturesOf(booster);
  const nodes = booster.model.trees.reduce((a, t) => a + t.nNodes, 0);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pred) {
    lo = Math.min(lo, p);
    hi = Math.max(hi, p);
  }
  const shown = [...splitFeatures].sort((a, b) => a - b);
  rows.push(
    `| ${name} | ${String(params.objective ?? 'reg:squarederror')} | ${data.nRows} x ${data.nFeatures} | ${booster.nTrees} | ${nodes} | ` +
      `${shown.length === 0 ? '-' : shown.length > 6 ? `${shown.length} features` : shown.map((f) => `f${f}`).join(' ')} | ` +
      `[${fmt(lo)}, ${fmt(hi)}] | ${ms.toFixed(0)} |`,
  );
  for (let r = 0; r < pred.length; r++) expect(Number.isFinite(pred[r]), `${name}: prediction ${r} = ${pred[r]}`).toBe(true);
  // The model survives its own JSON: written and read back, it predicts the same.
  const again = Booster.fromJSON(booster.toJSON()).predict(data);
  expect(Array.from(again)).toEqual(Array.from(pred));
  return { booster, pred, splitFeatures, nodes };
}

/** Mean of predictions over rows where `where` holds. */
function meanWhere(pred: Float32Array, where: (r: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let r = 0; r < pred.length; r++) {
    if (where(r)) {
      s += pred[r]!;
      n++;
    }
  }
  return s / n;
}

describe('edge data trains and predicts sensibly', () => {
  // A column with one value and some missing cells is not constant: "missing or not" may be
  // split on (XGBoost does too); the test checks only the truly constant column.
  it('a constant feature is never split on', async () => {
    const rnd = lcg(1);
    const n = 200;
    const x0 = Array.from({ length: n }, () => rnd() * 2 - 1);
    const constant = new Array<number>(n).fill(5);
    const constantWithMissing = Array.from({ length: n }, (_, r) => (r % 7 === 0 ? NaN : -3));
    const y = x0.map((v) => 2 * v + 0.1 * rnd());
    const data = await load(csv(y, [constant, x0, constantWithMissing]), 'csv');
    const reg = await fit('constant feature', data, { objective: 'reg:squarederror' });
    expect(reg.splitFeatures.has(0)).toBe(false);
    expect(reg.splitFeatures.has(1)).toBe(true);
    const bin = await fit('constant feature', await load(csv(y.map((v) => (v > 0 ? 1 : 0)), [constant, x0, constantWithMissing]), 'csv'), { objective: 'binary:logistic' });
    expect(bin.splitFeatures.has(0)).toBe(false);
    expect(meanWhere(bin.pred, (r) => x0[r]! > 0.2)).toBeGreaterThan(0.5);
    expect(meanWhere(bin.pred, (r) => x0[r]! < -0.2)).toBeLessThan(0.5);
  });

  it('only constant features: single-leaf trees predicting the label mean', async () => {
    const y = [1, 2, 3, 4, 10];
    const data = await load(csv(y, [[7, 7, 7, 7, 7], [0, 0, 0, 0, 0]]), 'csv');
    const reg = await fit('only constant features', data, { objective: 'reg:squarederror' });
    expect(reg.nodes).toBe(reg.booster.nTrees);
    for (const p of reg.pred) expect(p).toBeCloseTo(4, 5);
  });

  it('an all-missing column is never split on', async () => {
    const rnd = lcg(2);
    const n = 150;
    const x = Array.from({ length: n }, () => rnd());
    const missing = new Array<number>(n).fill(NaN);
    const y = x.map((v) => (v > 0.5 ? 3 : -1));
    const reg = await fit('all-missing column', await load(csv(y, [missing, x, missing]), 'csv'), { objective: 'reg:squarederror' });
    expect([...reg.splitFeatures]).toEqual([1]);
    const bin = await fit('all-missing column', await load(csv(y.map((v) => (v > 0 ? 1 : 0)), [missing, x, missing]), 'csv'), { objective: 'binary:logistic' });
    expect([...bin.splitFeatures]).toEqual([1]);
    // the only feature missing everywhere: nothing to split on
    const none = await fit('only an all-missing column', await load(csv(y, [missing]), 'csv'), { objective: 'reg:squarederror' });
    expect(none.nodes).toBe(none.booster.nTrees);
    for (const p of none.pred) expect(p).toBeCloseTo(1 / 150 * y.reduce((a, b) => a + b, 0), 4);
  });

  it('a column with two distinct values splits between them and fits both groups', async () => {
    const n = 40;
    const x = Array.from({ length: n }, (_, r) => r % 2);
    const y = x.map((v) => (v === 1 ? 10 : -10));
    const data = await load(csv(y, [x]), 'csv');
    const reg = await fit('two distinct values', data, { objective: 'reg:squarederror', eta: 1, lambda: 0, num_round: 1 });
    const tree = reg.booster.model.trees[0]!;
    expect(tree.nNodes).toBe(3);
    expect(tree.splitIndex[0]).toBe(0);
    expect(tree.splitCondition[0]).toBeGreaterThan(0);
    expect(tree.splitCondition[0]).toBeLessThanOrEqual(1);
    for (let r = 0; r < n; r++) expect(reg.pred[r]).toBeCloseTo(y[r]!, 4);
    const bin = await fit('two distinct values', await load(csv(x, [x]), 'csv'), { objective: 'binary:logistic' });
    for (let r = 0; r < n; r++) expect(bin.pred[r]! > 0.5).toBe(x[r] === 1);
  });

  it('huge magnitudes (1e30, float32 max) and denormals split and predict finite values (infinities are refused at load)', async () => {
    const rnd = lcg(3);
    const n = 140;
    const mags = [-3.4028234663852886e38, -3.4e38, -1e30, -1e20, -1, -1e-40, 0, 1e-45, 1e-40, 1, 1e20, 1e30, 3.4e38, 3.4028234663852886e38];
    const huge = Array.from({ length: n }, (_, r) => mags[r % mags.length]!);
    const denormal = Array.from({ length: n }, () => Math.fround(Math.floor(rnd() * 8) * 1e-40));
    const y = huge.map((v, r) => (v > 0 ? 2 : -2) + (denormal[r]! > 3.5e-40 ? 1 : 0));
    const data = await load(csv(y, [huge, denormal]), 'csv');
    expect(data.columns[1]!.some((v) => v !== 0 && Math.abs(v) < 1.17549435e-38)).toBe(true); // denormals survive loading
    const reg = await fit('magnitudes 1e30, 3.4e38, float32 max / denormals', data, { objective: 'reg:squarederror', num_round: 20 });
    expect(reg.splitFeatures).toEqual(new Set([0, 1]));
    // both the sign of the huge values and the denormal threshold are learnt: every row is fitted
    for (let r = 0; r < n; r++) expect(Math.abs(reg.pred[r]! - y[r]!), `row ${r}: x=${huge[r]}, d=${denormal[r]}`).toBeLessThan(0.05);
    const bin = await fit('magnitudes 1e30, 3.4e38, float32 max / denormals', await load(csv(huge.map((v) => (v > 0 ? 1 : 0)), [huge, denormal]), 'csv'), { objective: 'binary:logistic' });
    for (let r = 0; r < n; r++) expect(bin.pred[r]! > 0.5, `row ${r} x=${huge[r]}`).toBe(huge[r]! > 0);
  });

  it('labels of huge magnitude (1e30) give finite predictions at the labels\' mean, as XGBoost 3.4.1', async () => {
    // XGBoost 3.4.1 scores a child at its float32 weight w with a float32 w^2, which overflows for
    // weights of 1e30: every split's gain is -inf or NaN, so neither it nor we split, and both
    // predict the labels' mean, 2e30 (measured with the anchor: a single leaf, predictions 1.9999999e30).
    const n = 60;
    const x = Array.from({ length: n }, (_, r) => r);
    const y = x.map((v) => (v < 30 ? 1e30 : 3e30));
    const reg = await fit('labels 1e30', await load(csv(y, [x]), 'csv'), { objective: 'reg:squarederror' });
    for (let r = 0; r < n; r++) {
      expect(Number.isFinite(reg.pred[r]!)).toBe(true);
      expect(Math.abs(reg.pred[r]! - 2e30) / 2e30).toBeLessThan(0.01);
    }
  });

  it('duplicated rows: the same model as the rows once (sums scale, leaf values do not)', async () => {
    const rnd = lcg(4);
    const n = 50;
    const x0 = Array.from({ length: n }, () => Math.round(rnd() * 100) / 10);
    const x1 = Array.from({ length: n }, () => Math.round(rnd() * 100) / 10);
    const y = x0.map((v, r) => v - x1[r]! + Math.round(rnd() * 10) / 10);
    const params = { objective: 'reg:squarederror' as const, lambda: 0, min_child_weight: 0, num_round: 3, max_depth: 3 };
    const once = await fit('duplicated rows (x1)', await load(csv(y, [x0, x1]), 'csv'), params);
    const rep = (a: number[]): number[] => a.flatMap((v) => [v, v, v]);
    const thrice = await fit('duplicated rows (x3)', await load(csv(rep(y), [rep(x0), rep(x1)]), 'csv'), params);
    for (let r = 0; r < n; r++) {
      expect(thrice.pred[3 * r]).toBe(thrice.pred[3 * r + 1]);
      expect(thrice.pred[3 * r]).toBeCloseTo(once.pred[r]!, 3);
    }
  });

  it('one-row queries (rank:ndcg): no pairs, no splits, one score for all', async () => {
    const rnd = lcg(5);
    const n = 20;
    const x = Array.from({ length: n }, () => rnd());
    const lines = x.map((v, r) => `${r % 3} qid:${r} 0:${v}`).join('\n') + '\n';
    const rank = await fit('one-row queries', await load(lines, 'svm'), { objective: 'rank:ndcg' });
    expect(rank.nodes).toBe(rank.booster.nTrees);
    expect(new Set(rank.pred).size).toBe(1);
  });

  it('a query whose labels are all equal trains with the others', async () => {
    const rnd = lcg(6);
    const lines: string[] = [];
    for (let q = 0; q < 12; q++) {
      for (let d = 0; d < 8; d++) {
        const x = rnd();
        const label = q === 3 ? 2 : x > 0.66 ? 2 : x > 0.33 ? 1 : 0;
        lines.push(`${label} qid:${q} 0:${x} 1:${rnd()}`);
      }
    }
    const data = await load(lines.join('\n') + '\n', 'svm');
    const rank = await fit('query with equal labels', data, { objective: 'rank:ndcg', num_round: 20 });
    expect(rank.splitFeatures.has(0)).toBe(true);
    // within the other queries, higher labels score higher on average
    const label = data.label!;
    expect(meanWhere(rank.pred, (r) => label[r] === 2 && r >= 32)).toBeGreaterThan(meanWhere(rank.pred, (r) => label[r] === 0));
    const reg = await fit('query with equal labels', data, { objective: 'reg:squarederror' });
    expect(reg.splitFeatures.has(0)).toBe(true);
  });

  it('one row: predicts its label (regression), moves toward it (logistic)', async () => {
    const reg = await fit('1 row', await load('7,1.5\n', 'csv'), { objective: 'reg:squarederror' });
    expect(reg.pred[0]).toBe(7);
    expect(reg.nodes).toBe(reg.booster.nTrees);
    const bin = await fit('1 row', await load('1,1.5\n', 'csv'), { objective: 'binary:logistic' });
    expect(bin.pred[0]).toBeGreaterThan(0.5);
    expect(bin.pred[0]).toBeLessThan(1);
    const rank = await fit('1 row', await load('1 qid:1 0:1.5\n', 'svm'), { objective: 'rank:ndcg' });
    expect(rank.pred.length).toBe(1);
  });

  it('two rows: separates them', async () => {
    const data = await load('0,0\n10,1\n', 'csv');
    const reg = await fit('2 rows', data, { objective: 'reg:squarederror', num_round: 50, min_child_weight: 0 });
    expect(reg.pred[0]).toBeCloseTo(0, 1);
    expect(reg.pred[1]).toBeCloseTo(10, 1);
    const bin = await fit('2 rows', await load('0,0\n1,1\n', 'csv'), { objective: 'binary:logistic', min_child_weight: 0 });
    expect(bin.pred[0]).toBeLessThan(0.5);
    expect(bin.pred[1]).toBeGreaterThan(0.5);
    const rank = await fit('2 rows', await load('0 qid:1 0:0\n1 qid:1 0:1\n', 'svm'), { objective: 'rank:ndcg', min_child_weight: 0 });
    expect(rank.pred[1]).toBeGreaterThan(rank.pred[0]!);
  });

  it('more features than rows', async () => {
    const rnd = lcg(7);
    const n = 8;
    const nF = 100;
    const cols = Array.from({ length: nF }, () => Array.from({ length: n }, () => rnd()));
    const y = cols[7]!.map((v) => (v > 0.5 ? 1 : 0));
    const reg = await fit('more features than rows', await load(csv(y, cols), 'csv'), { objective: 'reg:squarederror', min_child_weight: 0 });
    for (const f of reg.splitFeatures) expect(f).toBeLessThan(nF);
    for (let r = 0; r < n; r++) expect(reg.pred[r]).toBeCloseTo(y[r]!, 1);
    const bin = await fit('more features than rows', await load(csv(y, cols), 'csv'), { objective: 'binary:logistic', min_child_weight: 0 });
    for (let r = 0; r < n; r++) expect(bin.pred[r]! > 0.5).toBe(y[r] === 1);
  });

  it('10,000 features in a sparse LibSVM file train in reasonable time', async () => {
    const rnd = lcg(8);
    const n = 1000;
    const lines: string[] = [];
    const has42: boolean[] = [];
    for (let r = 0; r < n; r++) {
      const idx = new Set<number>();
      while (idx.size < 10) idx.add(1 + Math.floor(rnd() * 9999));
      if (r % 3 === 0) idx.add(42);
      else idx.delete(42);
      has42.push(idx.has(42));
      const entries = [...idx].sort((a, b) => a - b).map((j) => `${j}:${(rnd() * 10).toFixed(3)}`);
      lines.push(`${idx.has(42) ? 1 : 0} ${entries.join(' ')}`);
    }
    lines[0] = lines[0]!.replace(/$/, ' 10000:1'); // columns 0..10000
    const t0 = performance.now();
    const data = await load(lines.join('\n') + '\n', 'svm');
    expect(data.nFeatures).toBe(10001);
    const reg = await fit('10,000 sparse features (LibSVM)', data, { objective: 'reg:squarederror' });
    const bin = await fit('10,000 sparse features (LibSVM)', data, { objective: 'binary:logistic' });
    expect(performance.now() - t0).toBeLessThan(60_000);
    expect(reg.splitFeatures.has(42)).toBe(true);
    for (let r = 0; r < n; r++) expect(bin.pred[r]! > 0.5, `row ${r}`).toBe(has42[r]);
  });

  it('labels of 1e9 (regression): predictions on the labels\' scale', async () => {
    const rnd = lcg(9);
    const n = 300;
    const x = Array.from({ length: n }, () => rnd());
    const y = x.map((v) => 1e9 + 1e6 * Math.round(v * 10));
    const reg = await fit('labels 1e9', await load(csv(y, [x]), 'csv'), { objective: 'reg:squarederror', num_round: 30 });
    let se = 0;
    for (let r = 0; r < n; r++) {
      expect(reg.pred[r]).toBeGreaterThan(0.99e9);
      expect(reg.pred[r]).toBeLessThan(1.02e9);
      se += (reg.pred[r]! - y[r]!) ** 2;
    }
    expect(Math.sqrt(se / n)).toBeLessThan(5e5); // the labels spread over 1e7
  });
});
