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

  it('an unnamed text column is trained as categorical, and the load line names it and the cell that made it so', async () => {
    const out = join(dir, 'n.json');
    const r = await runCli(['train', '--data', csv, '--label', 'y', '--rounds', '1', '--min_child_weight', '0', '--model-out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/c\.csv: categorical columns: city \(3 categories\)\n/);
    expect(r.stderr).toContain('c.csv: column "city" is categorical: its cell "b" at line 2 is text (name text columns categorical, or skip them with ignore)');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { learner: { feature_types: string[] } }).learner.feature_types).toEqual(['c', 'float', 'float']);
    // Named, the column has no detection note.
    const named = await runCli(['train', '--data', csv, '--label', 'y', '--rounds', '1', '--categorical', 'city', '--model-out', out]);
    expect(named.stderr).not.toContain('is categorical: its cell');
  });

  it('a stray text cell in a numeric column: the column is categorical, and the load line says most of its categories are numbers', async () => {
    const rows = ['y,x,z'];
    for (let i = 0; i < 400; i++) rows.push(`${i % 2},${(i % 37) / 4},${i % 5}`);
    rows.push('1,x,2');
    const f = join(dir, 'stray.csv');
    writeFileSync(f, rows.join('\n') + '\n');
    const out = join(dir, 's.json');
    const r = await runCli(['train', '--data', f, '--label', 'y', '--rounds', '2', '--model-out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('stray.csv: categorical columns: x (38 categories)');
    expect(r.stderr).toContain(
      'stray.csv: column "x" is categorical: its cell "x" at line 402 is text (37 of its 38 categories are numbers: if the column is numeric, correct that cell or leave it empty; to read it as categories anyway, name it categorical)',
    );
    // Data for a model (predict) never detects: text in its numeric feature z is an error at its line.
    const pf = join(dir, 'stray-predict.csv');
    writeFileSync(pf, 'y,x,z\n1,2.5,3\n0,x,oops\n');
    const p = await runCli(['predict', '--model', out, '--data', pf, '--label', 'y']);
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/stray-predict\.csv:3 column "z": cannot parse "oops" as a number/);
  });

  it('refuses --categorical for LibSVM data', async () => {
    const lib = join(dir, 'a.libsvm');
    writeFileSync(lib, '1 0:1 1:2\n0 0:2\n');
    const r = await runCli(['train', '--data', lib, '--categorical', '0', '--rounds', '1', '--model-out', join(dir, 'l.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/option categorical does not apply to LibSVM files/);
  });
});
