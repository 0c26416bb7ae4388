/**
 * Unbiased LambdaMART on simulated clicks (the click simulator in src/data/click-simulator.ts,
 * synthetic graded data whose relevance depends on f0..f4 only):
 * - relevance-blind production ranker (orders by the noise feature f9): the unbiased model ranks
 *   held-out data by true relevance at least 0.02 NDCG@10 better than plain LambdaMART on the
 *   same clicks, and its t+ falls with position like the simulated examination curve;
 * - production ranker that follows relevance: position bias helps the plain learner (it beats the
 *   plain learner of the blind regime by far) and debiasing does not help.
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import { simulateClicks, type ProductionRanker } from '../../src/data/click-simulator.js';
import { syntheticRankingData } from '../../src/data/synthetic-ranking.js';
import { metricDataOf } from '../../src/metric/metric.js';
import { createMetric } from '../../src/metric/registry.js';

const ndcg10 = createMetric('ndcg@10', { ndcgExpGain: true });
const graded = syntheticRankingData(300, 30, 10, 1);
const heldOut = syntheticRankingData(300, 30, 10, 999);
const PARAMS = { objective: 'rank:ndcg' as const, eta: 0.1, max_depth: 6, num_round: 100 };

type Regime = { plain: number; unbiased: number; tPlus: number[] };
const cache = new Map<string, Promise<Regime>>();

function regime(ranker: ProductionRanker): Promise<Regime> {
  const key = JSON.stringify(ranker);
  if (!cache.has(key)) cache.set(key, runRegime(ranker));
  return cache.get(key)!;
}

async function runRegime(ranker: ProductionRanker): Promise<Regime> {
  const { clicks } = simulateClicks(graded, { sessions: 5, top: 20, eta: 1, epsilon: 0.1, ranker, seed: 1 });
  const plain = await train(PARAMS, clicks);
  const unbiased = await train({ ...PARAMS, lambdarank_unbiased: true }, clicks);
  const bias = unbiased.model.extra.position_bias as { t_plus: number[]; t_minus: number[] };
  return {
    plain: ndcg10.evaluate(plain.predict(heldOut), metricDataOf(heldOut)),
    unbiased: ndcg10.evaluate(unbiased.predict(heldOut), metricDataOf(heldOut)),
    tPlus: bias.t_plus,
  };
}

/** Spearman rank correlation of xs with 0, 1, 2, ... (no ties expected). */
function spearmanWithIndex(xs: number[]): number {
  const n = xs.length;
  const rank = new Array<number>(n);
  xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]).forEach(([, i], r) => (rank[i] = r));
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (rank[i]! - i) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('Unbiased LambdaMART on simulated clicks', () => {
  it('relevance-blind production ranker: debiasing gains >= 0.02 NDCG@10 and t+ falls with position', async () => {
    const r = await regime({ kind: 'feature', feature: 9 });
    expect(r.unbiased - r.plain).toBeGreaterThanOrEqual(0.02);
    const shown = r.tPlus.slice(0, 20);
    expect(shown[0]).toBe(1);
    for (let i = 1; i < 20; i++) expect(shown[i]!).toBeLessThan(1);
    // The simulated examination curve (1/p)^eta falls monotonically: t+ must too, in rank order.
    expect(spearmanWithIndex(shown)).toBeLessThan(-0.8);
  });

  it('production ranker that follows relevance: bias helps the plain learner, debiasing does not help', async () => {
    const follows = await regime({ kind: 'relevance' });
    const blind = await regime({ kind: 'feature', feature: 9 });
    expect(follows.plain).toBeGreaterThan(blind.plain + 0.1);
    expect(follows.unbiased).toBeLessThanOrEqual(follows.plain + 0.005);
    expect(follows.tPlus[1]!).toBeLessThan(0.7);
  });
});
