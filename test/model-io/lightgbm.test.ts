/**
 * LightGBM text models against LightGBM 4.6's own CLI (/work/shared/anchors/lightgbm-4.6.0;
 * skipped with the reason where it is absent): models trained by it on small data with missing
 * values, exact zeros and a categorical feature (regression, regression with zero_as_missing,
 * binary, lambdarank) predict here what its `task=predict` prints, raw scores and predictions, to
 * 1e-12; the largest difference is printed. Models it cannot describe exactly are refused by name.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { lightgbmShapValues } from '../../src/explain/lightgbm-shap.js';
import { ModelError } from '../../src/errors.js';
import { readAnyModelFile } from '../../src/model-io/any-model.js';
import { parseLightGBMJson } from '../../src/model-io/lightgbm-json.js';
import { parseLightGBMText, type LightGBMModel, type LightGBMTree } from '../../src/model-io/lightgbm-text.js';
import { LightGBMPredictor } from '../../src/predict/lightgbm-predictor.js';
import { runCli } from '../cli/run-cli.js';
import { makeTmpDir } from '../data/helpers.js';

const LIGHTGBM = '/work/shared/anchors/lightgbm-4.6.0/lightgbm';
const HAVE = existsSync(LIGHTGBM);
const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

function lgb(args: Record<string, string | number | boolean>): void {
  execFileSync(LIGHTGBM, Object.entries(args).map(([k, v]) => `${k}=${v}`), { stdio: 'pipe' });
}

/** Rows of 6 features: f0 continuous with NaN, f1 with exact zeros, f2 categorical 0..11 with NaN, f3..f5 continuous. */
function makeRows(n: number, seed: number, float32: boolean): number[][] {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const v = (x: number): number => (float32 ? Math.fround(x) : x);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      rnd() < 0.15 ? NaN : v(rnd() * 4 - 2),
      rnd() < 0.3 ? 0 : rnd() < 0.05 ? NaN : v(rnd() * 3),
      rnd() < 0.08 ? NaN : Math.floor(rnd() * 12),
      v(rnd() * 100),
      v((rnd() - 0.5) * 1e-3),
      rnd() < 0.1 ? NaN : v(rnd() ** 2),
    ]);
  }
  return rows;
}

function target(x: number[], rnd: number): number {
  const [a, b, c, d, e, f] = x as [number, number, number, number, number, number];
  return (Number.isNaN(a) ? 1 : a * a) + (b === 0 ? -1 : Number.isNaN(b) ? 2 : b) + ([3, 5, 7].includes(c) ? 2 : 0) + d / 50 + e * 1000 + (Number.isNaN(f) ? 0.5 : f) + rnd;
}

const cell = (x: number): string => (Number.isNaN(x) ? 'nan' : x.toPrecision(17));

/** Writes `label,qid?,f0..f5` CSV with a header. */
function writeCsv(path: string, rows: number[][], labels: number[], qids: number[] | null): string {
  const head = ['label', ...(qids ? ['qid'] : []), 'f0', 'f1', 'f2', 'f3', 'f4', 'f5'].join(',');
  const lines = rows.map((r, i) => [labels[i]!, ...(qids ? [qids[i]!] : []), ...r].map(cell).join(','));
  writeFileSync(path, `${head}\n${lines.join('\n')}\n`);
  return path;
}

interface Case {
  name: string;
  params: Record<string, string | number | boolean>;
  label: (y: number) => number;
  ranking?: boolean;
}

const CASES: Case[] = [
  { name: 'regression', params: { objective: 'regression' }, label: (y) => y },
  { name: 'regression, zero_as_missing', params: { objective: 'regression', zero_as_missing: true }, label: (y) => y },
  { name: 'binary', params: { objective: 'binary' }, label: (y) => (y > 3 ? 1 : 0) },
  { name: 'lambdarank', params: { objective: 'lambdarank' }, label: (y) => Math.max(0, Math.min(4, Math.floor(y / 2))), ranking: true },
];

