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
 *    times the query weight w_q and the weight norm G / sum_q w_q (§1.1).
 *
 * A query reads only shared read-only inputs and writes only its own rows of `gh`, `liRow` and
 * `ljRow`, through its own scratch: queries can run in any order or on any worker with identical
 * results. Nothing is allocated per query or per pair.
 */
import { argsortDesc } from '../metric/argsort.js';
import { MinstdRand, mixSeed } from '../util/rng.js';
import type { GradArray } from '../types.js';
import type { LambdaRankConfig } from './lambdarank-config.js';
import { deltaMap, deltaNdcg, mapStats } from './ranking-delta.js';
import { BIAS_EPS, pairCost } from './ranking-position-bias.js';
import { sigmoidF32 } from './ranking-sigmoid.js';

/** Added to |s_h - s_l| by score normalization (spec §1.5 step 2). */
const SCORE_GAP_EPS = 0.01;
/** Hessian floor of p(1 - p) (spec §1.5 step 4). */
const HESS_EPS = 1e-16;

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
  /** Float64Array, length >= the largest query: discount[r] = 1/log2(r + 2). */
  readonly discount: Float64Array;
  /** Float64Array, length K: t+ (unbiased), else null. Read-only during a gradient pass. */
  readonly tPlus: Float64Array | null;
  /** Float64Array, length K: t- (unbiased), else null. */
  readonly tMinus: Float64Array | null;
}

/** Per-query working memory, sized once to the largest query. One per thread / worker. */
export class LambdaRankScratch {
  /** Uint32Array, length maxQuery: the rank list (local row indices, best score first). */
  readonly rank: Uint32Array;
  /** Uint32Array, length maxQuery: sort buffer. */
  readonly tmp: Uint32Array;
  /** Float32Array, length maxQuery: labels in rank order (mean, map). */
  readonly yRanked: Float32Array;
  /** Uint32Array, length maxQuery: rank positions sorted by label, descending (mean). */
  readonly ySorted: Uint32Array;
  /** Float64Array, length maxQuery: R of delta MAP. */
  readonly nRel: Float64Array;
  /** Float64Array, length maxQuery: A of delta MAP. */
  readonly acc: Float64Array;
  readonly rng = new MinstdRand(1);
  /** State of the query being processed. */
  begin = 0;
  n = 0;
  q = 0;
  normByDiff = false;
  sumLambda = 0;

  /** @param maxQuery size of the largest query. */
  constructor(maxQuery: number) {
    this.rank = new Uint32Array(maxQuery);
    this.tmp = new Uint32Array(maxQuery);
    this.yRanked = new Float32Array(maxQuery);
    this.ySorted = new Uint32Array(maxQuery);
    this.nRel = new Float64Array(maxQuery);
    this.acc = new Float64Array(maxQuery);
  }
}

/**
 * Adds one pair's lambda and hessian (spec §1.5) for the documents at rank positions `rankA` and
 * `rankB` of the current query.
 */
