import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { DATA, runCli, tempDir } from './run-cli.js';

describe('CLI end to end on the bundled data', () => {
  it('train prints XGBoost-style eval lines and writes a model that predict and the library agree on', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    const r = await runCli([
      'train', '--data', `${DATA}lightgbm-binary/binary.train`, '--valid', `${DATA}lightgbm-binary/binary.test`,
      '--objective', 'binary:logistic', '--eta', '0.3', '--max-depth', '3', '--rounds', '5',
      '--eval_metric', 'logloss,auc', '--model-out', model,
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\[0\]\ttrain-logloss:\d\.\d{5}\ttrain-auc:\d\.\d{5}\tvalid-logloss:\d\.\d{5}\tvalid-auc:\d\.\d{5}$/);
    expect(r.stderr).toContain(`model written to ${model}`);

    const preds = join(dir, 'p.txt');
    const p = await runCli(['predict', '--model', model, '--data', `${DATA}lightgbm-binary/binary.test`, '--out', preds]);
    expect(p.status).toBe(0);
    const fromCli = readFileSync(preds, 'utf8').trim().split('\n').map(Number);
    const booster = await Booster.load(model);
    const test = await loadDataset(`${DATA}lightgbm-binary/binary.test`);
    const fromLib = booster.predict(test);
    expect(fromCli).toHaveLength(500);
    expect(Float32Array.from(fromCli)).toEqual(fromLib);

    const m = await runCli(['predict', '--model', model, '--data', `${DATA}lightgbm-binary/binary.test`, '--margin']);
    expect(Float32Array.from(m.stdout.trim().split('\n').map(Number))).toEqual(booster.predict(test, { margin: true }));

    const leaf = await runCli(['predict', '--model', model, '--data', `${DATA}lightgbm-binary/binary.test`, '--leaf']);
    const firstRow = leaf.stdout.split('\n')[0]!.split('\t');
    expect(firstRow).toHaveLength(5);
    for (const id of firstRow) expect(Number.isInteger(Number(id))).toBe(true);

    const d = await runCli(['dump', '--model', model, '--with-stats']);
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/^booster\[0\]:\n0:\[f\d+<[^\]]+\] yes=1,no=2,missing=\d,gain=/);
  });

  it('the same model file twice: training is deterministic to the byte', async () => {
    const dir = tempDir();
    const args = (out: string) => [
      'train', '--data', `${DATA}uci-casp-protein/CASP.csv`, '--label', 'RMSD', '--rounds', '8',
      '--subsample', '0.8', '--colsample_bytree', '0.7', '--colsample_bynode', '0.6', '--seed', '7', '--model-out', out, '--quiet',
    ];
    expect((await runCli(args(join(dir, 'a.json')))).status).toBe(0);
    expect((await runCli(args(join(dir, 'b.json')))).status).toBe(0);
    expect(readFileSync(join(dir, 'a.json'))).toEqual(readFileSync(join(dir, 'b.json')));
    const other = await runCli([...args(join(dir, 'c.json')).slice(0, -3), '--seed', '8', '--model-out', join(dir, 'c.json'), '--quiet']);
    expect(other.status).toBe(0);
    expect(readFileSync(join(dir, 'c.json'))).not.toEqual(readFileSync(join(dir, 'a.json')));
  });

  it('--config FILE with key = value lines; the command line wins; LightGBM aliases work', async () => {
    const dir = tempDir();
    const conf = join(dir, 'train.conf');
    writeFileSync(conf, `# LightGBM-style config\ntask = train\nobjective = reg:squarederror\ndata = ${DATA}uci-casp-protein/CASP.csv\nlearning_rate = 0.5\nnum_trees = 3\nmax_depth = 2\noutput_model = ${join(dir, 'from-conf.json')}\n`);
    const r = await runCli(['train', '--config', conf, '--label', 'RMSD', '--rounds', '4', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'from-conf.json'), 'utf8')) as {
      learner: { gradient_booster: { model: { trees: unknown[] } } };
      lambdaboost: { params: { eta: number; num_round: number; max_depth: number } };
    };
    expect(model.learner.gradient_booster.model.trees).toHaveLength(4);
    expect(model.lambdaboost.params.eta).toBe(0.5);
    expect(model.lambdaboost.params.max_depth).toBe(2);
  });

  it('--eval_metric given twice appends (flags, key=value words, two config lines, config then command line), as XGBoost', async () => {
    const dir = tempDir();
    const base = ['train', '--data', `${DATA}lightgbm-binary/binary.train`, '--valid', `${DATA}lightgbm-binary/binary.test`, '--objective', 'binary:logistic', '--rounds', '1', '--max_depth', '2'];
    const line = (...metrics: string[]): string => ['[0]', ...metrics.map((m) => `train-${m}`), ...metrics.map((m) => `valid-${m}`)].join('\t');
    const header = async (args: string[]): Promise<string> => {
      const r = await runCli([...base, ...args, '--model-out', join(dir, 'm.json')]);
      expect(r.stderr).not.toMatch(/lambdaboost:/);
      expect(r.status).toBe(0);
      return r.stdout.trim().split('\n')[0]!.replace(/:\d\.\d{5}/g, '');
    };
    expect(await header(['--eval_metric', 'auc', '--eval_metric', 'logloss'])).toBe(line('auc', 'logloss'));
    expect(await header(['--eval_metric', 'auc', '--metric', 'error,logloss'])).toBe(line('auc', 'error', 'logloss'));
    expect(await header(['eval_metric=auc', 'eval_metric=logloss'])).toBe(line('auc', 'logloss'));
    // A metric named twice is evaluated once (XGBoost drops the repeat).
    expect(await header(['--eval_metric', 'auc', '--eval_metric', 'auc,logloss'])).toBe(line('auc', 'logloss'));
    const conf = join(dir, 'train.conf');
    writeFileSync(conf, 'eval_metric = auc\neval_metric = logloss\n');
    expect(await header(['--config', conf])).toBe(line('auc', 'logloss'));
    // Config then command line: the command line's metrics are added after the file's (other
    // parameters: the command line wins).
    expect(await header(['--config', conf, '--eval_metric', 'error'])).toBe(line('auc', 'logloss', 'error'));
    const model = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as { lambdaboost: { params: { eval_metric: string[] } } };
    expect(model.lambdaboost.params.eval_metric).toEqual(['auc', 'logloss', 'error']);
  });

  it('early stopping keeps the best iteration', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    const r = await runCli([
      'train', '--data', `${DATA}lightgbm-binary/binary.train`, '--valid', `${DATA}lightgbm-binary/binary.test`,
      '--objective', 'binary:logistic', '--eta', '1', '--max_depth', '8', '--min_child_weight', '0', '--rounds', '60', '--early-stopping-rounds', '3',
      '--model-out', model,
    ]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeLessThan(60);
    const best = Number(/best iteration (\d+)/.exec(r.stderr)![1]);
    expect(lines.length).toBe(best + 4);
    const b = await Booster.load(model);
    expect(b.nTrees).toBe(best + 1);
    // the best round's validation logloss is the smallest printed
    const ll = lines.map((l) => Number(/valid-logloss:([\d.]+)/.exec(l)![1]));
    expect(Math.min(...ll)).toBe(ll[best]);
  });

  it('prediction matches columns by name when the header order differs', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const rows = Array.from({ length: 200 }, (_, i) => [i % 7, (i * 13) % 17, i % 3]);
    writeFileSync(a, 'y,x1,x2\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
    writeFileSync(b, 'x2,y,x1\n' + rows.map((r) => [r[2], r[0], r[1]].join(',')).join('\n') + '\n');
    const model = join(dir, 'm.json');
    expect((await runCli(['train', '--data', a, '--label', 'y', '--rounds', '3', '--model-out', model, '--quiet'])).status).toBe(0);
    const pa = await runCli(['predict', '--model', model, '--data', a, '--label', 'y']);
    const pb = await runCli(['predict', '--model', model, '--data', b, '--label', 'y']);
    expect(pa.status).toBe(0);
    expect(pb.stdout).toBe(pa.stdout);
    const c = join(dir, 'c.csv');
    writeFileSync(c, 'y,x1\n1,2\n');
    const pc = await runCli(['predict', '--model', model, '--data', c, '--label', 'y']);
    expect(pc.status).toBe(2);
    expect(pc.stderr).toMatch(/x2/);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv', 'c.csv', 'm.json']);
    expect(existsSync(model)).toBe(true);
  });
});
