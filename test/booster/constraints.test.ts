/**
 * Training with monotone_constraints, interaction_constraints and feature_weights through the API:
 * what the model file saves (resolved by index, as XGBoost 3.4.1's config writes them), continued
 * training keeping them, identical models whatever the thread count and kernel, the interaction
 * rule checked on every path of the saved model, weighted column sampling, and the refusals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { ParamInput } from '../../src/params/schema.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import type { Model } from '../../src/model-io/model.js';
import { modelToJSON, parseModelText } from '../../src/model-io/xgboost-json.js';
import { FeatureSampler } from '../../src/tree/feature-sampler.js';
import { constraintCsv } from '../tree/constraint-data.js';

let dir = '';
let data: Dataset;
let ranked: Dataset;
const load = async (): Promise<Dataset> => loadDataset(join(dir, 'real.csv'), { label: 'y' });
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lb-constraints-api-'));
  writeFileSync(join(dir, 'real.csv'), constraintCsv('real', 1500, 2468));
  writeFileSync(join(dir, 'rank.csv'), constraintCsv('rank', 960, 1357));
  data = await load();
  ranked = await loadDataset(join(dir, 'rank.csv'), { label: 'y', qid: 'q' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const savedParams = (m: Model): Record<string, unknown> => m.extra.params as Record<string, unknown>;

/** Every root-to-leaf path's set of split features. */
function pathFeatures(m: Model): number[][] {
  const out: number[][] = [];
  for (const t of m.trees) {
    const walk = (n: number, used: number[]): void => {
      if (t.left[n] === -1) {
        out.push([...new Set(used)]);
        return;
      }
      const u = [...used, t.splitIndex[n]!];
      walk(t.left[n]!, u);
      walk(t.right[n]!, u);
    };
    walk(0, []);
  }
  return out;
}

