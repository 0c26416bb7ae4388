/**
 * reg:quantileerror with several quantile_alpha values through the CLI, the API and serve:
 * `quantile_alpha=[a,b,c]`, `a,b,c` and `--quantile_alpha a,b,c` train the same bytes; predict
 * writes K tab-separated outputs a row (sorted ascending), --margin K margins, --leaf K trees a
 * round, --contrib K blocks summing to the margins; eval reports the quantile metric over every
 * (row, quantile) pair; serve /predict answers K-arrays; bad lists are refused by name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { Ranker } from '../../src/serve/ranker.js';
import { startServer } from '../../src/serve/server.js';
import { postJson } from '../serve/helpers.js';
import { parityRandom } from '../parity-data.js';
import { runCli, tempDir } from './run-cli.js';

/** 200 rows, 2 features (one with missing cells), a noisy real label. */
function csv(seed: number): string {
  const rnd = parityRandom(seed);
  const lines = ['y,a,b'];
  for (let i = 0; i < 200; i++) {
    const a = rnd() * 4 - 2;
    const b = rnd() < 0.1 ? '' : (rnd() * 3).toFixed(2);
    lines.push(`${(a * 2 + (b === '' ? 0 : Number(b)) + (rnd() - 0.5) * 3).toFixed(3)},${a.toFixed(3)},${b}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('CLI with several quantile_alpha', () => {
  it('trains K trees a round and predicts K sorted outputs in every mode; eval and serve agree', async () => {
    const dir = tempDir();
    const data = join(dir, 'train.csv');
    writeFileSync(data, csv(21));
    const models: string[] = [];
    for (const spelling of [['quantile_alpha=[0.1,0.5,0.9]'], ['quantile_alpha=0.1,0.5,0.9'], ['--quantile_alpha', '0.1, 0.5, 0.9']]) {
      const m = join(dir, `m${models.length}.json`);
      const t = await runCli(['train', '--data', data, '--label', 'y', '--valid', data, '--objective', 'reg:quantileerror', '--num_round', '8', '--model-out', m, ...spelling]);
      expect(t.status, t.stderr).toBe(0);
      expect(t.stdout).toMatch(/\[7\]\ttrain-quantile:[\d.]+\tvalid-quantile:[\d.]+/);
      models.push(m);
    }
    const text = readFileSync(models[0]!, 'utf8');
    for (const m of models.slice(1)) expect(readFileSync(m, 'utf8'), m).toBe(text);
    const json = JSON.parse(text);
    expect(json.learner.learner_model_param.num_target).toBe('3');
    expect(json.learner.learner_model_param.num_class).toBe('0');
    expect(json.learner.gradient_booster.model.tree_info.slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(json.lambdaboost.params.quantile_alpha).toEqual([0.1, 0.5, 0.9]);
    const booster = Booster.fromJSON(text);
    expect(booster.model.trees.length).toBe(24);

    const predict = async (...extra: string[]): Promise<number[][]> => {
      const out = join(dir, 'p.txt');
      const r = await runCli(['predict', '--model', models[0]!, '--data', data, '--label', 'y', '--out', out, ...extra]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split('\t').map(Number));
    };
    const pred = await predict();
    expect(pred.length).toBe(200);
    for (const p of pred) {
      expect(p.length).toBe(3);
      expect(p[0]! <= p[1]! && p[1]! <= p[2]!).toBe(true);
    }
    // The quantiles bracket the labels roughly as asked: about 10% below the first, 90% below the last.
    const labels = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    const below = (k: number): number => labels.filter((y, r) => y < pred[r]![k]!).length / labels.length;
    expect(below(0)).toBeLessThan(0.3);
    expect(below(2)).toBeGreaterThan(0.7);
    const margin = await predict('--margin');
    expect(margin[0]!.length).toBe(3);
    expect((await predict('--leaf'))[0]!.length).toBe(24);
    const contrib = await predict('--contrib');
    expect(contrib[0]!.length).toBe(3 * 3);
    for (let r = 0; r < 200; r += 23) {
      for (let k = 0; k < 3; k++) {
        const sum = contrib[r]!.slice(3 * k, 3 * k + 3).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - margin[r]![k]!), `row ${r} quantile ${k}`).toBeLessThan(1e-4);
      }
    }

    const e = await runCli(['eval', '--model', models[0]!, '--data', data, '--label', 'y', '--json']);
    expect(e.status, e.stderr).toBe(0);
    const evals = JSON.parse(e.stdout) as Record<string, number>;
    expect(Object.keys(evals)).toEqual(['quantile']);
    // The metric by hand: mean pinball loss over every (row, quantile) pair.
    const alphas = [0.1, 0.5, 0.9].map(Math.fround);
    let sum = 0;
    labels.forEach((y, r) => alphas.forEach((a, k) => {
      const d = y - Math.fround(pred[r]![k]!);
      sum += d >= 0 ? a * d : (a - 1) * d;
    }));
    expect(evals.quantile!).toBeCloseTo(sum / (3 * labels.length), 5);
    const rmse = await runCli(['eval', '--model', models[0]!, '--data', data, '--label', 'y', '--metric', 'rmse']);
    expect(rmse.status).toBe(2);
    expect(rmse.stderr).toMatch(/eval_metric rmse scores one prediction per row; reg:quantileerror has 3 quantiles a row \(give quantile\)/);

    // serve: K-arrays, equal to Booster.predict's.
    const rows = Array.from({ length: 10 }, (_, r) => [Number(labels.length > r ? r / 5 - 1 : 0), r % 3 === 0 ? null : r / 4]);
    const srv = await startServer(Ranker.fromModel(booster.model), { host: '127.0.0.1', port: 0 });
    try {
      const r = await postJson(srv.port, '/predict', { rows });
      expect(r.status).toBe(200);
      expect((r.json.scores as number[][]).flat().map(Math.fround)).toEqual(Array.from(booster.predict(rows)));
      const m = await postJson(srv.port, '/predict', { rows, margin: true });
      expect((m.json.scores as number[][]).flat().map(Math.fround)).toEqual(Array.from(booster.predict(rows, { margin: true })));
      const rank = await postJson(srv.port, '/rank', { rows });
      expect(rank.status).toBe(400);
      expect(rank.json.error).toMatch(/\/rank needs one score a row; the model has 3 quantiles/);
    } finally {
      await srv.close();
    }
  });

  it('refuses a list out of order or out of range, and other metrics, by name', async () => {
    const dir = tempDir();
    const data = join(dir, 'train.csv');
    writeFileSync(data, csv(5));
    const run = (...extra: string[]) => runCli(['train', '--data', data, '--label', 'y', '--objective', 'reg:quantileerror', '--num_round', '2', '--model-out', join(dir, 'm.json'), ...extra]);
    const desc = await run('quantile_alpha=0.9,0.1');
    expect(desc.status).toBe(2);
    expect(desc.stderr).toMatch(/parameter quantile_alpha: 0\.9,0\.1 must be in ascending order/);
    const range = await run('quantile_alpha=[0.1,1.5]');
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/parameter quantile_alpha: invalid value "1\.5" in "\[0\.1,1\.5\]"; expected numbers, comma-separated, each in \(0, 1\)/);
    const empty = await run('quantile_alpha=0.1,,0.5');
    expect(empty.status).toBe(2);
    const metric = await run('quantile_alpha=0.1,0.9', '--eval_metric', 'mae', '--valid', data);
    expect(metric.status).toBe(2);
    expect(metric.stderr).toMatch(/eval_metric mae scores one prediction per row; reg:quantileerror has 2 quantiles a row/);
  });
});
