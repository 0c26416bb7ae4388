/**
 * LightGBM 4.6's lambdarank gradient of one query (src/objective/rank_objective.hpp,
 * LambdarankNDCG::GetGradientsForOneQuery; NDCG pieces from src/metric/dcg_calculator.cpp),
 * restated:
 *
 * 1. Order the query by a stable descending sort of its scores (double; with position debiasing,
 *    score + bias factor of the row's position).
 * 2. For every rank i < min(n - 1, truncation_level) and every j > i with a different label (the
 *    "high" document has the larger label): delta NDCG = (gain[y_high] - gain[y_low]) *
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
import { argsortDesc } from './argsort.js';

/** Bins of LightGBM's sigmoid table (1024 * 1024). */
const SIGMOID_BINS = 1024 * 1024;
/** LightGBM's 0.01f added to |s_high - s_low|. */
const SCORE_GAP_EPS = Math.fround(0.01);

/**
 * LightGBM's sigmoid lookup (LambdarankNDCG::GetSigmoid / ConstructSigmoidTable): the table of
 * 2^20 entries, each filled the first time it is read (an entry is never 0: its exponent lies in
 * [-25, 25], so 0 marks "not yet computed"), so short runs pay only for the bins they touch. The
 * table is per instance (one per thread), 8 MiB of Float64 when full.
 */
export class LightGbmSigmoid {
  private readonly minInput: number;
  private readonly maxInput: number;
  private readonly factor: number;
  /** Float64Array, length 2^20: entry i, or 0 before its first read. */
  private readonly table = new Float64Array(SIGMOID_BINS);

  /** @param sigmoid LightGBM's `sigmoid` (> 0). */
  constructor(readonly sigmoid: number) {
    this.minInput = -50 / sigmoid / 2;
    this.maxInput = -this.minInput;
    this.factor = SIGMOID_BINS / (this.maxInput - this.minInput);
  }

  /** The table entry of bin `i`: 1 / (1 + exp(sigmoid * (i / factor + min))). */
  private entry(i: number): number {
    const score = i / this.factor + this.minInput;
    return 1 / (1 + Math.exp(score * this.sigmoid));
  }

