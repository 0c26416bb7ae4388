/**
 * `ParamInput` is typed from the parameter table: `npx tsc -p tsconfig.json --noEmit` (part of the
 * checks every change passes) fails when a line marked @ts-expect-error compiles, i.e. when a
 * misspelt name, an unknown objective or a value of the wrong kind is accepted. The runtime half
 * checks that what the types accept, resolveParams accepts too.
 */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/params/resolve.js';
import type { ParamInput } from '../../src/params/schema.js';

const good: ParamInput[] = [
  { objective: 'binary:logistic', eta: 0.1, max_depth: 4, num_round: 20 },
  { learning_rate: '0.05', rounds: 30, num_leaves: 31, objective: 'rank:ndcg', lambdarank_unbiased: true },
  { eval_metric: ['auc', 'logloss'], subsample: 0.8, seed: 1, verbosity: 0, grow_policy: 'lossguide', max_leaves: 8 },
  { metric: 'ndcg@10', kernel: 'wasm', ndcg_exp_gain: 'false' },
  { objective: 'binary', boosting: 'gbdt' },
];

// Misspelt names (the excess property check of an object literal).
// @ts-expect-error max_dept is not a parameter
const misspeltName: ParamInput = { max_dept: 4 };
// @ts-expect-error learningrate is neither a name nor an alias
const misspeltAlias: ParamInput = { learningrate: 0.1 };
// An objective outside the table's options.
// @ts-expect-error 'binari' is not an objective (LightGBM's 'binary' is: a value alias)
const badObjective: ParamInput = { objective: 'binari' };
// @ts-expect-error 'reg:squared_error' is not an objective
const misspeltObjective: ParamInput = { objective: 'reg:squared_error' };
// @ts-expect-error eta is a number, not any text
const badNumber: ParamInput = { eta: 'abc' };
// @ts-expect-error grow_policy has two options
const badEnum: ParamInput = { grow_policy: 'leafwise' };

describe('ParamInput', () => {
  it('what the type accepts, resolveParams accepts', () => {
    for (const p of good) expect(() => resolveParams(p)).not.toThrow();
  });

  it('what it refuses, resolveParams refuses too', () => {
    for (const p of [misspeltName, misspeltAlias, badObjective, misspeltObjective, badNumber, badEnum]) expect(() => resolveParams(p)).toThrow();
  });
});
