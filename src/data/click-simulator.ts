/**
 * Click simulator for unbiased learning to rank: turns a graded-relevance LTR dataset into a click
 * log, the standard position-based model (Joachims et al. 2017; Hu et al. 2019, §6):
 * - a production ranker orders each query's documents and shows the top N in `sessions` sessions;
 * - a document at 1-based position p is examined with probability (1/p)^eta;
 * - an examined document is clicked with probability epsilon + (1 - epsilon) (2^rel - 1)/(2^maxRel - 1).
 * Each shown document becomes one row: label = click (0/1), position = p - 1 + positionBase (0-based
 * by default; `positionBase` 1 gives LightGBM's regime, 1-based position ids, which LightGBM reads as
 * strings), group = one session.
 *
 * Click models: `pbm` (the position-based model above: examination independent of clicks) or
 * `cascade` (Craswell et al., WSDM 2008): the user scans from the top, examines each document in
 * turn, clicks it with its attractiveness and stops at the first click; examination then depends on
 * the documents above, not on the position alone (`eta` is not used), so methods that assume a
 * position-based model are misspecified. A separate seeded stream drives every random draw, so the same inputs and
 * seed give the same log.
 *
 * Production rankers: `relevance` orders by the true label (ties by a seeded shuffle), which makes
 * position bias *help* a naive learner; `random` shows a seeded permutation fixed per query (the
 * same in every session: a ranker blind to relevance, like ordering by an irrelevant feature);
 * `feature:K` orders by feature K descending (missing last; ties by input order).
 */
import { DataError } from '../errors.js';
import { MinstdRand, mixSeed } from '../util/rng.js';
import type { Dataset } from './dataset.js';

export type ProductionRanker = { kind: 'relevance' } | { kind: 'random' } | { kind: 'feature'; feature: number };

export interface ClickSimulation {
  /** Sessions per query (each shows the same ranked top N, clicks drawn independently). */
  sessions: number;
  /** Documents shown per session. */
  top: number;
  /** Position-bias severity: examination probability (1/p)^eta. */
  eta: number;
  /** Click noise: probability of clicking an examined irrelevant document. */
  epsilon: number;
  ranker: ProductionRanker;
  seed: number;
  /** Position written for the top slot (default 0). */
  positionBase?: number;
  /** Click model (default `pbm`). */
  clickModel?: 'pbm' | 'cascade';
}

/** Task ids of the simulator's random streams (mixSeed's third input). */
const TASK_ORDER = 1;
const TASK_CLICKS = 2;

/**
 * Simulates a click log from graded data.
 * @returns a Dataset with one row per shown document and session: features copied, label =
 *   click (0/1), position (Int32Array, 0-based), queryOffsets = sessions; `trueLabel` holds the
 *   graded relevance of each row (Float32Array, length nRows) for evaluation.
 */
export function simulateClicks(data: Dataset, sim: ClickSimulation): { clicks: Dataset; trueLabel: Float32Array } {
  const { label, queryOffsets } = data;
  if (!label) throw new DataError({ file: data.source }, 'click simulation needs graded relevance labels');
  if (!queryOffsets) throw new DataError({ file: data.source }, 'click simulation needs query groups (a .query file or --qid)');
  let maxRel = 0;
  for (let r = 0; r < data.nRows; r++) {
    const y = label[r]!;
    if (!(y >= 0) || !Number.isInteger(y) || y > 31) {
      throw new DataError({ file: data.source, row: r + 1, column: 'label' }, `relevance ${y} is not an integer 0..31`);
    }
    maxRel = Math.max(maxRel, y);
  }
  const denom = 2 ** maxRel - 1 || 1;
  const nQ = queryOffsets.length - 1;
  const orderRng = new MinstdRand(1);
  const clickRng = new MinstdRand(1);
  const rows: number[] = [];
  const clicks: number[] = [];
  const positions: number[] = [];
  const offsets: number[] = [0];
  for (let q = 0; q < nQ; q++) {
    const begin = queryOffsets[q]!;
    const n = queryOffsets[q + 1]! - begin;
    if (n === 0) continue;
    orderRng.reseed(mixSeed(sim.seed, q, TASK_ORDER));
    const order = productionOrder(data, begin, n, sim.ranker, orderRng);
    const shown = Math.min(sim.top, n);
    clickRng.reseed(mixSeed(sim.seed, q, TASK_CLICKS));
    const base = sim.positionBase ?? 0;
    const cascade = sim.clickModel === 'cascade';
    for (let s = 0; s < sim.sessions; s++) {
      let stopped = false;
      for (let p = 0; p < shown; p++) {
        const r = begin + order[p]!;
        const attract = sim.epsilon + (1 - sim.epsilon) * ((2 ** label[r]! - 1) / denom);
        rows.push(r);
        positions.push(p + base);
        if (cascade) {
          // Examined until the first click; a draw per examined document.
          const click = !stopped && clickRng.nextFloat() < attract;
          clicks.push(click ? 1 : 0);
          if (click) stopped = true;
        } else {
          const examine = (1 / (p + 1)) ** sim.eta;
          clicks.push(clickRng.nextFloat() < examine * attract ? 1 : 0);
        }
      }
      offsets.push(rows.length);
    }
  }
  const n = rows.length;
  const columns = data.columns.map((c) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = c[rows[i]!]!;
    return out;
  });
  const trueLabel = new Float32Array(n);
  for (let i = 0; i < n; i++) trueLabel[i] = label[rows[i]!]!;
  return {
    clicks: {
      nRows: n,
      nFeatures: data.nFeatures,
      featureNames: data.featureNames,
      hasFeatureNames: data.hasFeatureNames,
      columns,
      label: Float32Array.from(clicks),
      weight: null,
      queryOffsets: Uint32Array.from(offsets),
      position: Int32Array.from(positions),
      source: `${data.source} (simulated clicks)`,
    },
    trueLabel,
  };
}

/** The production ranker's order of one query: indices 0..n-1 (relative to the query), best first. */
function productionOrder(data: Dataset, begin: number, n: number, ranker: ProductionRanker, rng: MinstdRand): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  // A seeded shuffle first (Fisher-Yates): the order itself for `random`, the tie-break otherwise.
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextBelow(i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  if (ranker.kind === 'random') return idx;
  if (ranker.kind === 'relevance') {
    const y = data.label!;
    return Int32Array.from(Array.from(idx).sort((a, b) => y[begin + b]! - y[begin + a]!));
  }
  const col = data.columns[ranker.feature];
  if (!col) throw new DataError({ file: data.source }, `production ranker feature ${ranker.feature} does not exist (the data has ${data.nFeatures})`);
  const key = (i: number): number => {
    const v = col[begin + i]!;
    return v === v ? v : -Infinity;
  };
  return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}

/** Parses `relevance`, `random` or `feature:K`. */
export function parseProductionRanker(s: string): ProductionRanker {
  if (s === 'relevance' || s === 'random') return { kind: s };
  const m = /^feature:(\d+)$/.exec(s);
  if (m) return { kind: 'feature', feature: Number(m[1]) };
  throw new DataError({ file: '--ranker' }, `expected relevance, random or feature:K, not ${JSON.stringify(s)}`);
}
