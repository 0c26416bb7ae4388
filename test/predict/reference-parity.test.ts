/**
 * Parity with XGBoost 1.7.4's own predictions: load its JSON models, predict the test data and
 * compare with the outputs it printed (9 significant digits, so Math.fround of each printed value
 * is XGBoost's float32 exactly). Expected: bit-exact; acceptance 1e-6, with at most 1 ulp where
 * the logistic transform is involved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';

const REF = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4', import.meta.url));
const FEAT = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4-features', import.meta.url));
const DATASETS = fileURLToPath(new URL('../../datasets', import.meta.url));

/** Lines of a printed output file, as float32. */
function readOutputs(path: string): Float32Array {
  return Float32Array.from(readFileSync(path, 'utf8').trim().split('\n'), Number);
}

/** Distance in float32 ulps (same sign assumed; enough for the checks here). */
function ulps(a: number, b: number): number {
  const buf = new Float32Array([a, b]);
  const bits = new Int32Array(buf.buffer);
  return Math.abs(bits[0]! - bits[1]!);
}

interface Parity {
  rows: number;
  exact: number;
  maxAbsDiff: number;
  maxUlps: number;
}

function compare(got: Float32Array, want: Float32Array, rows: number[]): Parity {
  expect(rows.length).toBe(want.length);
  let exact = 0;
  let maxAbsDiff = 0;
  let maxUlps = 0;
  rows.forEach((r, k) => {
    const a = got[r]!;
    const b = want[k]!;
    if (a === b) exact++;
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a - b));
    maxUlps = Math.max(maxUlps, ulps(a, b));
  });
  return { rows: rows.length, exact, maxAbsDiff, maxUlps };
}

const allRows = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

interface RefCase {
  name: string;
  load: () => Promise<Dataset>;
  rows: (d: Dataset) => number[];
  outputs: ('margin' | 'pred')[];
}

const binaryTest = (): Promise<Dataset> => loadDataset(join(DATASETS, 'lightgbm-binary/binary.test'), { format: 'tsv', label: 0 });
const rankTest = (): Promise<Dataset> => loadDataset(join(DATASETS, 'lightgbm-rank/rank.test'), { format: 'libsvm', nFeatures: 301 });
const CASES: RefCase[] = [
  { name: 'regression', load: binaryTest, rows: (d) => allRows(d.nRows), outputs: ['margin', 'pred'] },
  { name: 'binary', load: binaryTest, rows: (d) => allRows(d.nRows), outputs: ['margin', 'pred'] },
  {
    name: 'casp',
    load: () => loadDataset(join(DATASETS, 'uci-casp-protein/CASP.csv'), { format: 'csv', label: 'RMSD' }),
    rows: (d) => allRows(d.nRows).filter((i) => i % 5 === 4),
    outputs: ['pred'],
  },
  { name: 'rank-ndcg', load: rankTest, rows: (d) => allRows(d.nRows), outputs: ['margin'] },
  { name: 'rank-pairwise', load: rankTest, rows: (d) => allRows(d.nRows), outputs: ['margin'] },
];

describe('parity with XGBoost 1.7.4 reference models', () => {
  for (const c of CASES) {
    for (const kind of c.outputs) {
      it(`${c.name}: ${kind === 'margin' ? 'margins' : 'predictions'} are bit-exact`, async () => {
        const model = await readModelFile(join(REF, `${c.name}.model.json`));
        const data = await c.load();
        const predictor = Predictor.fromModel(model);
        const got = kind === 'margin' ? predictor.predictMargin(data) : predictor.predict(data);
        const p = compare(got, readOutputs(join(REF, `${c.name}.test.${kind}.txt`)), c.rows(data));
        console.info(`parity ${c.name} ${kind}: ${p.exact}/${p.rows} bit-exact, max |diff| ${p.maxAbsDiff}, max ${p.maxUlps} ulp`);
        expect(p.maxAbsDiff).toBeLessThanOrEqual(1e-6);
        // Bit-exact expected; 1 ulp tolerated only through the logistic transform.
        const logistic = c.name === 'binary' && kind === 'pred';
        expect(p.maxUlps).toBeLessThanOrEqual(logistic ? 1 : 0);
        if (!logistic) expect(p.exact).toBe(p.rows);
      });
    }
  }

  it('single-row prediction equals batch prediction on every rank-ndcg test row', async () => {
    const model = await readModelFile(join(REF, 'rank-ndcg.model.json'));
    const data = await rankTest();
    const predictor = Predictor.fromModel(model);
    const batch = predictor.predictMargin(data);
    const row = new Float32Array(data.nFeatures);
    const plain: number[] = new Array<number>(data.nFeatures);
    for (let r = 0; r < data.nRows; r++) {
      for (let j = 0; j < data.nFeatures; j++) row[j] = plain[j] = data.columns[j]![r]!;
      expect(predictor.predictRowMargin(row)).toBe(batch[r]);
      expect(predictor.predictRowMargin(plain)).toBe(batch[r]);
    }
  });
});

describe('parity with XGBoost 1.7.4 on the feature fixtures (categorical, NaN, lossguide, dart, poisson, 3.x layout)', () => {
  const MODELS: [string, string][] = [
    ['cat-partition', 'cat-partition'],
    ['cat-onehot', 'cat-onehot'],
    ['lossguide', 'lossguide'],
    ['dart', 'dart'],
    ['poisson', 'poisson'],
    ['lossguide-3x', 'lossguide'],
  ];
  for (const [model, expected] of MODELS) {
    it(`${model}: margins and predictions are bit-exact (columns matched by name)`, async () => {
      const m = await readModelFile(join(FEAT, `${model}.model.json`));
      const data = await loadDataset(join(FEAT, 'data.csv'), { format: 'csv' });
      expect(data.hasFeatureNames).toBe(true);
      const predictor = Predictor.fromModel(m);
      for (const kind of ['margin', 'pred'] as const) {
        const got = kind === 'margin' ? predictor.predictMargin(data) : predictor.predict(data);
        const p = compare(got, readOutputs(join(FEAT, `${expected}.${kind}.txt`)), allRows(data.nRows));
        expect(p.maxAbsDiff, kind).toBeLessThanOrEqual(1e-6);
        // Margins bit-exact; outputs through sigmoid / exp within 1 ulp (they are exact today).
        const transformed = kind === 'pred' && (expected === 'lossguide' || expected === 'poisson');
        expect(p.maxUlps, kind).toBeLessThanOrEqual(transformed ? 1 : 0);
      }
    });
  }

  it('rows given as arrays (NaN and null missing) give the same margins as the Dataset', async () => {
    const m = await readModelFile(join(FEAT, 'cat-partition.model.json'));
    const data = await loadDataset(join(FEAT, 'data.csv'), { format: 'csv' });
    const predictor = Predictor.fromModel(m);
    const rows = Array.from({ length: data.nRows }, (_, r) => data.columns.map((c) => (Number.isNaN(c[r]!) && r % 2 === 0 ? null : c[r]!)));
    expect(predictor.predictMargin(rows as number[][])).toEqual(predictor.predictMargin(data));
  });
});
