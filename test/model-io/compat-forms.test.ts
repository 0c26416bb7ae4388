/**
 * The forms XGBoost 1.7 to 3.x give a model file, made by editing XGBoost 1.7.4's own regression
 * model (test/fixtures/models/xgboost-1.7.4/regression.model.json, 100 trees over 28 features):
 * each form must load and predict XGBoost's recorded margins for the first 500 test rows to the
 * bit. Models that cannot be predicted (unknown objective, multi-class, multi-target, gblinear)
 * are refused with a ModelError that names what is unsupported. Categorical split nodes
 * (split_type 1) are predicted: categories in the node's set go right. Rows of the wrong width
 * are a DataError, never a silent prediction.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError, ModelError } from '../../src/errors.js';
import { parseModelText } from '../../src/model-io/xgboost-json.js';

const FIXTURES = new URL('../fixtures/models/xgboost-1.7.4/', import.meta.url);
const N_ROWS = 500;

type Json = { [key: string]: unknown };
/** A fresh, editable copy of the reference model. */
let original = '';
const model = (): Json => JSON.parse(original) as Json;
/** The objects the edits touch. */
function parts(m: Json): { learner: Json; mp: Json; gb: Json; gbModel: Json; trees: Json[]; objective: Json } {
  const learner = m.learner as Json;
  const gb = learner.gradient_booster as Json;
  const gbModel = gb.model as Json;
  return { learner, mp: learner.learner_model_param as Json, gb, gbModel, trees: gbModel.trees as Json[], objective: learner.objective as Json };
}

let rows: Float32Array[] = [];
let expected: Float32Array = new Float32Array(0);

beforeAll(() => {
  original = readFileSync(new URL('regression.model.json', FIXTURES), 'utf8');
  // The test rows: lightgbm-binary/binary.test, tab-separated, label in column 0.
  const lines = readFileSync(new URL('../../../../datasets/lightgbm-binary/binary.test', FIXTURES), 'utf8').split('\n');
  rows = lines.slice(0, N_ROWS).map((l) => Float32Array.from(l.split('\t').slice(1).map(Number)));
  expected = Float32Array.from(readFileSync(new URL('regression.test.margin.txt', FIXTURES), 'utf8').split('\n').slice(0, N_ROWS).map(Number));
});

function load(m: Json | string, name = 'edited.json'): Booster {
  return Booster.fromJSON(typeof m === 'string' ? m : JSON.stringify(m), name);
}

/** Loads the edited model and checks it predicts XGBoost 1.7.4's margins exactly. */
function expectXgboostMargins(m: Json): void {
  const margins = load(m).predict(rows, { margin: true });
  expect(margins.length).toBe(N_ROWS);
  for (let r = 0; r < N_ROWS; r++) {
    if (!Object.is(margins[r], expected[r])) expect.fail(`row ${r}: margin ${margins[r]}, XGBoost 1.7.4 gave ${expected[r]}`);
  }
}

