/**
 * The XGBoost 1.7.4 reference models and their SHAP / importance fixtures
 * (test/fixtures/shap/<model>.json, written by scripts/fixtures/shap-xgboost.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import type { Model } from '../../src/model-io/model.js';
import { readModelFile } from '../../src/model-io/model-file.js';

export const MODELS = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4', import.meta.url));
export const SHAP = fileURLToPath(new URL('../fixtures/shap', import.meta.url));
export const DATASETS = fileURLToPath(new URL('../../datasets', import.meta.url));

export interface ShapFixture {
  model: string;
  xgboost: string;
  data: string;
  rows: number[];
  nFeatures: number;
  margin: number[];
  contribs: number[][];
  importance: Record<string, Record<string, number>>;
}

export const REFERENCE_MODELS = ['regression', 'binary', 'casp', 'rank-ndcg'] as const;
export type ReferenceModel = (typeof REFERENCE_MODELS)[number];

export function readFixture(name: ReferenceModel): ShapFixture {
  return JSON.parse(readFileSync(join(SHAP, `${name}.json`), 'utf8')) as ShapFixture;
}

export function readReferenceModel(name: ReferenceModel): Promise<Model> {
  return readModelFile(join(MODELS, `${name}.model.json`));
}

const cache = new Map<string, Promise<Dataset>>();

/** The model's test file, loaded as the parity tests load it (cached per file). */
export function referenceData(name: ReferenceModel): Promise<Dataset> {
  const key = name === 'regression' || name === 'binary' ? 'binary' : name;
  let p = cache.get(key);
  if (p === undefined) {
    if (key === 'binary') p = loadDataset(join(DATASETS, 'lightgbm-binary/binary.test'), { format: 'tsv', label: 0 });
    else if (key === 'casp') p = loadDataset(join(DATASETS, 'uci-casp-protein/CASP.csv'), { format: 'csv', label: 'RMSD' });
    else p = loadDataset(join(DATASETS, 'lightgbm-rank/rank.test'), { format: 'libsvm', nFeatures: 301 });
    cache.set(key, p);
  }
  return p;
}

/** Rows `rows` of a dataset, each a Float32Array in column order. */
export function pickRows(data: Dataset, rows: number[]): Float32Array[] {
  return rows.map((r) => Float32Array.from(data.columns, (c) => c[r]!));
}
