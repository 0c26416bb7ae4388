/**
 * The objective interface (a blend of XGBoost's ObjFunction and LightGBM's ObjectiveFunction):
 * turns current margins into gradient/hessian pairs, and maps margins to outputs.
 */
import type { GradArray } from '../types.js';

/** What an objective sees of the training data. */
export interface ObjectiveData {
  /** Float32Array, length nRows. */
  readonly label: Float32Array;
  /** Float32Array, length nRows, or null (all 1). For ranking the weight of a query is the weight of its first row. */
  readonly weight: Float32Array | null;
  /** Uint32Array, length nQueries + 1, or null. */
  readonly queryOffsets: Uint32Array | null;
  /** Int32Array, length nRows, or null (row order within the query). */
  readonly position: Int32Array | null;
  readonly nRows: number;
  /** File name for error messages. */
  readonly source: string;
  /** How messages name the label column (Dataset.labelName; default `label`). */
  readonly labelName?: string | number;
}

export interface Objective {
  /** XGBoost name, e.g. `reg:squarederror`. */
  readonly name: string;
  /** Default evaluation metric name (XGBoost's DefaultEvalMetric). */
  readonly defaultMetric: string;
  /** Whether the objective needs query groups. */
  readonly needsGroups: boolean;
  /**
   * Checks labels (throws DataError naming the row) and prepares per-data state. Called once
   * per training set before the first `gradients` call.
   */
  init(data: ObjectiveData): void;
  /**
   * Writes gradients for every row.
   * @param margins in: Float32Array, length nRows, current raw scores.
   * @param gh out: Float32Array, length 2*nRows, interleaved (g, h).
   * @param iteration 0-based boosting round.
   */
  gradients(margins: Float32Array, gh: GradArray, iteration: number): void;
  /**
   * Row-separable objectives (each row's gradient depends only on that row): `gradients` for rows
   * [rowStart, rowEnd) only, so threads can share the rows. Absent for query-wise objectives.
   */
  gradientsRange?(margins: Float32Array, gh: GradArray, rowStart: number, rowEnd: number): void;
  /**
   * The intercept estimated from the data in output space (XGBoost's base_score), used when the
   * user gives none.
   */
  initBaseScore(data: ObjectiveData): number;
  /** Output space -> margin (float32), XGBoost's ProbToMargin. */
  probToMargin(baseScore: number): number;
  /** Margin -> output (float32), in place over `values`. */
  transform(values: Float32Array): void;
  /** The objective's JSON object for the model file (XGBoost layout). */
  toJSON(): Record<string, unknown>;
  /**
   * Adaptive leaves (XGBoost's UpdateTreeLeaf, e.g. reg:absoluteerror): the unscaled output of a
   * leaf from its rows, replacing the Newton step. Absent for objectives without it.
   * @param rows in: partition array; the leaf's rows are rows[start..end).
   * @param margins in: Float32Array, length nRows, margins before this tree.
   * @param gh in: the round's gradient pairs (rows left out by subsampling have h = 0 and are skipped).
   */
  leafValue?(rows: Uint32Array, start: number, end: number, margins: Float32Array, gh: Float32Array): number;
  /** Learned position biases in the model file's form (`lambdaboost.position_bias`); absent or null without them. */
  positionBiasJSON?(): unknown;
  /** Continued training: restores learned state kept in the model's lambdaboost section (before `init`). */
  restoreState?(extra: Record<string, unknown>, source: string): void;
  /** Lines about the run for the user (e.g. which positions were tracked), after training. */
  notes?(): string[];
  /** Outputs per row, K (multi-class: one tree per class per round, tree_info = class); absent = 1. */
  readonly nGroups?: number;
  /**
   * Multi-output gradients (replaces `gradients` when nGroups > 1).
   * @param margins in: K Float32Arrays of length nRows, one per output group.
   * @param gh out: K GradArrays of length 2 nRows, one per output group.
   */
  gradientsGroups?(margins: readonly Float32Array[], gh: readonly GradArray[], iteration: number): void;
  /** Multi-output intercepts: Float32Array of length K, each group's starting margin (replaces initBaseScore). */
  initBaseScores?(data: ObjectiveData): Float32Array;
}
