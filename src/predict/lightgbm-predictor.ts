/**
 * Prediction with a LightGBM text model (lightgbm-text.ts), reproducing LightGBM 4.x's
 * `Predict`/`PredictRaw` in double precision (include/LightGBM/tree.h, src/boosting/
 * gbdt_prediction.cpp), restated:
 *
 * - A tree's output is the value of the leaf its walk reaches (a tree of one leaf: that leaf).
 * - At a numerical split, with missing type m = (decision_type >> 2) & 3: a NaN becomes 0 unless
 *   m is NaN (2); then if (m = Zero (1) and |x| <= 1e-35f) or (m = NaN and x is NaN) the row goes
 *   to the default side (left when bit 2 of decision_type is set); otherwise left iff x <= threshold.
 * - At a categorical split (bit 1; only in trees with num_cat > 0): NaN and negative values go
 *   right; otherwise c = x truncated to an integer goes left iff bit c of the split's bitset
 *   (cat_threshold words cat_boundaries[k] .. cat_boundaries[k + 1], k = threshold) is set; a c past
 *   the bitset goes right.
 * - The raw score is the sum of the tree outputs in tree order from 0, in double.
 * - The prediction applies the objective's ConvertOutput to the raw score, after dividing it by
 *   the number of iterations for an average_output (random forest) model.
 *
 * Inputs: rows given as arrays are used as doubles as given; a Dataset's columns are float32 (as
 * every loader stores them), so values that are not float32 numbers reach the trees rounded.
 */
import type { Dataset } from '../data/dataset.js';
import { DataError, ParamError } from '../errors.js';
import { modelColumnsDouble } from '../explain/model-columns.js';
import type { LightGBMModel, LightGBMOutput, LightGBMTree } from '../model-io/lightgbm-text.js';
import { ROWS_SOURCE } from './block-layout.js';
import type { FeatureMapOptions } from './feature-map.js';

/** Rows to predict: a Dataset (columns matched by name), or rows of feature values in model order (NaN, null, undefined = missing). */
export type LightGBMInput = Dataset | ArrayLike<number | null | undefined>[];

/** LightGBM's kZeroThreshold: 1e-35f widened to double. */
const ZERO_THRESHOLD = Math.fround(1e-35);

/** The child a value goes to at split `node` of `tree` (>= 0 a node, < 0 a leaf ~index). */
export function lightgbmDecision(tree: LightGBMTree, node: number, v: number): number {
  const dt = tree.decisionType[node]!;
  if ((dt & 1) !== 0 && tree.numCat > 0) {
    if (v !== v) return tree.right[node]!;
    const c = Math.trunc(v);
    if (c < 0 || c >= 2 ** 31) return tree.right[node]!;
    const k = tree.threshold[node]!;
    const start = tree.catBoundaries[k]!;
    const words = tree.catBoundaries[k + 1]! - start;
    const word = c >>> 5;
    if (word >= words) return tree.right[node]!;
    return ((tree.catThreshold[start + word]! >>> (c & 31)) & 1) !== 0 ? tree.left[node]! : tree.right[node]!;
  }
  const missing = (dt >> 2) & 3;
  let x = v;
  if (x !== x && missing !== 2) x = 0;
  if ((missing === 1 && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) || (missing === 2 && x !== x)) {
    return (dt & 2) !== 0 ? tree.left[node]! : tree.right[node]!;
  }
  return x <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
}

/**
 * The leaf index a row reaches.
 * @param value feature j of the row (a double; NaN = missing).
 */
export function lightgbmLeaf(tree: LightGBMTree, value: (j: number) => number): number {
  if (tree.numLeaves <= 1) return 0;
  let node = 0;
  while (node >= 0) node = lightgbmDecision(tree, node, value(tree.splitFeature[node]!));
  return ~node;
}

/** Applies an output transform (LightGBM's ConvertOutput) to a raw score. */
export function lightgbmTransform(output: LightGBMOutput, x: number): number {
  switch (output.kind) {
    case 'identity':
      return x;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-output.scale * x));
    case 'exp':
      return Math.exp(x);
    case 'signed-square':
      return (x > 0 ? 1 : x < 0 ? -1 : 0) * x * x;
    case 'log1p-exp':
      return Math.log1p(Math.exp(x));
  }
}

/** The input's features in model order: per model feature, its values by row (doubles). */
export interface DoubleColumns {
  readonly nRows: number;
  /** Length nFeatures: column i's value of row r at [i][r] (NaN = missing). */
  readonly columns: ArrayLike<number>[];
}

