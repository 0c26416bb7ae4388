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
    expect(rows[9]).toMatch(/positions 8\.\.31 were never shown/);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg/);
    expect(text).toContain('displayed position');
    expect(text).toContain('t+ (clicked)');
    const spec = JSON.parse(readFileSync(join(dir, 'bias.vl.json'), 'utf8')) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(16);
  });

  it('a model without biases is refused in one line', async () => {
    const r = await runCli(['bias', '--model', new URL('../fixtures/models/xgboost-1.7.4/rank-ndcg.model.json', import.meta.url).pathname]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has no position biases/);
  });
});
