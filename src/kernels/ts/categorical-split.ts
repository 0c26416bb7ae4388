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
 * The grower's split search calls it for every categorical candidate (split-scan.ts scanCandidates, in
 * feature order between the numerical kernel's runs); the chosen set is partitioned by a code table
 * (loops.ts partitionByTable).
 */
import { leafWeight, lossChange, nodeGain, type GainParams } from './gain.js';
import type { SumArray } from '../../types.js';

/** The categorical parameters of the search (XGBoost's TrainParam). */
export interface CategoricalParams {
  /** One-hot splits when a feature has fewer bins than this (default 4). */
  readonly maxCatToOnehot: number;
  /** At most this many sorted categories are enumerated in each direction of a partition split (default 64). */
  readonly maxCatThreshold: number;
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
 * Sort keys of the partition search, one 64-bit word per category: the float32 weight's bits made
 * order-preserving as an unsigned integer in the high half, the category code in the low half, so
 * a numeric sort of them is the stable sort by weight (a BigUint64Array sort: several times faster
 * than a Float64Array's; the halves are written through a Uint32Array view, no BigInt is made).
 */
let keys = new BigUint64Array(0);
let keyWords = new Uint32Array(0);
/** Word offsets of the low (code) and high (weight) halves of a key on this host. */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;
/** Scratch of the search (module state: one per thread), grown on demand. */
let order = new Int32Array(0);
let inSet = new Uint8Array(0);
const weightBits = new Float32Array(1);
const weightWord = new Uint32Array(weightBits.buffer);

/**
 * The best split of categorical feature `feature` in a node's histogram.
 * @param hist in: the node's histogram (g, h doubles per slot; feature f's bins from slot
 *   histOffsets[f], nBins[f] of them, then its missing slot, which is not read: missing is the node
 *   total minus the bins, as XGBoost computes it).
 * @param sumGrad, sumHess the node's totals (including rows with missing values).
 * @param withSet false: leave `categories` empty (the split units need only the loss change and
 *   sums; the winner's set is computed again, finder.ts setCategories).
 */
export function bestCategoricalSplit(
  p: GainParams, cp: CategoricalParams, hist: SumArray, histOffsets: Uint32Array, nBins: Uint32Array,
  feature: number, sumGrad: number, sumHess: number, withSet = true,
): CategoricalSplit {
  const nb = nBins[feature]!;
  const base = histOffsets[feature]! * 2;
  const parentGain = nodeGain(p, sumGrad, sumHess);
  const mcw = Math.fround(p.minChildWeight);
  const best: CategoricalSplit = {
    lossChg: -Infinity, defaultLeft: false, categories: [], sumGradLeft: 0, sumHessLeft: 0, sumGradRight: 0, sumHessRight: 0,
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
      if (offer(best, p, mcw, parentGain, sumGrad - rg, sumHess - rh, rg, rh, true)) chosen = b;
      const rg2 = rg + mg;
      const rh2 = rh + mh;
      if (offer(best, p, mcw, parentGain, sumGrad - rg2, sumHess - rh2, rg2, rh2, false)) chosen = b;
    }
    if (chosen >= 0 && withSet) best.categories = [chosen];
    return best;
  }
  const sorted = sortByWeight(p, hist, base, nb);
  const m = Math.min(cp.maxCatThreshold, nb);
  let size = 0;
  // Forward: the first j + 1 sorted categories right, missing left.
  let rg = 0;
  let rh = 0;
  for (let j = 0; j < m - 1; j++) {
    const at = base + 2 * sorted[j]!;
    rg += hist[at]!;
    rh += hist[at + 1]!;
    if (offer(best, p, mcw, parentGain, sumGrad - rg, sumHess - rh, rg, rh, true)) size = j + 1;
  }
  // Backward: sorted categories from j on left, the first j and missing right.
  let lg = 0;
  let lh = 0;
  for (let j = nb - 1; j > nb - m; j--) {
    const at = base + 2 * sorted[j]!;
    lg += hist[at]!;
    lh += hist[at + 1]!;
    if (offer(best, p, mcw, parentGain, lg, lh, sumGrad - lg, sumHess - lh, false)) size = j;
  }
  if (size > 0 && withSet) {
    // The first `size` sorted codes, ascending: marked, then collected in code order.
    if (inSet.length < nb) inSet = new Uint8Array(2 * nb);
    inSet.fill(0, 0, nb);
    for (let j = 0; j < size; j++) inSet[sorted[j]!] = 1;
    const set: number[] = [];
    for (let b = 0; b < nb; b++) if (inSet[b] === 1) set.push(b);
    best.categories = set;
  }
  return best;
}

/**
 * SplitEntry::Update within one feature: a candidate with both hessians > 0 and >= min_child_weight
 * and a finite, strictly larger loss change replaces `best`.
 * @returns true when it did.
 */
function offer(
  best: CategoricalSplit, p: GainParams, mcw: number, parentGain: number, gl: number, hl: number, gr: number, hr: number, defaultLeft: boolean,
): boolean {
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
}

/**
 * The codes 0..nb-1 stably sorted by their float32 weight (CalcWeightCat, ascending; -0 and +0
 * equal), by the 64-bit keys above; a NaN weight takes the comparator sort instead, whose order
 * with NaN is its own (NaN compares equal to everything).
 * @param hist in: a histogram whose category bins start at double `base` (g, h per bin).
 * @returns Int32Array view (module scratch, valid until the next call) of length nb: the sorted codes.
 */
export function sortByWeight(p: GainParams, hist: SumArray, base: number, nb: number): Int32Array {
  if (keys.length < nb) {
    keys = new BigUint64Array(2 * nb);
    keyWords = new Uint32Array(keys.buffer);
    order = new Int32Array(2 * nb);
  }
  const words = keyWords;
  const out = order.subarray(0, nb);
  let ok = true;
  for (let b = 0; b < nb && ok; b++) {
    const w = Math.fround(leafWeight(p, hist[base + 2 * b]!, hist[base + 2 * b + 1]!));
    if (w !== w) ok = false;
    weightBits[0] = w === 0 ? 0 : w;
    const bits = weightWord[0]!;
    // Negative floats: larger bits are more negative (complement); positive: above every negative.
    words[2 * b + HIGH] = bits >= 0x80000000 ? ~bits : bits + 0x80000000;
    words[2 * b + LOW] = b;
  }
  if (ok) {
    keys.subarray(0, nb).sort();
    for (let j = 0; j < nb; j++) out[j] = words[2 * j + LOW]!;
    return out;
  }
  const weight = new Float32Array(nb);
  for (let b = 0; b < nb; b++) weight[b] = leafWeight(p, hist[base + 2 * b]!, hist[base + 2 * b + 1]!);
  const list = Array.from({ length: nb }, (_, b) => b);
  list.sort((a, b) => (weight[a]! < weight[b]! ? -1 : weight[b]! < weight[a]! ? 1 : 0));
  out.set(list);
  return out;
}
