import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { dataset } from './helpers.js';

const f = Math.fround;

function countNonMissing(d: Dataset, row: number): number {
  let n = 0;
  for (const c of d.columns) if (!Number.isNaN(c[row]!)) n++;
  return n;
}

function labelCounts(label: Float32Array): Record<number, number> {
  const out: Record<number, number> = {};
  for (const v of label) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('bundled datasets', () => {
  it('uci-casp-protein/CASP.csv: 45,730 rows, 9 features, label RMSD, CRLF', async () => {
    const t0 = performance.now();
    const d = await loadDataset(dataset('uci-casp-protein/CASP.csv'), { label: 'RMSD' });
    const ms = performance.now() - t0;
    console.log(`CASP.csv loaded in ${ms.toFixed(0)} ms`);
    expect(d.nRows).toBe(45730);
    expect(d.nFeatures).toBe(9);
    expect(d.featureNames).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9']);
    expect(d.hasFeatureNames).toBe(true);
    // first data line: 17.284,13558.3,4305.35,0.31754,162.173,1872790.507,215.359,4287.87,102,27.0302
    expect(d.label![0]).toBe(f(17.284));
    const first = [13558.3, 4305.35, 0.31754, 162.173, 1872790.507, 215.359, 4287.87, 102, 27.0302];
    first.forEach((v, j) => expect(d.columns[j]![0], `F${j + 1}`).toBe(f(v)));
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of d.label!) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    expect(min).toBe(0);
    expect(max).toBe(f(20.999));
    expect(sum / d.nRows).toBeCloseTo(7.7485, 3);
    for (const c of d.columns) expect(c.some(Number.isNaN)).toBe(false);
    expect(d.weight).toBeNull();
    expect(d.queryOffsets).toBeNull();
  });

  it('lightgbm-binary/binary.train: TSV, no header, label in column 0, 7000 x 28', async () => {
    const d = await loadDataset(dataset('lightgbm-binary/binary.train'));
    expect(d.nRows).toBe(7000);
    expect(d.nFeatures).toBe(28);
    expect(d.hasFeatureNames).toBe(false);
    expect(d.featureNames[27]).toBe('f27');
    expect(labelCounts(d.label!)).toEqual({ 0: 3284, 1: 3716 });
    for (const c of d.columns) expect(c.some(Number.isNaN)).toBe(false);
    // b-tag feature 9 (1-based, label excluded) takes only {0, 1.087, 2.173}
    expect(new Set(d.columns[8])).toEqual(new Set([0, f(1.087), f(2.173)]));
    const test = await loadDataset(dataset('lightgbm-binary/binary.test'));
    expect([test.nRows, test.nFeatures]).toEqual([500, 28]);
  });

  it('lightgbm-rank/rank.train + .query: 3005 rows, 201 queries, 301 columns, column 0 all NaN', async () => {
    const messages: string[] = [];
    const path = dataset('lightgbm-rank/rank.train');
    const d = await loadDataset(path, { onInfo: (m) => messages.push(m) });
    expect(d.nRows).toBe(3005);
    expect(d.nFeatures).toBe(301);
    expect(d.columns[0]!.every(Number.isNaN)).toBe(true);
    expect(d.queryOffsets!.length).toBe(202);
    expect(d.queryOffsets![0]).toBe(0);
    expect(d.queryOffsets![201]).toBe(3005);
    expect(messages).toContain(`loaded 201 query groups from ${path}.query`);
    expect(labelCounts(d.label!)).toEqual({ 0: 645, 1: 1211, 2: 858, 3: 222, 4: 69 });
    // first line: "0 10:0.89 11:0.75 12:0.01 ..."
    expect(d.columns[10]![0]).toBe(f(0.89));
    expect(d.columns[11]![0]).toBe(f(0.75));
    expect(d.columns[1]![0]).toBeNaN();
    let used = 0;
    for (const c of d.columns) if (c.some((v) => !Number.isNaN(v))) used++;
    expect(used).toBe(218);
    const test = await loadDataset(dataset('lightgbm-rank/rank.test'), { nFeatures: d.nFeatures });
    expect([test.nRows, test.nFeatures, test.queryOffsets!.length - 1]).toEqual([768, 301, 50]);
  });

  it('xgboost-agaricus/agaricus.txt.train: 6513 rows, 127 columns, 22 entries per row', async () => {
    const d = await loadDataset(dataset('xgboost-agaricus/agaricus.txt.train'));
    expect(d.nRows).toBe(6513);
    expect(d.nFeatures).toBe(127);
    expect(d.columns[0]!.every(Number.isNaN)).toBe(true);
    for (let r = 0; r < d.nRows; r++) if (countNonMissing(d, r) !== 22) throw new Error(`row ${r}`);
    expect(labelCounts(d.label!)).toEqual({ 0: 3373, 1: 3140 });
    // first line: "1 3:1 10:1 11:1 ..."
    expect(d.label![0]).toBe(1);
    expect(d.columns[3]![0]).toBe(1);
    expect(d.columns[4]![0]).toBeNaN();
    const test = await loadDataset(dataset('xgboost-agaricus/agaricus.txt.test'), { nFeatures: 127 });
    expect([test.nRows, test.nFeatures]).toEqual([1611, 127]);
  });
});
