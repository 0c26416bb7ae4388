import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/errors.js';
import { paramsMarkdownTable } from '../../src/params/markdown-table.js';
import { defaultParams, resolveParams, savedParams } from '../../src/params/resolve.js';

describe('resolveParams', () => {
  it('defaults are XGBoost\'s', () => {
    const p = defaultParams();
    expect(p.eta).toBe(0.3);
    expect(p.max_depth).toBe(6);
    expect(p.max_bin).toBe(256);
    expect(p.lambda).toBe(1);
    expect(p.min_child_weight).toBe(1);
    expect(p.grow_policy).toBe('depthwise');
    expect(p.base_score).toBeUndefined();
  });

  it('accepts LightGBM aliases and string values', () => {
    const p = resolveParams({ learning_rate: '0.05', num_leaves: 31, lambda_l2: '2', feature_fraction: '0.8', 'max-depth': '4' });
    expect(p.grow_policy).toBe('lossguide');
    expect(p.eta).toBe(0.05);
    expect(p.max_leaves).toBe(31);
    expect(p.lambda).toBe(2);
    expect(p.colsample_bytree).toBe(0.8);
    expect(p.max_depth).toBe(4);
  });

  it('num_leaves and LightGBM objectives grow leaf-wise as LightGBM does; explicit settings and max_leaves keep their meaning', () => {
    const grow = (over: Record<string, unknown>): [string, number, number] => {
      const p = resolveParams(over);
      return [p.grow_policy, p.max_depth, p.max_leaves];
    };
    expect(grow({ num_leaves: 15 })).toEqual(['lossguide', 0, 15]);
    expect(grow({ num_leaf: 15, max_depth: 5 })).toEqual(['lossguide', 5, 15]);
    expect(grow({ num_leaves: 15, grow_policy: 'depthwise' })).toEqual(['depthwise', 6, 15]);
    expect(grow({ objective: 'lambdarank' })).toEqual(['lossguide', 0, 31]);
    expect(grow({ objective: 'rank_xendcg', max_leaves: 7 })).toEqual(['lossguide', 0, 7]);
    expect(grow({ objective: 'lambdarank', grow_policy: 'depthwise' })).toEqual(['depthwise', 6, 0]);
    expect(grow({ max_leaves: 15 })).toEqual(['depthwise', 6, 15]);
    expect(grow({ objective: 'rank:ndcg' })).toEqual(['depthwise', 6, 0]);
    // the resolved values are saved in the model, so continued training keeps them
    expect(grow(savedParams(resolveParams({ num_leaves: 9 })))).toEqual(['lossguide', 0, 9]);
  });

  it('parses booleans and lists', () => {
    const p = resolveParams({ ndcg_exp_gain: 'false', eval_metric: 'ndcg@10, map@5' });
    expect(p.ndcg_exp_gain).toBe(false);
    expect(p.eval_metric).toEqual(['ndcg@10', 'map@5']);
  });

  it.each([
    [{ eta: -1 }, /eta: invalid value -1; expected a number in \[0, inf\)/],
    [{ max_depth: 2.5 }, /max_depth.*an integer/],
    [{ subsample: 0 }, /subsample.*\(0, 1\]/],
    [{ grow_policy: 'best' }, /grow_policy.*one of depthwise, lossguide/],
    [{ etta: 0.1 }, /unknown parameter "etta"; did you mean eta\?/],
    [{ eta: 0.1, learning_rate: 0.2 }, /eta given twice/],
    [{ max_depth: 0 }, /max_depth: 0 \(no limit\) needs grow_policy lossguide/],
    [{ ndcg_exp_gain: 'maybe' }, /true or false/],
  ])('rejects %o with a message naming the parameter', (input, msg) => {
    expect(() => resolveParams(input)).toThrow(ParamError);
    expect(() => resolveParams(input)).toThrow(msg);
  });

  it('saves training parameters but not runtime knobs', () => {
    const s = savedParams(resolveParams({ nthread: 2, eta: 0.1 }));
    expect(s.eta).toBe(0.1);
    expect('nthread' in s).toBe(false);
  });
});

describe('README parameter table', () => {
  it('is the one generated from the schema (run npm run docs when this fails)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(paramsMarkdownTable());
  });
});
