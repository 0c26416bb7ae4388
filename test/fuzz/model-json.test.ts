/**
 * Fuzzing the XGBoost JSON model reader (readModelFile / parseModelText) and what consumes it
 * (Booster.predict, writing the model back).
 *
 * 1. Generated models (random tree shapes and node numbering, numeric and categorical splits,
 *    missing directions, gbtree and dart, the forms of XGBoost 1.7 to 3.x: base_score `"5E-1"`,
 *    `"[5E-1]"` or a number, default_left as 0/1 or booleans, iteration_indptr, the 3.x `cats`
 *    key, optional parents/split_type, NaN thresholds) load to the trees they were generated from,
 *    and predict what a naive reference walk in this file predicts, to the bit (identity link) or
 *    to 1e-6 (logit and log links, whose float32 base margin the reference only approximates).
 * 2. The same files mutated at the byte level and structurally (a value replaced by a hostile one,
 *    a key or array entry removed or duplicated) and random bytes either load, or fail with a
 *    ModelError. A model that loads predicts numbers for rows of its width, refuses rows of another
 *    width with a DataError, and writes back to text that loads and predicts the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { DataError, ModelError } from '../../src/errors.js';
import type { Model } from '../../src/model-io/model.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { expectBothOutcomes, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MODEL_ERRORS, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, fractionArb, mutationsArb, randomBytesArb, tokenSoupArb } from './mutate.js';

const dir = useFuzzDir('model');

// ---------------------------------------------------------------------------------------------
// Generated models

/** A node of a generated tree; ids are assigned when the tree is laid out. */
type GenNode =
  | { leaf: number }
  | { feature: number; threshold: number; defaultLeft: boolean; cats: number[] | null; left: GenNode; right: GenNode };

interface GenModel {
  nFeatures: number;
  objective: 'reg:squarederror' | 'reg:linear' | 'reg:absoluteerror' | 'binary:logistic' | 'binary:logitraw' | 'count:poisson' | 'rank:ndcg' | 'rank:pairwise';
  baseScore: number;
  trees: GenNode[];
  dart: number[] | null;
  /** Per tree: a permutation seed for node ids (0 = creation order). */
  layouts: number[];
  form: {
    version: [number, number, number];
    baseScore: 'string' | 'array' | 'number';
    boolDefaultLeft: boolean;
    intsAsStrings: boolean;
    parents: boolean;
    splitType: boolean;
    nanThresholds: boolean;
    featureNames: boolean;
  };
}

const OBJECTIVES = ['reg:squarederror', 'reg:linear', 'reg:absoluteerror', 'binary:logistic', 'binary:logitraw', 'count:poisson', 'rank:ndcg', 'rank:pairwise'] as const;

interface SplitSpec {
  expand: number;
  feature: number;
  threshold: number;
  defaultLeft: boolean;
  cats: number[] | null;
}

/** A node while a tree is built: a leaf until a split is assigned. */
interface Growing {
  split: SplitSpec | null;
  left: Growing | null;
  right: Growing | null;
  leaf: number;
}

/** Builds a tree by splitting leaves one by one (leaf `expand % leafCount`). */
function buildTree(splits: SplitSpec[], leafValues: number[], nFeatures: number): GenNode {
  const fresh = (): Growing => ({ split: null, left: null, right: null, leaf: 0 });
  const root = fresh();
  const leaves: Growing[] = [root];
  for (const s of splits) {
    const k = s.expand % leaves.length;
    const node = leaves[k]!;
    node.split = s;
    node.left = fresh();
    node.right = fresh();
    leaves.splice(k, 1, node.left, node.right);
  }
  leaves.forEach((l, i) => (l.leaf = leafValues[i % leafValues.length]! + 0)); // + 0: JSON writes -0 as 0
  const finish = (g: Growing): GenNode => {
    const s = g.split;
    if (s === null) return { leaf: g.leaf };
    return { feature: s.feature % nFeatures, threshold: s.threshold, defaultLeft: s.defaultLeft, cats: s.cats, left: finish(g.left!), right: finish(g.right!) };
  };
  return finish(root);
}