/** A model as LightGBM's dump_model() writes it (GBDT::DumpModel, Tree::ToJSON, NodeToJSON). */
function dumpJson(m: LightGBMModel): unknown {
  const node = (t: LightGBMTree, i: number): unknown => {
    if (i < 0) return { leaf_index: ~i, leaf_value: t.leafValue[~i], leaf_weight: 0, leaf_count: t.leafCount[~i] };
    const dt = t.decisionType[i]!;
    const cat = (dt & 1) !== 0 && t.numCat > 0;
    let threshold: number | string = t.threshold[i]!;
    if (cat) {
      const k = t.threshold[i]!;
      const cats: number[] = [];
      for (let w = t.catBoundaries[k]!; w < t.catBoundaries[k + 1]!; w++) {
        for (let b = 0; b < 32; b++) if ((t.catThreshold[w]! >>> b) & 1) cats.push((w - t.catBoundaries[k]!) * 32 + b);
      }
      threshold = cats.join('||');
    }
    return {
      split_index: i, split_feature: t.splitFeature[i], split_gain: t.splitGain[i], threshold, decision_type: cat ? '==' : '<=',
      default_left: (dt & 2) !== 0, missing_type: ['None', 'Zero', 'NaN'][(dt >> 2) & 3], internal_value: t.internalValue[i],
      internal_weight: 0, internal_count: t.internalCount[i], left_child: node(t, t.left[i]!), right_child: node(t, t.right[i]!),
    };
  };
  return {
    name: 'tree', version: 'v4', num_class: 1, num_tree_per_iteration: 1, label_index: 0, max_feature_idx: m.nFeatures - 1,
    objective: m.objective, average_output: m.averageOutput, feature_names: m.featureNames, monotone_constraints: [], feature_infos: {},
    tree_info: m.trees.map((t, k) => ({
      tree_index: k, num_leaves: t.numLeaves, num_cat: t.numCat, shrinkage: 1,
      tree_structure: t.numLeaves === 1 ? { leaf_value: t.leafValue[0], leaf_count: t.leafCount[0] } : node(t, 0),
    })),
  };
}

let largest = 0;
let largestShap = 0;

describe.skipIf(!HAVE)(`LightGBM 4.6 text models predict what its CLI predicts (${HAVE ? LIGHTGBM : 'skipped: the LightGBM 4.6 CLI is not at ' + LIGHTGBM})`, () => {
  afterAll(() => {
    console.log(`[lightgbm] largest |ours - LightGBM CLI| over all cases: predictions ${largest.toExponential(3)}, SHAP values ${largestShap.toExponential(3)}`);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const dir = tmp.dir;
      const tag = c.name.replace(/\W+/g, '-');
      const train = makeRows(3000, 17, false);
      let s = 99;
      const noise = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
      const labels = train.map((x) => c.label(target(x, noise())));
      const qids = c.ranking ? train.map((_, i) => Math.floor(i / 30)) : null;
      const trainCsv = writeCsv(join(dir, `${tag}-train.csv`), train, labels, qids);
      const model = join(dir, `${tag}.txt`);
      lgb({
        task: 'train', data: trainCsv, header: true, label_column: 'name:label', ...(qids ? { group_column: 'name:qid' } : {}),
        categorical_feature: 'name:f2', num_iterations: 30, learning_rate: 0.2, num_leaves: 15, min_data_in_leaf: 5,
        num_threads: 1, deterministic: true, seed: 1, verbosity: -1, precise_float_parser: true, output_model: model, ...c.params,
      });
      const lgbModel = parseLightGBMText(readFileSync(model, 'utf8'), model);
      expect(lgbModel.trees.some((t) => t.numCat > 0), 'the model has a categorical split').toBe(true);
      const predictor = new LightGBMPredictor(lgbModel);
      // The same model as LightGBM's JSON dump (written here by Tree::ToJSON's rules) predicts the same.
      const fromJson = new LightGBMPredictor(parseLightGBMJson(JSON.stringify(dumpJson(lgbModel)), 'dump.json'));
      // Doubles of all 17 digits, and float32 values (which the loaders keep exactly).
      for (const float32 of [false, true]) {
        const test = makeRows(2000, float32 ? 5 : 6, float32);
        const testCsv = writeCsv(join(dir, `${tag}-test.csv`), test, test.map(() => 0), qids ? test.map((_, i) => Math.floor(i / 30)) : null);
        for (const raw of [true, false]) {
          const out = join(dir, `${tag}-pred.txt`);
          lgb({
            task: 'predict', data: testCsv, header: true, label_column: 'name:label', ...(qids ? { group_column: 'name:qid' } : {}),
            input_model: model, output_result: out, predict_raw_score: raw, precise_float_parser: true, num_threads: 1, verbosity: -1,
          });
          const want = readFileSync(out, 'utf8').trim().split('\n').map(Number);
          // LightGBM keeps a group column as a feature slot (never split on): the model's rows have it.
          const rows = qids ? test.map((r, i) => [Math.floor(i / 30), ...r]) : test;
          const got = raw ? predictor.predictMargin(rows) : predictor.predict(rows);
          const gotJson = raw ? fromJson.predictMargin(rows) : fromJson.predict(rows);
          for (let i = 0; i < got.length; i++) expect(Object.is(gotJson[i], got[i]), `JSON dump row ${i}`).toBe(true);
          expect(got.length).toBe(want.length);
          let worst = 0;
          for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
          largest = Math.max(largest, worst);
          expect(worst, `${c.name} ${raw ? 'raw' : 'output'} ${float32 ? 'float32' : 'double'} inputs`).toBeLessThanOrEqual(1e-12);
          if (!raw) {
            // SHAP values (LightGBM's predict_contrib): nFeatures + 1 per row, the bias last.
            lgb({
              task: 'predict', data: testCsv, header: true, label_column: 'name:label', ...(qids ? { group_column: 'name:qid' } : {}),
              input_model: model, output_result: out, predict_contrib: true, precise_float_parser: true, num_threads: 1, verbosity: -1,
            });
            const wantPhi = readFileSync(out, 'utf8').trim().split('\n').flatMap((l) => l.split('\t').map(Number));
            const phi = lightgbmShapValues(lgbModel, rows);
            expect(phi.length).toBe(wantPhi.length);
            let phiWorst = 0;
            for (let i = 0; i < phi.length; i++) phiWorst = Math.max(phiWorst, Math.abs(phi[i]! - wantPhi[i]!));
            largestShap = Math.max(largestShap, phiWorst);
            expect(phiWorst, `${c.name} SHAP ${float32 ? 'float32' : 'double'} inputs`).toBeLessThanOrEqual(1e-12);
          }
          if (!float32 && raw) {
            // Through a data file, doubles reach the trees rounded to float32 (the loaders store
            // float32): reported, not asserted.
            const d = await loadDataset(testCsv, { label: 'label' });
            const viaFile = predictor.predictMargin(d);
            let n = 0;
            for (let i = 0; i < want.length; i++) if (Math.abs(viaFile[i]! - want[i]!) > 1e-12) n++;
            console.log(`[lightgbm] ${c.name}: ${n} of ${want.length} rows of 17-digit doubles differ from LightGBM when read from a CSV file (float32 columns)`);
          }
          if (float32) {
            // Through a data file: the loader's float32 columns hold these values exactly.
            const d = await loadDataset(testCsv, { label: 'label' });
            const viaFile = raw ? predictor.predictMargin(d) : predictor.predict(d);
            let fileWorst = 0;
            for (let i = 0; i < want.length; i++) fileWorst = Math.max(fileWorst, Math.abs(viaFile[i]! - want[i]!));
            expect(fileWorst, `${c.name} ${raw ? 'raw' : 'output'} from the CSV file`).toBeLessThanOrEqual(1e-12);
          }
        }
      }
    }, 60_000);
  }
});

