/**
 * LightGBM 4.6's lambdarank gradient of one query (src/objective/rank_objective.hpp,
 * LambdarankNDCG::GetGradientsForOneQuery; NDCG pieces from src/metric/dcg_calculator.cpp),
 * restated:
 *
 * 1. Order the query by a stable descending sort of its scores (double; with position debiasing,
 *    score + bias factor of the row's position).
 * 2. For every rank i < min(n - 1, truncation_level) and every j > i with a different label (the
 *    "high" document has the larger label; gains are indexed by the label's integer part, as
 *    LightGBM's static_cast<int>): delta NDCG = (gain[y_high] - gain[y_low]) *
 *    |D(r_high) - D(r_low)| / maxDCG@truncation_level, D(r) = 1/log2(2 + r); with
 *    `lambdarank_norm` and a query whose best and worst scores differ, divided by
 *    0.01f + |s_high - s_low|.
 * 3. p = the sigmoid table's value at s_high - s_low (LightGBM's 2^20-bin table of
 *    1/(1 + exp(sigmoid x)) over [-25/sigmoid, 25/sigmoid), taken at the bin's lower edge; the
 *    edges beyond), lambda = -sigmoid p delta, hess = sigmoid^2 p (1 - p) delta; g_low -= lambda,
 *    g_high += lambda, h_low += hess, h_high += hess, each rounded to float32 (score_t);
 *    S -= 2 lambda.
 * 4. With `lambdarank_norm` and S > 0, every g and h times log2(1 + S) / S (float32).
 *
 * A query without relevant documents has maxDCG 0, hence 1/maxDCG = 0: every delta is 0 and its
 * g and h are 0 (LightGBM keeps the 0 it finds instead of inverting it). Per-row weights (LightGBM's
 * rule) are applied by the caller. Nothing is allocated per query.
 */
import type { Kernels } from '../kernels.js';
import { argsortDesc, resortDesc } from './argsort.js';
import {
  highestSigmoidBin, LIGHTGBM_SIGMOID_BINS, lightgbmPairs, lightgbmSigmoidBin, lightgbmSigmoidEntry, lowestSigmoidBin,
  type LightGbmSigmoidRange,
} from './lightgbm-pairs.js';

/**
 * LightGBM's sigmoid lookup (LambdarankNDCG::GetSigmoid / ConstructSigmoidTable) over a table of
 * 2^20 + 1 doubles (the extra entry is the bin a value a hair below the top edge rounds to). The
 * table is filled as far as the scores need (`cover`, on the thread that owns it, before the pairs
 * run), so short runs compute only the bins they can reach; 0 marks an entry not yet computed (an
 * entry is never 0: its exponent lies in [-25, 25]).
 */
export class LightGbmSigmoid implements LightGbmSigmoidRange {
  readonly minInput: number;
  readonly maxInput: number;
  readonly factor: number;
  /** The table handed in, or this object's own once first read (a gradient run through the units fills theirs). */
  private own: Float64Array | null;
  /** The filled bins: [lo, hi). */
  private lo: number;
  private hi: number;

  /**
   * @param sigmoid LightGBM's `sigmoid` (> 0).
   * @param table where the entries go: Float64Array, length 2^20 + 1, zero (its own when omitted).
   */
  constructor(readonly sigmoid: number, table?: Float64Array) {
    this.minInput = -50 / sigmoid / 2;
    this.maxInput = -this.minInput;
    this.factor = LIGHTGBM_SIGMOID_BINS / (this.maxInput - this.minInput);
    if (table && table.length !== LIGHTGBM_SIGMOID_BINS + 1) throw new RangeError(`sigmoid table of ${table.length} entries, not 2^20 + 1`);
    this.own = table ?? null;
    this.lo = this.hi = lightgbmSigmoidBin(this, 0);
  }

  /** Float64Array, length 2^20 + 1: the entries filled so far, 0 elsewhere (8 MiB, allocated on first read when not handed in). */
  get table(): Float64Array {
    return this.own ??= new Float64Array(LIGHTGBM_SIGMOID_BINS + 1);
  }

  /**
   * Fills every bin an input of magnitude <= `spread` can fall in (lowestSigmoidBin ..
   * highestSigmoidBin), so the filled bins stay one interval around bin(0).
   */
  cover(spread: number): void {
    const lo = lowestSigmoidBin(this, spread);
    const hi = highestSigmoidBin(this, spread) + 1;
    const t = this.table;
    for (let i = lo; i < this.lo; i++) t[i] = lightgbmSigmoidEntry(this, i);
    for (let i = this.hi; i < hi; i++) t[i] = lightgbmSigmoidEntry(this, i);
    this.lo = Math.min(this.lo, lo);
    this.hi = Math.max(this.hi, hi);
  }

