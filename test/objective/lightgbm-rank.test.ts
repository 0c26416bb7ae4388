/**
 * LightGBM's rankers (lambdarank, rank_xendcg; src/objective/lightgbm-*.ts, xendcg.ts):
 * hand values of the lambdarank pair formula and LightGBM's sigmoid table, queries without relevant
 * documents, label checks, both weight rules, the position-bias factor update, and (where the
 * LightGBM 4.6 CLI is present) the first tree's root gain against LightGBM's own on the bundled data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { LightGbmSigmoid } from '../../src/kernels/ts/lightgbm-lambda.js';
import { LightGbmRankObjective } from '../../src/objective/lightgbm-rank.js';
import type { ObjectiveData } from '../../src/objective/objective.js';
import { createObjective } from '../../src/objective/registry.js';
import { defaultParams } from '../../src/params/resolve.js';
import type { Params } from '../../src/params/schema.js';
import { LightGbmRandom } from '../../src/util/lightgbm-random.js';
import { DATA, runCli, tempDir } from '../cli/run-cli.js';

function params(over: Partial<Params>): Params {
  return { ...defaultParams(), objective: 'lambdarank', ...over };
}

function data(label: number[], groups: number[], extra: Partial<ObjectiveData> = {}): ObjectiveData {
  const off = new Uint32Array(groups.length + 1);
  for (let i = 0; i < groups.length; i++) off[i + 1] = off[i]! + groups[i]!;
  return { label: Float32Array.from(label), weight: null, queryOffsets: off, position: null, nRows: label.length, source: 'r.svm', ...extra };
}

function grads(obj: LightGbmRankObjective, d: ObjectiveData, margins: number[], iteration = 0): Float32Array {
  obj.init(d);
  const gh = new Float32Array(2 * d.nRows);
  obj.gradients(Float32Array.from(margins), gh, iteration);
  return gh;
}

describe('lambdarank (LightGBM 4.6)', () => {
  it('two documents at equal scores: lambda = -p delta, hess = p(1-p) delta, then log2(1+S)/S', () => {
    const gh = grads(new LightGbmRankObjective(params({})), data([1, 0], [2]), [0, 0]);
    const delta = 1 - 1 / Math.log2(3); // gain gap 1, |D(0) - D(1)|, 1/maxDCG = 1
    const f = Math.log2(1 + delta) / delta; // S = -2 * (-0.5 delta)
    expect(gh[0]).toBe(Math.fround(Math.fround(-0.5 * delta) * f));
    expect(gh[2]).toBe(Math.fround(Math.fround(0.5 * delta) * f));
    expect(gh[1]).toBe(Math.fround(Math.fround(0.25 * delta) * f));
    expect(gh[3]).toBe(gh[1]);
  });

  it("LightGBM's sigmoid table: the bin's lower edge, constant within a bin, the edges beyond +-25", () => {
    const s = new LightGbmSigmoid(1);
    expect(s.at(0)).toBe(0.5);
    expect(Math.abs(s.at(1) - 1 / (1 + Math.E))).toBeLessThan(1e-4);
    expect(s.at(1)).not.toBe(1 / (1 + Math.E));
    const w = 50 / 2 ** 20;
    expect(s.at(0.1 * w)).toBe(s.at(0.9 * w));
    expect(s.at(-30)).toBe(s.at(-25));
    expect(s.at(30)).toBe(s.at(25 + 1e-9));
  });

  it('a query without relevant documents gets g = h = 0; the other is unchanged', () => {
    const alone = grads(new LightGbmRankObjective(params({})), data([2, 0, 1], [3]), [0.5, 0.1, -0.2]);
    const both = grads(new LightGbmRankObjective(params({})), data([0, 0, 2, 0, 1], [2, 3]), [1, 2, 0.5, 0.1, -0.2]);
    expect(Array.from(both.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(both.subarray(4))).toEqual(Array.from(alone));
  });

  it("a label a hair above an integer (accepted within 1e-15) takes that integer's gain, as LightGBM's static_cast<int>", () => {
    const m = [0.5, 0.1, -0.2, 0.3];
    const tiny = grads(new LightGbmRankObjective(params({})), data([1e-16, 0, 1, 2], [4]), m);
    const whole = grads(new LightGbmRankObjective(params({})), data([0, 0, 1, 2], [4]), m);
    expect(tiny.every((v) => Number.isFinite(v))).toBe(true);
    expect(Array.from(tiny)).toEqual(Array.from(whole)); // the (1e-16, 0) pair has a gain gap of 0
  });

  it('label_gain is settable; labels need a gain and must be integers', () => {
    const d = data([2, 0, 1], [3]);
    const a = grads(new LightGbmRankObjective(params({})), d, [0.5, 0.1, -0.2]);
    const b = grads(new LightGbmRankObjective(params({ label_gain: ['0', '1', '2'] })), d, [0.5, 0.1, -0.2]);
    expect(Array.from(b)).not.toEqual(Array.from(a));
    expect(() => grads(new LightGbmRankObjective(params({ label_gain: ['0', '1'] })), d, [0, 0, 0])).toThrow(/label 2 has no gain: label_gain has 2 entries/);
    expect(() => grads(new LightGbmRankObjective(params({})), data([0.5, 0], [2]), [0, 0])).toThrow(DataError);
  });

  it('weights: each row into its own g and h (LightGBM), or the query rule with ranking_weight=group', () => {
    const w = Float32Array.of(2, 0.5, 3, 1, 1);
    const d = data([2, 0, 1, 1, 0], [3, 2]);
    const m = [0.5, 0.1, -0.2, 0.3, 0.3];
    const plain = grads(new LightGbmRankObjective(params({})), d, m);
    const row = grads(new LightGbmRankObjective(params({})), { ...d, weight: w }, m);
    for (let r = 0; r < 5; r++) {
      expect(row[2 * r]).toBe(Math.fround(plain[2 * r]! * w[r]!));
      expect(row[2 * r + 1]).toBe(Math.fround(plain[2 * r + 1]! * w[r]!));
    }
    const group = grads(new LightGbmRankObjective(params({ ranking_weight: 'group' })), { ...d, weight: w }, m);
    const norm = 2 / (2 + 1); // G / sum of the first rows' weights
    expect(group[0]).toBe(Math.fround(Math.fround(plain[0]! * 2) * norm));
    expect(group[6]).toBe(Math.fround(Math.fround(plain[6]! * 1) * norm));
  });

  it("rank:ndcg with ranking_weight=row takes LightGBM's rule", () => {
    const w = Float32Array.of(2, 0.5, 3);
    const d = data([2, 0, 1], [3]);
    const run = (over: Partial<Params>, weight: Float32Array | null): Float32Array => {
      const o = createObjective({ ...defaultParams(), objective: 'rank:ndcg', ...over });
      o.init({ ...d, weight });
      const gh = new Float32Array(6);
      o.gradients(Float32Array.of(0.5, 0.1, -0.2), gh, 0);
      return gh;
    };
    const plain = run({}, null);
    const row = run({ ranking_weight: 'row' }, w);
    for (let r = 0; r < 3; r++) expect(row[2 * r]).toBe(Math.fround(plain[2 * r]! * w[r]!));
    expect(Array.from(run({}, w))).toEqual(Array.from(run({}, Float32Array.of(2, 7, 9)))); // group: first row only
  });

  it('position bias factors: one Newton step of -sum g / (|sum h| + 0.001) per position id, times eta', () => {
    const d = data([1, 0, 1, 0], [2, 2], { position: Int32Array.of(1, 2, 1, 2) });
    const obj = new LightGbmRankObjective(params({ eta: 0.5 }));
    const gh = grads(obj, d, [0, 0, 0, 0]);
    const f = obj.positionFactors()!;
    expect(Array.from(f.ids)).toEqual([1, 2]);
    const step = (rows: number[]): number => {
      const g = rows.reduce((a, r) => a - gh[2 * r]!, 0);
      const h = rows.reduce((a, r) => a - gh[2 * r + 1]!, 0);
      return Math.fround(0.5 * g / (Math.abs(h) + 0.001));
    };
    expect(f.factors[0]).toBe(step([0, 2]));
    expect(f.factors[1]).toBe(step([1, 3]));
    // The next round scores s + factor: the gradients change.
    const next = new Float32Array(8);
    obj.gradients(Float32Array.of(0, 0, 0, 0), next, 1);
    expect(f.factors[0]).toBeGreaterThan(0);
    expect(Array.from(next)).not.toEqual(Array.from(gh));
  });
});

describe('rank_xendcg (LightGBM 4.6)', () => {
  it("LightGBM's Random: x = 214013 x + 2531011, bits 16..30 / 32768", () => {
    const r = new LightGbmRandom(5);
    let x = 5;
    for (let i = 0; i < 5; i++) {
      x = (x * 214013 + 2531011) % 2 ** 32;
      expect(r.nextFloat()).toBe(Math.floor(x / 65536) % 32768 / 32768);
    }
  });

  it('gradients sum to ~0 per query, h = rho(1 - rho); continued training replays the draws', () => {
    const d = data([2, 0, 1, 0, 3, 1], [4, 2]);
    const m = [0.2, -0.1, 0.4, 0, 1, -1];
    const obj = new LightGbmRankObjective(params({ objective: 'rank_xendcg' }));
    obj.init(d);
    const gh0 = new Float32Array(12);
    const gh1 = new Float32Array(12);
    obj.gradients(Float32Array.from(m), gh0, 0);
    obj.gradients(Float32Array.from(m), gh1, 1);
    expect(Array.from(gh1)).not.toEqual(Array.from(gh0)); // new gamma draws each round
    const resumed = grads(new LightGbmRankObjective(params({ objective: 'rank_xendcg' })), d, m, 1);
    expect(Array.from(resumed)).toEqual(Array.from(gh1));
    const e = m.slice(0, 4).map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    expect(gh0[1]).toBe(Math.fround((e[0]! / z) * (1 - e[0]! / z)));
  });
});

const LGB = new URL('../../../../shared/anchors/lightgbm-4.6.0/lightgbm', import.meta.url).pathname;
describe.skipIf(!existsSync(LGB))('against the LightGBM 4.6 CLI (skipped: ../shared/anchors/lightgbm-4.6.0 absent)', () => {
  for (const objective of ['lambdarank', 'rank_xendcg']) {
    it(`${objective}: the first tree's root gain equals LightGBM's (same gradients, same root sums)`, async () => {
      const dir = tempDir();
      const train = `${DATA}lightgbm-rank/rank.train`;
      const lgbModel = join(dir, 'lgb.txt');
      const r = spawnSync(LGB, ['task=train', `objective=${objective}`, `data=${train}`, 'num_iterations=1', 'num_leaves=4', 'num_threads=1', 'verbosity=-1', `output_model=${lgbModel}`]);
      expect(r.status).toBe(0);
      const lgbGain = Number(/split_gain=([^ \n]+)/.exec(readFileSync(lgbModel, 'utf8'))![1]);
      const ours = join(dir, 'm.json');
      const t = await runCli(['train', '--data', train, '--objective', objective, '--rounds', '1', '--max_leaves', '4', '--grow_policy', 'lossguide',
        '--max_depth', '0', '--lambda', '0', '--min_child_weight', '1e-3', '--min_data_in_leaf', '20', '--max_bin', '255', '--model-out', ours, '--quiet']);
      expect(t.status).toBe(0);
      const tree = (JSON.parse(readFileSync(ours, 'utf8')) as { learner: { gradient_booster: { model: { trees: { loss_changes: number[] }[] } } } })
        .learner.gradient_booster.model.trees[0]!;
      expect(Math.abs(tree.loss_changes[0]! - lgbGain) / lgbGain).toBeLessThan(1e-5);
    }, 60_000);
  }

  // LightGBM's bins (midpoint thresholds, min_data_in_bin), its per-bin row estimates for
  // min_data_in_leaf, its reverse scan, and its arithmetic (double scores and leaf values, root sums
  // in row order, the child with fewer rows histogrammed directly, a split's right sums as the node's
  // less the left's): on 0/1 click labels, whose small leaves sit at the min_data_in_leaf edge and
  // whose trees part at the first rounding difference (seed 6: at tree 4 with float32 scores and
  // leaves), every tree of 100 rounds is LightGBM's, each leaf LightGBM's double rounded to float32.
  /** A seed-6 click log (as bench/click-debias.js's relevance-blind logs) in `dir`. */
  async function clickLog(dir: string): Promise<string> {
    const log = join(dir, 'clicks.libsvm');
    const sim = await runCli(['simulate-clicks', '--data', `${DATA}lightgbm-rank/rank.train`, '--out', log, '--ranker', 'random', '--sessions', '5',
      '--top', '20', '--eta', '1', '--epsilon', '0.1', '--position-base', '1', '--seed', '6', '--quiet']);
    expect(sim.status).toBe(0);
    return log;
  }

  /** Trains LightGBM and this engine alike on `log` (extra: `key=value` for both) and expects LightGBM's trees. */
  async function expectLightGbmTrees(dir: string, log: string, rounds: number, extra: string[]): Promise<number> {
    const lgbModel = join(dir, 'lgb.txt');
    const r = spawnSync(LGB, ['task=train', 'objective=lambdarank', `data=${log}`, `num_iterations=${rounds}`, 'learning_rate=0.1', 'num_leaves=31',
      'num_threads=1', 'verbosity=-1', `output_model=${lgbModel}`, ...extra]);
    expect(r.status).toBe(0);
    const ours = join(dir, 'm.json');
    const t = await runCli(['train', '--data', log, '--objective', 'lambdarank', '--rounds', String(rounds), '--eta', '0.1', '--max_leaves', '31', '--grow_policy', 'lossguide',
      '--max_depth', '0', '--lambda', '0', '--min_child_weight', '1e-3', '--min_data_in_leaf', '20', '--max_bin', '255', '--libsvm-absent', 'zero',
      ...extra.flatMap((kv) => [`--${kv.split('=')[0]!}`, kv.split('=')[1]!]), '--model-out', ours, '--quiet']);
    expect(t.status).toBe(0);
    const blocks = readFileSync(lgbModel, 'utf8').split(/^Tree=\d+$/m).slice(1);
    const field = (b: string, name: string): number[] => new RegExp(`^${name}=(.*)$`, 'm').exec(b)![1]!.split(' ').map(Number);
    type T = { split_indices: number[]; split_conditions: number[]; left_children: number[]; right_children: number[]; base_weights: number[] };
    const trees = (JSON.parse(readFileSync(ours, 'utf8')) as { learner: { gradient_booster: { model: { trees: T[] } } } }).learner.gradient_booster.model.trees;
    expect(trees.length).toBe(blocks.length);
    trees.forEach((a, k) => {
      const b = blocks[k]!;
      const [feat, thr, left, right, leaf] = ['split_feature', 'threshold', 'left_child', 'right_child', 'leaf_value'].map((n) => field(b, n));
      // both trees walked from the root together (LightGBM: node >= 0, leaf ~index)
      const walk = (i: number, j: number, path: string): void => {
        if (a.left_children[i] === -1 || j < 0) {
          expect(a.left_children[i] === -1 && j < 0, `tree ${k} ${path}: a leaf in one engine only`).toBe(true);
          expect(Math.fround(a.base_weights[i]!), `tree ${k} ${path}: leaf`).toBe(Math.fround(leaf![~j]!));
          return;
        }
        expect(a.split_indices[i], `tree ${k} ${path}: feature`).toBe(feat![j]);
        // LightGBM's `v <= bound` is this engine's `v < float32 just above bound`: equal to 6 digits
        expect(a.split_conditions[i]!.toPrecision(6), `tree ${k} ${path}: threshold`).toBe(thr![j]!.toPrecision(6));
        walk(a.left_children[i]!, left![j]!, `${path}L`);
        walk(a.right_children[i]!, right![j]!, `${path}R`);
      };
      walk(0, 0, 'root ');
    });
    return trees.length;
  }

  it('lambdarank with positions on a click log: 100 trees with LightGBM\'s splits, thresholds and leaves', async () => {
    const dir = tempDir();
    expect(await expectLightGbmTrees(dir, await clickLog(dir), 100, [])).toBe(100);
  }, 180_000);

  // min_gain_to_split (gamma here): the candidate must beat parent + it inside LightGBM's scan (it
  // also decides which features stay splittable below), and training stops at the first tree
  // without a split, which LightGBM does not keep (with 3 on this log: 26 of 40 rounds).
  it('min_gain_to_split as LightGBM: the same trees, and training ends where LightGBM\'s does', async () => {
    const dir = tempDir();
    const log = await clickLog(dir);
    expect(await expectLightGbmTrees(dir, log, 40, ['min_gain_to_split=0.5'])).toBe(40);
    expect(await expectLightGbmTrees(dir, log, 40, ['min_gain_to_split=3'])).toBeLessThan(40);
  }, 180_000);
});