const splitArb: fc.Arbitrary<SplitSpec> = fc.record({
  expand: fc.nat(),
  feature: fc.nat(),
  threshold: fc.oneof(fc.float({ noNaN: true, min: -10, max: 10 }), fc.float({ noNaN: true })),
  defaultLeft: fc.boolean(),
  cats: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 0, maxLength: 4 }), { nil: null, freq: 4 }),
});

const treeArb = (nFeatures: number): fc.Arbitrary<GenNode> =>
  fc
    .tuple(fc.array(splitArb, { maxLength: 9 }), fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }), { minLength: 1, maxLength: 10 }))
    .map(([splits, leaves]) => buildTree(splits, leaves, nFeatures));

const genModelArb: fc.Arbitrary<GenModel> = fc
  .record({ nFeatures: fc.integer({ min: 1, max: 6 }), nTrees: fc.integer({ min: 0, max: 5 }), objective: fc.constantFrom(...OBJECTIVES), dart: fc.boolean() })
  .chain(({ nFeatures, nTrees, objective, dart }) =>
    fc.record({
      nFeatures: fc.constant(nFeatures),
      objective: fc.constant(objective),
      baseScore:
        objective === 'binary:logistic' || objective === 'binary:logitraw'
          ? fc.double({ min: 0.01, max: 0.99, noNaN: true })
          : objective === 'count:poisson'
            ? fc.double({ min: 0.01, max: 100, noNaN: true })
            : fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      trees: fc.array(treeArb(nFeatures), { minLength: nTrees, maxLength: nTrees }),
      dart: dart ? fc.array(fc.float({ min: 0, max: 2, noNaN: true }).map((w) => w + 0), { minLength: nTrees, maxLength: nTrees }) : fc.constant(null),
      layouts: fc.array(fc.nat({ max: 1000 }), { minLength: nTrees, maxLength: nTrees }),
      form: fc.record({
        version: fc.constantFrom<[number, number, number]>([1, 7, 4], [1, 7, 6], [2, 0, 3], [2, 1, 4], [3, 0, 0], [3, 1, 1]),
        baseScore: fc.constantFrom('string' as const, 'array' as const, 'number' as const),
        boolDefaultLeft: fc.boolean(),
        intsAsStrings: fc.boolean(),
        parents: fc.boolean(),
        splitType: fc.boolean(),
        nanThresholds: fc.boolean(),
        featureNames: fc.boolean(),
      }),
    }),
  );