describe('LightGBM text models: refusals', () => {
  const minimal = (header: string, tree = 'Tree=0\nnum_leaves=1\nnum_cat=0\nleaf_value=0.5\nshrinkage=1\n'): string =>
    `tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=1\nfeature_names=a b\nfeature_infos=none none\n${header}\n\n${tree}\n\nend of trees\n`;

  it('reads a one-leaf model and predicts its value', () => {
    const m = parseLightGBMText(minimal('objective=regression'));
    expect(new LightGBMPredictor(m).predictMargin([[1, 2]])[0]).toBe(0.5);
  });

  const refused: [string, string, RegExp][] = [
    ['multiclass', minimal('objective=multiclass num_class:3').replace('num_class=1', 'num_class=3').replace('num_tree_per_iteration=1', 'num_tree_per_iteration=3'), /multi-class/],
    ['a custom objective', minimal('objective=custom'), /objective "custom" is not supported/],
    ['no objective', minimal(''), /no objective/],
    ['a linear tree', minimal('objective=regression', 'Tree=0\nnum_leaves=1\nnum_cat=0\nleaf_value=0.5\nis_linear=1\nleaf_const=0.5\nnum_features=0\nshrinkage=1\n'), /linear trees/],
    ['a truncated file', minimal('objective=regression').replace('end of trees\n', ''), /end of trees.*truncated/],
    ['a child outside the tree', minimal('objective=regression', 'Tree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=0\nthreshold=1\ndecision_type=2\nleft_child=-1\nright_child=-5\nleaf_value=1 2\nshrinkage=1\n'), /child -5, outside the tree/],
    ['an infinite leaf value (found by test/fuzz: its SHAP bias was NaN)', minimal('objective=regression', 'Tree=0\nnum_leaves=1\nnum_cat=0\nleaf_value=1e400\nshrinkage=1\n'), /leaf_value\[0\] is Infinity/],
    ['a feature past max_feature_idx', minimal('objective=regression', 'Tree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=7\nthreshold=1\ndecision_type=2\nleft_child=-1\nright_child=-2\nleaf_value=1 2\nshrinkage=1\n'), /split_feature\[0\] is 7/],
  ];
  for (const [name, text, message] of refused) {
    it(`refuses ${name} by name`, () => {
      expect(() => parseLightGBMText(text, 'm.txt')).toThrow(ModelError);
      expect(() => parseLightGBMText(text, 'm.txt')).toThrow(message);
    });
  }

  it('refuses a JSON dump of a linear tree or a broken structure by name', () => {
    const doc = (structure: unknown, n = 2): string => JSON.stringify({ name: 'tree', version: 'v4', num_class: 1, num_tree_per_iteration: 1, label_index: 0, max_feature_idx: 1, objective: 'regression', feature_names: ['a', 'b'], tree_info: [{ num_leaves: n, num_cat: 0, tree_structure: structure }] });
    expect(() => parseLightGBMJson(doc({ leaf_value: 1, leaf_const: 1 }, 1), 'd.json')).toThrow(/linear trees/);
    const leaf = (i: number): unknown => ({ leaf_index: i, leaf_value: i });
    expect(() => parseLightGBMJson(doc({ split_index: 0, split_feature: 0, threshold: 1, decision_type: '<=', missing_type: 'Sometimes', left_child: leaf(0), right_child: leaf(1) }), 'd.json')).toThrow(/missing_type/);
    expect(() => parseLightGBMJson(doc({ split_index: 0, split_feature: 0, threshold: 1, decision_type: '<=', missing_type: 'None', left_child: leaf(0), right_child: leaf(0) }), 'd.json')).toThrow(/leaf_index 0 occurs twice/);
    expect(() => parseLightGBMJson('{"name":"tree",', 'd.json')).toThrow(/d\.json: LightGBM JSON model: not valid JSON/);
  });

  it('readAnyModelFile tells LightGBM text from XGBoost JSON by content', async () => {
    const p = tmp.file('model.json', minimal('objective=binary sigmoid:1'));
    const m = await readAnyModelFile(p);
    expect(m.format).toBe('lightgbm');
    await expect(readAnyModelFile(tmp.file('bad.txt', minimal('objective=custom')))).rejects.toThrow(/bad\.txt: LightGBM model: objective "custom"/);
  });
});

