/**
 * The LambdaMART gradient of one query (xgboost-spec.md §1.3-1.7; Burges 2010 §4-§6; Hu et al. 2019
 * for the unbiased variant). XGBoost 2.x / 3.x behaviour:
 *
 * 1. Rank list: stable descending sort of the query's current margins (§1.3).
 * 2. Pairs over rank positions (§1.4): `topk`, every (i, j) with i < min(n, k) and i < j < n;
 *    `mean`, for every bucket of equal labels, m times per member one partner drawn uniformly among
 *    the documents outside the bucket (MINSTD seeded by hash(seed, iteration, query)). Pairs with
 *    equal labels are skipped; "high" is the document with the larger label.
 * 3. Per pair (§1.5): Delta = |delta NDCG| (IDCG at the truncation level), |delta MAP| or 1
 *    (rank:pairwise); Delta /= |s_h - s_l| + 0.01 when score normalization is on and the query's best
 *    and worst scores differ; p = sigma(s_h - s_l) in float32; lambda = (p - 1) Delta,
 *    hess = 2 max(p(1 - p), 1e-16) Delta; unbiased: both divided by t+[pos_h] t-[pos_l] and the pair
 *    cost accumulated (§1.7); g_h += lambda, g_l -= lambda, h_h += hess, h_l += hess in float32;
 *    S += -2 lambda.
 * 4. Per query (§1.6): if normalization, times log2(1 + S)/S when S > 0 (topk) or 1/m (mean); then
 *    times the query weight w_q and the weight norm G / sum_q w_q (§1.1); each factor rounded to
 *    float32 before it multiplies (XGBoost's GradientPair::operator*(float)).
 *
 * A query reads only shared read-only inputs and writes only its own rows of `gh`, `liRow` and
 * `ljRow`, through its own scratch: queries can run in any order or on any worker with identical
 * results. Nothing is allocated per query or per pair.
 */
import { argsortDesc, resortDesc } from './argsort.js';
import { dcgGain } from './dcg.js';
import { MinstdRand, mixSeed } from '../../util/rng.js';
import type { GradArray } from '../../types.js';
import type { LambdaRankConfig } from '../../objective/lambdarank-config.js';
import { deltaMap, deltaNdcg, mapStats } from './ranking-delta.js';
import { BIAS_EPS, pairCost } from './pair-cost.js';
import { sigmoid32 } from './sigmoid.js';
import type { Kernels } from '../kernels.js';
import { HESS_EPS, ndcgPairs, SCORE_GAP_EPS } from './ndcg-pairs.js';

/** Read-only inputs shared by every query of one training set. */
export interface LambdaRankInputs {
  readonly config: LambdaRankConfig;
  /** Float32Array, length nRows: validated labels. */
  readonly labels: Float32Array;
  /** Uint32Array, length nQueries + 1. */
  readonly queryOffsets: Uint32Array;
  /** Int32Array, length nRows, displayed positions >= 0; null: the row index within the query. */
  readonly positions: Int32Array | null;
  /** Float64Array, length nQueries: 1/IDCG at the truncation level (rank:ndcg), else null. */
  readonly invIdcg: Float64Array | null;
  /** Float32Array, length nQueries: the weight of each query (its first row's; 1 without weights). */
  readonly queryWeight: Float32Array;
  /** G / sum_q w_q (spec §1.1). */
  readonly weightNorm: number;
  /** Float32Array, length nRows: per-row weights multiplied into g and h (`ranking_weight=row`), else null. */
  readonly rowWeight: Float32Array | null;
  /** Float64Array, length >= the largest query: discount[r] = 1/log2(r + 2). */
  readonly discount: Float64Array;
  /** Float64Array, length K: t+ (unbiased), else null. Read-only during a gradient pass. */
  readonly tPlus: Float64Array | null;
  /** Float64Array, length K: t- (unbiased), else null. */
  readonly tMinus: Float64Array | null;
}

/**
 * Per-query working memory, sized once to the largest query. One per thread / worker. The arrays
 * the topk rank:ndcg pair kernel reads and writes (labels, scores, gains, g and h in rank order, its
 * scratch) can be moved into a kernel set's memory (`usePairKernel`).
 */
