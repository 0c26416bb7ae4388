/**
 * A K-class model served: POST /predict answers each row's K probabilities (margins with
 * "margin": true) as an array, equal to Booster.predict's to the bit; multi:softmax answers the
 * class index; /rank, which needs one score a row, is refused with a 400 naming why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train, type Booster } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Ranker } from '../../src/serve/ranker.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { dataset } from '../parallel/random-data.js';
import { postJson } from './helpers.js';

const base = dataset(400, 5, 99, 'regression');
const data: Dataset = { ...base, label: Float32Array.from(base.label!, (y) => (y < -1 ? 0 : y < 1 ? 1 : 2)) };
const rows = Array.from({ length: 20 }, (_, r) => data.columns.map((c) => (Number.isNaN(c[r]!) ? null : c[r]!)));

async function serve(objective: 'multi:softprob' | 'multi:softmax'): Promise<[Booster, RunningServer]> {
  const booster = await train({ objective, num_class: 3, num_round: 4, max_depth: 3 }, data);
  return [booster, await startServer(Ranker.fromModel(booster.model), { host: '127.0.0.1', port: 0 })];
}

describe('serve with a 3-class model', () => {
  let prob: [Booster, RunningServer];
  let max: [Booster, RunningServer];
  beforeAll(async () => {
    prob = await serve('multi:softprob');
    max = await serve('multi:softmax');
  });
  afterAll(async () => {
    await prob[1].close();
    await max[1].close();
  });

  it('POST /predict: K probabilities a row, or K margins, as Booster.predict', async () => {
    const [booster, srv] = prob;
    const want = booster.predict(rows);
    const r = await postJson(srv.port, '/predict', { rows });
    expect(r.status).toBe(200);
    const scores = r.json.scores as number[][];
    expect(scores.length).toBe(rows.length);
    expect(scores.flat().map(Math.fround)).toEqual(Array.from(want));
    for (const s of scores) expect(Math.abs(s.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    const m = await postJson(srv.port, '/predict', { rows, margin: true });
    expect((m.json.scores as number[][]).flat().map(Math.fround)).toEqual(Array.from(booster.predict(rows, { margin: true })));
  });

  it('multi:softmax answers the class index; /rank is refused', async () => {
    const [booster, srv] = max;
    const r = await postJson(srv.port, '/predict', { rows });
    expect(r.json.scores).toEqual(Array.from(booster.predict(rows)));
    expect(new Set(r.json.scores as number[]).size).toBeGreaterThan(1);
    const bad = await postJson(srv.port, '/rank', { rows });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/\/rank needs one score a row; the model has 3 classes/);
  });
});
