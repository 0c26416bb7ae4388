/**
 * Cut values and models against XGBoost 3.4.1 (shared/anchors) on data with more distinct values
 * than max_bin: the WQuantileSketch (src/kernels/ts/quantile-sketch.ts) must give XGBoost's cuts to
 * the float32 bit for several sizes (300 .. 20000 rows) and max_bin (16, 256, 1024), with missing
 * cells, sample weights (zeros included) and ranking query weights; trained models must have
 * XGBoost's trees (shape, features, thresholds, default directions, base_weights, loss_changes,
 * sum_hessian) and training margins to the bit, rank:ndcg included (its per-query factors are
 * rounded to float32 before they multiply, as XGBoost's GradientPair::operator*(float) does).
 * Our cuts must not depend on our thread count. LB_SKETCH_DIR=dir keeps the files there.
 * Skipped, with the reason, where the anchor or Python's numpy is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { fitBinMapper } from '../../src/binning/bin-mapper.js';
import { parseModelText } from '../../src/model-io/xgboost-json.js';
import type { Dataset } from '../../src/data/dataset.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';

const ANCHOR = XGBOOST_ANCHOR;
const SCRIPT = new URL('./sketch-parity.py', import.meta.url).pathname;
const missing = xgboostAnchorMissing();

interface Spec {
  rows: number;
  weight?: boolean;
  ranking?: boolean;
  seed: number;
}

/**
 * Four features: a normal (6 decimals), a uniform with 15% missing cells (3 decimals), a tied one
 * (160 values), a log-normal over a wide range (4 significant decimals, repeats); weights in
 * [0.25, 3] with 5% zeros; ranking: queries of 5..40 rows, graded labels, one weight per query.
 */
function makeCsv(spec: Spec): string {
  let s = spec.seed;
  const rnd = (): number => {
    s = (Math.imul(s, 48271) >>> 0) % 2147483647;
    return (s + 0.5) / 2147483647;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const head = ['y', ...(spec.weight ? ['w'] : []), ...(spec.ranking ? ['qid'] : []), 'a', 'b', 'c', 'd'];
  const lines = [head.join(',')];
  let q = 0;
  let left = 0;
  let qw = 1;
  for (let i = 0; i < spec.rows; i++) {
    if (left === 0) {
      q++;
      left = 5 + Math.floor(rnd() * 36);
      qw = Math.round((0.25 + rnd() * 2.75) * 100) / 100;
    }
    left--;
    const a = Math.round(normal() * 1e6) / 1e6;
    const b = rnd() < 0.15 ? '' : String(Math.round(rnd() * 100000) / 1000);
    const c = Math.floor(rnd() * 160) / 4;
    const d = Number(Math.exp(2 * normal()).toPrecision(4));
    const z = a * 1.3 + (b === '' ? 0.5 : Math.sin(Number(b) / 10)) + 0.05 * c - 0.1 * Math.log(d) + normal() * 0.3;
    const y = spec.ranking ? Math.max(0, Math.min(4, Math.round(z + 1))) : Math.round(z * 1e6) / 1e6;
    const w = rnd() < 0.05 ? 0 : Math.round((0.25 + rnd() * 2.75) * 100) / 100;
    const row = [String(y), ...(spec.weight ? [String(spec.ranking ? qw : w)] : []), ...(spec.ranking ? [String(q)] : []), String(a), b, String(c), String(d)];
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  data: string;
  params: Record<string, number | string>;
  rounds: number;
  weight?: boolean;
  qid?: boolean;
}

const DATA: Record<string, Spec> = {
  r300: { rows: 300, seed: 11 },
  r2000: { rows: 2000, seed: 12 },
  r20000: { rows: 20000, seed: 13 },
  w300: { rows: 300, weight: true, seed: 14 },
  w5000: { rows: 5000, weight: true, seed: 15 },
  rank3000: { rows: 3000, weight: true, ranking: true, seed: 16 },
  rank3000u: { rows: 3000, ranking: true, seed: 16 },
};
const CASES: Case[] = [];
for (const data of ['r300', 'r2000', 'r20000', 'w300', 'w5000']) {
  for (const maxBin of [16, 256, 1024]) {
    const weighted = DATA[data]!.weight === true;
    CASES.push({ name: `${data}_b${maxBin}`, data: `${data}.csv`, params: { max_bin: maxBin, eta: 0.3, max_depth: 4, base_score: 0.5 }, rounds: 0, weight: weighted });
  }
}
CASES.push(
  { name: 'train_r2000_b256', data: 'r2000.csv', params: { max_bin: 256, eta: 0.3, max_depth: 5, base_score: 0.5 }, rounds: 5 },
  { name: 'train_r20000_b1024', data: 'r20000.csv', params: { max_bin: 1024, eta: 0.3, max_depth: 6, base_score: 0.5 }, rounds: 4 },
  { name: 'train_r300_b16_l2', data: 'r300.csv', params: { max_bin: 16, eta: 0.3, max_depth: 4, base_score: 0.5, lambda: 0.1, min_child_weight: 0.3 }, rounds: 5 },
  { name: 'train_w5000_b64_alpha', data: 'w5000.csv', params: { max_bin: 64, eta: 0.2, max_depth: 4, base_score: 0.5, alpha: 0.7, max_delta_step: 0.9 }, rounds: 4, weight: true },
  { name: 'train_rank3000u_b32', data: 'rank3000u.csv', params: { max_bin: 32, eta: 0.3, max_depth: 4, objective: 'rank:ndcg', base_score: 0.5 }, rounds: 4, qid: true },
  { name: 'train_rank3000_b32', data: 'rank3000.csv', params: { max_bin: 32, eta: 0.3, max_depth: 4, objective: 'rank:ndcg', base_score: 0.5 }, rounds: 4, weight: true, qid: true },
  { name: 'cuts_rank3000_b256', data: 'rank3000.csv', params: { max_bin: 256, eta: 0.3, max_depth: 3, objective: 'rank:ndcg', base_score: 0.5 }, rounds: 0, weight: true, qid: true },
);

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = process.env.LB_SKETCH_DIR ?? mkdtempSync(join(tmpdir(), 'lb-sketch-'));
  for (const [name, spec] of Object.entries(DATA)) writeFileSync(join(dir, `${name}.csv`), makeCsv(spec));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
  execFileSync('/usr/bin/python3', [SCRIPT, dir], { env: { ...process.env, PYTHONPATH: ANCHOR }, stdio: 'pipe' });
}, 300_000);
afterAll(() => {
  if (dir && !process.env.LB_SKETCH_DIR) rmSync(dir, { recursive: true, force: true });
});

