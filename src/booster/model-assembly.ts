/**
 * The model file's contents from a training session's trees: XGBoost 1.7.4's JSON fields, the
 * objective's state (Unbiased LambdaMART's position biases) and the saved parameters.
 */
import { encodeCategoryTable, type CategoryList } from '../model-io/category-table.js';
import { TRAINED_MODEL_VERSION, type Model } from '../model-io/model.js';
import type { Objective } from '../objective/objective.js';
import { savedParams } from '../params/resolve.js';
import type { Params } from '../params/schema.js';
import type { Tree } from '../tree/tree.js';
import { leafValuesJSON } from './double-scores.js';

/** What the model is assembled from (fixed for the session). */
export interface ModelFacts {
  readonly params: Params;
  readonly objective: Objective;
  readonly baseScore: number;
  /** Multi-class: each class's base_score (Float32Array, length K); absent for single-output models. */
  readonly baseScores?: Float32Array;
  readonly nFeatures: number;
  /** Feature names when the data had them (header, schema), else empty. */
  readonly featureNames: readonly string[];
  /** False when the user gave base_score (or the continued model said so). */
  readonly boostFromAverage: boolean;
  /** Label texts the loader mapped to 0, 1, ... (label-map.ts), saved so predict can write them back; or null. */
  readonly labelNames: readonly unknown[] | null;
  /** Per feature its categories (null for a numerical one), when the data had categorical features. */
  readonly categories?: readonly (CategoryList | null)[];
}

/**
 * The model of `trees` with `attributes` (best_iteration, best_score); `leafValues` (LightGBM's
 * objectives: each tree's double leaf values, double-scores.ts) are saved beside the trees.
 */
export function assembleModel(f: ModelFacts, trees: readonly Tree[], attributes: Record<string, string>, leafValues?: readonly Float64Array[]): Model {
  const K = f.baseScores?.length ?? 1;
  return {
    version: [...TRAINED_MODEL_VERSION],
    objective: { name: f.objective.name, json: f.objective.toJSON() },
    baseScore: f.baseScore,
    ...(f.baseScores ? { baseScores: f.baseScores.slice() } : {}),
    nFeatures: f.nFeatures,
    featureNames: [...f.featureNames],
    // XGBoost's type of a categorical feature is "c"; a model with one lists every feature's type.
    featureTypes: f.categories
      ? f.categories.map((c) => (c === null ? 'float' : 'c'))
      : f.featureNames.map(() => 'float'),
    ...(f.categories ? { cats: encodeCategoryTable(f.categories), categories: [...f.categories] } : {}),
    trees: [...trees],
    // XGBoost's order: round i's tree of class k is tree i K + k, tree_info = k.
    treeInfo: Int32Array.from(trees, (_, t) => t % K),
    nOutputGroups: K,
    treeWeights: new Float32Array(trees.length).fill(1),
    attributes,
    // XGBoost writes boost_from_average 0 when the user gave base_score.
    ...(f.boostFromAverage ? {} : { boostFromAverage: false }),
    // num_round is saved as the number of rounds the model holds, so a continued run saves what
    // an uninterrupted one does.
    extra: {
      params: { ...savedParams(f.params), num_round: trees.length / K }, ...objectiveExtra(f.objective),
      ...(f.labelNames ? { label_names: [...f.labelNames] } : {}),
      ...(leafValues ? { leaf_values: leafValuesJSON(leafValues) } : {}),
    },
  };
}

function objectiveExtra(objective: Objective): Record<string, unknown> {
  const b = objective.positionBiasJSON?.();
  return b ? { position_bias: b } : {};
}
