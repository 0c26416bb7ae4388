/**
 * XGBoost and LightGBM habits on the command line: no-op names accepted and named, names of what
 * this engine does not do refused with the reason, LightGBM objective names mapped (and the run
 * says which formula runs), LightGBM parameters mapped or refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

function smallCsv(dir: string, kind: 'real' | 'binary' | 'positive' = 'real'): string {
  const lines = ['y,a,b'];
  for (let i = 0; i < 60; i++) {
    const a = (i * 7) % 13;
    const b = (i * 5) % 11;
    const z = a - b / 2;
    const y = kind === 'binary' ? (z > 2 ? 1 : 0) : kind === 'positive' ? 1 + (a + b) / 4 : z;
    lines.push(`${y},${a},${b}`);
  }
  const path = join(dir, `${kind}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function trainWith(args: string[], kind: 'real' | 'binary' | 'positive' = 'real') {
  const dir = tempDir();
  const data = smallCsv(dir, kind);
  const model = join(dir, 'm.json');
  const r = await runCli(['train', '--data', data, '--label', 'y', '--rounds', '2', '--model-out', model, ...args]);
  return { ...r, model, dir, data };
}

describe('XGBoost habits', () => {
  it('tree_method=hist, booster=gbtree, device=cpu are accepted and named as no-ops', async () => {
    const r = await trainWith(['tree_method=hist', 'booster=gbtree', 'device=cpu']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('note: tree_method=hist is how this engine always grows trees (a no-op)');
    expect(r.stderr).toContain('note: booster=gbtree is the only booster here (a no-op)');
    expect(r.stderr).toContain('note: device=cpu is the only device (a no-op)');
  });

  it('tree_method=exact / approx, booster=gblinear / dart, device=cuda are refused with the reason', async () => {
    for (const [arg, why] of [
      ['tree_method=exact', /tree_method: exact is not supported: exact greedy split search is not implemented/],
      ['tree_method=approx', /approx .* is not implemented/],
      ['booster=gblinear', /booster: gblinear is not supported: linear boosters are not implemented/],
      ['booster=dart', /dart is not supported: dropout \(DART\) training is not implemented/],
      ['device=cuda', /no GPU support/],
    ] as const) {
      const r = await trainWith([arg]);
      expect(r.status, arg).toBe(2);
      expect(r.stderr, arg).toMatch(why);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('XGBoost objectives this engine does not train are refused by name, with the supported list', async () => {
    for (const [obj, why] of [
      ['survival:aft', /survival:aft is not supported: accelerated failure time needs interval labels/],
      ['reg:expectileerror', /reg:expectileerror is not supported/],
    ] as const) {
      const r = await trainWith([`objective=${obj}`]);
      expect(r.status, obj).toBe(2);
      expect(r.stderr, obj).toMatch(why);
      expect(r.stderr, obj).toContain('reg:squarederror, reg:absoluteerror');
      expect(r.stderr, obj).toContain('binary:hinge');
    }
  });

  it('quantile_alpha in brackets is taken, one value or several (test/cli/multi-quantile.test.ts covers several)', async () => {
    const one = await trainWith(['objective=reg:quantileerror', 'quantile_alpha=[0.9]']);
    expect(one.status).toBe(0);
    const model = JSON.parse(readFileSync(one.model, 'utf8'));
    expect(model.learner.objective.quantile_loss_param.quantile_alpha).toBe('[9E-1]');
    // One quantile is saved as the number, as before lists were read.
    expect(model.lambdaboost.params.quantile_alpha).toBe(0.9);
    const valid = await runCli(['train', '--data', one.data, '--valid', one.data, '--label', 'y', '--rounds', '1', '--model-out', one.model, 'objective=reg:quantileerror', 'quantile_alpha=0.9']);
    expect(valid.stdout).toMatch(/^\[0\]\ttrain-quantile:\d\.\d+\tvalid-quantile:/);
  });
});

describe('LightGBM habits', () => {
  it('objective names map to their XGBoost equivalents, and the model carries the XGBoost name', async () => {
    for (const [lgb, xgb, kind] of [
      ['regression', 'reg:squarederror', 'real'], ['regression_l2', 'reg:squarederror', 'real'],
      ['regression_l1', 'reg:absoluteerror', 'real'], ['huber', 'reg:pseudohubererror', 'real'],
      ['binary', 'binary:logistic', 'binary'], ['poisson', 'count:poisson', 'positive'],
      ['quantile', 'reg:quantileerror', 'real'], ['gamma', 'reg:gamma', 'positive'],
      ['tweedie', 'reg:tweedie', 'positive'], ['cross_entropy', 'reg:logistic', 'binary'],
    ] as const) {
      const r = await trainWith([`objective=${lgb}`], kind);
      expect(r.status, `${lgb}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(readFileSync(r.model, 'utf8')).learner.objective.name, lgb).toBe(xgb);
    }
  });

  it('where the formula differs from LightGBM\'s, the run says which one runs', async () => {
    const huber = await trainWith(['objective=huber']);
    expect(huber.stderr).toMatch(/note: LightGBM's huber runs as XGBoost's reg:pseudohubererror: the pseudo-Huber loss/);
    const q = await trainWith(['objective=quantile']);
    expect(q.stderr).toMatch(/note: LightGBM's quantile runs as XGBoost 3.4.1's reg:quantileerror: a smoothed pinball loss/);
    const l1 = await trainWith(['objective=regression_l1']);
    expect(l1.stderr).toMatch(/note: LightGBM's regression_l1 runs as XGBoost's reg:absoluteerror/);
    const bin = await trainWith(['objective=binary'], 'binary');
    expect(bin.stderr).toMatch(/note: LightGBM's binary runs as XGBoost's binary:logistic .* not LightGBM's log-odds/);
  });

  it('alpha beside huber or quantile (LightGBM\'s delta / quantile) is refused: here alpha is L1 regularisation', async () => {
    const r = await trainWith(['objective=quantile', 'alpha=0.9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/in LightGBM alpha is the quantile \(here quantile_alpha\), here alpha is XGBoost's L1 regularisation/);
    expect((await trainWith(['objective=quantile', 'quantile_alpha=0.9'])).status).toBe(0);
    expect((await trainWith(['objective=reg:quantileerror', 'alpha=0.9'])).status).toBe(0);
  });

  it('multiclass is refused, naming why', async () => {
    const r = await trainWith(['objective=multiclass']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/multiclass is not supported: LightGBM's multi-class objectives are not implemented: give objective=multi:softprob with num_class/);
  });

  it('bagging_freq: 1 = every round (no-op), 0 with a sampling fraction refused, k > 1 keeps each bag k rounds; bagging_fraction alone is named', async () => {
    expect((await trainWith(['bagging_fraction=0.8', 'bagging_freq=1'])).status).toBe(0);
    const off = await trainWith(['bagging_fraction=0.8', 'bagging_freq=0']);
    expect(off.status).toBe(2);
    expect(off.stderr).toMatch(/bagging_freq 0 turns row sampling off in LightGBM, but .* is 0.8/);
    // k > 1: LightGBM's rule, a bag kept for k rounds (booster/bagging.ts; tested in test/booster/bagging.test.ts).
    expect((await trainWith(['bagging_fraction=0.8', 'bagging_freq=5'])).status).toBe(0);
    const negative = await trainWith(['bagging_freq=-1']);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/bagging_freq.*invalid value "-1"/);
    const alone = await trainWith(['bagging_fraction=0.8']);
    expect(alone.status).toBe(0);
    expect(alone.stderr).toMatch(/note: bagging_fraction runs as XGBoost's subsample: rows are resampled every round/);
  });

  it('feature_fraction_bynode and boosting=gbdt map; LightGBM parameters with no equivalent are refused with the reason', async () => {
    const ok = await trainWith(['feature_fraction_bynode=0.5', 'boosting=gbdt']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('note: boosting=gbdt is gradient-boosted trees, the only booster here (a no-op)');
    for (const [arg, why] of [
      ['extra_trees=true', /parameter "extra_trees" is not supported: extremely randomised trees/],
      ['linear_tree=true', /linear models in the leaves/],
      ['is_unbalance=true', /give scale_pos_weight/],
      ['boosting=goss', /goss is not supported: gradient-based one-side sampling/],
      ['bagging_seed=3', /one seed drives every random stream here: give seed/],
    ] as const) {
      const r = await trainWith([arg]);
      expect(r.status, arg).toBe(2);
      expect(r.stderr, arg).toMatch(why);
    }
  });

  it('min_child_samples and num_leaves constrain the trees; zero_as_missing and use_missing are refused with the reason', async () => {
    type Trees = { learner: { gradient_booster: { model: { trees: { left_children: number[]; sum_hessian: number[] }[] } } } };
    const trees = (path: string): Trees['learner']['gradient_booster']['model']['trees'] =>
      (JSON.parse(readFileSync(path, 'utf8')) as Trees).learner.gradient_booster.model.trees;
    const leafRows = (path: string): number[] =>
      trees(path).flatMap((t) => t.sum_hessian.filter((_, i) => t.left_children[i] === -1)); // squared error: hessian = rows
    const plain = await trainWith(['max_depth=6', 'min_child_weight=0']);
    expect(plain.status).toBe(0);
    expect(Math.min(...leafRows(plain.model))).toBeLessThan(20);
    const min20 = await trainWith(['max_depth=6', 'min_child_weight=0', 'min_child_samples=20']);
    expect(min20.status).toBe(0);
    expect(Math.min(...leafRows(min20.model))).toBeGreaterThanOrEqual(20);
    expect(readFileSync(min20.model, 'utf8')).toContain('"min_data_in_leaf":20');
    const four = await trainWith(['num_leaves=4']);
    expect(four.status).toBe(0);
    for (const t of trees(four.model)) expect(t.left_children.filter((c) => c === -1).length).toBeLessThanOrEqual(4);
    for (const [arg, why] of [
      ['zero_as_missing=true', /parameter "zero_as_missing" is not supported: give missing=0/],
      ['use_missing=false', /parameter "use_missing" is not supported: missing values always take the learned default direction/],
    ] as const) {
      const r = await trainWith([arg]);
      expect(r.status, arg).toBe(2);
      expect(r.stderr.trim().split('\n'), arg).toHaveLength(1);
      expect(r.stderr, arg).toMatch(why);
    }
  });
});