describe('constraints in training', () => {
  it('saves monotone and interaction constraints resolved by index, and feature weights as the list', async () => {
    const r = await trainModel({
      num_round: 3, monotone_constraints: { a: 1, b: -1 }, interaction_constraints: [['a', 'b'], ['c', 'd', 'e']],
      feature_weights: [1, 2, 0.5, 1, 1], colsample_bynode: 0.8,
    }, data);
    const p = savedParams(r.model);
    expect(p.monotone_constraints).toBe('(1,-1,0,0,0)');
    expect(p.interaction_constraints).toBe('[[0,1],[2,3,4]]');
    expect(p.feature_weights).toEqual([1, 2, 0.5, 1, 1]);
    // The same text forms read back the same (the model file's values are valid input).
    const again = await trainModel({ num_round: 3, ...p }, data);
    expect(modelToJSON(again.model)).toBe(modelToJSON(r.model));
    // A model without them saves none of them (files of unconstrained models keep their bytes).
    const plain = savedParams((await trainModel({ num_round: 1 }, data)).model);
    expect(Object.keys(plain).filter((k) => /constraints|feature_weights/.test(k))).toEqual([]);
  });

  it('continued training keeps the constraints of the saved model: 4 + 3 rounds == 7, byte for byte', async () => {
    for (const params of [
      { max_depth: 4, monotone_constraints: '(1,-1,0,0,1)', interaction_constraints: '[[0,1,4],[2,3]]', subsample: 0.8, colsample_bylevel: 0.7, feature_weights: '3,1,1,0.2,1', seed: 5 },
      { objective: 'rank:ndcg', grow_policy: 'lossguide', max_leaves: 8, max_depth: 0, monotone_constraints: '(1,-1,0,0,1)' },
    ] as const) {
      const d = 'objective' in params ? ranked : data;
      const whole = await trainModel({ ...params, num_round: 7 }, d);
      const part = await trainModel({ ...params, num_round: 4 }, d);
      const saved = parseModelText(modelToJSON(part.model), 'part.json');
      const rest = await trainModel({ num_round: 3 }, d, { initModel: saved });
      expect(modelToJSON(rest.model)).toBe(modelToJSON(whole.model));
      // Without the constraints the continuation would differ (they bind on this data).
      const free = await trainModel({ num_round: 3, monotone_constraints: '(0,0,0,0,0)', interaction_constraints: '[[0,1,2,3,4]]' }, d, { initModel: saved });
      expect(modelToJSON(free.model)).not.toBe(modelToJSON(whole.model));
    }
  }, 120_000);

  it('same model with 1 and 2 threads, TS and WASM kernels', async () => {
    const params = {
      num_round: 6, max_depth: 5, monotone_constraints: '(1,-1,0,0,1)', interaction_constraints: '[[0,1],[1,2,3],[4]]',
      colsample_bynode: 0.8, feature_weights: [1, 1, 2, 1, 0.5], max_delta_step: 0.8, seed: 11,
    };
    const one = modelToJSON((await trainModel({ ...params, nthread: 1, kernel: 'ts' }, data)).model);
    expect(modelToJSON((await trainModel({ ...params, nthread: 2, kernel: 'ts' }, await load())).model)).toBe(one);
    expect(modelToJSON((await trainModel({ ...params, nthread: 2, kernel: 'wasm' }, await load())).model)).toBe(one);
  }, 120_000);

  it('no root-to-leaf path of the saved model mixes features of two groups; a feature in no group is used alone', async () => {
    const groups = [[0, 1], [1, 2, 3]];
    for (const extra of [{}, { grow_policy: 'lossguide', max_leaves: 20, max_depth: 0 }] as ParamInput[]) {
      const r = await trainModel({ num_round: 10, max_depth: 6, interaction_constraints: JSON.stringify(groups), ...extra }, data);
      const paths = pathFeatures(parseModelText(modelToJSON(r.model), 'saved.json'));
      for (const used of paths) {
        const inOneGroup = used.length <= 1 || groups.some((g) => used.every((f) => g.includes(f)));
        expect(inOneGroup, `path features ${used.join(',')}`).toBe(true);
      }
      // Feature 4 (in no group) is used, but only on paths of its own.
      expect(paths.some((u) => u.includes(4))).toBe(true);
      expect(paths.filter((u) => u.includes(4)).every((u) => u.length === 1)).toBe(true);
      // Unconstrained, paths do mix them (the check can fail).
      const free = pathFeatures((await trainModel({ num_round: 10, max_depth: 6, ...extra }, data)).model);
      expect(free.some((u) => u.length > 1 && !groups.some((g) => u.every((f) => g.includes(f))))).toBe(true);
    }
  }, 60_000);

  it('feature weights: a zero-weight feature is never drawn while enough others have weight; draws follow the weights', async () => {
    const r = await trainModel({ num_round: 10, max_depth: 4, colsample_bytree: 0.6, feature_weights: [0, 1, 1, 0, 1], seed: 2 }, data);
    const used = new Set(r.model.trees.flatMap((t) => Array.from(t.splitIndex).filter((_, n) => t.left[n] !== -1)));
    expect([...used].sort()).toEqual([1, 2, 4]);
    // Efraimidis-Spirakis with one draw: feature i is picked with probability w_i / sum(w).
    let s = 12345;
    const rnd = (): number => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const sampler = new FeatureSampler(4, 0.25, 1, 1, rnd, Float32Array.from([6, 1, 2, 1]));
    const counts = [0, 0, 0, 0];
    for (let t = 0; t < 20000; t++) {
      sampler.newTree();
      const [set, n] = sampler.nodeSet(0);
      expect(n).toBe(1);
      counts[set[0]!]!++;
    }
    [0.6, 0.1, 0.2, 0.1].forEach((p, i) => expect(Math.abs(counts[i]! / 20000 - p), `feature ${i}: ${counts[i]}`).toBeLessThan(0.015));
  });

  it('refuses unknown features, wrong lengths, bad weights and unsupported combinations, naming the problem', async () => {
    const refuse = async (params: Record<string, unknown>, what: RegExp): Promise<void> => {
      await expect(trainModel({ num_round: 1, ...params }, data)).rejects.toThrow(what);
    };
    await refuse({ monotone_constraints: '{"price": 1}' }, /monotone_constraints: unknown feature "price" \(features are a, b, c, d, e\)/);
    await refuse({ monotone_constraints: '(1,0)' }, /monotone_constraints: 2 values for 5 features/);
    await refuse({ interaction_constraints: '[[0,7]]' }, /interaction_constraints: feature index 7 is not in 0..4/);
    await refuse({ interaction_constraints: [['a', 'zz']] }, /unknown feature "zz"/);
    await refuse({ feature_weights: '1,2' }, /feature_weights: 2 weights for 5 features/);
    await refuse({ feature_weights: [1, 1, -1, 1, 1] }, /feature_weights: weight 3 is -1; each weight must be a finite number >= 0/);
    await refuse({ feature_weights: join(dir, 'absent.txt') }, /feature_weights: cannot read .*absent\.txt.*ENOENT/);
    writeFileSync(join(dir, 'bad-weights.txt'), '1\n2\nx\n');
    await refuse({ feature_weights: join(dir, 'bad-weights.txt') }, /feature_weights: .*bad-weights\.txt line 3: "x" is not a number/);
    await refuse({ monotone_constraints: '(1,0,0,0,0)', min_data_in_leaf: 5 }, /monotone_constraints with min_data_in_leaf are not implemented/);
    await refuse({ monotone_constraints: '(1,0,0,0,0)', objective: 'reg:absoluteerror' }, /monotone_constraints with reg:absoluteerror: its leaves are set to their rows' residual quantile/);
    await refuse({ monotone_constraints: 5 }, /parameter monotone_constraints: invalid value 5/);
  });

  it('reads feature weights from a file (whitespace, commas, comments)', async () => {
    writeFileSync(join(dir, 'weights.txt'), '# one per feature\n1 2\n0.5,1\n1\n');
    const a = await trainModel({ num_round: 2, colsample_bynode: 0.6, feature_weights: join(dir, 'weights.txt') }, data);
    const b = await trainModel({ num_round: 2, colsample_bynode: 0.6, feature_weights: [1, 2, 0.5, 1, 1] }, data);
    expect(modelToJSON(a.model)).toBe(modelToJSON(b.model));
  });
});
