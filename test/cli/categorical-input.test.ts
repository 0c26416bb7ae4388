import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

describe('categorical columns on the command line', () => {
  const dir = tempDir();
  const csv = join(dir, 'c.csv');
  writeFileSync(csv, 'y,city,x,code\n1,b,0.5,3\n2,a,1.5,03\n3,,2.5,3\n4,c,1,7\n');

  it('names --categorical / --categorical_feature / config columns in the load line, and trains on them as categorical', async () => {
    for (const args of [['--categorical', 'city,code'], ['--categorical_feature', '1,3'], ['--config', join(dir, 'cfg.txt')]]) {
      writeFileSync(join(dir, 'cfg.txt'), 'categorical = city,code\n');
      const out = join(dir, 'm.json');
      const r = await runCli(['train', '--data', csv, '--label', 'y', '--rounds', '1', '--min_child_weight', '0', ...args, '--model-out', out]);
      expect(r.stderr).toMatch(/categorical columns: city \(3 categories\), code \(3 categories\)/);
      expect(r.status).toBe(0);
      const learner = (JSON.parse(readFileSync(out, 'utf8')) as { learner: { feature_types: string[]; gradient_booster: { model: { cats: { feature_segments: number[] } } } } }).learner;
      expect(learner.feature_types).toEqual(['c', 'float', 'c']);
      expect(learner.gradient_booster.model.cats.feature_segments).toEqual([0, 3, 3, 6]);
    }
  });

  it('until categorical training exists, an unnamed text column is an error at its line, not a categorical column', async () => {
    const r = await runCli(['train', '--data', csv, '--label', 'y', '--rounds', '1', '--model-out', join(dir, 'n.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/c\.csv:2.*column "city".*"b"/)]);
  });

  it('refuses --categorical for LibSVM data', async () => {
    const lib = join(dir, 'a.libsvm');
    writeFileSync(lib, '1 0:1 1:2\n0 0:2\n');
    const r = await runCli(['train', '--data', lib, '--categorical', '0', '--rounds', '1', '--model-out', join(dir, 'l.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/option categorical does not apply to LibSVM files/);
  });
});
