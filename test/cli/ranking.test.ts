import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';

describe('CLI: ranking', () => {
  it('simulate-clicks -> unbiased train (prints the biases) -> eval on true relevance', async () => {
    const dir = tempDir();
    const clicks = join(dir, 'clicks.libsvm');
    const sim = await runCli(['simulate-clicks', '--data', `${DATA}lightgbm-rank/rank.train`, '--out', clicks, '--ranker', 'random', '--sessions', '2', '--top', '10']);
    expect(sim.status).toBe(0);
    expect(sim.stderr).toMatch(/wrote \d+ impressions in 402 sessions/);
    // Every session shows positions 0, 1, ..., size - 1.
    const sizes = readFileSync(`${clicks}.query`, 'utf8').trim().split('\n').map(Number);
    const positions = readFileSync(`${clicks}.position`, 'utf8').trim().split('\n').map(Number);
    expect(positions).toEqual(sizes.flatMap((n) => Array.from({ length: n }, (_, i) => i)));
    expect(Math.max(...sizes)).toBe(10);
    const model = join(dir, 'm.json');
    const t = await runCli(['train', '--data', clicks, '--objective', 'rank:ndcg', '--lambdarank_unbiased', 'true', '--rounds', '5', '--model-out', model]);
    expect(t.status).toBe(0);
    expect(t.stderr).toMatch(/loaded .*clicks\.libsvm\.position/);
    expect(t.stdout).toMatch(/position\tt\+\tt-\n0\t1\.0000\t1\.0000\n1\t/);
    const e = await runCli(['eval', '--model', model, '--data', `${DATA}lightgbm-rank/rank.test`, '--metric', 'ndcg@10', '--metric', 'map@5,pre@3', '--json']);
    expect(e.status).toBe(0);
    const values = JSON.parse(e.stdout) as Record<string, number>;
    expect(Object.keys(values)).toEqual(['ndcg@10', 'map@5', 'pre@3']);
    for (const v of Object.values(values)) expect(v).toBeGreaterThan(0.3);
  });

  it('valid sets and early stopping with a ranking metric (higher is better)', async () => {
    const dir = tempDir();
    const r = await runCli([
      'train', '--data', `${DATA}lightgbm-rank/rank.train`, '--valid', `${DATA}lightgbm-rank/rank.test`,
      '--objective', 'rank:ndcg', '--eval_metric', 'ndcg@10', '--eta', '0.3', '--rounds', '200', '--early_stopping_rounds', '5',
      '--model-out', join(dir, 'm.json'),
    ]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeLessThan(200);
    const v = lines.map((l) => Number(/valid-ndcg@10:([\d.]+)/.exec(l)![1]));
    const best = Number(/best iteration (\d+)/.exec(r.stderr)![1]);
    expect(Math.max(...v)).toBe(v[best]);
  });

  it.each([
    ['negative label', 'y,q,a\n1,1,0.5\n-1,1,0.2\n', /row 2/, /negative/],
    ['non-integer label with exp gain', 'y,q,a\n1,1,0.5\n1.5,1,0.2\n', /row 2/, /not an integer/],
    ['label above 31 with exp gain', 'y,q,a\n1,1,0.5\n32,1,0.2\n', /row 2/, /31/],
    ['non-contiguous query', 'y,q,a\n1,1,0.5\n0,2,0.2\n1,1,0.3\n', /q\.csv/, /line 2|:2|:4/],
    ['negative position', 'y,q,p,a\n1,1,0,0.5\n0,1,-1,0.2\n', /q\.csv/, /position/],
  ])('%s: one line, exit 2', async (_name, content, ...parts) => {
    const dir = tempDir();
    const f = join(dir, 'q.csv');
    writeFileSync(f, content);
    const args = ['train', '--data', f, '--label', 'y', '--qid', 'q', '--objective', 'rank:ndcg', '--model-out', join(dir, 'm.json')];
    if (content.startsWith('y,q,p')) args.push('--position', 'p');
    const r = await runCli(args);
    expect(r.status).toBe(2);
    const err = r.stderr.trim().split('\n').pop()!;
    expect(err).toMatch(/^lambdaboost: /);
    for (const p of parts) expect(err).toMatch(p);
  });

  it('missing group info for a ranking objective', async () => {
    const dir = tempDir();
    const f = join(dir, 'nogroups.csv');
    writeFileSync(f, 'y,a\n1,0.5\n0,0.2\n');
    const r = await runCli(['train', '--data', f, '--label', 'y', '--objective', 'rank:ndcg', '--model-out', join(dir, 'm.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nogroups\.csv.*query groups/);
  });
});
