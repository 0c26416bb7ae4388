import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFile, writeModelFile } from '../../src/model-io/model-file.js';
import { modelToJSON, parseModel, parseModelText } from '../../src/model-io/xgboost-json.js';
import { Predictor } from '../../src/predict/predictor.js';
import { jget, jset, makeModel, stump } from './tiny-model.js';

const REF = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4', import.meta.url));
const FEAT = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4-features', import.meta.url));
const REFERENCE = ['regression', 'binary', 'casp', 'rank-ndcg', 'rank-pairwise'];
const FEATURES = ['cat-partition', 'cat-onehot', 'lossguide', 'dart', 'poisson'];
const tmp = mkdtempSync(join(tmpdir(), 'lb-model-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('XGBoost 1.7.4 models: read and write back byte for byte', () => {
  for (const name of REFERENCE) {
    it(`${name}.model.json`, () => {
      const text = readFileSync(join(REF, `${name}.model.json`), 'utf8');
      const model = parseModelText(text, `${name}.model.json`);
      expect(model.trees.length).toBe(100);
      expect(model.version).toEqual([1, 7, 4]);
      expect(model.baseScore).toBe(0.5);
      expect(model.attributes).toEqual({ best_iteration: '99', best_ntree_limit: '100' });
      expect(modelToJSON(model)).toBe(text);
    });
  }
  for (const name of FEATURES) {
    it(`${name}.model.json (categorical NaN split conditions, dart, boost_from_average 0)`, () => {
      const text = readFileSync(join(FEAT, `${name}.model.json`), 'utf8');
      expect(modelToJSON(parseModelText(text, name))).toBe(text);
    });
  }

  it('keeps the objective JSON verbatim (rank:ndcg lambda_rank_param)', () => {
    const text = readFileSync(join(REF, 'rank-ndcg.model.json'), 'utf8');
    const model = parseModelText(text, 'rank-ndcg.model.json');
    expect(model.objective.name).toBe('rank:ndcg');
    expect(model.objective.json).toEqual({ lambda_rank_param: { fix_list_weight: '0', num_pairsample: '1' }, name: 'rank:ndcg' });
  });

  it('reads the feature names, types, categorical splits and dart weights', async () => {
    const cat = await readModelFile(join(FEAT, 'cat-partition.model.json'));
    expect(cat.featureNames).toEqual(['a', 'b', 'c', 'd']);
    expect(cat.featureTypes).toEqual(['float', 'float', 'c', 'float']);
    const t0 = cat.trees[0]!;
    expect(Array.from(t0.catNodes)).toEqual([0, 4, 7]);
    expect(Array.from(t0.categories.subarray(0, 2))).toEqual([2, 5]);
    expect(t0.splitType[0]).toBe(1);
    expect(Number.isNaN(t0.splitCondition[0])).toBe(true);
    const dart = await readModelFile(join(FEAT, 'dart.model.json'));
    expect(dart.booster).toBe('dart');
    expect(dart.treeWeights[0]).toBe(Math.fround(0.5656629));
    const lg = await readModelFile(join(FEAT, 'lossguide.model.json'));
    expect(lg.baseScore).toBe(Math.fround(0.3));
    expect(lg.boostFromAverage).toBe(false);
  });
});

