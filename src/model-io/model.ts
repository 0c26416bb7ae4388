/**
 * The in-memory model: what an XGBoost JSON model holds that prediction, explanation and
 * continued training need (xgboost-spec.md §3.1), plus lambdaboost's own extras.
 */
import type { CategoryList } from './category-table.js';
import type { Tree } from '../tree/tree.js';

/**
 * The XGBoost version a model trained here claims: its layout and its base_score semantics
 * (ProbToMargin without 3.2's clamp) are 1.7.4's, which every later XGBoost reads the same way.
 */
export const TRAINED_MODEL_VERSION: readonly [number, number, number] = [1, 7, 4];

/** The model's objective: its name and the configuration XGBoost keeps with it. */
export interface ObjectiveSpec {
  /** XGBoost objective name, e.g. `reg:squarederror`, `binary:logistic`, `rank:ndcg`. */
  name: string;
  /**
   * The objective's JSON object as XGBoost writes it (`{ name, reg_loss_param: {...} }`,
   * `{ name, lambdarank_param: {...}, "ti+": [...], "tj-": [...] }`), kept verbatim on load and written back.
   */
  json: Record<string, unknown>;
}

/** A single-output tree ensemble as read from / written to an XGBoost JSON model file. */
export interface Model {
  /** XGBoost version triple the file claims ([1, 7, 4] etc.); ours writes the version it emulates. */
  version: [number, number, number];
  objective: ObjectiveSpec;
  /** base_score in output space (a probability for binary:logistic), float32. */
  baseScore: number;
  /**
   * Multi-class (nOutputGroups K > 1): each group's base_score, Float32Array of length K (XGBoost
   * 3.x's vector base_score; the softmax link is the identity, so these are the starting margins).
   * Absent: `baseScore` for every group.
   */
  baseScores?: Float32Array;
  /** Number of input features the trees were trained on. */
  nFeatures: number;
  /** Feature names (length nFeatures) or empty when the model has none. */
  featureNames: string[];
  /** Feature types (`q`, `int`, `c`, ...) or empty. */
  featureTypes: string[];
  /** The trees, in boosting order. */
  trees: Tree[];
  /** Int32Array, length trees.length: output group of each tree (0 for single-output models). */
  treeInfo: Int32Array;
  /** Number of output groups (1 unless multi-class). */
  nOutputGroups: number;
  /** Per-tree weight (1 for gbtree; dart's weight_drop otherwise), Float32Array of length trees.length. */
  treeWeights: Float32Array;
  /**
   * Booster kind: `gbtree`, or `dart` (the trees are weighted by treeWeights and the file nests
   * them under `gradient_booster.gbtree`). Absent means `gbtree`.
   */
  booster?: 'gbtree' | 'dart';
  /**
   * XGBoost 3.1+'s `gradient_booster.model.cats` (category names for re-coding categorical input),
   * kept as read and written back.
   */
  cats?: Record<string, unknown>;
  /**
   * The categories of each feature decoded from `cats` (length nFeatures, null for a feature
   * without), by which category text in the data is coded (code = index). Absent: no table.
   */
  categories?: (CategoryList | null)[];
  /** Trees per boosting round (XGBoost's num_parallel_tree, boosted random forests). Absent means 1. */
  nParallelTree?: number;
  /**
   * XGBoost's learner_model_param.boost_from_average: false when base_score was given rather
   * than estimated from the data. Absent means true. Does not affect prediction.
   */
  boostFromAverage?: boolean;
  /** Learner attributes (string map), e.g. best_iteration. */
  attributes: Record<string, string>;
  /** Data under the top-level `lambdaboost` key (training params, position biases, bin cuts). */
  extra: Record<string, unknown>;
}