export class LambdaRankScratch {
  /** Uint32Array, length maxQuery: the rank list (local row indices, best score first); also resortDesc's fallback buffer. */
  readonly rank: Uint32Array;
  /** Uint32Array, length maxQuery: sort buffer. */
  readonly tmp: Uint32Array;
  /** Float32Array, length maxQuery: labels in rank order. */
  yRanked: Float32Array;
  /** Float32Array, length maxQuery: margins in rank order. */
  sRanked: Float32Array;
  /** Float64Array, length maxQuery: DCG gains in rank order (rank:ndcg). */
  gainRanked: Float64Array;
  /** Float64Array, length maxQuery: the pair kernel's scratch. */
  gdRanked: Float64Array;
  /** The kernels whose ndcgPairs runs the topk rank:ndcg pairs; null: the TypeScript kernel. */
  pairKernels: Kernels | null = null;
  /** Int32Array, length maxQuery: positions in rank order (unbiased). */
  readonly posRanked: Int32Array;
  /** Float32Array, length maxQuery: g accumulated in rank order (float32, as XGBoost's GradientPair). */
  gRanked: Float32Array;
  /** Float32Array, length maxQuery: h accumulated in rank order. */
  hRanked: Float32Array;
  /** Float64Array, length maxQuery: Li / Lj costs in rank order (unbiased). */
  readonly liRanked: Float64Array;
  readonly ljRanked: Float64Array;
  /** Uint32Array, length maxQuery: rank positions sorted by label, descending (mean). */
  readonly ySorted: Uint32Array;
  /** Float64Array, length maxQuery: R of delta MAP. */
  readonly nRel: Float64Array;
  /** Float64Array, length maxQuery: A of delta MAP. */
  readonly acc: Float64Array;
  readonly rng = new MinstdRand(1);
  /**
   * Uint32Array, length nRows: each query's last rank list (local indices) at its rows' offsets,
   * identity before the first round; null until the first query. The next round re-sorts it.
   */
  private prevOrder: Uint32Array | null = null;

  /** The rank lists of `previousOrder`, made (identity per query) on first use. */
  previousOrder(queryOffsets: Uint32Array): Uint32Array {
    const nRows = queryOffsets[queryOffsets.length - 1]!;
    if (this.prevOrder === null || this.prevOrder.length !== nRows) {
      const p = new Uint32Array(nRows);
      for (let q = 0; q + 1 < queryOffsets.length; q++) {
        for (let r = queryOffsets[q]!; r < queryOffsets[q + 1]!; r++) p[r] = r - queryOffsets[q]!;
      }
      this.prevOrder = p;
    }
    return this.prevOrder;
  }
  /** State of the query being processed. */
  n = 0;
  /** 0 = ndcg, 1 = map, 2 = pairwise. */
  lossCode = 0;
  invIdcg = 0;
  normByDiff = false;
  sumLambda = 0;

  /** @param maxQuery size of the largest query. */
  constructor(maxQuery: number) {
    this.rank = new Uint32Array(maxQuery);
    this.tmp = new Uint32Array(maxQuery);
    this.yRanked = new Float32Array(maxQuery);
    this.sRanked = new Float32Array(maxQuery);
    this.gainRanked = new Float64Array(maxQuery);
    this.gdRanked = new Float64Array(maxQuery);
    this.posRanked = new Int32Array(maxQuery);
    this.gRanked = new Float32Array(maxQuery);
    this.hRanked = new Float32Array(maxQuery);
    this.liRanked = new Float64Array(maxQuery);
    this.ljRanked = new Float64Array(maxQuery);
    this.ySorted = new Uint32Array(maxQuery);
    this.nRel = new Float64Array(maxQuery);
    this.acc = new Float64Array(maxQuery);
  }

  /**
   * Runs the topk rank:ndcg pairs through `kernels.ndcgPairs` on arrays from its memory: `f32`
   * holds labels, scores, g and h in rank order (4 x maxQuery floats), `f64` gains and the kernel's
   * scratch (2 x maxQuery doubles). Results are the TypeScript kernel's to the bit.
   */
  usePairKernel(kernels: Kernels, f32: Float32Array, f64: Float64Array): void {
    const m = this.rank.length;
    if (f32.length < 4 * m || f64.length < 2 * m) throw new RangeError(`LambdaRankScratch: pair arrays shorter than 4 x / 2 x ${m}`);
    this.pairKernels = kernels;
    this.yRanked = f32.subarray(0, m);
    this.sRanked = f32.subarray(m, 2 * m);
    this.gRanked = f32.subarray(2 * m, 3 * m);
    this.hRanked = f32.subarray(3 * m, 4 * m);
    this.gainRanked = f64.subarray(0, m);
    this.gdRanked = f64.subarray(m, 2 * m);
  }
}

const LOSS_NDCG = 0;
const LOSS_MAP = 1;

/**
 * Adds one pair's lambda and hessian (spec §1.5) for the documents at rank positions `rankA` and
 * `rankB` of the current query, into the scratch's rank-ordered accumulators.
 */