  /** GetSigmoid(x): the entry of the bin holding x; the first / last entry outside the range. */
  at(x: number): number {
    const bin = lightgbmSigmoidBin(this, x);
    const v = this.table[bin];
    return v !== undefined && v > 0 ? v : lightgbmSigmoidEntry(this, bin);
  }
}

/**
 * The largest spread max - min of one query's scores over `offsets`' queries (Infinity when a score
 * is not finite): what LightGbmSigmoid.cover needs for their pairs.
 * @param scores Float64Array or Float32Array, length nRows. @param offsets Uint32Array, nQueries + 1.
 * @param biasIndex Int32Array [nRows] and biasFactors Float32Array: scores + factor, or null.
 */
export function scoreSpread(scores: Float64Array | Float32Array, offsets: Uint32Array, biasIndex: Int32Array | null, biasFactors: Float32Array | null): number {
  let spread = 0;
  for (let q = 0; q + 1 < offsets.length; q++) {
    let max = -Infinity;
    let min = Infinity;
    for (let r = offsets[q]!; r < offsets[q + 1]!; r++) {
      const v = biasFactors !== null ? scores[r]! + biasFactors[biasIndex![r]!]! : scores[r]!;
      if (!Number.isFinite(v)) return Infinity;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    if (max - min > spread) spread = max - min;
  }
  return spread;
}

/** LightGBM's default label_gain: 0, 1, 3, ..., 2^30 - 1 (31 labels). */
export function defaultLabelGain(): Float64Array {
  const g = new Float64Array(31);
  for (let i = 1; i < 31; i++) g[i] = 2 ** i - 1;
  return g;
}

/** D(r) = 1/log2(2 + r) for r < n (LightGBM's table stops at 10,000 rows; longer lists extend it). */
export function lightgbmDiscounts(n: number): Float64Array {
  const d = new Float64Array(Math.max(1, n));
  for (let i = 0; i < d.length; i++) d[i] = 1 / Math.log2(2 + i);
  return d;
}

/**
 * maxDCG@k of one query (DCGCalculator::CalMaxDCGAtK): the best k labels' gains, each at its
 * discount, counting labels down from the largest gain index. A label's gain index is its integer
 * part (LightGBM's static_cast<int>: a label within 1e-15 above an integer counts as that integer).
 * @param labels in: the query's labels at `labels[begin .. begin + n)`, integers < gain.length.
 * @param counts scratch: Int32Array, length gain.length.
 */
export function maxDcgAtK(k: number, labels: Float32Array, begin: number, n: number, gain: Float64Array, discount: Float64Array, counts: Int32Array): number {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[Math.trunc(labels[begin + i]!)]!++;
  let top = gain.length - 1;
  let ret = 0;
  const kk = Math.min(k, n);
  for (let j = 0; j < kk; j++) {
    while (top > 0 && counts[top]! <= 0) top--;
    ret += discount[j]! * gain[top]!;
    counts[top]!--;
  }
  return ret;
}

/** Read-only inputs shared by every query of one training set. */
export interface LightGbmLambdaInputs {
  /** Float32Array, length nRows: integer labels < labelGain.length. */
  readonly labels: Float32Array;
  /** Float64Array: gain of each label. */
  readonly labelGain: Float64Array;
  /** Float64Array, length nQueries: 1/maxDCG@truncation (0 for a query without relevant documents). */
  readonly invMaxDcg: Float64Array;
  /** Float64Array, length >= the largest query. */
  readonly discount: Float64Array;
  readonly sigmoid: LightGbmSigmoid;
  readonly truncation: number;
  readonly norm: boolean;
}

/** Per-query working memory, sized to the largest query. */
export class LightGbmLambdaScratch {
  /** Uint32Array, length maxQuery: the order (local indices, best first). */
  readonly order: Uint32Array;
  readonly tmp: Uint32Array;
  /** Float32Array, length maxQuery: g and h per local row (score_t). */
  readonly g: Float32Array;
  readonly h: Float32Array;
  /** Float64Array, length maxQuery: the query's scores (double). */
  readonly score: Float64Array;
  /** By rank (length maxQuery): labels, g and h sums (Float32Array), scores and gains (Float64Array). */
  rankLabel: Float32Array;
  rankG: Float32Array;
  rankH: Float32Array;
  rankScore: Float64Array;
  rankGain: Float64Array;
  /** The kernels whose lightgbmPairs runs the pairs; null: the TypeScript kernel. */
  private pairKernels: Kernels | null = null;

  constructor(maxQuery: number) {
    this.order = new Uint32Array(maxQuery);
    this.tmp = new Uint32Array(maxQuery);
    this.g = new Float32Array(maxQuery);
    this.h = new Float32Array(maxQuery);
    this.score = new Float64Array(maxQuery);
    this.rankLabel = new Float32Array(maxQuery);
    this.rankG = new Float32Array(maxQuery);
    this.rankH = new Float32Array(maxQuery);
    this.rankScore = new Float64Array(maxQuery);
    this.rankGain = new Float64Array(maxQuery);
  }

  /**
   * Runs the pairs through `kernels.lightgbmPairs` on arrays from its memory: `f32` holds labels, g
   * and h by rank (3 x maxQuery floats), `f64` scores and gains by rank (2 x maxQuery doubles).
   * The sigmoid table and the discounts must come from that memory too. Results are the
   * TypeScript kernel's to the bit.
   */
  usePairKernel(kernels: Kernels, f32: Float32Array, f64: Float64Array): void {
    const m = this.order.length;
    if (f32.length < 3 * m || f64.length < 2 * m) throw new RangeError(`LightGbmLambdaScratch: pair arrays shorter than 3 x / 2 x ${m}`);
    this.pairKernels = kernels;
    this.rankLabel = f32.subarray(0, m);
    this.rankG = f32.subarray(m, 2 * m);
    this.rankH = f32.subarray(2 * m, 3 * m);
    this.rankScore = f64.subarray(0, m);
    this.rankGain = f64.subarray(m, 2 * m);
  }

  /** The pair kernel: `kernels.lightgbmPairs` (usePairKernel) or the TypeScript one. */
  pairs(
    y: Float32Array, sc: Float64Array, gain: Float64Array, disc: Float64Array, gR: Float32Array, hR: Float32Array,
    sig: LightGbmSigmoid, n: number, top: number, invMaxDcg: number, scaleByGap: boolean,
  ): number {
    const k = this.pairKernels;
    return k === null
      ? lightgbmPairs(y, sc, gain, disc, gR, hR, sig.table, sig, n, top, invMaxDcg, scaleByGap)
      : k.lightgbmPairs(y, sc, gain, disc, gR, hR, sig.table, sig, n, top, invMaxDcg, scaleByGap);
  }
}

/**
 * Writes the lambdas and hessians of one query into `s.g[0..n)` / `s.h[0..n)` (local rows): the
 * stable sort, the query laid out by rank, the pairs (Kernels.lightgbmPairs, lightgbm-pairs.ts),
 * then LightGBM's normalisation. Bit for bit the pair-by-pair restatement
 * (naiveLightgbmLambdaQuery, lightgbm-lambda-naive.ts).
 * @param inp shared inputs (the sigmoid table covering this query's scores: LightGbmSigmoid.cover,
 *   or any entry it lacks is computed by formula in the TypeScript kernel).
 * @param q the query's index (for 1/maxDCG).
 * @param begin first row of the query; `s.score[0..n)` holds its scores on entry.
 * @param orders in/out: Uint32Array holding a permutation of 0 .. n-1 at `begin` (say, last
 *   round's order of this query), re-sorted in place into this round's; null: sort from scratch.
 */
export function lightgbmLambdaQuery(
  inp: LightGbmLambdaInputs, q: number, begin: number, n: number, s: LightGbmLambdaScratch, orders: Uint32Array | null = null,
): void {
  if (n < 1) return;
  const score = s.score;
  const order = s.order;
  if (orders === null) argsortDesc(score, 0, n, order, s.tmp);
  else {
    // Last round's order re-sorted: the same order as sorting from scratch (see resortDesc).
    resortDesc(score, 0, n, orders, begin, s.tmp, order);
    for (let r = 0; r < n; r++) order[r] = orders[begin + r]!;
  }
  const labels = inp.labels;
  const gain = inp.labelGain;
  const rs = s.rankScore;
  const rgain = s.rankGain;
  const ry = s.rankLabel;
  const rg = s.rankG;
  const rh = s.rankH;
  for (let r = 0; r < n; r++) {
    const o = order[r]!;
    const y = labels[begin + o]!;
    rs[r] = score[o]!;
    ry[r] = y;
    rgain[r] = gain[Math.trunc(y)]!;
    rg[r] = 0;
    rh[r] = 0;
  }
  const best = rs[0]!;
  let worstIdx = n - 1;
  if (worstIdx > 0 && rs[worstIdx] === -Infinity) worstIdx--;
  const worst = rs[worstIdx]!;
  const scaleByGap = inp.norm && best !== worst;
  const top = Math.min(n - 1, inp.truncation);
  const sumLambdas = s.pairs(ry, rs, rgain, inp.discount, rg, rh, inp.sigmoid, n, top, inp.invMaxDcg[q]!, scaleByGap);
  const g = s.g;
  const h = s.h;
  if (inp.norm && sumLambdas > 0) {
    const f = Math.log2(1 + sumLambdas) / sumLambdas;
    for (let r = 0; r < n; r++) {
      const o = order[r]!;
      g[o] = Math.fround(rg[r]! * f);
      h[o] = Math.fround(rh[r]! * f);
    }
  } else {
    for (let r = 0; r < n; r++) {
      const o = order[r]!;
      g[o] = rg[r]!;
      h[o] = rh[r]!;
    }
  }
}
