/**
 * Partial dependence (Friedman 2001, "Greedy function approximation", §8.2) and individual
 * conditional expectation curves (Goldstein et al. 2015, "Peeking inside the black box"):
 * for each grid value v of the target feature(s), set the feature to v in every row, predict,
 * and average over the rows (the partial dependence); the per-row predictions are the ICE
 * curves. This brute force is the definition; `method: 'tree'` computes the average by
 * walking the trees instead (pdp-tree.ts), without the data beyond the grid.
 * The grid follows scikit-learn (grid.ts).
 */
import { ParamError, UserError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { CategoryList } from '../model-io/category-table.js';
import type { Model } from '../model-io/model.js';
import { objectiveInfo } from '../model-io/objectives.js';
import type { FeatureMapOptions } from '../predict/feature-map.js';
import { Predictor, type PredictInput } from '../predict/predictor.js';
import { featureDisplayNames, resolveFeature } from './feature-ref.js';
import { checkGridOptions, DECILE_PROBS, DEFAULT_GRID_RESOLUTION, DEFAULT_PERCENTILES, featureGrid, mquantiles, sortedValues } from './grid.js';
import { columnsDataset, modelColumns } from './model-columns.js';
import { treePartialDependence } from './pdp-tree.js';
import { checkOutputIndex, outputLabels } from './output-labels.js';
import { outputGroupModels } from '../predict/forest-predictor.js';
import { baseMargin, softmaxRows } from '../predict/transform.js';

/** How the average is computed. */
export type PdpMethod = 'brute' | 'tree';

/** Options of partialDependence (feature matching as in prediction, via FeatureMapOptions). */
export interface PdpOptions extends FeatureMapOptions {
  /** The target feature(s): one (a curve) or two (a surface), by name or 0-based model index. */
  features: readonly (string | number)[];
  /** Grid points per feature (default 20). */
  gridResolution?: number;
  /** Low and high percentile bounding the grid (default [0.05, 0.95]). */
  percentiles?: readonly number[];
  /** Number of ICE curves (1-D brute force only; rows evenly spaced through the data; default 0). */
  ice?: number;
  /** Raw margins instead of output-space predictions (probabilities for binary:logistic). */
  margin?: boolean;
  /** 'brute' (default): predict every row at every grid point; 'tree': walk the trees (margins). */
  method?: PdpMethod;
  /**
   * A K-output model (multi-class, several quantile_alpha): the 0-based output whose prediction is
   * averaged, class k's probability (or margin) or quantile k. Required by partialDependence for
   * such a model; partialDependenceByOutput gives every output without it. Output-space values of
   * a multi-class model are each row's softmax (multi:softmax's too, not its class index), of
   * several quantiles each row's sorted outputs.
   */
  output?: number;
}

/** A target feature of a partial-dependence result. */
export interface PdpFeature {
  /** 0-based model feature index. */
  readonly index: number;
  /** Display name (featureDisplayNames). */
  readonly name: string;
  /** Float64Array of the grid values (float32 values, ascending), length G_k. */
  readonly grid: Float64Array;
  /**
   * Float64Array of length 9: the deciles of the feature's non-missing values (mquantiles); empty
   * for a categorical feature (deciles of category codes mean nothing).
   */
  readonly deciles: Float64Array;
  /**
   * A categorical feature: the category of each grid value (length G_k; the grid holds their codes
   * 0, 1, ...): the model's category names, or the codes' text for a model without a category
   * table. Absent for a numeric feature.
   */
  readonly categories?: readonly string[];
}

/** A partial-dependence result: the grid(s), the average prediction, optional ICE curves. */
export interface PartialDependence {
  /** The target features (1 or 2). */
  readonly features: readonly PdpFeature[];
  /**
   * Float64Array of the average prediction at each grid point: length G_0 (one feature) or
   * G_0 * G_1 (two, row-major: point (i, k) at `i * G_1 + k`).
   */
  readonly average: Float64Array;
  /**
   * ICE curves: `rows` Int32Array of the 0-based data rows drawn, `values` Float64Array of
   * length rows.length * G_0 (row k's prediction at grid value i at `k * G_0 + i`); null
   * when none were asked for.
   */
  readonly ice: { readonly rows: Int32Array; readonly values: Float64Array } | null;
  /** 'output' (the model's prediction, e.g. probabilities) or 'margin'. */
  readonly scale: 'output' | 'margin';
  readonly method: PdpMethod;
  /** The model's objective name. */
  readonly objective: string;
  /** Number of data rows averaged (brute force) or whose values gave the grid (tree). */
  readonly nRows: number;
  /** A K-output model: which output this is (0-based) and its label (`class 2`, `quantile 0.9`); absent for one output. */
  readonly output?: { readonly index: number; readonly label: string };
}

/**
 * Partial dependence of a model's prediction on one or two features.
 * @param input the rows to average over and to take the grid from: a Dataset (matched to the
 *   model as in prediction) or an array of rows in model order.
 * @throws UserError for an unknown feature; ParamError for bad options (ICE with two features
 *   or the tree method, the tree method in output space of a transformed objective, a bad grid);
 *   DataError when the data does not match the model; ModelError for an unusable model.
 */
export function partialDependence(model: Model, input: PredictInput, options: PdpOptions): PartialDependence {
  if (model.nOutputGroups > 1 && options.output === undefined) {
    throw new UserError(`the model has ${model.nOutputGroups} outputs (${outputLabels(model).join(', ')}): give the output (class or quantile index), or use partialDependenceByOutput for every one`);
  }
  return partialDependenceByOutput(model, input, options)[0]!;
}

/**
 * Partial dependence of each output of a model: one result per output of a K-output model (K
 * results, or the one of `options.output`), each with its `output`; one result for a
 * single-output model. The brute force predicts every grid point once for all outputs.
 * @throws as partialDependence; UserError for an output index out of range.
 */
export function partialDependenceByOutput(model: Model, input: PredictInput, options: PdpOptions): PartialDependence[] {
  const K = model.nOutputGroups;
  if (options.output !== undefined) checkOutputIndex(model, options.output, 'output');
  const outputs = K === 1 ? [0] : options.output !== undefined ? [options.output] : Array.from({ length: K }, (_, k) => k);
  const predictor = Predictor.fromModel(model);
  // The tree walk of output k: its trees (tree_info = k) from its base margin.
  const groups = K > 1 ? outputGroupModels(model) : [model];
  let preds: Float32Array | null = null;
  const labels = outputLabels(model);
  const softmaxIndex = objectiveInfo(model.objective.name)?.output === 'argmax';
  const results = partialDependenceOutputs(
    {
      nFeatures: model.nFeatures,
      featureNames: model.featureNames,
      categorical: Array.from({ length: model.nFeatures }, (_, f) => model.featureTypes[f] === 'c' || (model.categories?.[f] ?? null) !== null),
      ...(model.categories !== undefined ? { categories: model.categories } : {}),
      objective: model.objective.name,
      // Several outputs are transformed together (softmax, sorting): the tree walk's margins are not outputs.
      identityOutput: K === 1 && objectiveInfo(model.objective.name)?.output === 'identity',
      nOutputs: K,
      predict: (ds, margin) => {
        if (preds === null || preds.length !== ds.nRows * K) preds = new Float32Array(ds.nRows * K);
        if (margin) return predictor.predictMargin(ds, preds);
        // multi:softmax predicts class indices: its classes' probabilities are the softmax's (as eval scores them).
        if (softmaxIndex) {
          softmaxRows(predictor.predictMargin(ds, preds), K);
          return preds;
        }
        return predictor.predict(ds, preds);
      },
      treeAverage: (features, points, k) => {
        const g = groups[k]!;
        return treePartialDependence(g, baseMargin(g.baseScore, K > 1 ? 'identity' : objectiveInfo(model.objective.name)!.link, g.version), features, points);
      },
    },
    input,
    options,
    outputs,
  );
  return K === 1 ? results : results.map((r, i) => ({ ...r, output: { index: outputs[i]!, label: labels[outputs[i]!]! } }));
}

/** What partial dependence needs of a model. */
export interface PdpModel {
  readonly nFeatures: number;
  /** Feature names (length nFeatures) or empty. */
  readonly featureNames: readonly string[];
  /**
   * Per feature, whether it is categorical (length nFeatures, or absent: none). A categorical
   * feature's grid is every category (its codes, not a numeric grid between them, which would mean
   * nothing): the model's categories when it has a table, else the distinct codes in the data.
   */
  readonly categorical?: readonly boolean[];
  /** The model's category table (Model.categories, length nFeatures), if any: names of the categories. */
  readonly categories?: readonly (CategoryList | null)[];
  /** The objective's name, for the result and messages. */
  readonly objective: string;
  /** True when predictions equal margins (no output transform). */
  readonly identityOutput: boolean;
  /** Outputs a row K (absent: 1). */
  readonly nOutputs?: number;
  /**
   * Predictions (margins when `margin`) of every row of `ds`, length ds.nRows x K row-major (row r's
   * output k at `r K + k`), valid until the next call.
   */
  predict(ds: Dataset, margin: boolean): ArrayLike<number>;
  /** The tree walk's average margins of output k at the grid points, or null when the model has no tree method. */
  readonly treeAverage: ((features: readonly number[], points: readonly Float64Array[], output: number) => Float64Array) | null;
}

/** Partial dependence of any single-output model (see partialDependence). */
export function partialDependenceOf(model: PdpModel, input: PredictInput, options: PdpOptions): PartialDependence {
  return partialDependenceOutputs(model, input, options, [0])[0]!;
}

/** Partial dependence of each of `outputs` (0-based output indices) of any model, one result each. */
function partialDependenceOutputs(model: PdpModel, input: PredictInput, options: PdpOptions, outputs: readonly number[]): PartialDependence[] {
  const method = options.method ?? 'brute';
  if (method !== 'brute' && method !== 'tree') throw new ParamError(`unknown partial-dependence method ${JSON.stringify(method)}; expected brute or tree`);
  const refs = options.features;
  if (refs.length !== 1 && refs.length !== 2) throw new ParamError(`partial dependence takes one or two features, got ${refs.length}`);
  const resolution = options.gridResolution ?? DEFAULT_GRID_RESOLUTION;
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  checkGridOptions(resolution, percentiles);
  const nIce = options.ice ?? 0;
  if (!Number.isInteger(nIce) || nIce < 0) throw new ParamError(`the number of ICE curves must be an integer >= 0, got ${nIce}`);
  if (nIce > 0 && refs.length === 2) throw new ParamError('ICE curves are drawn for one feature only, not for a pair');
  if (nIce > 0 && method === 'tree') throw new ParamError('ICE curves need the brute-force method (the tree walk gives only the average)');
  const margin = options.margin === true;
  if (method === 'tree' && model.treeAverage === null) throw new ParamError('the tree method is not available for this model; use the brute-force method');
  if (method === 'tree' && !margin && !model.identityOutput) {
    throw new ParamError(`the tree method averages margins; ${model.objective} transforms them, so ask for margins or use brute force`);
  }

  const names = featureDisplayNames(model, input);
  const indices = refs.map((r) => resolveFeature(r, names));
  if (indices.length === 2 && indices[0] === indices[1]) throw new UserError(`the two features are the same (${names[indices[0]!]})`);
  if (indices.length === 2) {
    const c = indices.find((i) => model.categorical?.[i] === true);
    if (c !== undefined) throw new UserError(`a two-way partial dependence with the categorical feature ${names[c]} is not drawn yet: give it alone (one bar per category)`);
  }
  const cols = modelColumns(model.featureNames, model.nFeatures, input, options);
  const features: PdpFeature[] = indices.map((index) => {
    if (model.categorical?.[index] === true) return categoryGrid(index, names[index]!, model.categories?.[index] ?? null, cols.columns[index]!);
    const sorted = sortedValues(cols.columns[index]!);
    const grid = featureGrid(sorted, names[index]!, resolution, percentiles);
    return { index, name: names[index]!, grid, deciles: mquantiles(sorted, DECILE_PROBS) };
  });
  const points = gridPoints(features.map((f) => f.grid));
  const base = { features, scale: margin ? ('margin' as const) : ('output' as const), method, objective: model.objective, nRows: cols.nRows };
  if (method === 'tree') {
    return outputs.map((k) => ({ ...base, average: model.treeAverage!(indices, points, k), ice: null }));
  }
  if (cols.nRows === 0) throw new UserError(`${cols.source}: no rows to average over`);

  // Brute force: one prediction pass over all rows per grid point, the target columns replaced.
  const n = cols.nRows;
  const columns = cols.columns.slice();
  const fixed = indices.map(() => new Float32Array(n));
  indices.forEach((j, k) => (columns[j] = fixed[k]!));
  const ds = columnsDataset(columns, n, cols.source);
  const iceRows = Int32Array.from({ length: Math.min(nIce, n) }, (_, k) => Math.floor((k * n) / Math.min(nIce, n)));
  const G = points.length;
  const K = model.nOutputs ?? 1;
  const iceValues = outputs.map(() => new Float64Array(iceRows.length * G));
  const averages = outputs.map(() => new Float64Array(G));
  points.forEach((p, g) => {
    fixed.forEach((col, k) => col.fill(p[k]!));
    const preds = model.predict(ds, margin);
    outputs.forEach((o, i) => {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += preds[r * K + o]!;
      averages[i]![g] = sum / n;
      iceRows.forEach((row, k) => (iceValues[i]![k * G + g] = preds[row * K + o]!));
    });
  });
  return outputs.map((_, i) => ({ ...base, average: averages[i]!, ice: iceRows.length > 0 ? { rows: iceRows, values: iceValues[i]! } : null }));
}

/**
 * A categorical feature's grid: every category of the model's table (codes 0..n-1, named), or
 * without a table the distinct codes present in `column` (ascending, named by their number).
 */
function categoryGrid(index: number, name: string, list: CategoryList | null, column: ArrayLike<number>): PdpFeature {
  let codes: number[];
  let labels: string[];
  if (list !== null) {
    labels = list.kind === 'string' ? list.names.slice() : list.values.map(String);
    codes = labels.map((_, i) => i);
  } else {
    const seen = new Set<number>();
    for (let r = 0; r < column.length; r++) {
      const v = column[r]!;
      if (v === v) seen.add(v);
    }
    codes = [...seen].sort((a, b) => a - b);
    labels = codes.map(String);
  }
  if (codes.length === 0) throw new UserError(`the categorical feature ${name} has no categories in the model or the data to draw`);
  return { index, name, grid: Float64Array.from(codes), deciles: new Float64Array(0), categories: labels };
}

/**
 * The Cartesian product of the grids, first feature slowest.
 * @returns one Float64Array per point, holding one value per feature.
 */
function gridPoints(grids: readonly Float64Array[]): Float64Array[] {
  let points: number[][] = [[]];
  for (const grid of grids) points = points.flatMap((p) => Array.from(grid, (v) => [...p, v]));
  return points.map((p) => Float64Array.from(p));
}
