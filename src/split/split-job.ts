/** One node's split search, as the grower hands it to a split finder (serial or on worker threads). */
import type { SumArray } from '../types.js';
import type { SplitInfo } from './split-info.js';

export interface SplitJob {
  /** The node's histogram (the kernels' memory). */
  readonly hist: SumArray;
  /** Int32Array: candidate features in scan order (its own copy), length >= count. */
  readonly features: Int32Array;
  readonly count: number;
  readonly sumGrad: number;
  readonly sumHess: number;
  /** min_data_in_leaf (LightGBM's scan, kernels/ts/lightgbm-scan.ts), or undefined / 0 = off. */
  readonly minData?: number;
  /** The node's rows in the bag (read when `minData` > 0). */
  readonly rows?: number;
  /**
   * Out (with `minData` > 0): Uint8Array, length >= count: 1 where features[k] had a valid candidate
   * (LightGBM's is_splittable_), else 0.
   */
  readonly splittable?: Uint8Array;
  /**
   * With monotone constraints (SplitSearch built with directions): the node's float32 weight bounds
   * and its own score at its weight clamped to its parent's bounds (tree/monotone-bounds.ts).
   */
  readonly bounds?: { readonly lower: number; readonly upper: number; readonly rootGain: number };
  /** Updated in place with the best split (starts as noSplit()). */
  readonly best: SplitInfo;
}

/** Finds the best split of each job (serially, or on worker threads: same results). */
export interface SplitFinder {
  find(jobs: readonly SplitJob[]): Promise<void>;
}
