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
import { takeRows } from '../../src/data/subset.js';

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

  /** CASP's first 6000 rows with RMSD cut into 4 classes. */
  async function caspClasses(): Promise<Dataset> {
    const casp = await loadDataset(`${DATA}uci-casp-protein/CASP.csv`, { label: 'RMSD' });
    const part = takeRows(casp, Array.from({ length: 6000 }, (_, i) => i));
    const y = part.label!;
    return { ...part, label: Float32Array.from(y, (v) => (v < 3 ? 0 : v < 8 ? 1 : v < 14 ? 2 : 3)) };
  }

  it('multi:softprob with weights, row and column subsampling: 4 + 3 == 7, byte for byte', async () => {
    const data = await caspClasses();
    const weighted: Dataset = { ...data, weight: Float32Array.from({ length: data.nRows }, (_, i) => 0.5 + (i % 7) / 4) };
    const params = { objective: 'multi:softprob', num_class: 4, eta: 0.3, max_depth: 4, subsample: 0.7, colsample_bynode: 0.6, seed: 5 };
    const [a, b] = await splitRun(params, weighted, 4, 7);
    expect(b).toBe(a);
    expect(JSON.parse(a).learner.gradient_booster.model.tree_info).toEqual(Array.from({ length: 28 }, (_, t) => t % 4));
  });

  it('multi:softmax with a given base_score, lossguide: 3 + 2 == 5', async () => {
    const data = await caspClasses();
    const params = { objective: 'multi:softmax', num_class: 4, base_score: 0.2, grow_policy: 'lossguide', max_leaves: 6, max_depth: 0 };
    const [a, b] = await splitRun(params, data, 3, 5);
    expect(b).toBe(a);
  });

  it('refuses a multi-class model whose trees are not one per class and round in class order', async () => {
    const data = await caspClasses();
    const part = await trainModel({ objective: 'multi:softprob', num_class: 4, max_depth: 2, num_round: 2 }, data);
    const swapped = { ...part.model, treeInfo: Int32Array.from([1, 0, 2, 3, 0, 1, 2, 3]) };
    await expect(trainModel({ num_round: 1 }, data, { initModel: swapped })).rejects.toThrow(/tree 0 has tree_info 1, expected 0/);
    const odd = { ...part.model, trees: part.model.trees.slice(0, 6), treeInfo: part.model.treeInfo.slice(0, 6) };
    await expect(trainModel({ num_round: 1 }, data, { initModel: odd })).rejects.toThrow(/6 trees, not a multiple of its 4 classes/);
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

  // LightGBM's objectives train on double scores (LightGBM's arithmetic) while the trees hold float32
  // leaves: the model saves the double leaf values, from which the continued run rebuilds the scores.
  it('lambdarank with positions (double scores, bias factors) and rank_xendcg: 4 + 3 == 7, byte for byte', async () => {
    const data = syntheticRankingData(60, 12, 8, 5);
    const withPositions: Dataset = { ...data, position: Int32Array.from({ length: data.nRows }, (_, i) => 1 + (i % 12)) };
    const lgb = { max_leaves: 15, grow_policy: 'lossguide' as const, max_depth: 0, lambda: 0, min_child_weight: 1e-3, min_data_in_leaf: 5 };
    const [a, b] = await splitRun({ objective: 'lambdarank', ...lgb }, withPositions, 4, 7);
    expect(b).toBe(a);
    expect(a).toContain('"leaf_values"');
    const [c, d] = await splitRun({ objective: 'rank_xendcg', ...lgb }, data, 4, 7);
    expect(d).toBe(c);
    // saved double values that do not round to the trees' leaves are refused
    const part = await trainModel({ objective: 'lambdarank', ...lgb, num_round: 2 }, data);
    const json = JSON.parse(modelToJSON(part.model)) as { lambdaboost: { leaf_values: number[][] } };
    json.lambdaboost.leaf_values[1]![0]! += 1e-3;
    const bad = parseModelText(JSON.stringify(json), 'bad.json');
    await expect(trainModel({ num_round: 1 }, data, { initModel: bad })).rejects.toThrow(/leaf_values\[1\]\[0\].*disagree/);
  });

  it('lambdarank continued with freeRawData (as the CLI trains): the double scores are rebuilt before the values are released', async () => {
    const lgb = { objective: 'lambdarank' as const, max_leaves: 15, grow_policy: 'lossguide' as const, max_depth: 0, min_data_in_leaf: 5 };
    const whole = await trainModel({ ...lgb, num_round: 6 }, syntheticRankingData(60, 12, 8, 5));
    const part = await trainModel({ ...lgb, num_round: 4 }, syntheticRankingData(60, 12, 8, 5));
    const data = syntheticRankingData(60, 12, 8, 5);
    const rest = await trainModel({ num_round: 2 }, data, { initModel: parseModelText(modelToJSON(part.model), 'part.json'), freeRawData: true });
    expect(data.columns.every((c) => c.length === 0), 'the values were released').toBe(true);
    expect(modelToJSON(rest.model)).toBe(modelToJSON(whole.model));
  });
});
