/**
 * Continued training from an existing model (`--init-model`, ours or XGBoost's): checks the data
 * fits the model, supplies the model's saved parameters as defaults, restores objective state
 * (Unbiased LambdaMART's position biases) and the starting margins.
 */
import type { Dataset } from '../data/dataset.js';
import { DataError, ModelError } from '../errors.js';
import type { Model } from '../model-io/model.js';
import type { Objective } from '../objective/objective.js';
import { parsePositionBiases, positionBiasFromJSON, type PositionBiases } from '../objective/ranking-position-bias.js';
import { findParam } from '../params/resolve.js';
import { Predictor } from '../predict/predictor.js';
import { scoresFromLeaves } from './double-scores.js';

/** Parameters never inherited from the model (they describe the run, not the model). */
const NOT_INHERITED = new Set(['num_round', 'early_stopping_rounds', 'nthread', 'kernel', 'verbosity']);

export interface Continuation {
  readonly model: Model;
  /** Parameter defaults from the model: its saved parameters and its objective. */
  readonly defaults: Record<string, unknown>;
  /** Restores objective state saved in the model (call before `init`). */
  restoreObjective(objective: Objective): void;
  /**
   * Margins of `data` under the model, one Float32Array of length data.nRows per output group
   * (K for a K-class model: element k holds class k's margins).
   */
  margins(data: Dataset): Float32Array[];
  /**
   * Double training scores of `data` (LightGBM's objectives, double-scores.ts): `start` plus each
   * tree's value in `values` (one Float64Array per tree, its leaves in node-id order), in tree order.
   * @returns Float64Array, length data.nRows.
   */
  scores(data: Dataset, values: readonly Float64Array[], start: number): Float64Array;
}

/** Prepares continuing `model` on `data`; throws DataError when the data does not fit the model. */
export function continuation(model: Model, data: Dataset): Continuation {
  if (model.categories !== undefined || model.trees.some((t) => t.splitType.includes(1))) {
    throw new ModelError('the initial model', 'has categorical splits: continuing training of a categorical model is not implemented yet (training with categorical features is not)');
  }
  if (data.nFeatures !== model.nFeatures) {
    throw new DataError({ file: data.source }, `has ${data.nFeatures} features, the initial model has ${model.nFeatures}`);
  }
  if (data.hasFeatureNames && model.featureNames.length > 0) {
    const j = model.featureNames.findIndex((name, i) => data.featureNames[i] !== name);
    if (j >= 0) {
      throw new DataError({ file: data.source, column: j }, `feature ${JSON.stringify(data.featureNames[j])} is ${JSON.stringify(model.featureNames[j])} in the initial model (columns must be in the model's order)`);
    }
  }
  const defaults: Record<string, unknown> = {};
  const saved = model.extra.params;
  if (saved !== null && typeof saved === 'object') {
    for (const [k, v] of Object.entries(saved as Record<string, unknown>)) {
      if (findParam(k) && !NOT_INHERITED.has(k)) defaults[k] = v;
    }
  }
  defaults.objective = model.objective.name;
  const K = model.nOutputGroups;
  // Training appends round i's tree of class k at i K + k (tree_info k, one tree per class and
  // round: XGBoost's num_parallel_tree 1), so the model must already be in that order.
  if (K > 1) {
    if (model.trees.length % K !== 0) throw new ModelError('the initial model', `has ${model.trees.length} trees, not a multiple of its ${K} classes`);
    const t = model.treeInfo.findIndex((g, i) => g !== i % K);
    if (t >= 0) throw new ModelError('the initial model', `tree ${t} has tree_info ${model.treeInfo[t]}, expected ${t % K} (one tree per class and round, in class order; num_parallel_tree > 1 is not supported)`);
  }
  const predictor = Predictor.fromModel(model);
  return {
    model,
    defaults,
    restoreObjective(objective: Objective): void {
      objective.restoreState?.(model.extra, 'initial model');
      const restorable = objective as Objective & { restorePositionBiases?: (b: PositionBiases & { base?: number }, source: string) => void };
      if (!restorable.restorePositionBiases) return;
      const b = positionBiasFromJSON(model.extra.position_bias, 'initial model') ?? parsePositionBiases(model.objective.json, 'initial model');
      if (b) restorable.restorePositionBiases(b, 'initial model');
    },
    scores: (d: Dataset, values: readonly Float64Array[], start: number): Float64Array =>
      scoresFromLeaves(model.trees, values, predictor.predictLeaf(d), d.nRows, start),
    margins: (d: Dataset): Float32Array[] => {
      const m = predictor.predictMargin(d);
      if (K === 1) return [m];
      // row-major n x K -> K columns
      const out = Array.from({ length: K }, () => new Float32Array(d.nRows));
      for (let r = 0; r < d.nRows; r++) for (let k = 0; k < K; k++) out[k]![r] = m[r * K + k]!;
      return out;
    },
  };
}
