/**
 * Accuracy against XGBoost 1.7.4 with the same parameters (eta 0.1, max_depth 6, max_bin 256,
 * 100 rounds; shared/reference/xgboost-1.7.4/metrics.json): CASP test RMSE within 1% of 4.0406,
 * HIGGS-sample test AUC within 0.005 of 0.8264.
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { takeRows } from '../../src/data/subset.js';
import { metricDataOf as md } from '../../src/metric/metric.js';
import { createMetric } from '../../src/metric/registry.js';

const DATA = new URL('../../datasets/', import.meta.url).pathname;
const PARAMS = { eta: 0.1, max_depth: 6, max_bin: 256, num_round: 100 };
const opts = { ndcgExpGain: true };

describe('accuracy parity with XGBoost 1.7.4', () => {
  it('CASP: test RMSE within 1% of 4.0406 (test rows: 0-based index % 5 == 4)', async () => {
    const casp = await loadDataset(`${DATA}uci-casp-protein/CASP.csv`, { label: 'RMSD' });
    const idx = Array.from({ length: casp.nRows }, (_, i) => i);
    const trainSet = takeRows(casp, idx.filter((i) => i % 5 !== 4));
    const testSet = takeRows(casp, idx.filter((i) => i % 5 === 4));
    const booster = await train({ ...PARAMS, objective: 'reg:squarederror' }, trainSet);
    const rmse = createMetric('rmse', opts).evaluate(booster.predict(testSet), md(testSet));
    expect(rmse).toBeLessThan(4.0406 * 1.01);
    expect(rmse).toBeGreaterThan(3); // a sanity floor: a broken split search would not land near XGBoost
  });

  it('HIGGS sample (binary:logistic): test AUC within 0.005 of 0.8264', async () => {
    const tr = await loadDataset(`${DATA}lightgbm-binary/binary.train`);
    const te = await loadDataset(`${DATA}lightgbm-binary/binary.test`);
    const booster = await train({ ...PARAMS, objective: 'binary:logistic' }, tr);
    const p = booster.predict(te);
    const auc = createMetric('auc', opts).evaluate(p, md(te));
    expect(Math.abs(auc - 0.8264)).toBeLessThan(0.005);
    const logloss = createMetric('logloss', opts).evaluate(p, md(te));
    expect(logloss).toBeLessThan(0.51088 * 1.02);
  });
});
