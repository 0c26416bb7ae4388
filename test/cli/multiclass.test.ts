/**
 * The CLI with a K-class model: train (early stopping on mlogloss), predict (K tab-separated
 * probabilities a row, --margin K margins, multi:softmax the class index, --leaf K trees a round,
 * --contrib K blocks of nFeatures + 1 a row, each block summing to its class's margin) and eval.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { runCli, tempDir } from './run-cli.js';

/** 300 rows, 3 features, 3 classes from a noisy score. */
function csv(seed: number): string {
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 48271) >>> 0) % 2147483647;
    return s / 2147483647;
  };
  const lines = ['y,a,b,c'];
  for (let i = 0; i < 300; i++) {
    const a = rnd() * 4 - 2;
    const b = rnd() * 5;
    const c = rnd() < 0.1 ? '' : String(rnd() - 0.5);
    const z = a + 0.4 * b + (rnd() - 0.5);
    lines.push(`${z < 0 ? 0 : z < 1.5 ? 1 : 2},${a.toFixed(3)},${b.toFixed(2)},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('CLI with multi:softprob and multi:softmax', () => {
  it('trains with early stopping on mlogloss and predicts K outputs a row in every mode', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train.csv'), csv(11));
    writeFileSync(join(dir, 'valid.csv'), csv(12));
    const model = join(dir, 'm.json');
    const t = await runCli(['train', '--data', join(dir, 'train.csv'), '--label', 'y', '--valid', join(dir, 'valid.csv'),
      '--objective', 'multi:softprob', '--num_class', '3', '--num_round', '300', '--early_stopping_rounds', '3', '--model-out', model]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout + t.stderr).toMatch(/valid-mlogloss/);
    const booster = Booster.fromJSON(readFileSync(model, 'utf8'));
    const best = Number(booster.model.attributes.best_iteration);
    expect(best).toBeLessThan(299);
    expect(booster.model.trees.length).toBe(3 * (best + 1));

    const predict = async (...extra: string[]): Promise<number[][]> => {
      const out = join(dir, 'p.txt');
      const r = await runCli(['predict', '--model', model, '--data', join(dir, 'valid.csv'), '--label', 'y', '--out', out, ...extra]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split('\t').map(Number));
    };
    const prob = await predict();
    expect(prob.length).toBe(300);
    for (const p of prob) {
      expect(p.length).toBe(3);
      expect(Math.abs(p[0]! + p[1]! + p[2]! - 1)).toBeLessThan(1e-6);
    }
    const margin = await predict('--margin');
    expect(margin[0]!.length).toBe(3);
    const leaf = await predict('--leaf');
    expect(leaf[0]!.length).toBe(booster.model.trees.length);
    const contrib = await predict('--contrib');
    expect(contrib[0]!.length).toBe(3 * 4);
    for (let r = 0; r < 300; r += 37) {
      for (let k = 0; k < 3; k++) {
        const sum = contrib[r]!.slice(4 * k, 4 * k + 4).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - margin[r]![k]!), `row ${r} class ${k}`).toBeLessThan(1e-4);
      }
    }
    const e = await runCli(['eval', '--model', model, '--data', join(dir, 'valid.csv'), '--label', 'y', '--json']);
    expect(e.status, e.stderr).toBe(0);
    const evals = JSON.parse(e.stdout) as Record<string, number>;
    expect(Object.keys(evals)).toEqual(['mlogloss']);

    // multi:softmax: the class index, the argmax of the probabilities.
    const m2 = join(dir, 'm2.json');
    expect((await runCli(['train', '--data', join(dir, 'train.csv'), '--label', 'y', '--objective', 'multi:softmax', '--num_class', '3', '--num_round', '5', '--model-out', m2])).status).toBe(0);
    const out = join(dir, 'c.txt');
    expect((await runCli(['predict', '--model', m2, '--data', join(dir, 'valid.csv'), '--label', 'y', '--out', out])).status).toBe(0);
    const idx = readFileSync(out, 'utf8').trim().split('\n').map(Number);
    expect(idx.length).toBe(300);
    expect(new Set(idx)).toEqual(new Set([0, 1, 2]));
  }, 60_000);

  it('refuses what does not fit: num_class missing, labels outside [0, K), a one-output metric', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train.csv'), csv(13));
    const args = ['train', '--data', join(dir, 'train.csv'), '--label', 'y', '--num_round', '2', '--model-out', join(dir, 'm.json')];
    const noK = await runCli([...args, '--objective', 'multi:softprob']);
    expect(noK.status).toBe(2);
    expect(noK.stderr).toMatch(/multi:softprob needs num_class/);
    const small = await runCli([...args, '--objective', 'multi:softprob', '--num_class', '2']);
    expect(small.status).toBe(2);
    expect(small.stderr).toMatch(/label 2 is not a class index in \[0, 2\)/);
    const metric = await runCli([...args, '--objective', 'multi:softprob', '--num_class', '3', '--eval_metric', 'rmse']);
    expect(metric.status).toBe(2);
    expect(metric.stderr).toMatch(/eval_metric rmse scores one prediction per row/);
  });
});
