/**
 * Continued training: N rounds, then M more from the saved model, give the same model bytes as
 * N + M rounds in one go (random streams are derived from (seed, round); position biases are
 * saved in the model).
 */
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { syntheticRankingData } from '../../src/data/synthetic-ranking.js';
import { modelToJSON, parseModelText } from '../../src/model-io/xgboost-json.js';
import { readModelFile } from '../../src/model-io/model-file.js';

const DATA = new URL('../../datasets/', import.meta.url).pathname;

async function splitRun(params: Record<string, unknown>, data: Dataset, first: number, total: number): Promise<[string, string]> {
  const whole = await trainModel({ ...params, num_round: total }, data);
  const part = await trainModel({ ...params, num_round: first }, data);
  // Through the file format, as a user would continue from a saved model.
  const saved = parseModelText(modelToJSON(part.model), 'part.json');
  const rest = await trainModel({ num_round: total - first }, data, { initModel: saved });
  return [modelToJSON(whole.model), modelToJSON(rest.model)];
}

describe('continued training', () => {
  it('regression with row and column subsampling: 12 + 8 rounds == 20 rounds, byte for byte', async () => {
    const data = await loadDataset(`${DATA}uci-casp-protein/CASP.csv`, { label: 'RMSD' });
    const [a, b] = await splitRun(
      { objective: 'reg:squarederror', eta: 0.3, max_depth: 4, subsample: 0.7, colsample_bytree: 0.8, colsample_bynode: 0.6, seed: 3 },
      data, 12, 20,
    );
    expect(b).toBe(a);
  });

  it('binary:logistic (base margin through the logit): 5 + 5 == 10', async () => {
    const data = await loadDataset(`${DATA}lightgbm-binary/binary.train`);
    const [a, b] = await splitRun({ objective: 'binary:logistic', max_depth: 3, subsample: 0.5, seed: 1 }, data, 5, 10);
    expect(b).toBe(a);
  });

  it('Unbiased LambdaMART with sampled pairs: 6 + 4 == 10, position biases included', async () => {
    const data = syntheticRankingData(60, 12, 8, 5);
    const withPositions: Dataset = { ...data, position: Int32Array.from({ length: data.nRows }, (_, i) => i % 12) };
    const params = { objective: 'rank:ndcg', lambdarank_unbiased: true, lambdarank_pair_method: 'mean', max_depth: 3, seed: 9 };
    const [a, b] = await splitRun(params, withPositions, 6, 10);
    expect(b).toBe(a);
    expect(a).toContain('"ti+"');
  });

  it('continues an XGBoost-trained model: its trees come first, new rounds follow', async () => {
    const xgb = await readModelFile(new URL('../fixtures/models/xgboost-1.7.4/regression.model.json', import.meta.url).pathname);
    const data = await loadDataset(`${DATA}lightgbm-binary/binary.train`);
    const r = await trainModel({ num_round: 3, eta: 0.1 }, data, { initModel: xgb });
    expect(r.model.trees).toHaveLength(103);
    expect(r.model.objective.name).toBe('reg:squarederror');
    expect(r.model.baseScore).toBe(xgb.baseScore);
    expect(Array.from(r.model.trees[99]!.splitCondition)).toEqual(Array.from(xgb.trees[99]!.splitCondition));
  });

  it('refuses data that does not fit the model', async () => {
    const xgb = await readModelFile(new URL('../fixtures/models/xgboost-1.7.4/casp.model.json', import.meta.url).pathname);
    const data = await loadDataset(`${DATA}lightgbm-binary/binary.test`);
    await expect(trainModel({ num_round: 1 }, data, { initModel: xgb })).rejects.toThrow(/28 features, the initial model has 9/);
  });
});
