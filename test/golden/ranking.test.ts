/**
 * Ranking quality on LightGBM's bundled LambdaRank example (train on rank.train, test on
 * rank.test; 100 rounds, eta 0.1, max_depth 6, max_bin 256), against XGBoost 1.7.4's test
 * NDCG@10: rank:ndcg 0.7453, rank:pairwise 0.7491 (shared/reference/xgboost-1.7.4).
 *
 * rank:ndcg is XGBoost 2.x/3.x LambdaMART. With its default per-pair score normalization and
 * per-query log2 normalization it reaches ~0.724 on this small set (201 training queries; train
 * NDCG@10 climbs to 0.98); with both normalizations off — the 1.7-style LambdaMART that XGBoost's
 * tutorial recommends for 1.7-like results — it reaches the 1.7.4 figure. Both are pinned here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { metricDataOf } from '../../src/metric/metric.js';
import { createMetric } from '../../src/metric/registry.js';

const DATA = new URL('../../datasets/lightgbm-rank/', import.meta.url).pathname;
const PARAMS = { eta: 0.1, max_depth: 6, max_bin: 256, num_round: 100 };
const ndcg10 = createMetric('ndcg@10', { ndcgExpGain: true });
let tr: Dataset;
let te: Dataset;

beforeAll(async () => {
  tr = await loadDataset(`${DATA}rank.train`);
  te = await loadDataset(`${DATA}rank.test`, { nFeatures: tr.nFeatures });
});

async function testNdcg(params: Record<string, unknown>): Promise<number> {
  const b = await train({ ...PARAMS, ...params }, tr);
  return ndcg10.evaluate(b.predict(te), metricDataOf(te));
}

describe('ranking quality vs XGBoost 1.7.4 on lightgbm-rank', () => {
  it('rank:pairwise reaches 0.7491', async () => {
    expect(await testNdcg({ objective: 'rank:pairwise' })).toBeGreaterThanOrEqual(0.7491);
  });

  it('rank:ndcg (1.7-style: score and query normalization off) reaches 0.7453', async () => {
    const v = await testNdcg({ objective: 'rank:ndcg', lambdarank_score_normalization: false, lambdarank_normalization: false });
    expect(v).toBeGreaterThanOrEqual(0.7453);
  });

  it('rank:ndcg with XGBoost 2.x/3.x defaults stays where it was measured (0.7241)', async () => {
    const v = await testNdcg({ objective: 'rank:ndcg' });
    expect(v).toBeCloseTo(0.7241, 3);
  });
});
