/**
 * trainModel's `freeRawData` (LightGBM's free_raw_data): the feature values are released once
 * binned, and the model does not change by a byte.
 */
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';

function data(): Dataset {
  let s = 7;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const n = 3000;
  const columns = Array.from({ length: 6 }, () => Float32Array.from({ length: n }, () => (rnd() < 0.05 ? NaN : rnd())));
  const label = Float32Array.from({ length: n }, (_, r) => (columns[0]![r]! || 0) * 3 + (columns[1]![r]! > 0.5 ? 1 : 0) + rnd());
  return {
    nRows: n, nFeatures: 6, featureNames: columns.map((_, j) => `f${j}`), hasFeatureNames: false, columns, label, weight: null,
    queryOffsets: null, position: null, source: 'mem',
  };
}

describe('freeRawData', () => {
  it.each([1, 2])('releases the columns and trains the same model bytes (%i threads)', async (threads) => {
    const params = { num_round: 8, max_depth: 4, subsample: 0.8, nthread: threads };
    const kept = data();
    const freed = data();
    const a = await trainModel(params, kept);
    const b = await trainModel(params, freed, { freeRawData: true, evals: [{ name: 'valid', data: data() }] });
    expect(JSON.stringify(modelToJSON(b.model))).toBe(JSON.stringify(modelToJSON(a.model)));
    expect(freed.columns.every((c) => c.length === 0)).toBe(true);
    expect(kept.columns.every((c) => c.length === 3000)).toBe(true);
    expect(b.history.length).toBe(8);
  });

  it('continuing from a model: its margins are taken before the values go', async () => {
    const first = await trainModel({ num_round: 4, max_depth: 3 }, data());
    const params = { num_round: 4, max_depth: 3, nthread: 2 };
    const a = await trainModel(params, data(), { initModel: first.model });
    const freed = data();
    const b = await trainModel(params, freed, { initModel: first.model, freeRawData: true });
    expect(JSON.stringify(modelToJSON(b.model))).toBe(JSON.stringify(modelToJSON(a.model)));
    expect(freed.columns.every((c) => c.length === 0)).toBe(true);
  });
});