/** Maps the input to model-order columns (a Dataset's own arrays; rows copied into Float64Arrays). */
export function lightgbmColumns(model: LightGBMModel, input: LightGBMInput, options: FeatureMapOptions = {}): DoubleColumns {
  return modelColumnsDouble(model.featureNames, model.nFeatures, input, options);
}

/** Options of the batch methods. */
export interface LightGBMPredictOptions extends FeatureMapOptions {
  /** Use only the first `nTrees` trees (iterations, for a single-output model); default all. */
  nTrees?: number;
}

/** A LightGBM model ready to predict (double precision throughout). */
export class LightGBMPredictor {
  readonly nFeatures: number;
  readonly nTrees: number;
  readonly featureNames: readonly string[];
  /** The objective line, e.g. `binary sigmoid:1`. */
  readonly objective: string;
  /** Scratch row of single-row calls, length max(1, nFeatures). */
  private readonly row: Float64Array;

  constructor(readonly model: LightGBMModel) {
    this.nFeatures = model.nFeatures;
    this.nTrees = model.trees.length;
    this.featureNames = model.featureNames.slice();
    this.objective = model.objective;
    this.row = new Float64Array(Math.max(1, model.nFeatures));
  }

  /** Raw scores (LightGBM's predict_raw_score), Float64Array of length nRows. */
  predictMargin(input: LightGBMInput, options: LightGBMPredictOptions = {}): Float64Array {
    const nTrees = this.treeCount(options.nTrees);
    const { nRows, columns } = lightgbmColumns(this.model, input, options);
    const out = new Float64Array(nRows);
    const trees = this.model.trees;
    for (let r = 0; r < nRows; r++) {
      const value = (j: number): number => columns[j]![r]!;
      let sum = 0;
      for (let t = 0; t < nTrees; t++) {
        const tree = trees[t]!;
        sum += tree.leafValue[lightgbmLeaf(tree, value)]!;
      }
      out[r] = sum;
    }
    return out;
  }

  /** Predictions in output space (probabilities for binary, exp for poisson...), Float64Array of length nRows. */
  predict(input: LightGBMInput, options: LightGBMPredictOptions = {}): Float64Array {
    const nTrees = this.treeCount(options.nTrees);
    const out = this.predictMargin(input, options);
    for (let r = 0; r < out.length; r++) out[r] = this.toOutput(out[r]!, nTrees);
    return out;
  }

  /** The leaf index each row reaches in each tree: Int32Array of length nRows * nTrees, row-major (LightGBM's pred_leaf). */
  predictLeaf(input: LightGBMInput, options: LightGBMPredictOptions = {}): Int32Array {
    const nTrees = this.treeCount(options.nTrees);
    const { nRows, columns } = lightgbmColumns(this.model, input, options);
    const out = new Int32Array(nRows * nTrees);
    for (let r = 0; r < nRows; r++) {
      const value = (j: number): number => columns[j]![r]!;
      for (let t = 0; t < nTrees; t++) out[r * nTrees + t] = lightgbmLeaf(this.model.trees[t]!, value);
    }
    return out;
  }

  /** The raw score of one row (model order, NaN/null/undefined = missing; length nFeatures). */
  predictRowMargin(x: ArrayLike<number | null | undefined>, nTrees: number = this.nTrees): number {
    const k = this.treeCount(nTrees);
    if (x.length !== this.nFeatures) throw new DataError({ file: ROWS_SOURCE }, `the row has ${x.length} values, the model expects ${this.nFeatures}`);
    const row = this.row;
    for (let j = 0; j < this.nFeatures; j++) {
      const v = x[j];
      row[j] = v === null || v === undefined ? NaN : v;
    }
    const value = (j: number): number => row[j]!;
    let sum = 0;
    for (let t = 0; t < k; t++) {
      const tree = this.model.trees[t]!;
      sum += tree.leafValue[lightgbmLeaf(tree, value)]!;
    }
    return sum;
  }

  /** The prediction of one row in output space. */
  predictRow(x: ArrayLike<number | null | undefined>, nTrees: number = this.nTrees): number {
    return this.toOutput(this.predictRowMargin(x, nTrees), this.treeCount(nTrees));
  }

  /** Output space from a raw score summed over `nTrees` trees. */
  toOutput(raw: number, nTrees: number = this.nTrees): number {
    const x = this.model.averageOutput && nTrees > 0 ? raw / nTrees : raw;
    return lightgbmTransform(this.model.output, x);
  }

  private treeCount(nTrees: number | undefined): number {
    if (nTrees === undefined) return this.nTrees;
    if (!Number.isInteger(nTrees) || nTrees < 0 || nTrees > this.nTrees) throw new ParamError(`nTrees must be an integer in [0, ${this.nTrees}], got ${nTrees}`);
    return nTrees;
  }
}