/** A small deterministic permutation of 1..n-1 (node 0 stays the root). */
function permutation(n: number, seed: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  if (seed === 0) return ids;
  let s = seed;
  for (let i = n - 1; i > 1; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = 1 + (s % i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

function hasCategorical(n: GenNode): boolean {
  return 'leaf' in n ? false : n.cats !== null || hasCategorical(n.left) || hasCategorical(n.right);
}

/** The JSON object of one tree, XGBoost's layout. */
function treeJson(root: GenNode, id: number, nFeatures: number, layout: number, form: GenModel['form']): Record<string, unknown> {
  // Creation order: breadth first.
  const order: GenNode[] = [];
  const queue: GenNode[] = [root];
  while (queue.length > 0) {
    const n = queue.shift()!;
    order.push(n);
    if (!('leaf' in n)) queue.push(n.left, n.right);
  }
  const perm = permutation(order.length, layout);
  const idOf = new Map<GenNode, number>(order.map((n, k) => [n, perm[k]!]));
  const N = order.length;
  const left = new Array<number>(N).fill(-1);
  const right = new Array<number>(N).fill(-1);
  const parents = new Array<number>(N).fill(2147483647);
  const indices = new Array<number>(N).fill(0);
  const conditions = new Array<number | string>(N).fill(0);
  const defaultLeft = new Array<number>(N).fill(0);
  const splitType = new Array<number>(N).fill(0);
  const catNodes: number[] = [];
  const catSegments: number[] = [];
  const catSizes: number[] = [];
  const categories: number[] = [];
  const catEntries: [number, number[]][] = [];
  for (const n of order) {
    const i = idOf.get(n)!;
    if ('leaf' in n) {
      conditions[i] = n.leaf;
      continue;
    }
    left[i] = idOf.get(n.left)!;
    right[i] = idOf.get(n.right)!;
    parents[left[i]!] = i;
    parents[right[i]!] = i;
    indices[i] = n.feature;
    defaultLeft[i] = n.defaultLeft ? 1 : 0;
    if (n.cats !== null) {
      splitType[i] = 1;
      conditions[i] = form.nanThresholds ? '__NaN__' : 0;
      catEntries.push([i, n.cats]);
    } else {
      // JSON has no infinities: XGBoost-style bare tokens (the reader accepts them).
      conditions[i] = n.threshold === Infinity ? '__Inf__' : n.threshold === -Infinity ? '__-Inf__' : n.threshold;
    }
  }
  catEntries.sort((a, b) => a[0] - b[0]); // XGBoost lists categorical nodes in id order
  for (const [i, cats] of catEntries) {
    catNodes.push(i);
    catSegments.push(categories.length);
    catSizes.push(cats.length);
    categories.push(...cats);
  }
  const num = (v: number): number | string => (form.intsAsStrings ? String(v) : v);
  const tree: Record<string, unknown> = {
    base_weights: new Array<number>(N).fill(0.5),
    categories,
    categories_nodes: catNodes,
    categories_segments: catSegments,
    categories_sizes: catSizes,
    default_left: form.boolDefaultLeft ? defaultLeft.map((d) => d === 1) : defaultLeft,
    id,
    left_children: left,
    loss_changes: new Array<number>(N).fill(1),
    right_children: right,
    split_conditions: conditions,
    split_indices: indices,
    sum_hessian: new Array<number>(N).fill(2),
    tree_param: { num_deleted: num(0), num_feature: num(nFeatures), num_nodes: String(N), size_leaf_vector: num(form.version[0] >= 2 ? 1 : 0) },
  };
  if (form.parents) tree.parents = parents;
  if (form.splitType || catEntries.length > 0) tree.split_type = splitType;
  return tree;
}

/** base_score as the file holds it: a number, `"[5e-1]"` (3.1+) or `"5E-1"`. */
function baseScoreForm(g: GenModel): number | string {
  const f = g.form.baseScore;
  return f === 'number' ? g.baseScore : f === 'array' ? `[${g.baseScore.toExponential()}]` : g.baseScore.toExponential().toUpperCase();
}

/** The value base_score must load as: the written text's number, rounded to float32. */
function writtenBaseScore(g: GenModel): number {
  const form = baseScoreForm(g);
  return Math.fround(typeof form === 'number' ? (JSON.parse(JSON.stringify(form)) as number) : Number(form.replace(/[[\]]/g, '')));
}

/** The file text of a generated model. */
function renderModel(g: GenModel): string {
  const f = g.form;
  const n = g.trees.length;
  const base = baseScoreForm(g);
  const trees = g.trees.map((t, i) => treeJson(t, i, g.nFeatures, g.layouts[i]!, f));
  const model: Record<string, unknown> = {
    gbtree_model_param: { num_parallel_tree: '1', num_trees: String(n), size_leaf_vector: '0' },
    tree_info: new Array<number>(n).fill(0),
    trees,
  };
  if (f.version[0] >= 2) model.iteration_indptr = Array.from({ length: n + 1 }, (_, i) => i);
  if (f.version[0] >= 3) model.cats = { enc: [], feature_segments: [], sorted_idx: [] };
  const gb: Record<string, unknown> = g.dart === null ? { model, name: 'gbtree' } : { gbtree: { model, name: 'gbtree' }, name: 'dart', weight_drop: g.dart };
  const names = Array.from({ length: g.nFeatures }, (_, j) => `x${j}`);
  const anyCat = g.trees.some(hasCategorical);
  const json = {
    learner: {
      attributes: { best_iteration: String(Math.max(0, n - 1)) },
      feature_names: f.featureNames ? names : [],
      feature_types: f.featureNames ? names.map((_, j) => (anyCat && j === 0 ? 'c' : 'float')) : [],
      gradient_booster: gb,
      learner_model_param: { base_score: base, boost_from_average: '1', num_class: '0', num_feature: String(g.nFeatures), num_target: '1' },
      objective: { name: g.objective, reg_loss_param: { scale_pos_weight: '1' } },
    },
    version: f.version,
  };
  return JSON.stringify(json).replaceAll('"__NaN__"', 'NaN').replaceAll('"__Inf__"', 'Infinity').replaceAll('"__-Inf__"', '-Infinity');
}

// ---------------------------------------------------------------------------------------------
// Reference prediction: a plain recursive walk.

function leafOf(n: GenNode, row: Float32Array): number {
  for (;;) {
    if ('leaf' in n) return n.leaf;
    const v = row[n.feature]!;
    let goLeft: boolean;
    if (Number.isNaN(v)) goLeft = n.defaultLeft;
    else if (n.cats !== null) goLeft = !(v >= 0 && v < 2 ** 24 && n.cats.includes(Math.trunc(v)));
    else goLeft = v < Math.fround(n.threshold);
    n = goLeft ? n.left : n.right;
  }
}

/** The reference margin, and whether it must match to the bit. */
function referenceMargin(g: GenModel, row: Float32Array): { margin: number; exact: boolean } {
  const p = writtenBaseScore(g);
  let m: number;
  let exact = true;
  // binary:logitraw's base_score is a margin already, in 1.7.4 as in 3.x (checked against both).
  if (g.objective === 'binary:logistic') {
    m = Math.log(p / (1 - p));
    exact = false;
  } else if (g.objective === 'count:poisson') {
    m = Math.log(p);
    exact = false;
  } else m = p;
  g.trees.forEach((t, i) => {
    const w = g.dart === null ? 1 : Math.fround(g.dart[i]!);
    const leaf = Math.fround(leafOf(t, row));
    m = exact ? Math.fround(m + (w === 1 ? leaf : Math.fround(leaf * w))) : m + leaf * w;
  });
  return { margin: m, exact };
}

const rowArb = (nFeatures: number): fc.Arbitrary<Float32Array> =>
  fc
    .array(fc.oneof(fc.float({ min: -10, max: 10, noNaN: true }), fc.integer({ min: -1, max: 9 }), fc.constant(NaN), fc.float({ noDefaultInfinity: true })), { minLength: nFeatures, maxLength: nFeatures })
    .map((v) => Float32Array.from(v));

function treeDifference(model: Model, g: GenModel): string | null {
  if (model.nFeatures !== g.nFeatures) return `nFeatures ${model.nFeatures}`;
  if (model.trees.length !== g.trees.length) return `${model.trees.length} trees`;
  if (!Object.is(model.baseScore, writtenBaseScore(g))) return `baseScore ${model.baseScore}, expected ${writtenBaseScore(g)}`;
  if (model.objective.name !== g.objective) return `objective ${model.objective.name}`;
  for (let t = 0; t < g.trees.length; t++) {
    let count = 0;
    const walk = (n: GenNode): void => {
      count++;
      if (!('leaf' in n)) {
        walk(n.left);
        walk(n.right);
      }
    };
    walk(g.trees[t]!);
    if (model.trees[t]!.nNodes !== count) return `tree ${t}: ${model.trees[t]!.nNodes} nodes, expected ${count}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Structural mutations of the parsed JSON.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const HOSTILE_VALUES: Json[] = [
  null, true, false, 0, -1, 1, 2, 2147483647, 2147483648, -2147483649, 4294967296, 1e308, -1e308, 1.5, 5e-324, '', 'x', 'NaN', 'Infinity',
  '5E-1', '[5E-1]', '[5E-1,5E-1]', '[]', '0', '-1', '3', '999999999', '2147483647', '1e9', ' 7 ', [], {}, [0], [-1], [1, 2, 3], [[]], { a: 1 },
  'multi:softmax', 'reg:gamma', 'gblinear', 'dart',
];

interface StructuralMutation {
  pick: number;
  op: 'replace' | 'delete' | 'duplicate' | 'setInt' | 'paramInt';
  value: number;
}

const structuralArb: fc.Arbitrary<StructuralMutation> = fc.record({
  pick: fractionArb,
  op: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'duplicate' as const, 'setInt' as const, 'paramInt' as const),
  value: fc.nat({ max: HOSTILE_VALUES.length - 1 }),
});

/** Every [container, key] in the document, depth first. */
function slots(doc: Json): [Json[] | { [k: string]: Json }, string | number][] {
  const out: [Json[] | { [k: string]: Json }, string | number][] = [];
  const visit = (v: Json): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push([v, i]);
        visit(x);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v, k]);
        visit(v[k]!);
      }
    }
  };
  visit(doc);
  return out;
}

function applyStructural(text: string, ms: StructuralMutation[]): string {
  const doc = JSON.parse(text.replaceAll('NaN', '"NaN"').replaceAll('-Infinity', '"-Infinity"').replace(/(?<!-)Infinity/g, '"Infinity"')) as Json;
  for (const m of ms) {
    if (m.op === 'paramInt') {
      // XGBoost writes its integer parameters as digit strings (num_feature, num_nodes, ...):
      // scale one by 10^1 .. 10^9.
      const params = slots(doc).filter(([c, k]) => !Array.isArray(c) && typeof c[k as string] === 'string' && /^\d+$/.test(c[k as string] as string));
      if (params.length === 0) continue;
      const [c, k] = params[Math.floor(m.pick * params.length)]! as [{ [k: string]: Json }, string];
      c[k] = String(Math.max(1, Number(c[k])) * 10 ** (1 + (m.value % 9)));
      continue;
    }
    const all = slots(doc);
    if (all.length === 0) break;
    const [container, key] = all[Math.floor(m.pick * all.length)]!;
    const hostile = structuredClone(HOSTILE_VALUES[m.value]!);
    if (Array.isArray(container)) {
      const i = key as number;
      if (m.op === 'delete') container.splice(i, 1);
      else if (m.op === 'duplicate') container.splice(i, 0, structuredClone(container[i]!));
      else if (m.op === 'setInt') container[i] = typeof container[i] === 'number' ? (container[i] as number) + (m.value % 3) - 1 : hostile;
      else container[i] = hostile;
    } else {
      const k = key as string;
      if (m.op === 'delete') delete container[k];
      else if (m.op === 'setInt') {
        const cur = container[k];
        container[k] = typeof cur === 'string' && /^\d+$/.test(cur) ? String(Number(cur) * (m.value + 2)) : hostile;
      } else container[k] = hostile;
    }
  }
  return JSON.stringify(doc);
}

// ---------------------------------------------------------------------------------------------

/** Rows of the model's width: a few fixed patterns (all missing, zeros, categories) and random ones. */
function probeRows(nFeatures: number, seed: number): Float32Array[] {
  // A model made very wide by a mutation (num_feature up to 2^24): one row is enough, and keeps
  // the case within its time bound (each row is nFeatures floats).
  if (nFeatures > 100_000) return [new Float32Array(nFeatures)];
  const rows: Float32Array[] = [new Float32Array(nFeatures).fill(NaN), new Float32Array(nFeatures)];
  let s = seed >>> 0 || 1;
  for (let r = 0; r < 6; r++) {
    const row = new Float32Array(nFeatures);
    for (let j = 0; j < nFeatures; j++) {
      s = (s * 48271) % 2147483647;
      row[j] = s % 7 === 0 ? NaN : (s % 19) - 3 + (s % 3) / 4;
    }
    rows.push(row);
  }
  return rows;
}

describe('fuzz: XGBoost JSON model reader', () => {
  it(`generated models load to their trees and predict as a reference walk (${REFERENCE_RUNS} cases)`, async () => {
    const path = dir.path('gen.json');
    const batch = new FuzzBatch('model JSON: generated models vs reference', MODEL_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(genModelArb.chain((g) => fc.tuple(fc.constant(g), fc.array(rowArb(g.nFeatures), { minLength: 1, maxLength: 8 }))), async ([g, rows]) => {
        const text = renderModel(g);
        dir.write('gen.json', text);
        let model: Model | null = null;
        const outcome = await batch.run(() => text.slice(0, 2000), text.length, async () => {
          model = await readModelFile(path);
        });
        if (!outcome.ok) throw new Error(`a valid model was rejected: ${outcome.error.message}\n${text.slice(0, 3000)}`);
        const m = model as unknown as Model;
        const diff = treeDifference(m, g);
        if (diff) throw new Error(diff);
        const booster = new Booster(m);
        const margins = booster.predict(rows, { margin: true });
        rows.forEach((row, r) => {
          const ref = referenceMargin(g, row);
          const got = margins[r]!;
          const ok = ref.exact ? Object.is(got, ref.margin) : Math.abs(got - ref.margin) <= 1e-6 * Math.max(1, Math.abs(ref.margin)) + 1e-5;
          if (!ok) throw new Error(`row ${r} [${Array.from(row).join(', ')}]: margin ${got}, reference ${ref.margin}`);
        });
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated models and random bytes load or fail with a ModelError; loaded ones predict and round-trip (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.json');
    const batch = new FuzzBatch('model JSON: mutated models and random bytes', MODEL_ERRORS, path);
    const enc = new TextEncoder();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(genModelArb, fc.array(structuralArb, { minLength: 1, maxLength: 3 })).map(([g, ms]) => enc.encode(applyStructural(renderModel(g), ms))) },
      { weight: 3, arbitrary: fc.tuple(genModelArb, mutationsArb).map(([g, ms]) => applyMutations(enc.encode(renderModel(g)), ms)) },
      { weight: 1, arbitrary: randomBytesArb },
      { weight: 1, arbitrary: tokenSoupArb },
    );
    await fc.assert(
      fc.asyncProperty(input, fc.nat(), async (bytes, seed) => {
        dir.write('mut.json', bytes);
        await batch.run(() => showBytes(bytes), bytes.length, async () => {
          const model = await readModelFile(path);
          const booster = new Booster(model);
          const nF = model.nFeatures;
          const rows = probeRows(nF, seed);
          const p = booster.predict(rows);
          if (!(p instanceof Float32Array) || p.length !== rows.length) throw new Error('predict did not return one float per row');
          // A row of the wrong width is a DataError, never a silent prediction.
          let refused: unknown = null;
          try {
            booster.predict([new Float32Array(nF + 1)]);
          } catch (err) {
            refused = err;
          }
          if (!(refused instanceof DataError)) throw new Error(`a row of ${nF + 1} values for a model of ${nF} features gave ${String(refused)}`);
          // Writing the model back gives a file that loads and predicts the same (or the writer
          // refuses the model with a ModelError).
          let text: string;
          try {
            text = booster.toJSON();
          } catch (err) {
            if (err instanceof ModelError) return;
            throw err;
          }
          const again = Booster.fromJSON(text, 'round-trip').predict(rows);
          for (let r = 0; r < rows.length; r++) {
            if (!Object.is(again[r], p[r])) throw new Error(`row ${r}: ${p[r]} before writing, ${again[r]} after`);
          }
        });
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expectBothOutcomes(batch, MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