function accumulatePair(inp: LambdaRankInputs, s: LambdaRankScratch, rankA: number, rankB: number): void {
  const y = s.yRanked;
  const yA = y[rankA];
  const yB = y[rankB];
  if (yA === yB) return;
  const rankHigh = yA > yB ? rankA : rankB;
  const rankLow = yA > yB ? rankB : rankA;

  const diff = Math.fround(s.sRanked[rankHigh] - s.sRanked[rankLow]);
  const p = sigmoid32(diff);
  let delta: number;
  if (s.lossCode === LOSS_NDCG) {
    const disc = inp.discount;
    delta = deltaNdcg(s.gainRanked[rankHigh], s.gainRanked[rankLow], disc[rankHigh], disc[rankLow], s.invIdcg);
  } else if (s.lossCode === LOSS_MAP) {
    const first = rankA < rankB ? rankA : rankB;
    const last = rankA < rankB ? rankB : rankA;
    delta = deltaMap(y[first], y[last], first, last, s.nRel, s.acc, s.nRel[s.n - 1]);
  } else {
    delta = 1;
  }
  delta = Math.abs(delta);
  if (s.normByDiff) delta /= Math.abs(diff) + SCORE_GAP_EPS;

  let lambda = (p - 1) * delta;
  let hess = Math.max(p * (1 - p), HESS_EPS) * delta * 2;

  if (inp.config.unbiased) {
    const tPlus = inp.tPlus!;
    const tMinus = inp.tMinus!;
    const k = tPlus.length;
    const posHigh = s.posRanked[rankHigh];
    const posLow = s.posRanked[rankLow];
    if (posHigh < k && posLow < k) {
      const tp = tPlus[posHigh];
      const tm = tMinus[posLow];
      const cost = pairCost(inp.config.biasCost, p, diff) * delta;
      if (tp >= BIAS_EPS && tm >= BIAS_EPS) {
        lambda /= tp * tm;
        hess /= tp * tm;
      }
      if (tm >= BIAS_EPS) s.liRanked[rankHigh] += cost / tm; // paper eq. 30
      if (tp >= BIAS_EPS) s.ljRanked[rankLow] += cost / tp; // paper eq. 31
    }
  }

  const lambdaF = Math.fround(lambda);
  const hessF = Math.fround(hess);
  s.gRanked[rankHigh] += lambdaF;
  s.hRanked[rankHigh] += hessF;
  s.gRanked[rankLow] -= lambdaF;
  s.hRanked[rankLow] += hessF;
  s.sumLambda += -2 * lambdaF;
}

/**
 * Computes g and h of every row of query `q` (spec §1.3-1.7), overwriting its rows of `gh`.
 * @param inp in: shared inputs.
 * @param margins in: Float32Array, length nRows, current raw scores.
 * @param iteration in: 0-based boosting round (seeds `mean` sampling).
 * @param q in: query index.
 * @param s scratch: sized to at least this query.
 * @param gh out: Float32Array, length 2*nRows, interleaved (g, h); only this query's rows are written.
 * @param liRow out (unbiased): Float64Array, length nRows, zero on entry; Li costs at this query's rows.
 * @param ljRow out (unbiased): Float64Array, length nRows, zero on entry; Lj costs at this query's rows.
 */