function refusal(m: Json | string): ModelError {
  try {
    load(m);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('XGBoost 1.7 to 3.x model forms load and predict identically', () => {
  it('the reference model as XGBoost 1.7.4 wrote it', () => {
    expectXgboostMargins(model());
  });

  it('base_score as "5E-1" (< 3.1), "[5E-1]" (3.1+), a plain number and other spellings', () => {
    for (const form of ['5E-1', '[5E-1]', '[ 5E-1 ]', '0.5', '5.0E-1', ' 5E-1 ']) {
      const m = model();
      parts(m).mp.base_score = form;
      expect(load(m).model.baseScore, form).toBe(0.5);
      expectXgboostMargins(m);
    }
    const m = model();
    parts(m).mp.base_score = 0.5;
    expectXgboostMargins(m);
    // a different base score shifts every margin by exactly the difference (float32 accumulation aside)
    const shifted = model();
    parts(shifted).mp.base_score = '[1.5E0]';
    const margins = load(shifted).predict(rows.slice(0, 20), { margin: true });
    for (let r = 0; r < 20; r++) expect(margins[r]).toBeCloseTo(expected[r]! + 1, 5);
  });

  it('default_left as booleans (older writers) or 0/1', () => {
    const asBooleans = model();
    for (const t of parts(asBooleans).trees) t.default_left = (t.default_left as number[]).map((d) => d === 1);
    expectXgboostMargins(asBooleans);
    // With missing values the direction matters: the same directions as 0/1 and as booleans
    // (every other node sends missing left) predict the same.
    const ints = model();
    const bools = model();
    parts(ints).trees.forEach((t, k) => (t.default_left = (t.default_left as number[]).map((_, i) => (i + k) % 2)));
    parts(bools).trees.forEach((t, k) => (t.default_left = (t.default_left as number[]).map((_, i) => (i + k) % 2 === 1)));
    const holes = rows.slice(0, 50).map((r, k) => r.map((v, j) => ((j + k) % 3 === 0 ? NaN : v)));
    const a = load(ints).predict(holes);
    expect(Array.from(load(bools).predict(holes))).toEqual(Array.from(a));
    expect(Array.from(a)).not.toEqual(Array.from(load(model()).predict(holes)));
  });

  it('2.x: iteration_indptr, num_target, size_leaf_vector 1 in tree_param', () => {
    const m = model();
    const p = parts(m);
    m.version = [2, 1, 4];
    p.gbModel.iteration_indptr = Array.from({ length: 101 }, (_, i) => i);
    p.mp.num_target = '1';
    for (const t of p.trees) (t.tree_param as Json).size_leaf_vector = '1';
    expectXgboostMargins(m);
  });

  it('3.x: the cats key, base_score "[5E-1]", no parents or split_type arrays, extra unknown keys', () => {
    const m = model();
    const p = parts(m);
    m.version = [3, 1, 1];
    p.mp.base_score = '[5E-1]';
    p.gbModel.iteration_indptr = Array.from({ length: 101 }, (_, i) => i);
    p.gbModel.cats = { enc: [], feature_segments: [], sorted_idx: [] };
    p.learner.some_future_key = { anything: [1, 2, 3] };
    for (const t of p.trees) {
      delete t.parents;
      delete t.split_type;
    }
    expectXgboostMargins(m);
  });

  it('feature names and types are read when present', () => {
    const m = model();
    const names = Array.from({ length: 28 }, (_, j) => `x${j}`);
    parts(m).learner.feature_names = names;
    parts(m).learner.feature_types = names.map(() => 'float');
    const b = load(m);
    expect(b.model.featureNames).toEqual(names);
    expectXgboostMargins(m);
  });
});

describe('models that cannot be predicted are refused, naming what is unsupported', () => {
  it('an unknown objective, named with the supported ones', () => {
    for (const name of ['survival:aft', 'reg:expectileerror', 'my:custom']) {
      const m = model();
      parts(m).objective.name = name;
      const e = refusal(m);
      expect(e.message).toContain(`objective "${name}" is not supported`);
      expect(e.message).toContain('reg:squarederror');
      expect(e.message).toMatch(/^edited\.json: learner\.objective\.name: /);
    }
  });

  it('several output groups only for the multi-class objectives, tree_info within num_class', () => {
    const m = model();
    parts(m).mp.num_class = '3';
    expect(refusal(m).message).toContain('num_class: is 3: several output groups are supported for multi:softprob and multi:softmax only');
    // trees of several output groups without num_class
    const grouped = model();
    (parts(grouped).gbModel.tree_info as number[])[1] = 1;
    expect(refusal(grouped).message).toContain('expected an output group in [0, 1)');
    const softprob = model();
    parts(softprob).mp.num_class = '3';
    parts(softprob).objective.name = 'multi:softprob';
    (parts(softprob).gbModel.tree_info as number[])[1] = 3;
    expect(refusal(softprob).message).toContain('expected an output group in [0, 3)');
  });

  it('multi-target models and vector leaves', () => {
    const m = model();
    parts(m).mp.num_target = '2';
    expect(refusal(m).message).toContain('multi-target models (num_target = 2) are supported for reg:quantileerror with several quantile_alpha only');
    const leaves = model();
    (parts(leaves).trees[0]!.tree_param as Json).size_leaf_vector = '3';
    expect(refusal(leaves).message).toContain('size_leaf_vector: is 3: vector-leaf trees (multi_strategy "multi_output_tree", one leaf value per target) are not supported');
  });

  it('gblinear and unknown boosters', () => {
    const m = model();
    parts(m).gb.name = 'gblinear';
    expect(refusal(m).message).toContain('gblinear (linear booster) models are not supported');
    const other = model();
    parts(other).gb.name = 'gbforest';
    expect(refusal(other).message).toContain('unknown booster "gbforest"');
  });
});

describe('categorical splits (split_type 1) are predicted', () => {
  /** Turns the root of tree 0 into a categorical split on feature 25 with the given category set. */
  function categoricalRoot(categories: number[], defaultLeft: 0 | 1): Json {
    const m = model();
    const t = parts(m).trees[0]!;
    (t.split_type as number[])[0] = 1;
    (t.split_conditions as (number | string)[])[0] = 0; // ignored for a categorical split
    (t.default_left as number[])[0] = defaultLeft;
    t.categories_nodes = [0];
    t.categories_segments = [0];
    t.categories_sizes = [categories.length];
    t.categories = categories;
    parts(m).gbModel.trees = [t];
    (parts(m).gbModel.gbtree_model_param as Json).num_trees = '1';
    parts(m).gbModel.tree_info = [0];
    return m;
  }

  /** The same tree with a numeric root `x25 < threshold` instead; missing goes left iff defaultLeft. */
  function numericRoot(threshold: number, defaultLeft: 0 | 1): Json {
    const m = categoricalRoot([], defaultLeft);
    const t = parts(m).trees[0]!;
    (t.split_type as number[])[0] = 0;
    (t.split_conditions as number[])[0] = threshold;
    t.categories_nodes = [];
    t.categories_segments = [];
    t.categories_sizes = [];
    t.categories = [];
    return m;
  }

  it('categories in the set go right, others (negative, >= 2^24, not in the set) left, missing by default_left', () => {
    const b = load(categoricalRoot([1, 3], 1));
    expect(b.model.trees[0]!.splitType[0]).toBe(1);
    // Rows whose only present value is feature 25 (the root's feature): what such a row predicts
    // through the left and through the right subtree of the root, from numeric roots that send
    // every value one way.
    const row = (v: number): number[] => Array.from({ length: 28 }, (_, j) => (j === 25 ? v : NaN));
    const viaLeft = (v: number): number => load(numericRoot(3.4e38, 1)).predict([row(v)])[0]!;
    const viaRight = (v: number): number => load(numericRoot(-3.4e38, 0)).predict([row(v)])[0]!;
    const p = (v: number): number => b.predict([row(v)])[0]!;
    for (const v of [1, 3, 3.7]) {
      expect(viaRight(v), `v = ${v}`).not.toBe(viaLeft(v));
      expect(p(v), `category ${v} is in the set`).toBe(viaRight(v)); // 3.7 truncates to 3
    }
    for (const v of [0, 2, -1, 2 ** 24 + 1]) {
      expect(viaRight(v), `v = ${v}`).not.toBe(viaLeft(v));
      expect(p(v), `category ${v} is not in the set`).toBe(viaLeft(v));
    }
    expect(p(NaN)).toBe(viaLeft(NaN)); // default_left 1
    expect(load(categoricalRoot([1, 3], 0)).predict([row(NaN)])[0]).toBe(viaRight(NaN));
    // an empty set sends every category left
    expect(load(categoricalRoot([], 0)).predict([row(1)])[0]).toBe(viaLeft(1));
  });

  it('the categorical XGBoost 1.7.4 models load (the parity tests check their predictions)', () => {
    for (const name of ['cat-onehot', 'cat-partition']) {
      const text = readFileSync(new URL(`../xgboost-1.7.4-features/${name}.model.json`, FIXTURES), 'utf8');
      const m = parseModelText(text, `${name}.model.json`);
      expect(m.trees.some((t) => t.splitType.some((s) => s === 1))).toBe(true);
    }
  });
});

describe('predicting with the wrong number of features is an error', () => {
  it('rows of another width are a DataError naming both counts', () => {
    const b = load(model());
    for (const width of [27, 29, 0, 100]) {
      let caught: unknown;
      try {
        b.predict([new Float32Array(width)]);
      } catch (err) {
        caught = err;
      }
      expect(caught, `width ${width}`).toBeInstanceOf(DataError);
      expect((caught as DataError).message).toContain(`the row has ${width} values, the model expects 28`);
    }
    expect(() => b.getPredictor().predictRow(new Float32Array(27))).toThrow(DataError);
  });

  it('a Dataset with another number of columns is a DataError', () => {
    const b = load(model());
    const data = (nF: number): Dataset => ({
      nRows: 2, nFeatures: nF, featureNames: Array.from({ length: nF }, (_, j) => `f${j}`), hasFeatureNames: false,
      columns: Array.from({ length: nF }, () => new Float32Array(2)), label: null, weight: null, queryOffsets: null, position: null, source: 'rows.csv',
    });
    expect(() => b.predict(data(29))).toThrow(/rows\.csv: the data has 29 feature columns, the model expects 28/);
    expect(() => b.predict(data(27))).toThrow(DataError);
    expect(b.predict(data(28)).length).toBe(2);
  });
});