describe('XGBoost 3.x layout', () => {
  it('reads base_score "[3E-1]", boolean default_left, iteration_indptr and cats', async () => {
    const m3 = await readModelFile(join(FEAT, 'lossguide-3x.model.json'));
    const m1 = await readModelFile(join(FEAT, 'lossguide.model.json'));
    expect(m3.version).toEqual([3, 1, 0]);
    expect(m3.baseScore).toBe(m1.baseScore);
    expect(m3.trees.map((t) => Array.from(t.defaultLeft))).toEqual(m1.trees.map((t) => Array.from(t.defaultLeft)));
    // Written back: scalar base_score (readable by every version), iteration_indptr since >= 2.0.
    const text = modelToJSON(m3);
    const j: unknown = JSON.parse(text);
    expect(jget(j, 'learner', 'learner_model_param', 'base_score')).toBe('3E-1');
    expect(jget(j, 'learner', 'gradient_booster', 'model', 'iteration_indptr')).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(text).toBe(modelToJSON(parseModelText(text, 'again')));
  });

  it('accepts base_score as a plain number-string, an array-string or a number', () => {
    const base: unknown = JSON.parse(modelToJSON(makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1)] })));
    for (const [v, want] of [
      ['5E-1', 0.5],
      ['[2.5E-1]', 0.25],
      [' [ 1E0 ] ', 1],
      [0.75, 0.75],
      ['1e-1', Math.fround(0.1)],
    ] as const) {
      jset(base, ['learner', 'learner_model_param', 'base_score'], v);
      expect(parseModel(base, 'm.json').baseScore, String(v)).toBe(want);
    }
  });
});

