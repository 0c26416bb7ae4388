import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';

describe('CLI: bias', () => {
  it('prints and draws the learned position biases of an unbiased model', async () => {
    const dir = tempDir();
    const clicks = join(dir, 'clicks.libsvm');
    expect((await runCli(['simulate-clicks', '--data', `${DATA}lightgbm-rank/rank.train`, '--out', clicks, '--ranker', 'random', '--top', '8', '--quiet'])).status).toBe(0);
    const model = join(dir, 'm.json');
    expect((await runCli(['train', '--data', clicks, '--objective', 'rank:ndcg', '--lambdarank_unbiased', 'true', '--rounds', '5', '--model-out', model, '--quiet'])).status).toBe(0);
    const svg = join(dir, 'bias.svg');
    const r = await runCli(['bias', '--model', model, '--out', svg]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('position\tt+\tt-');
    expect(rows[1]).toBe('0\t1.0000\t1.0000');
    expect(rows).toHaveLength(1 + 8 + 1); // 8 shown positions, then the note on never-shown ones
    expect(rows[9]).toMatch(/positions 8\.\.31: no estimate/);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg/);
    expect(text).toContain('displayed position');
    expect(text).toContain('t+ (clicked)');
    const spec = JSON.parse(readFileSync(join(dir, 'bias.vl.json'), 'utf8')) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(16);
  });

  it('1-based click logs: the run says which positions it tracked; table and chart count from 1', async () => {
    const dir = tempDir();
    const clicks = join(dir, 'clicks.libsvm');
    expect((await runCli(['simulate-clicks', '--data', `${DATA}lightgbm-rank/rank.train`, '--out', clicks, '--ranker', 'random', '--top', '8', '--quiet'])).status).toBe(0);
    const { writeFileSync } = await import('node:fs');
    const pos = readFileSync(`${clicks}.position`, 'utf8').trim().split('\n').map((p) => String(Number(p) + 1));
    writeFileSync(`${clicks}.position`, `${pos.join('\n')}\n`);
    const model = join(dir, 'm.json');
    const t = await runCli(['train', '--data', clicks, '--objective', 'rank:ndcg', '--lambdarank_unbiased', 'true', '--rounds', '5', '--model-out', model]);
    expect(t.status).toBe(0);
    expect(t.stderr + t.stdout).toMatch(/tracked positions 1\.\.32, top = 1, the smallest position in the data/);
    const r = await runCli(['bias', '--model', model, '--out', join(dir, 'b.svg')]);
    const rows = r.stdout.trim().split('\n');
    expect(rows[1]).toBe('1\t1.0000\t1.0000');
    expect(rows[2]).not.toMatch(/1\.0000\t1\.0000$/); // position 2 was estimated, not left at 1
    expect(rows[9]).toMatch(/positions 9\.\.32: no estimate/);
    const spec = JSON.parse(readFileSync(join(dir, 'b.vl.json'), 'utf8')) as { data: { values: { position: number }[] } };
    expect(spec.data.values).toHaveLength(16);
    expect(Math.min(...spec.data.values.map((v) => v.position))).toBe(1);
  });

  it('lambdarank with positions: the additive factors of every position id, as saved, in a table and a chart', async () => {
    const dir = tempDir();
    const clicks = join(dir, 'clicks.libsvm');
    expect((await runCli(['simulate-clicks', '--data', `${DATA}lightgbm-rank/rank.train`, '--out', clicks, '--ranker', 'random', '--top', '8',
      '--position-base', '1', '--quiet'])).status).toBe(0);
    const model = join(dir, 'm.json');
    expect((await runCli(['train', '--data', clicks, '--objective', 'lambdarank', '--rounds', '4', '--model-out', model, '--quiet'])).status).toBe(0);
    const saved = (JSON.parse(readFileSync(model, 'utf8')) as { lambdaboost: { position_bias: { position: number[]; factor: number[] } } }).lambdaboost.position_bias;
    expect(saved.position).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const r = await runCli(['bias', '--model', model, '--out', join(dir, 'f.svg')]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('position\tfactor');
    expect(rows.slice(1)).toEqual(saved.position.map((p, i) => `${p}\t${saved.factor[i]!.toFixed(4)}`));
    expect(new Set(saved.factor).size).toBeGreaterThan(1); // learned, not left at 0
    const spec = JSON.parse(readFileSync(join(dir, 'f.vl.json'), 'utf8')) as { data: { values: { position: number; bias: number }[] } };
    expect(spec.data.values.map((v) => v.position)).toEqual(saved.position);
    expect(readFileSync(join(dir, 'f.svg'), 'utf8')).toContain('additive bias factor');
    const j = await runCli(['bias', '--model', model, '--json']);
    expect(JSON.parse(j.stdout)).toEqual({ position: saved.position, factor: saved.factor });
  });

  it('a model without biases is refused in one line', async () => {
    const r = await runCli(['bias', '--model', new URL('../fixtures/models/xgboost-1.7.4/rank-ndcg.model.json', import.meta.url).pathname]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has no position biases/);
  });
});
