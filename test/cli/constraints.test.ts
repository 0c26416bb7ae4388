/**
 * The constraint parameters on the command line: XGBoost's and LightGBM's spellings, by name and by
 * index, a feature-weights file; saved in the model so `train --init-model` continues with them; bad
 * values refused in one line with exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { constraintCsv } from '../tree/constraint-data.js';
import { runCli, tempDir } from './run-cli.js';

let dir = '';
let data = '';
beforeAll(() => {
  dir = tempDir('lb-cli-constraints-');
  data = join(dir, 'train.csv');
  writeFileSync(data, constraintCsv('real', 600, 8642));
});

const train = (out: string, ...args: string[]): ReturnType<typeof runCli> =>
  runCli(['train', '--data', data, '--label', 'y', '--rounds', '3', '--model-out', join(dir, out), '--nthread', '1', ...args]);
const params = (file: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { lambdaboost: { params: Record<string, unknown> } }).lambdaboost.params;

describe('constraints on the command line', () => {
  it('XGBoost\'s tuple, LightGBM\'s bare list (key=value and its alias mc) and names give the same model', async () => {
    const runs = [
      await train('a.json', '--monotone_constraints', '(1,-1,0,0,1)'),
      await train('b.json', 'monotone_constraints=1,-1,0,0,1'),
      await train('c.json', 'mc=1,-1,0,0,1'),
      await train('d.json', '--monotone_constraints', '{"a":1,"b":-1,"e":1}'),
    ];
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    for (const f of ['b.json', 'c.json', 'd.json']) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(a);
    expect(params('a.json').monotone_constraints).toBe('(1,-1,0,0,1)');
  });

  it('interaction groups by name and a feature-weights file; continued training keeps both', async () => {
    writeFileSync(join(dir, 'weights.txt'), '1\n2\n1\n0.5\n1\n');
    const args = ['--interaction_constraints', '[["a","b"],["c","d","e"]]', '--feature_weights', join(dir, 'weights.txt'), '--colsample_bynode', '0.6'];
    expect((await train('i.json', ...args)).status).toBe(0);
    const p = params('i.json');
    expect(p.interaction_constraints).toBe('[[0,1],[2,3,4]]');
    expect(p.feature_weights).toEqual([1, 2, 1, 0.5, 1]);
    // 3 + 3 rounds from the saved model == 6 rounds in one go.
    const whole = await runCli(['train', '--data', data, '--label', 'y', '--rounds', '6', '--model-out', join(dir, 'whole.json'), '--nthread', '1', ...args]);
    expect(whole.status, whole.stderr).toBe(0);
    const more = await runCli(['train', '--data', data, '--label', 'y', '--rounds', '3', '--init-model', join(dir, 'i.json'), '--model-out', join(dir, 'more.json'), '--nthread', '1']);
    expect(more.status, more.stderr).toBe(0);
    expect(readFileSync(join(dir, 'more.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
  });

  it('refuses bad constraints in one line, exit 2, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['--monotone_constraints', '{"price":1}'], /monotone_constraints: unknown feature "price" \(features are a, b, c, d, e\)/],
      [['monotone_constraints=1,0'], /monotone_constraints: 2 values for 5 features/],
      [['--interaction_constraints', '[[0,9]]'], /interaction_constraints: feature index 9 is not in 0\.\.4/],
      [['--feature_weights', '1,2,3'], /feature_weights: 3 weights for 5 features/],
      [['--feature_weights', join(dir, 'nope.txt')], /feature_weights: cannot read .*nope\.txt/],
      [['--monotone_constraints', '(1,0,0,0,0)', '--min_data_in_leaf', '5'], /monotone_constraints with min_data_in_leaf are not implemented/],
      [['monotone_constraints_method=intermediate'], /monotone_constraints_method.*LightGBM's monotone methods \(basic, intermediate, advanced\) are not implemented/],
    ];
    for (const [args, why] of cases) {
      const r = await train('bad.json', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(why);
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('loaded ')).length, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