describe('writing', () => {
  it('is deterministic and a fixed point after one round trip; predictions are unchanged', async () => {
    const model = await readModelFile(join(FEAT, 'cat-partition.model.json'));
    const a = modelToJSON(model);
    expect(modelToJSON(model)).toBe(a);
    const again = parseModelText(a, 'again.json');
    expect(modelToJSON(again)).toBe(a);
    const rows = [
      [0.1, 3, 2, 0.5],
      [NaN, NaN, NaN, NaN],
      [-1, 7, 5, -1.5],
    ];
    expect(Predictor.fromModel(again).predictMargin(rows)).toEqual(Predictor.fromModel(model).predictMargin(rows));
  });

  it('writes valid JSON in XGBoost layout, with extras under "lambdaboost"', () => {
    const model = makeModel({
      nFeatures: 2,
      trees: [stump(0, 0.5, -1, 1), stump(1, 2.5, 0.25, -0.25, false)],
      featureNames: ['x', 'y'],
      featureTypes: ['float', 'float'],
      extra: { params: { eta: 0.1, max_depth: 6 }, cuts: Float32Array.from([0.5, 1.5]), note: 'é' },
    });
    model.attributes = { best_iteration: '1' };
    const text = modelToJSON(model);
    const j: unknown = JSON.parse(text);
    const keys = (...p: string[]): string[] => Object.keys(jget(j, ...p) as object);
    expect(keys()).toEqual(['lambdaboost', 'learner', 'version']);
    expect(jget(j, 'version')).toEqual([1, 7, 4]);
    expect(jget(j, 'lambdaboost')).toEqual({ cuts: [0.5, 1.5], note: 'é', params: { eta: 0.1, max_depth: 6 } });
    expect(keys('learner')).toEqual(['attributes', 'feature_names', 'feature_types', 'gradient_booster', 'learner_model_param', 'objective']);
    expect(jget(j, 'learner', 'learner_model_param')).toEqual({
      base_score: '5E-1',
      boost_from_average: '1',
      num_class: '0',
      num_feature: '2',
      num_target: '1',
    });
    const gb = (...p: (string | number)[]): unknown => jget(j, 'learner', 'gradient_booster', ...p);
    expect(gb('name')).toBe('gbtree');
    expect(gb('model', 'gbtree_model_param')).toEqual({ num_parallel_tree: '1', num_trees: '2', size_leaf_vector: '0' });
    expect(gb('model', 'tree_info')).toEqual([0, 0]);
    expect(gb('model', 'iteration_indptr')).toBeUndefined(); // version 1.7.4 layout
    const t1 = (k: string): unknown => gb('model', 'trees', 1, k);
    expect(t1('id')).toBe(1);
    expect(t1('tree_param')).toEqual({ num_deleted: '0', num_feature: '2', num_nodes: '3', size_leaf_vector: '0' });
    expect(t1('left_children')).toEqual([1, -1, -1]);
    expect(t1('right_children')).toEqual([2, -1, -1]);
    expect(t1('parents')).toEqual([2147483647, 0, 0]);
    expect(t1('split_indices')).toEqual([1, 0, 0]);
    expect(t1('split_conditions')).toEqual([2.5, 0.25, -0.25]);
    expect(t1('default_left')).toEqual([0, 0, 0]);
    expect(t1('split_type')).toEqual([0, 0, 0]);
    expect(t1('categories')).toEqual([]);
    expect(text).toContain('"split_conditions":[2.5E0,2.5E-1,-2.5E-1]');
    // The objective gets the parameter object XGBoost 1.7.4 needs to load it.
    expect(jget(j, 'learner', 'objective')).toEqual({ name: 'reg:squarederror', reg_loss_param: { scale_pos_weight: '1' } });
    // Extras come back.
    const back = parseModel(j, 'm.json');
    expect(back.extra).toEqual(jget(j, 'lambdaboost'));
    expect(back.featureNames).toEqual(['x', 'y']);
    expect(back.attributes).toEqual({ best_iteration: '1' });
  });

  it('adds lambda_rank_param for XGBoost 1.7.4 to a 2.x-style rank objective, keeping the rest', () => {
    const model = makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1)], objective: 'rank:ndcg' });
    model.objective.json = { name: 'rank:ndcg', lambdarank_param: { lambdarank_pair_method: 'topk' }, 'ti+': [1, 0.5], 'tj-': [1, 0.25] };
    const text = modelToJSON(model);
    expect(text).toContain(
      '"objective":{"lambda_rank_param":{"fix_list_weight":"0","num_pairsample":"1"},"lambdarank_param":{"lambdarank_pair_method":"topk"},"name":"rank:ndcg","ti+":[1E0,5E-1],"tj-":[1E0,2.5E-1]}',
    );
    expect(parseModelText(text, 'm').objective.json['ti+']).toEqual([1, 0.5]);
  });

  it('writes dart with weight_drop, and iteration_indptr from version 2.0 on', () => {
    const model = makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1), stump(0, 1.5, -1, 1)], weights: [0.5, 0.25] });
    model.version = [2, 1, 0];
    const j: unknown = JSON.parse(modelToJSON(model));
    const gb = (...p: string[]): unknown => jget(j, 'learner', 'gradient_booster', ...p);
    expect(gb('name')).toBe('dart');
    expect(gb('weight_drop')).toEqual([0.5, 0.25]);
    expect(gb('gbtree', 'name')).toBe('gbtree');
    expect(gb('gbtree', 'model', 'iteration_indptr')).toEqual([0, 1, 2]);
    const back = parseModel(j, 'm.json');
    expect(Array.from(back.treeWeights)).toEqual([0.5, 0.25]);
    expect(back.booster).toBe('dart');
  });

  it('writeModelFile / readModelFile round trip through a file', async () => {
    const model = makeModel({ nFeatures: 3, trees: [stump(2, -0.125, 3, 4)] });
    const p = join(tmp, 'm.json');
    await writeModelFile(p, model);
    const back = await readModelFile(p);
    expect(modelToJSON(back)).toBe(readFileSync(p, 'utf8'));
    expect(Predictor.fromModel(back).predictRowMargin([0, 0, -1])).toBe(3.5);
  });

  it('refuses to write an inconsistent Model, and reports an unwritable path as a ModelError', async () => {
    const model = makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1)] });
    model.treeWeights = new Float32Array(2);
    expect(() => modelToJSON(model)).toThrow(/treeWeights has 2 entries, expected 1/);
    const ok = makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1)] });
    ok.trees[0]!.splitIndex[0] = 5;
    expect(() => modelToJSON(ok)).toThrow(/trees\[0\]: node 0: split feature 5 is out of range/);
    const good = makeModel({ nFeatures: 1, trees: [stump(0, 0.5, -1, 1)] });
    await expect(writeModelFile(join(tmp, 'missing-dir', 'm.json'), good)).rejects.toThrow(/m\.json: cannot write the model file \(ENOENT/);
  });
});
