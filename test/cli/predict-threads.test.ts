/**
 * `lambdaboost predict --nthread`: the printed predictions are the same bytes for 1, 2 and 3
 * threads, and are the library's single-thread predictions written by formatFloat32Plain's
 * definition (formatFloat32PlainReference), one a line; a bad value is one line and exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { Predictor } from '../../src/predict/predictor.js';
import { formatFloat32PlainReference } from '../../src/util/float32-format.js';
import { randomModel, rng } from '../predict/random-model.js';
import { runCli, tempDir } from './run-cli.js';

afterAll(async () => {
  await destroyWorkerPool();
});

describe('predict --nthread', () => {
  it('1, 2 and 3 threads print the same bytes: the library predictions, one a line', async () => {
    const dir = tempDir();
    const r = rng(21);
    const nF = 4;
    const base = randomModel(r, { nFeatures: nF, nTrees: 30, maxNodes: 60 });
    for (const objective of ['reg:squarederror', 'binary:logistic']) {
      const model = { ...base, objective: { ...base.objective, name: objective } };
      const modelPath = join(dir, `${objective.replace(':', '-')}.json`);
      writeFileSync(modelPath, modelToJSON(model));
      const lines = ['y,a,b,c,d'];
      for (let i = 0; i < 3001; i++) {
        const cells = Array.from({ length: nF }, () => (r() < 0.1 ? '' : ((r() - 0.5) * 6).toFixed(3)));
        lines.push(`0,${cells.join(',')}`);
      }
      const csv = join(dir, 'data.csv');
      writeFileSync(csv, `${lines.join('\n')}\n`);
      const data = await loadDataset(csv, { label: 'y', nFeatures: nF });
      const p = Predictor.fromModel(model);
      for (const margin of [false, true]) {
        const want = Array.from(margin ? p.predictMargin(data) : p.predict(data), (v) => `${formatFloat32PlainReference(v)}\n`).join('');
        for (const nthread of ['1', '2', '3']) {
          const out = join(dir, `out-${nthread}.txt`);
          const res = await runCli(['predict', '--model', modelPath, '--data', csv, '--label', 'y', '--nthread', nthread, '--out', out, ...(margin ? ['--margin'] : [])]);
          expect(res.status, res.stderr).toBe(0);
          expect(readFileSync(out, 'utf8'), `${objective} margin ${margin} nthread ${nthread}`).toBe(want);
        }
      }
    }
  });

  it('a bad --nthread is one line and exit 2', async () => {
    for (const bad of ['x', '-1', '1.5', '2000']) {
      const res = await runCli(['predict', '--model', 'm.json', '--data', 'd.csv', '--nthread', bad]);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/^lambdaboost: --nthread must be an integer in 0\.\.1024/);
      expect(res.stderr.trim()).not.toContain('\n');
    }
  });
});