function accumulatePair(
  inp: LambdaRankInputs, s: LambdaRankScratch, margins: Float32Array, gh: GradArray,
  liRow: Float64Array | null, ljRow: Float64Array | null, rankA: number, rankB: number,
): void {
  const begin = s.begin;
  const labels = inp.labels;
  const idxA = s.rank[rankA];
  const idxB = s.rank[rankB];
  const yA = labels[begin + idxA];
  const yB = labels[begin + idxB];
  if (yA === yB) return;
  const aHigh = yA > yB;
  const rankHigh = aHigh ? rankA : rankB;
  const rankLow = aHigh ? rankB : rankA;
  const rowHigh = begin + (aHigh ? idxA : idxB);
  const rowLow = begin + (aHigh ? idxB : idxA);
  const yHigh = aHigh ? yA : yB;
  const yLow = aHigh ? yB : yA;

  const diff = Math.fround(margins[rowHigh] - margins[rowLow]);
  const p = sigmoidF32(diff);
  const cfg = inp.config;
  let delta: number;
  if (cfg.loss === 'ndcg') {
    delta = deltaNdcg(yHigh, yLow, rankHigh, rankLow, inp.invIdcg![s.q], inp.discount, cfg.expGain);
  } else if (cfg.loss === 'map') {
    const first = rankA < rankB ? rankA : rankB;
    const last = rankA < rankB ? rankB : rankA;
    delta = deltaMap(s.yRanked[first], s.yRanked[last], first, last, s.nRel, s.acc, s.nRel[s.n - 1]);
  } else {
    delta = 1;
  }
  delta = Math.abs(delta);
  if (s.normByDiff) delta /= Math.abs(diff) + SCORE_GAP_EPS;

  let lambda = (p - 1) * delta;
  let hess = Math.max(p * (1 - p), HESS_EPS) * delta * 2;

  if (cfg.unbiased) {
    const tPlus = inp.tPlus!;
    const tMinus = inp.tMinus!;
    const k = tPlus.length;
    const pos = inp.positions;
    const posHigh = pos === null ? rowHigh - begin : pos[rowHigh];
    const posLow = pos === null ? rowLow - begin : pos[rowLow];
    if (posHigh < k && posLow < k) {
      const tp = tPlus[posHigh];
      const tm = tMinus[posLow];
      const cost = pairCost(cfg.biasCost, p, diff) * delta;
      if (tp >= BIAS_EPS && tm >= BIAS_EPS) {
        lambda /= tp * tm;
        hess /= tp * tm;
      }
      if (tm >= BIAS_EPS) liRow![rowHigh] += cost / tm; // paper eq. 30
      if (tp >= BIAS_EPS) ljRow![rowLow] += cost / tp; // paper eq. 31
    }
  }

  const lambdaF = Math.fround(lambda);
  const hessF = Math.fround(hess);
  gh[2 * rowHigh] += lambdaF;
  gh[2 * rowHigh + 1] += hessF;
  gh[2 * rowLow] -= lambdaF;
  gh[2 * rowLow + 1] += hessF;
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
  for (let i = 2 * begin; i < 2 * end; i++) gh[i] = 0;
  if (n < 2) return;

  const rank = s.rank;
  argsortDesc(margins, begin, n, rank, s.tmp);
  s.begin = begin;
  s.n = n;
  s.q = q;
  s.sumLambda = 0;
  s.normByDiff = cfg.scoreNormalization && margins[begin + rank[0]] !== margins[begin + rank[n - 1]];

  const m = cfg.numPairPerSample;
  const topk = cfg.pairMethod === 'topk';
  if (!topk || cfg.loss === 'map') {
    for (let r = 0; r < n; r++) s.yRanked[r] = inp.labels[begin + rank[r]];
  }
  if (cfg.loss === 'map') mapStats(s.yRanked, n, s.nRel, s.acc);

  if (topk) {
    const top = Math.min(n, m);
    for (let i = 0; i < top; i++) {
      for (let j = i + 1; j < n; j++) accumulatePair(inp, s, margins, gh, liRow, ljRow, i, j);
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
            accumulatePair(inp, s, margins, gh, liRow, ljRow, ySorted[member], ySorted[other]);
          }
        }
      }
      i = j;
    }
  }

  if (cfg.normalization) {
    let norm = 1;
    if (!topk) norm = 1 / m;
    else if (s.sumLambda > 0) norm = Math.log2(1 + s.sumLambda) / s.sumLambda;
    if (norm !== 1) for (let i = 2 * begin; i < 2 * end; i++) gh[i] *= norm;
  }
  const w = inp.queryWeight[q];
  const wNorm = inp.weightNorm;
  if (w !== 1 || wNorm !== 1) {
    for (let i = 2 * begin; i < 2 * end; i++) {
      gh[i] *= w;
      gh[i] *= wNorm;
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
