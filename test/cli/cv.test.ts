/**
 * `lambdaboost cv` on the bundled ranking data: the table equals training each fold by hand (the
 * folds' cuts searched once on all rows), no query split across folds, same seed => same table
 * whatever the thread count, bad input is one line and exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cvBinMapper, makeFolds } from '../../src/booster/cv.js';
import { trainModel } from '../../src/booster/train.js';
import { loadDataset } from '../../src/data/load.js';
import { takeRows } from '../../src/data/subset.js';
import { DATA, runCli, tempDir } from './run-cli.js';

const RANK = `${DATA}lightgbm-rank/rank.train`;
const ARGS = ['--objective', 'rank:ndcg', '--eval_metric', 'ndcg@10', '--rounds', '3', '--max_depth', '4', '--seed', '7'];

interface Table { best_iteration: number; nfold: number; rounds: Record<string, number>[] }

describe('CLI: cv', () => {
  it('ranking: the table equals each fold trained by hand; whole queries per fold; 1 vs 2 threads', async () => {
    const dir = tempDir();
    const out = join(dir, 't.json');
    const r = await runCli(['cv', '--data', RANK, '--nfold', '3', ...ARGS, '--nthread', '1', '--out', out, '--chart', join(dir, 'c')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\[2\]\ttrain-ndcg@10:\d\.\d{5}\+\d\.\d{5}\ttest-ndcg@10:\d\.\d{5}\+\d\.\d{5}$/);
    const table = JSON.parse(readFileSync(out, 'utf8')) as Table;
    expect(table.nfold).toBe(3);
    const spec = JSON.parse(readFileSync(join(dir, 'c.vl.json'), 'utf8')) as { layer: unknown[]; data: { values: unknown[] } };
    expect(spec.layer).toHaveLength(2);
    expect(spec.data.values).toHaveLength(3 * 2);
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toMatch(/^<svg/);

    // By hand: the same folds (the seed parameter seeds them), each trained with the cuts of all rows.
    const data = await loadDataset(RANK);
    const folds = makeFolds(data, 3, 7);
    const q = data.queryOffsets!;
    const foldOf = new Int32Array(data.nRows).fill(-1);
    folds.forEach((f, k) => f.forEach((row) => (foldOf[row] = k)));
    for (let i = 0; i + 1 < q.length; i++) for (let row = q[i]!; row < q[i + 1]!; row++) expect(foldOf[row]).toBe(foldOf[q[i]!]);
    const params = { objective: 'rank:ndcg', eval_metric: 'ndcg@10', num_round: 3, max_depth: 4, seed: 7, nthread: 1 } as const;
    const binMapper = cvBinMapper(params, data);
    const perFold: number[][] = [];
    for (let k = 0; k < 3; k++) {
      const tr = takeRows(data, [...Array(data.nRows).keys()].filter((row) => foldOf[row] !== k));
      const te = takeRows(data, folds[k]!);
      const h = await trainModel(params, tr, { evals: [{ name: 'test', data: te }], evalTrain: true, binMapper });
      perFold.push(h.history.map((round) => round.find((x) => x.data === 'test')!.value));
    }
    for (let i = 0; i < 3; i++) {
      const xs = perFold.map((p) => p[i]!);
      const mean = xs.reduce((a, b) => a + b, 0) / 3;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
      expect(table.rounds[i]!['test-ndcg@10-mean']).toBe(mean);
      expect(table.rounds[i]!['test-ndcg@10-std']).toBe(std);
    }

    // Same seed, two threads: the same table, byte for byte; another seed: other folds.
    const out2 = join(dir, 't2.json');
    expect((await runCli(['cv', '--data', RANK, '--nfold', '3', ...ARGS, '--nthread', '2', '--out', out2, '--quiet'])).status).toBe(0);
    expect(readFileSync(out2, 'utf8')).toBe(readFileSync(out, 'utf8'));
    const out3 = join(dir, 't3.csv');
    const other = await runCli(['cv', '--data', RANK, '--nfold', '3', ...ARGS, '--fold-seed', '8', '--out', out3, '--quiet']);
    expect(other.status).toBe(0);
    expect(other.stdout + other.stderr).toBe('');
    const csv = readFileSync(out3, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('iteration,train-ndcg@10-mean,train-ndcg@10-std,test-ndcg@10-mean,test-ndcg@10-std');
    expect(Number(csv[1]!.split(',')[3])).not.toBe(table.rounds[0]!['test-ndcg@10-mean']);
  });

  it.each([
    [['--nfold', '1'], /^lambdaboost: --nfold must be a whole number >= 2, not "1"\n$/],
    [['--nfold', '300'], /^lambdaboost: nfold 300 is more than the 201 queries in .*rank\.train\n$/],
    [['--stratified'], /^lambdaboost: stratified folds would split queries/],
    [['--out', 'table.txt'], /^lambdaboost: --out table\.txt: give a \.csv or \.json name/],
    [['--chart', 'cv.png'], /^lambdaboost: --chart cv\.png: PNG is not written/],
    [['--eta', 'abc'], /^lambdaboost: .*eta/],
  ])('bad input %j: one line, exit 2', async (extra, message) => {
    const dir = tempDir();
    const args = extra.map((a) => (a === 'table.txt' || a === 'cv.png' ? join(dir, a) : a));
    const r = await runCli(['cv', '--data', RANK, '--objective', 'rank:ndcg', '--rounds', '1', '--quiet', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.replace(dir + '/', '')).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