  /**
   * GetSigmoid(x): the entry of the bin holding x; the first / last entry outside the range. A bin
   * index past the table (x a hair below the top edge, or NaN) is computed by the formula.
   */
  at(x: number): number {
    let i: number;
    if (x <= this.minInput) i = 0;
    else if (x >= this.maxInput) i = SIGMOID_BINS - 1;
    else {
      i = Math.floor((x - this.minInput) * this.factor);
      if (!(i < SIGMOID_BINS)) return this.entry(i);
    }
    const t = this.table;
    const v = t[i]!;
    if (v !== 0) return v;
    return (t[i] = this.entry(i));
  }
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
 * discount, counting labels down from the largest gain index.
 * @param labels in: the query's labels at `labels[begin .. begin + n)`, integers < gain.length.
 * @param counts scratch: Int32Array, length gain.length.
 */
export function maxDcgAtK(k: number, labels: Float32Array, begin: number, n: number, gain: Float64Array, discount: Float64Array, counts: Int32Array): number {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[labels[begin + i]!]!++;
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
  /** Float32Array, length maxQuery: g and h accumulated per local row (score_t). */
  readonly g: Float32Array;
  readonly h: Float32Array;
  /** Float64Array, length maxQuery: the query's scores (double). */
  readonly score: Float64Array;
  /** By rank (length maxQuery): scores and gains (Float64Array), labels, g and h (Float32Array). */
  readonly rankScore: Float64Array;
  readonly rankGain: Float64Array;
  readonly rankLabel: Float32Array;
  readonly rankG: Float32Array;
  readonly rankH: Float32Array;
  constructor(maxQuery: number) {
    this.order = new Uint32Array(maxQuery);
    this.tmp = new Uint32Array(maxQuery);
    this.g = new Float32Array(maxQuery);
    this.h = new Float32Array(maxQuery);
    this.score = new Float64Array(maxQuery);
    this.rankScore = new Float64Array(maxQuery);
    this.rankGain = new Float64Array(maxQuery);
    this.rankLabel = new Float32Array(maxQuery);
    this.rankG = new Float32Array(maxQuery);
    this.rankH = new Float32Array(maxQuery);
  }
}

/**
 * Writes the lambdas and hessians of one query into `s.g[0..n)` / `s.h[0..n)` (local rows).
 * @param inp shared inputs. @param q the query's index (for 1/maxDCG).
 * @param begin first row of the query; `s.score[0..n)` holds its scores on entry.
 *
 * The pairs are visited in LightGBM's order (rank i ascending, then j > i ascending) on copies of
 * the scores, labels and gains laid out by rank, and every g and h receives its float32 additions
 * in that order, so the result is that of the pair-by-pair restatement (naiveLightgbmLambdaQuery in
 * lightgbm-lambda-naive.ts, which the tests hold it to) bit for bit: the rank-i document's sums
 * are carried in locals through its row of pairs (nothing else touches them meanwhile), and
 * |D(high) - D(low)| = |D(i) - D(j)| exactly (x - y = -(y - x) in IEEE arithmetic).
 */
export function lightgbmLambdaQuery(inp: LightGbmLambdaInputs, q: number, begin: number, n: number, s: LightGbmLambdaScratch): void {
  const g = s.g;
  const h = s.h;
  if (n < 1) return;
  const score = s.score;
  const order = s.order;
  argsortDesc(score, 0, n, order, s.tmp);
  const labels = inp.labels;
  const gain = inp.labelGain;
  const disc = inp.discount;
  const sig = inp.sigmoid;
  const sigma = sig.sigmoid;
  const negSigma = -sigma;
  const sigma2 = sigma * sigma;
  const invMaxDcg = inp.invMaxDcg[q]!;
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
    rgain[r] = gain[y]!;
    rg[r] = 0;
    rh[r] = 0;
  }
  const best = rs[0]!;
  let worstIdx = n - 1;
  if (worstIdx > 0 && rs[worstIdx] === -Infinity) worstIdx--;
  const worst = rs[worstIdx]!;
  const scaleByGap = inp.norm && best !== worst;
  let sumLambdas = 0;
  const top = Math.min(n - 1, inp.truncation);
  for (let i = 0; i < top; i++) {
    const si = rs[i]!;
    if (si === -Infinity) continue;
    const yi = ry[i]!;
    const gainI = rgain[i]!;
    const di = disc[i]!;
    let gi = rg[i]!;
    let hi = rh[i]!;
    for (let j = i + 1; j < n; j++) {
      const yj = ry[j]!;
      if (yi === yj) continue;
      const sj = rs[j]!;
      if (sj === -Infinity) continue;
      const iHigh = yi > yj;
      const deltaScore = iHigh ? si - sj : sj - si;
      const dcgGap = iHigh ? gainI - rgain[j]! : rgain[j]! - gainI;
      let delta = dcgGap * Math.abs(di - disc[j]!) * invMaxDcg;
      if (scaleByGap) delta /= SCORE_GAP_EPS + Math.abs(deltaScore);
      const p = sig.at(deltaScore);
      const pLambda = p * (negSigma * delta);
      const lf = Math.fround(pLambda);
      const hf = Math.fround(p * (1 - p) * (sigma2 * delta));
      if (iHigh) {
        gi = Math.fround(gi + lf);
        rg[j] = Math.fround(rg[j]! - lf);
      } else {
        gi = Math.fround(gi - lf);
        rg[j] = Math.fround(rg[j]! + lf);
      }
      hi = Math.fround(hi + hf);
      rh[j] = Math.fround(rh[j]! + hf);
      sumLambdas -= 2 * pLambda;
    }
    rg[i] = gi;
    rh[i] = hi;
  }
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
