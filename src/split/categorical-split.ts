/**
 * The split search over one categorical feature's histogram, as XGBoost 3.4.1's hist evaluates it
 * (src/tree/hist/evaluate_splits.h, EvaluateSplits / EnumerateOneHot / EnumeratePart). Bin b of a
 * categorical feature is category code b (src/binning/category-cuts.ts); the feature has nBins =
 * largest code + 1 bins, and the chosen categories go RIGHT (XGBoost's category bit set):
 *
 * - one-hot (nBins < max_cat_to_onehot, categorical.h UseOneHot): for each category c in code
 *   order, {c} right with missing left, then {c} + missing right; missing = node total minus the sum
 *   of the feature's bins (in double, as XGBoost subtracts it); the loss change is float32.
 * - partition (otherwise): the categories stably sorted by their float32 weight -G/(H + lambda)
 *   (CalcWeightCat, ascending), then with m = min(max_cat_threshold, nBins):
 *   forward, the first j + 1 sorted categories right and everything else with missing left, for
 *   j = 0..m-2 (default left); backward, the categories from sorted position j on left and the rest
 *   with missing right, for j = nBins-1 down to nBins-m+1 (default right; the set is the first j).
 * Every category takes part (an empty one too, XGBoost skips none); a candidate needs both children's
 * hessian > 0 and >= min_child_weight (IsValidSplit); only a strictly larger loss change replaces the
 * feature's best (SplitEntry::Update within one feature). Gains in the float32 steps of gain.ts.
 *
 * The grower's split search calls it for every categorical candidate (finder.ts scanCandidates, in
 * feature order between the numerical kernel's runs); the chosen set is partitioned by a code table
 * (kernels/ts/loops.ts partitionByTable).
 */
import { leafWeight, lossChange, nodeGain, type GainParams } from './gain.js';
import type { SumArray } from '../types.js';
import type { Params } from '../params/schema.js';

/** The categorical parameters of the search (XGBoost's TrainParam). */
export interface CategoricalParams {
  /** One-hot splits when a feature has fewer bins than this (default 4). */
  readonly maxCatToOnehot: number;
  /** At most this many sorted categories are enumerated in each direction of a partition split (default 64). */
  readonly maxCatThreshold: number;
}

/** The categorical parameters of resolved training parameters (defaults and bounds in src/params/schema.ts). */
export function categoricalParams(params: Pick<Params, 'max_cat_to_onehot' | 'max_cat_threshold'>): CategoricalParams {
  return { maxCatToOnehot: params.max_cat_to_onehot, maxCatThreshold: params.max_cat_threshold };
}

/** The best split of one categorical feature. */
export interface CategoricalSplit {
  /** Float32 loss change, -Infinity when no valid split exists (then the other fields are unset). */
  lossChg: number;
  defaultLeft: boolean;
  /** Category codes that go right, ascending (XGBoost's `categories` of the node). */
  categories: number[];
  sumGradLeft: number;
  sumHessLeft: number;
  sumGradRight: number;
  sumHessRight: number;
}

/**
 * The best split of categorical feature `feature` in a node's histogram.
 * @param hist in: the node's histogram (g, h doubles per slot; feature f's bins from slot
 *   histOffsets[f], nBins[f] of them, then its missing slot, which is not read: missing is the node
 *   total minus the bins, as XGBoost computes it).
 * @param sumGrad, sumHess the node's totals (including rows with missing values).
 */
export function bestCategoricalSplit(
  p: GainParams, cp: CategoricalParams, hist: SumArray, histOffsets: Uint32Array, nBins: Uint32Array,
  feature: number, sumGrad: number, sumHess: number,
): CategoricalSplit {
  const nb = nBins[feature]!;
  const base = histOffsets[feature]! * 2;
  const parentGain = nodeGain(p, sumGrad, sumHess);
  const mcw = Math.fround(p.minChildWeight);
  const best: CategoricalSplit = {
    lossChg: -Infinity, defaultLeft: false, categories: [], sumGradLeft: 0, sumHessLeft: 0, sumGradRight: 0, sumHessRight: 0,
  };
  /** SplitEntry::Update within one feature: a finite, strictly larger loss change. */
  const offer = (gl: number, hl: number, gr: number, hr: number, defaultLeft: boolean): boolean => {
    if (!(hl > 0 && hr > 0 && hl >= mcw && hr >= mcw)) return false;
    const chg = lossChange(nodeGain(p, gl, hl), nodeGain(p, gr, hr), parentGain);
    if (!Number.isFinite(chg) || !(chg > best.lossChg)) return false;
    best.lossChg = chg;
    best.defaultLeft = defaultLeft;
    best.sumGradLeft = gl;
    best.sumHessLeft = hl;
    best.sumGradRight = gr;
    best.sumHessRight = hr;
    return true;
  };
  if (nb < cp.maxCatToOnehot) {
    let fg = 0;
    let fh = 0;
    for (let b = 0; b < nb; b++) {
      fg += hist[base + 2 * b]!;
      fh += hist[base + 2 * b + 1]!;
    }
    const mg = sumGrad - fg;
    const mh = sumHess - fh;
    let chosen = -1;
    for (let b = 0; b < nb; b++) {
      const rg = hist[base + 2 * b]!;
      const rh = hist[base + 2 * b + 1]!;
      if (offer(sumGrad - rg, sumHess - rh, rg, rh, true)) chosen = b;
      const rg2 = rg + mg;
      const rh2 = rh + mh;
      if (offer(sumGrad - rg2, sumHess - rh2, rg2, rh2, false)) chosen = b;
    }
    if (chosen >= 0) best.categories = [chosen];
    return best;
  }
  const order = Array.from({ length: nb }, (_, b) => b);
  const weight = new Float32Array(nb);
  for (let b = 0; b < nb; b++) weight[b] = leafWeight(p, hist[base + 2 * b]!, hist[base + 2 * b + 1]!);
  order.sort((a, b) => (weight[a]! < weight[b]! ? -1 : weight[b]! < weight[a]! ? 1 : 0));
  const m = Math.min(cp.maxCatThreshold, nb);
  let size = 0;
  // Forward: the first j + 1 sorted categories right, missing left.
  let rg = 0;
  let rh = 0;
  for (let j = 0; j < m - 1; j++) {
    rg += hist[base + 2 * order[j]!]!;
    rh += hist[base + 2 * order[j]! + 1]!;
    if (offer(sumGrad - rg, sumHess - rh, rg, rh, true)) size = j + 1;
  }
  // Backward: sorted categories from j on left, the first j and missing right.
  let lg = 0;
  let lh = 0;
  for (let j = nb - 1; j > nb - m; j--) {
    lg += hist[base + 2 * order[j]!]!;
    lh += hist[base + 2 * order[j]! + 1]!;
    if (offer(lg, lh, sumGrad - lg, sumHess - lh, false)) size = j;
  }
  if (size > 0) best.categories = order.slice(0, size).sort((a, b) => a - b);
  return best;
}