const bits = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0]!;


async function load(c: Case): Promise<Dataset> {
  return loadDataset(join(dir, c.data), { label: 'y', ...(c.weight ? { weight: 'w' } : {}), ...(c.qid ? { qid: 'qid' } : {}) });
}

describe.skipIf(missing !== null)(`hist cuts and trees against XGBoost 3.4.1${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.name}: every feature's cut values equal 3.4.1's to the bit`, async () => {
      const data = await load(c);
      const ref = JSON.parse(readFileSync(join(dir, `${c.name}.cuts.json`), 'utf8')) as { cuts: number[][]; lower: string[] };
      const mapper = fitBinMapper(data, c.params.max_bin as number);
      let distinctAbove = 0;
      for (let f = 0; f < data.nFeatures; f++) {
        expect(Array.from(mapper.cuts[f]!, bits), `feature ${f} cuts`).toEqual(ref.cuts[f]);
        expect(ref.lower[f]).toBe('-inf');
        const distinct = new Set(Array.from(data.columns[f]!).filter((v) => v === v)).size;
        if (distinct > (c.params.max_bin as number)) distinctAbove++;
      }
      // The sketch path (more distinct values than max_bin) is exercised, except at max_bin 1024 on 300 rows.
      if (!(data.nRows < (c.params.max_bin as number))) expect(distinctAbove).toBeGreaterThan(0);
    });
  }

  for (const c of CASES.filter((k) => k.rounds > 0)) {
    it(`${c.name}: trees and margins equal 3.4.1's to the bit (1 and 2 threads)`, async () => {
      const data = await load(c);
      const ref = parseModelText(readFileSync(join(dir, `${c.name}.model.json`), 'utf8'), 'ref');
      const refMargin = readFileSync(join(dir, `${c.name}.margin.bits`), 'utf8').trim().split('\n').map(Number);
      for (const nthread of [1, 2]) {
        const booster = await train({ ...c.params, num_round: c.rounds, nthread }, data);
        const ours = booster.model;
        expect(ours.trees.length).toBe(ref.trees.length);
        ours.trees.forEach((t, i) => {
          const r = ref.trees[i]!;
          const at = `nthread ${nthread} tree ${i}`;
          expect(Array.from(t.left), `${at} shape`).toEqual(Array.from(r.left));
          expect(Array.from(t.splitIndex), `${at} features`).toEqual(Array.from(r.splitIndex));
          expect(Array.from(t.defaultLeft), `${at} default directions`).toEqual(Array.from(r.defaultLeft));
          expect(Array.from(t.splitCondition, bits), `${at} split_conditions`).toEqual(Array.from(r.splitCondition, bits));
          expect(Array.from(t.baseWeight, bits), `${at} base_weights`).toEqual(Array.from(r.baseWeight, bits));
          expect(Array.from(t.lossChange, bits), `${at} loss_changes`).toEqual(Array.from(r.lossChange, bits));
          expect(Array.from(t.sumHessian, bits), `${at} sum_hessian`).toEqual(Array.from(r.sumHessian, bits));
        });
        const margin = booster.predict(data, { margin: true });
        const diff = refMargin.filter((b, row) => bits(margin[row]!) !== b).length;
        expect(diff, `nthread ${nthread}: rows whose margin differs from 3.4.1's`).toBe(0);
      }
    }, 120_000);
  }

  it('unit weights give the unweighted cuts', async () => {
    const data = await load(CASES[1]!);
    const ones = new Float32Array(data.nRows).fill(1);
    const a = fitBinMapper(data, 256);
    const b = fitBinMapper(data, 256, ones);
    for (let f = 0; f < data.nFeatures; f++) expect(Array.from(b.cuts[f]!)).toEqual(Array.from(a.cuts[f]!));
  });
});
