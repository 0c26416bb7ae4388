import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { modelToJSON, parseModel, parseModelText } from '../../src/model-io/xgboost-json.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';
import { jdel, jget, jset, makeModel } from './tiny-model.js';

const tmp = mkdtempSync(join(tmpdir(), 'lb-malformed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const REF = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4', import.meta.url));

/** A valid two-tree model as parsed JSON: tree 0 has 5 nodes (splits on features 0 and 2). */
function validJson(): unknown {
  const model = makeModel({
    nFeatures: 3,
    trees: [
      [{ f: 0, t: 0.5, left: 1, right: 2 }, { f: 2, t: 1.5, left: 3, right: 4 }, { leaf: 0.3 }, { leaf: -0.1 }, { leaf: 0.2 }],
      [{ f: 1, t: 0, left: 1, right: 2 }, { leaf: 1 }, { leaf: 2 }],
    ],
  });
  return JSON.parse(modelToJSON(model));
}
const TREES = ['learner', 'gradient_booster', 'model', 'trees'];
const T0 = [...TREES, 0];

/** Parses and returns the ModelError's message (fails the test if parsing succeeds or throws anything else). */
function errorOf(json: unknown): string {
  try {
    parseModel(json, 'bad.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    const msg = (err as Error).message;
    expect(msg.startsWith('bad.json: ')).toBe(true);
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a ModelError');
}

function textErrorOf(text: string, file = 'bad.json'): string {
  try {
    parseModelText(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a ModelError');
}

describe('malformed model files give a one-line ModelError naming the file and the problem', () => {
  const cases: [string, (j: unknown) => void, RegExp][] = [
    ['missing learner', (j) => jdel(j, ['learner']), /bad\.json: missing key "learner"/],
    ['missing version', (j) => jdel(j, ['version']), /missing key "version"/],
    ['bad version', (j) => jset(j, ['version'], [1, 7]), /version: expected \[major, minor, patch\]/],
    [
      'wrong num_trees',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'gbtree_model_param', 'num_trees'], '3'),
      /gbtree_model_param\.num_trees: is 3 but learner\.gradient_booster\.model\.trees has 2 entries/,
    ],
    ['missing split_conditions', (j) => jdel(j, [...T0, 'split_conditions']), /trees\[0\]: missing key "split_conditions"/],
    ['missing trees', (j) => jdel(j, TREES), /learner\.gradient_booster\.model: missing key "trees"/],
    ['short left_children', (j) => jset(j, [...T0, 'left_children'], [1, 3, -1]), /trees\[0\]\.left_children: has 3 entries, expected 5/],
    ['long split_indices', (j) => jset(j, [...T0, 'split_indices'], [0, 2, 0, 0, 0, 0]), /split_indices: has 6 entries, expected 5/],
    ['child out of range', (j) => jset(j, [...T0, 'right_children'], [2, 9, -1, -1, -1]), /right_children\[1\]: 9 is out of range \[-1, 4\]/],
    ['one child only', (j) => jset(j, [...T0, 'right_children'], [2, -1, -1, -1, -1]), /trees\[0\]: node 1: has only one child/],
    ['cycle', (j) => jset(j, [...T0, 'left_children'], [1, 0, -1, -1, -1]), /node 0 is reached twice/],
    ['split feature out of range', (j) => jset(j, [...T0, 'split_indices'], [0, 7, 0, 0, 0]), /node 1: split feature 7 is out of range \[0, 2\]/],
    ['non-integer child', (j) => jset(j, [...T0, 'left_children'], [1, 3.5, -1, -1, -1]), /left_children\[1\]: expected an integer, found the number 3\.5/],
    ['string threshold', (j) => jset(j, [...T0, 'split_conditions', 0], 'x'), /split_conditions\[0\]: expected a number, found the string "x"/],
    ['default_left 2', (j) => jset(j, [...T0, 'default_left', 1], 2), /default_left\[1\]: expected 0, 1, true or false/],
    ['tree id', (j) => jset(j, [...T0, 'id'], 1), /trees\[0\]\.id: is 1, expected 0/],
    ['num_nodes mismatch', (j) => jset(j, [...T0, 'tree_param', 'num_nodes'], '4'), /left_children: has 5 entries, expected 4/],
    ['multi-class', (j) => jset(j, ['learner', 'learner_model_param', 'num_class'], '3'), /num_class: is 3: several output groups are supported for multi:softprob and multi:softmax only, not reg:/],
    ['multi-target', (j) => jset(j, ['learner', 'learner_model_param', 'num_target'], '2'), /multi-target models \(num_target = 2\) are supported for reg:quantileerror with several quantile_alpha only/],
    ['vector leaves', (j) => jset(j, [...T0, 'tree_param', 'size_leaf_vector'], '2'), /tree_param\.size_leaf_vector: is 2: vector-leaf trees \(multi_strategy "multi_output_tree"/],
    [
      'vector leaves (booster param)',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'gbtree_model_param', 'size_leaf_vector'], '3'),
      /gbtree_model_param\.size_leaf_vector: is 3: vector-leaf trees \(multi_strategy "multi_output_tree"\)/,
    ],
    [
      'a category table of another width than num_feature',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'cats'], { enc: [{ type: 1, values: [1, 2] }], feature_segments: [0, 2], sorted_idx: [0, 1] }),
      /model\.cats\.enc: has 1 entries, expected num_feature = 3/,
    ],
    [
      'a category table with text where numbers go',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'cats'], { enc: [{ offsets: [], values: [] }, { type: 1, values: ['a', 'b'] }, { offsets: [], values: [] }] }),
      /model\.cats\.enc\[1\]\.values\[0\]: expected a number, found the string "a"/,
    ],
    [
      'weight_drop (3.4 place) shorter than the trees',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'weight_drop'], [0.5]),
      /gradient_booster\.model\.weight_drop: has 1 entries, expected num_trees = 2/,
    ],
    [
      'weight_drop not a number',
      (j) => jset(j, ['learner', 'gradient_booster', 'model', 'weight_drop'], [0.5, 'x']),
      /model\.weight_drop\[1\]: expected a finite number, found the string "x"/,
    ],
    [
      'dart without weight_drop',
      (j) => {
        const model = jget(j, 'learner', 'gradient_booster', 'model');
        jset(j, ['learner', 'gradient_booster'], { name: 'dart', gbtree: { name: 'gbtree', model } });
      },
      /gradient_booster: missing key "weight_drop"/,
    ],
    [
      'log-link base_score not positive',
      (j) => {
        jset(j, ['learner', 'objective'], { name: 'reg:gamma' });
        jset(j, ['learner', 'learner_model_param', 'base_score'], '0E0');
      },
      /base_score: 0 must be positive for reg:gamma/,
    ],
    ['multi-output tree_info', (j) => jset(j, ['learner', 'gradient_booster', 'model', 'tree_info'], [0, 1]), /tree_info\[1\]: is the number 1: expected an output group in \[0, 1\)/],
    ['multi-output base_score', (j) => jset(j, ['learner', 'learner_model_param', 'base_score'], '[5E-1,5E-1]'), /base_score: has 2 entries, expected 1 or num_class = 1/],
    ['objective', (j) => jset(j, ['learner', 'objective', 'name'], 'survival:aft'), /objective "survival:aft" is not supported \(supported: reg:squarederror, /],
    ['multi-class without num_class', (j) => jset(j, ['learner', 'objective', 'name'], 'multi:softprob'), /num_class: is 1: multi:softprob needs num_class >= 2/],
    ['gblinear', (j) => jset(j, ['learner', 'gradient_booster', 'name'], 'gblinear'), /gblinear \(linear booster\) models are not supported/],
    ['unknown booster', (j) => jset(j, ['learner', 'gradient_booster', 'name'], 'forest'), /unknown booster "forest"/],
    ['bad base_score', (j) => jset(j, ['learner', 'learner_model_param', 'base_score'], 'half'), /base_score: expected a number or \[number\] string, found the string "half"/],
    [
      'logistic base_score out of (0, 1)',
      (j) => {
        jset(j, ['learner', 'objective'], { name: 'binary:logistic', reg_loss_param: { scale_pos_weight: '1' } });
        jset(j, ['learner', 'learner_model_param', 'base_score'], '1E0');
      },
      /base_score: 1 must be in \(0, 1\) for binary:logistic \(XGBoost 1\.7\.4\)/,
    ],
    [
      'logistic base_score out of [0, 1] (XGBoost 3.2+ clamps inside it)',
      (j) => {
        jset(j, ['version'], [3, 4, 1]);
        jset(j, ['learner', 'objective'], { name: 'reg:logistic', reg_loss_param: { scale_pos_weight: '1' } });
        jset(j, ['learner', 'learner_model_param', 'base_score'], '[1.5E0]');
      },
      /base_score: 1\.5 must be in \[0, 1\] for reg:logistic \(XGBoost 3\.4\.1\)/,
    ],
    ['num_feature', (j) => jset(j, ['learner', 'learner_model_param', 'num_feature'], 'three'), /num_feature: expected an integer, found the string "three"/],
    ['feature_names length', (j) => jset(j, ['learner', 'feature_names'], ['a']), /feature_names: has 1 entries, expected num_feature = 3/],
    ['attributes', (j) => jset(j, ['learner', 'attributes'], { best_iteration: 3 }), /attributes\.best_iteration: expected a string/],
    [
      'categorical node without a set',
      (j) => jset(j, [...T0, 'split_type'], [0, 1, 0, 0, 0]),
      /node 1: categorical split without an entry in categories_nodes/,
    ],
    [
      'category set out of range',
      (j) => {
        jset(j, [...T0, 'split_type'], [0, 1, 0, 0, 0]);
        jset(j, [...T0, 'categories_nodes'], [1]);
        jset(j, [...T0, 'categories_segments'], [0]);
        jset(j, [...T0, 'categories_sizes'], [3]);
        jset(j, [...T0, 'categories'], [1, 2]);
      },
      /categories_segments\[0\] = 0, categories_sizes\[0\] = 3 exceed categories \(2 entries\)/,
    ],
    ['dart weights', (j) => {
      const model = jget(j, 'learner', 'gradient_booster', 'model');
      jset(j, ['learner', 'gradient_booster'], { name: 'dart', gbtree: { name: 'gbtree', model }, weight_drop: [1] });
    }, /weight_drop: has 1 entries, expected num_trees = 2/],
    ['trees not an array', (j) => jset(j, TREES, {}), /model\.trees: expected an array, found an object/],
  ];
  for (const [name, mutate, want] of cases) {
    it(name, () => {
      const j = validJson();
      mutate(j);
      expect(errorOf(j)).toMatch(want);
    });
  }

  it('dropout weights are read from XGBoost 3.4\'s place (gbtree model) and applied per tree; the booster-level array wins', () => {
    const j = validJson();
    jset(j, ['learner', 'gradient_booster', 'model', 'weight_drop'], [0.5, 0.25]);
    const m = parseModel(j, 'w.json');
    expect(Array.from(m.treeWeights)).toEqual([0.5, 0.25]);
    const f = Math.fround;
    expect(Predictor.fromModel(m).predictRowMargin([1, 0, 1])).toBe(f(f(f(0.5) + f(0.3 * 0.5)) + f(2 * 0.25)));
    jset(j, ['learner', 'gradient_booster', 'weight_drop'], [1, 0.75]);
    expect(Array.from(parseModel(j, 'w.json').treeWeights)).toEqual([1, 0.75]);
    jset(j, ['learner', 'gradient_booster', 'weight_drop'], []);
    expect(Array.from(parseModel(j, 'w.json').treeWeights)).toEqual([1, 1]);
  });

  it('an empty cats table is kept and written back; a logistic base_score of 0 is clamped from XGBoost 3.2 on', () => {
    const j = validJson();
    const cats = { enc: [], feature_segments: [], sorted_idx: [] };
    jset(j, ['learner', 'gradient_booster', 'model', 'cats'], cats);
    const m = parseModel(j, 'c.json');
    expect(m.cats).toEqual(cats);
    expect(jget(JSON.parse(modelToJSON(m)), 'learner', 'gradient_booster', 'model', 'cats')).toEqual(cats);
    jset(j, ['version'], [3, 4, 1]);
    jset(j, ['learner', 'objective'], { name: 'binary:logistic', reg_loss_param: { scale_pos_weight: '1' } });
    jset(j, ['learner', 'learner_model_param', 'base_score'], '[0E0]');
    const f = Math.fround;
    const eps = f(1e-6);
    expect(Predictor.fromModel(parseModel(j, 'c.json')).baseMargin).toBe(f(-Math.log(f(f(1 / eps) - 1))));
  });

  it('the unmodified base model is valid', () => {
    expect(parseModel(validJson(), 'ok.json').trees.length).toBe(2);
  });

  it('top level not an object', () => {
    expect(errorOf([1, 2, 3])).toMatch(/bad\.json: not an XGBoost JSON model: the top level is an array of 3, expected an object/);
    expect(errorOf(null)).toMatch(/the top level is null/);
  });

  it('truncated, empty, non-JSON and binary text', () => {
    const text = readFileSync(join(REF, 'regression.model.json'), 'utf8');
    expect(textErrorOf(text.slice(0, 100_000))).toMatch(/^bad\.json: truncated JSON \(/);
    expect(textErrorOf('')).toMatch(/^bad\.json: the file is empty/);
    expect(textErrorOf('   \n')).toMatch(/empty/);
    expect(textErrorOf('booster[0]:\n0:[f0<1] yes=1')).toMatch(/^bad\.json: not valid JSON \(/);
    expect(textErrorOf('{"learner": {,}}')).toMatch(/not valid JSON/);
    expect(textErrorOf('{i\u0007learner{i\u0005trees[$d#i\u0002')).toMatch(/binary content in a JSON model \(a UBJSON model read as text\?/);
  });

  it('a model file that does not exist or is a directory', async () => {
    await expect(readModelFile(join(tmp, 'nope.json'))).rejects.toThrow(ModelError);
    await expect(readModelFile(join(tmp, 'nope.json'))).rejects.toThrow(/nope\.json: cannot read the model file \(ENOENT/);
    await expect(readModelFile(tmp)).rejects.toThrow(/cannot read the model file \(EISDIR/);
  });

  it('reads a truncated file from disk as a ModelError', async () => {
    const p = join(tmp, 'cut.json');
    writeFileSync(p, readFileSync(join(REF, 'binary.model.json'), 'utf8').slice(0, 5000));
    await expect(readModelFile(p)).rejects.toThrow(/cut\.json: truncated JSON/);
  });

  it('tolerates unknown keys and absent optional arrays', () => {
    const j = validJson();
    jset(j, ['learner', 'gradient_booster', 'model', 'cats'], { enc: [] });
    jset(j, ['learner', 'objective', 'ti+'], [1]);
    jset(j, ['future_key'], { a: 1 });
    for (const k of ['parents', 'split_type', 'base_weights', 'loss_changes', 'sum_hessian', 'categories', 'categories_nodes', 'categories_segments', 'categories_sizes']) {
      jdel(j, [...T0, k]);
    }
    jdel(j, ['learner', 'attributes']);
    jdel(j, ['learner', 'feature_names']);
    const model = parseModel(j, 'lenient.json');
    expect(Array.from(model.trees[0]!.parent)).toEqual([2147483647, 0, 0, 1, 1]);
    expect(Predictor.fromModel(model).predictRowMargin([1, 0, 1])).toBe(Math.fround(Math.fround(0.5 + 0.3) + 2));
  });

  it('Predictor.fromModel refuses an inconsistent in-memory Model', () => {
    const model = makeModel({ nFeatures: 1, trees: [[{ f: 0, t: 0, left: 1, right: 2 }, { leaf: 1 }, { leaf: 2 }]] });
    model.trees[0]!.left[0] = 0;
    expect(() => Predictor.fromModel(model)).toThrow(/^model: trees\[0\]: node 0 is reached twice/);
    const m2 = makeModel({ nFeatures: 1, trees: [], objective: 'multi:softmax' });
    expect(() => Predictor.fromModel(m2)).toThrow(/multi:softmax needs nOutputGroups >= 2/);
  });
});
