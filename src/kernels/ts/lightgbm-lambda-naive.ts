/**
 * The naive reference of lightgbmLambdaQuery (lightgbm-lambda.ts): LightGBM 4.6's
 * LambdarankNDCG::GetGradientsForOneQuery restated pair by pair through the sort order, with the
 * sigmoid computed by GetSigmoid's formula at every pair (no table). Tests hold the kernel to it bit
 * for bit; nothing else calls it.
 */
import { argsortDesc } from './argsort.js';
import type { LightGbmLambdaInputs, LightGbmLambdaScratch } from './lightgbm-lambda.js';

/** LightGBM's 0.01f added to |s_high - s_low|. */
const SCORE_GAP_EPS = Math.fround(0.01);
/** Bins of LightGBM's sigmoid table (1024 * 1024). */
const SIGMOID_BINS = 1024 * 1024;

/**
 * GetSigmoid(x) by its formula: the bin holding x of 2^20 bins over [-25/sigmoid, 25/sigmoid)
 * (the first / last bin outside), at the bin's lower edge: 1 / (1 + exp(sigmoid * edge)).
 */
export function naiveLightgbmSigmoid(sigmoid: number, x: number): number {
  const minInput = -50 / sigmoid / 2;
  const maxInput = -minInput;
  const factor = SIGMOID_BINS / (maxInput - minInput);
  let i: number;
  if (x <= minInput) i = 0;
  else if (x >= maxInput) i = SIGMOID_BINS - 1;
  else i = Math.floor((x - minInput) * factor);
  return 1 / (1 + Math.exp((i / factor + minInput) * sigmoid));
}

/** lightgbmLambdaQuery's contract (same arguments, same outputs in `s.g` / `s.h`). */
export function naiveLightgbmLambdaQuery(inp: LightGbmLambdaInputs, q: number, begin: number, n: number, s: LightGbmLambdaScratch): void {
  const g = s.g;
  const h = s.h;
  for (let i = 0; i < n; i++) {
    g[i] = 0;
    h[i] = 0;
  }
  if (n < 1) return;
  const score = s.score;
  const order = s.order;
  argsortDesc(score, 0, n, order, s.tmp);
  const labels = inp.labels;
  const gain = inp.labelGain;
  const disc = inp.discount;
  const sigma = inp.sigmoid.sigmoid;
  const invMaxDcg = inp.invMaxDcg[q]!;
  const best = score[order[0]!]!;
  let worstIdx = n - 1;
  if (worstIdx > 0 && score[order[worstIdx]!] === -Infinity) worstIdx--;
  const worst = score[order[worstIdx]!]!;
  const scaleByGap = inp.norm && best !== worst;
  let sumLambdas = 0;
  const top = Math.min(n - 1, inp.truncation);
  for (let i = 0; i < top; i++) {
    const oi = order[i]!;
    if (score[oi] === -Infinity) continue;
    const yi = labels[begin + oi]!;
    for (let j = i + 1; j < n; j++) {
      const oj = order[j]!;
      if (score[oj] === -Infinity) continue;
      const yj = labels[begin + oj]!;
      if (yi === yj) continue;
      const iHigh = yi > yj;
      const highRank = iHigh ? i : j;
      const lowRank = iHigh ? j : i;
      const high = order[highRank]!;
      const low = order[lowRank]!;
      const deltaScore = score[high]! - score[low]!;
      const dcgGap = gain[Math.trunc(labels[begin + high]!)]! - gain[Math.trunc(labels[begin + low]!)]!;
      const pairedDiscount = Math.abs(disc[highRank]! - disc[lowRank]!);
      let delta = dcgGap * pairedDiscount * invMaxDcg;
      if (scaleByGap) delta /= SCORE_GAP_EPS + Math.abs(deltaScore);
      let pLambda = naiveLightgbmSigmoid(sigma, deltaScore);
      let pHess = pLambda * (1 - pLambda);
      pLambda *= -sigma * delta;
      pHess *= sigma * sigma * delta;
      const lf = Math.fround(pLambda);
      const hf = Math.fround(pHess);
      g[low] = Math.fround(g[low]! - lf);
      h[low] = Math.fround(h[low]! + hf);
      g[high] = Math.fround(g[high]! + lf);
      h[high] = Math.fround(h[high]! + hf);
      sumLambdas -= 2 * pLambda;
    }
  }
  if (inp.norm && sumLambdas > 0) {
    const f = Math.log2(1 + sumLambdas) / sumLambdas;
    for (let i = 0; i < n; i++) {
      g[i] = Math.fround(g[i]! * f);
      h[i] = Math.fround(h[i]! * f);
    }
  }
}