describe('LightGBM text models through the CLI', () => {
  /**
   * A hand-written model (no LightGBM needed): tree 0 splits f0 at 0.5 (NaN -> left by default,
   * missing type NaN), tree 1 sends categories {1, 3, 33} of f1 left (a two-word bitset); binary.
   */
  const MODEL = [
    'tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', 'max_feature_idx=1',
    'objective=binary sigmoid:1', 'feature_names=a b', 'feature_infos=[0:1] 1:3:33', 'tree_sizes=1 1', '',
    'Tree=0', 'num_leaves=2', 'num_cat=0', 'split_feature=0', 'split_gain=10', 'threshold=0.5', 'decision_type=10',
    'left_child=-1', 'right_child=-2', 'leaf_value=0.10000000000000001 -0.30000000000000004', 'leaf_weight=5 5', 'leaf_count=6 4',
    'internal_value=0', 'internal_weight=10', 'internal_count=10', 'is_linear=0', 'shrinkage=1', '',
    'Tree=1', 'num_leaves=2', 'num_cat=1', 'split_feature=1', 'split_gain=4', 'threshold=0', 'decision_type=1',
    'left_child=-1', 'right_child=-2', 'leaf_value=0.25 -0.125', 'leaf_weight=5 5', 'leaf_count=3 7',
    'internal_value=0', 'internal_weight=10', 'internal_count=10', 'cat_boundaries=0 2', 'cat_threshold=10 2', 'is_linear=0', 'shrinkage=1', '',
    'end of trees', '',
  ].join('\n');
  const rows: [number, number][] = [[0.25, 1], [0.75, 3], [NaN, 33], [0.5, 2], [1, NaN], [0.5, -1], [0.5, 32], [0.5, 3.9]];
  // By the rules: tree 0 left iff x <= 0.5 or NaN; tree 1 left iff trunc(b) in {1, 3, 33}.
  const margin = (a: number, b: number): number =>
    (Number.isNaN(a) || a <= 0.5 ? 0.10000000000000001 : -0.30000000000000004) + (!Number.isNaN(b) && [1, 3, 33].includes(Math.trunc(b)) ? 0.25 : -0.125);

  it('predicts raw scores with 17 significant digits, probabilities, leaves, SHAP, importance and PDP', async () => {
    const model = tmp.file('hand.txt', MODEL);
    const data = tmp.file('hand.csv', `a,b\n${rows.map((r) => r.map((v) => (Number.isNaN(v) ? '' : v)).join(',')).join('\n')}\n`);
    const out = join(tmp.dir, 'hand-out.txt');
    const run = async (...args: string[]): Promise<string> => {
      const r = await runCli(args);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const raw = (await run('predict', '--model', model, '--data', data, '--margin', '--out', out, '--quiet')).trim().split('\n');
    expect(raw).toEqual(rows.map(([a, b]) => margin(a, b).toPrecision(17).replace(/\.?0+$/, '')));
    expect(raw.map(Number)).toEqual(rows.map(([a, b]) => margin(a, b)));
    const jsonModel = tmp.file('hand.json', JSON.stringify(dumpJson(parseLightGBMText(MODEL))));
    expect((await run('predict', '--model', jsonModel, '--data', data, '--margin', '--out', out, '--quiet')).trim().split('\n')).toEqual(raw);
    const prob = (await run('predict', '--model', model, '--data', data, '--out', out, '--quiet')).trim().split('\n').map(Number);
    expect(prob).toEqual(rows.map(([a, b]) => 1 / (1 + Math.exp(-margin(a, b)))));
    const leaves = (await run('predict', '--model', model, '--data', data, '--leaf', '--out', out, '--quiet')).trim().split('\n');
    expect(leaves[0]).toBe('0\t0');
    expect(leaves[1]).toBe('1\t0');
    const phi = (await run('predict', '--model', model, '--data', data, '--contrib', '--out', out, '--quiet')).trim().split('\n').map((l) => l.split('\t').map(Number));
    phi.forEach((p, i) => expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(margin(rows[i]![0], rows[i]![1]), 14));
    // The bias is the count-weighted mean leaf value of each tree.
    expect(phi[0]![2]).toBeCloseTo(0.6 * 0.1 + 0.4 * -0.3 + 0.3 * 0.25 + 0.7 * -0.125, 15);
    const imp = await runCli(['importance', '--model', model, '--type', 'total_gain', '--json']);
    expect(imp.status, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toEqual({ a: 10, b: 4 });
    const pdp = await runCli(['pdp', '--model', model, '--data', data, '--feature', 'a', '--margin', '--out', join(tmp.dir, 'pdp'), '--quiet']);
    expect(pdp.status, pdp.stderr).toBe(0);
    expect(readFileSync(join(tmp.dir, 'pdp.csv'), 'utf8')).toMatch(/a/);
  });

  it('an unsupported LightGBM model is one line naming the file and the reason, exit 2', async () => {
    const model = tmp.file('multi.txt', MODEL.replace('num_class=1', 'num_class=3'));
    const data = tmp.file('hand2.csv', 'a,b\n1,2\n');
    const r = await runCli(['predict', '--model', model, '--data', data]);
    expect(r.status).toBe(2);
    const errors = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('lambdaboost: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/multi\.txt: LightGBM model: num_class=3.*not supported/);
  });
});

describe('LightGBM text models in serve (Ranker)', () => {
  it('scores and ranks rows, margins and probabilities, by name or position', async () => {
    const { loadRanker } = await import('../../src/serve/load-ranker.js');
    const path = tmp.file('serve.txt', [
      'tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', 'max_feature_idx=1',
      'objective=binary sigmoid:2', 'feature_names=a b', 'feature_infos=none none', '',
      'Tree=0', 'num_leaves=2', 'num_cat=0', 'split_feature=1', 'threshold=0', 'decision_type=2',
      'left_child=-1', 'right_child=-2', 'leaf_value=-0.5 0.75', 'leaf_count=1 1', 'internal_count=2', 'shrinkage=1', '',
      'end of trees', '',
    ].join('\n'));
    const ranker = await loadRanker(path);
    expect(ranker.objective).toBe('binary sigmoid:2');
    // b <= 0 -> left (-0.5); NaN with missing type None -> 0 -> left; b > 0 -> right (0.75).
    const r = ranker.rank([{ a: 1, b: -1 }, [0, 2], { a: 0 }]);
    expect(Array.from(r.scores)).toEqual([-0.5, 0.75, -0.5]);
    expect(Array.from(r.order)).toEqual([1, 0, 2]);
    expect(ranker.scoreRow([0, 2], { margin: false })).toBe(1 / (1 + Math.exp(-2 * 0.75)));
  });
});
