import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/errors.js';
import { createMetric, METRIC_NAMES } from '../../src/metric/registry.js';

describe('createMetric', () => {
  it('accepts every documented form', () => {
    const names = ['rmse', 'mae', 'logloss', 'auc', 'error', 'error@0.7', 'error@1e-3', 'poisson-nloglik',
      'ndcg', 'ndcg@10', 'ndcg-', 'ndcg@10-', 'map', 'map@5', 'map-', 'map@5-', 'pre', 'pre@5', ' ndcg@3 '];
    for (const n of names) expect(createMetric(n, { ndcgExpGain: true }).name).toBe(n.trim());
  });

  it('rejects unknown names, listing the valid ones', () => {
    for (const bad of ['rmsle2', 'tweedie-nloglik', 'tweedie-nloglik@2', 'ndcg@', 'ndcg@0', 'ndcg@x', 'ndcg@2.5', 'map@-3', 'pre-', 'pre@3-', 'error@', 'error@abc', 'NDCG', '']) {
      const f = (): unknown => createMetric(bad, { ndcgExpGain: true });
      expect(f, bad).toThrow(ParamError);
    }
    try {
      createMetric('rmsle2', { ndcgExpGain: true });
    } catch (e) {
      for (const n of METRIC_NAMES) expect((e as Error).message).toContain(n);
    }
  });
});