export function lambdaRankQuery(
  inp: LambdaRankInputs, margins: Float32Array, iteration: number, q: number,
  s: LambdaRankScratch, gh: GradArray, liRow: Float64Array | null, ljRow: Float64Array | null,
): void {
  const cfg = inp.config;
  const begin = inp.queryOffsets[q];
  const end = inp.queryOffsets[q + 1];
  const n = end - begin;
  if (n < 2) {
    for (let i = 2 * begin; i < 2 * end; i++) gh[i] = 0;
    return;
  }

  // The rank list and everything the pairs read, in rank order.
  // Last round's rank list, re-sorted (the same order as sorting from scratch, see resortDesc).
  const prev = s.previousOrder(inp.queryOffsets);
  const rank = s.rank;
  resortDesc(margins, begin, n, prev, begin, s.tmp, rank);
  for (let r = 0; r < n; r++) rank[r] = prev[begin + r];
  const labels = inp.labels;
  const unbiased = cfg.unbiased;
  const positions = inp.positions;
  for (let r = 0; r < n; r++) {
    const row = begin + rank[r];
    s.yRanked[r] = labels[row];
    s.sRanked[r] = margins[row];
    s.gRanked[r] = 0;
    s.hRanked[r] = 0;
    if (unbiased) {
      s.posRanked[r] = positions === null ? rank[r] : positions[row];
      s.liRanked[r] = 0;
      s.ljRanked[r] = 0;
    }
  }
  s.n = n;
  s.sumLambda = 0;
  s.normByDiff = cfg.scoreNormalization && s.sRanked[0] !== s.sRanked[n - 1];
  s.lossCode = cfg.loss === 'ndcg' ? LOSS_NDCG : cfg.loss === 'map' ? LOSS_MAP : 2;
  if (cfg.loss === 'ndcg') {
    s.invIdcg = inp.invIdcg![q];
    for (let r = 0; r < n; r++) s.gainRanked[r] = dcgGain(s.yRanked[r], cfg.expGain);
  } else if (cfg.loss === 'map') {
    mapStats(s.yRanked, n, s.nRel, s.acc);
  }

  const m = cfg.numPairPerSample;
  const topk = cfg.pairMethod === 'topk';
  if (topk && s.lossCode === LOSS_NDCG && !unbiased) {
    const k = s.pairKernels;
    const top = Math.min(n, m);
    s.sumLambda = k === null
      ? ndcgPairs(s.yRanked, s.sRanked, s.gainRanked, inp.discount, s.gRanked, s.hRanked, s.gdRanked, n, top, s.invIdcg, s.normByDiff)
      : k.ndcgPairs(s.yRanked, s.sRanked, s.gainRanked, inp.discount, s.gRanked, s.hRanked, s.gdRanked, n, top, s.invIdcg, s.normByDiff);
  } else if (topk) {
    const top = Math.min(n, m);
    for (let i = 0; i < top; i++) {
      for (let j = i + 1; j < n; j++) accumulatePair(inp, s, i, j);
    }
  } else {
    // Buckets of equal labels, in a stable descending label order of the rank list (spec §1.4).
    const ySorted = s.ySorted;
    const yRanked = s.yRanked;
    argsortDesc(yRanked, 0, n, ySorted, s.tmp);
    const rng = s.rng;
    rng.reseed(mixSeed(cfg.seed, iteration, q));
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && yRanked[ySorted[j]] === yRanked[ySorted[i]]) j++;
      const nOutside = n - (j - i);
      if (nOutside > 0) {
        for (let t = 0; t < m; t++) {
          for (let member = i; member < j; member++) {
            let other = rng.nextBelow(nOutside);
            if (other >= i) other += j - i; // skip over the bucket
            accumulatePair(inp, s, ySorted[member], ySorted[other]);
          }
        }
      }
      i = j;
    }
  }

  // Per-query scaling (spec §1.6, §1.1), then scatter back to rows, as XGBoost 3.4.1's
  // GradientPair arithmetic does it: `operator*(float multiplier)` rounds the double factor (norm,
  // the weight norm) to float32 first, then each product rounds to float32.
  let norm = 1;
  if (cfg.normalization) {
    if (!topk) norm = Math.fround(1 / m);
    else if (s.sumLambda > 0) norm = Math.fround(Math.log2(1 + s.sumLambda) / s.sumLambda);
  }
  const w = inp.queryWeight[q];
  const wNorm = Math.fround(inp.weightNorm);
  const weighted = w !== 1 || wNorm !== 1;
  const rowWeight = inp.rowWeight;
  for (let r = 0; r < n; r++) {
    let g = s.gRanked[r];
    let h = s.hRanked[r];
    if (norm !== 1) {
      g = Math.fround(g * norm);
      h = Math.fround(h * norm);
    }
    if (weighted) {
      g = Math.fround(Math.fround(g * w) * wNorm);
      h = Math.fround(Math.fround(h * w) * wNorm);
    }
    const row = begin + rank[r];
    if (rowWeight !== null) {
      g = Math.fround(g * rowWeight[row]);
      h = Math.fround(h * rowWeight[row]);
    }
    gh[2 * row] = g;
    gh[2 * row + 1] = h;
  }
  if (unbiased && liRow !== null && ljRow !== null) {
    for (let r = 0; r < n; r++) {
      const row = begin + rank[r];
      liRow[row] += s.liRanked[r];
      ljRow[row] += s.ljRanked[r];
    }
  }
}

/**
 * Runs `lambdaRankQuery` for queries `qBegin .. qEnd - 1` in order (one worker's share).
 * Same arguments as `lambdaRankQuery`.
 */
export function lambdaRankQueries(
  inp: LambdaRankInputs, margins: Float32Array, iteration: number, qBegin: number, qEnd: number,
  s: LambdaRankScratch, gh: GradArray, liRow: Float64Array | null, ljRow: Float64Array | null,
): void {
  for (let q = qBegin; q < qEnd; q++) lambdaRankQuery(inp, margins, iteration, q, s, gh, liRow, ljRow);
}
