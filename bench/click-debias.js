// Position debiasing on simulated click logs, this engine beside LightGBM 4.6 and XGBoost 3.4.1 on
// the same files. Clicks are simulated from datasets/lightgbm-rank/rank.train (5 sessions x top 20,
// examination 1/position, epsilon 0.1, 1-based positions: `lambdaboost simulate-clicks
// --position-base 1`), and every model is scored by NDCG@10 of the TRUE grades of rank.test.
// Regimes: relevance-blind (--ranker random), relevance-following (--ranker relevance), cascade
// (--ranker random --click-model cascade). Methods:
//   plain     lambdarank (LightGBM's parameters), no positions
//   ipw       Unbiased LambdaMART (rank:ndcg, lambdarank_unbiased; XGBoost's method, 1-based fix)
//   additive  lambdarank with the .position file (LightGBM's additive bias factors)
//   pbm-ipw   lambdarank, clicked rows weighted 1/theta_p, theta from a position-based click model
//             fitted by EM on the log (`lambdaboost propensity`)
//   pos-feat  lambdarank with the position as a feature, set to the top position at prediction
//   combined  additive factors and pbm-ipw weights together
//   npm run build && node bench/click-debias.js [--threads 2] [--seeds 3] [--first-seed 1] [--regime NAME]
//     [--methods plain,ipw,additive,pbm-ipw,combined,pos-feat,lightgbm,xgboost] (default: all)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMetric, loadDataset } from '../dist/src/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const threads = opt('--threads', '2');
const nSeeds = Number(opt('--seeds', '3'));
const firstSeed = Number(opt('--first-seed', '1'));
const only = opt('--regime', null);
const methods = new Set(opt('--methods', 'plain,ipw,additive,pbm-ipw,combined,pos-feat,lightgbm,xgboost').split(','));
const want = (m) => methods.has(m);
const LGB = process.env.LIGHTGBM ?? resolve(root, '../../shared/anchors/lightgbm-4.6.0/lightgbm');
const XGB = resolve(root, '../../shared/anchors/xgboost-3.4.1/python');
const hasLgb = existsSync(LGB);
const hasXgb = existsSync(XGB) && spawnSync('/usr/bin/python3', ['-c', 'import xgboost'], { env: { ...process.env, PYTHONPATH: XGB } }).status === 0;
const data = existsSync(join(root, 'datasets/lightgbm-rank/rank.train')) ? join(root, 'datasets/lightgbm-rank') : '/work/shared/datasets/lightgbm-rank';
const out = join(root, 'bench/out/click-debias');
mkdirSync(out, { recursive: true });
const cli = join(root, 'bin/lambdaboost.js');
const lgbLike = ['--eta', '0.1', '--max_leaves', '31', '--grow_policy', 'lossguide', '--max_depth', '0', '--lambda', '0',
  '--min_child_weight', '1e-3', '--min_data_in_leaf', '20', '--max_bin', '255', '--rounds', '100', '--nthread', threads,
  '--libsvm-absent', 'zero']; // LightGBM reads LibSVM entries not written as 0 (XGBoost, and ipw below, as missing)
const xgbLike = ['--eta', '0.1', '--max_depth', '6', '--rounds', '100', '--nthread', threads];

function run(cmd, argv, env) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: env ?? process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}\n${r.stderr}${r.stdout}`);
  return r.stdout + r.stderr;
}
const ndcg = createMetric('ndcg@10', { ndcgExpGain: true, huberSlope: 1 });
const test = await loadDataset(join(data, 'rank.test'), { quiet: true });
const scoreFile = (f) => ndcg.evaluate(Float32Array.from(readFileSync(f, 'utf8').trim().split('\n'), Number), { label: test.label, weight: null, queryOffsets: test.queryOffsets });

/** A copy of the click log without its .position file (the "no positions" runs). */
function withoutPositions(log, dir) {
  mkdirSync(dir, { recursive: true });
  const f = join(dir, 'clicks.libsvm');
  copyFileSync(log, f);
  copyFileSync(`${log}.query`, `${f}.query`);
  return f;
}
/** The log with the position as an extra last feature; the test set with that feature at `top`. */
function withPositionFeature(log, dir, top) {
  mkdirSync(dir, { recursive: true });
  const pos = readFileSync(`${log}.position`, 'utf8').trim().split('\n');
  const nF = 700; // past every feature index of the data
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l, i) => `${l} ${nF}:${pos[i]}`);
  const f = join(dir, 'clicks.libsvm');
  writeFileSync(f, `${lines.join('\n')}\n`);
  copyFileSync(`${log}.query`, `${f}.query`);
  const t = join(dir, 'test.libsvm');
  writeFileSync(t, `${readFileSync(join(data, 'rank.test'), 'utf8').trim().split('\n').map((l) => `${l} ${nF}:${top}`).join('\n')}\n`);
  copyFileSync(join(data, 'rank.test.query'), `${t}.query`);
  return { train: f, test: t };
}
function ours(train, extra, tag, testFile = join(data, 'rank.test')) {
  const m = join(out, `${tag}.json`);
  const log = run(process.execPath, [cli, 'train', '--data', train, ...extra, '--model-out', m]);
  const absent = extra.includes('--libsvm-absent') ? ['--libsvm-absent', 'zero'] : [];
  run(process.execPath, [cli, 'predict', '--model', m, '--data', testFile, ...absent, '--margin', '--out', join(out, `${tag}.pred`), '--quiet']);
  return { ndcg: scoreFile(join(out, `${tag}.pred`)), log };
}
function lightgbm(train, extra, tag) {
  const m = join(out, `${tag}.lgb.txt`);
  const log = run(LGB, ['task=train', 'objective=lambdarank', `data=${train}`, 'num_iterations=100', 'learning_rate=0.1', 'num_leaves=31',
    `num_threads=${threads}`, ...extra, `output_model=${m}`]);
  run(LGB, ['task=predict', `data=${join(data, 'rank.test')}`, `input_model=${m}`, `output_result=${join(out, `${tag}.lgb.pred`)}`, 'predict_raw_score=true', `num_threads=${threads}`, 'verbosity=-1']);
  return { ndcg: scoreFile(join(out, `${tag}.lgb.pred`)), log };
}
function xgboost(train, unbiased, tag) {
  const py = `
import numpy as np, xgboost as xgb
from sklearn.datasets import load_svmlight_file
def load(f):
    X, y = load_svmlight_file(f, n_features=700)
    q = np.loadtxt(f + '.query', dtype=np.int64, ndmin=1)
    return X, y, np.repeat(np.arange(len(q)), q)
X, y, qid = load('${train}')
Xt, yt, qt = load('${join(data, 'rank.test')}')
d = xgb.DMatrix(X, y, qid=qid)
b = xgb.train({'objective': 'rank:ndcg', 'eta': 0.1, 'max_depth': 6, 'nthread': ${threads}, 'lambdarank_unbiased': ${unbiased ? 'True' : 'False'}}, d, 100)
np.savetxt('${join(out, `${tag}.xgb.pred`)}', b.predict(xgb.DMatrix(Xt, qid=qt), output_margin=True), fmt='%.9g')`;
  run('/usr/bin/python3', ['-c', py], { ...process.env, PYTHONPATH: XGB });
  return { ndcg: scoreFile(join(out, `${tag}.xgb.pred`)) };
}

const regimes = [
  { name: 'relevance-blind', sim: ['--ranker', 'random'] },
  { name: 'relevance-following', sim: ['--ranker', 'relevance'] },
  { name: 'cascade', sim: ['--ranker', 'random', '--click-model', 'cascade'] },
].filter((r) => only === null || r.name === only);
const table = [];
for (const regime of regimes) {
  const acc = {};
  const add = (k, v) => { (acc[k] ??= []).push(v); };
  for (let seed = firstSeed; seed < firstSeed + nSeeds; seed++) {
    const dir = join(out, `${regime.name}-${seed}`);
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'clicks.libsvm');
    run(process.execPath, [cli, 'simulate-clicks', '--data', join(data, 'rank.train'), '--out', log, ...regime.sim, '--sessions', '5', '--top', '20',
      '--eta', '1', '--epsilon', '0.1', '--position-base', '1', '--seed', String(seed), '--quiet']);
    const bare = withoutPositions(log, join(dir, 'bare'));
    const t = `${regime.name}-${seed}`;
    if (want('plain')) add('plain', ours(bare, ['--objective', 'lambdarank', ...lgbLike], `${t}-plain`).ndcg);
    if (want('ipw')) add('ipw', ours(log, ['--objective', 'rank:ndcg', '--lambdarank_unbiased', 'true', ...xgbLike], `${t}-ipw`).ndcg);
    if (want('additive')) add('additive', ours(log, ['--objective', 'lambdarank', ...lgbLike], `${t}-additive`).ndcg);
    // The weights go next to a copy only: a .weight file beside the log would be read by every
    // later run on it (this engine and LightGBM both read the sidecar).
    const w = withoutPositions(log, join(dir, 'weighted'));
    if (want('pbm-ipw') || want('combined')) run(process.execPath, [cli, 'propensity', '--data', log, '--out', `${w}.weight`, '--quiet']);
    if (want('pbm-ipw')) add('pbm-ipw', ours(w, ['--objective', 'lambdarank', ...lgbLike], `${t}-pbmipw`).ndcg);
    if (want('combined')) {
      copyFileSync(`${log}.position`, `${w}.position`);
      add('combined', ours(w, ['--objective', 'lambdarank', ...lgbLike], `${t}-combined`).ndcg);
    }
    if (want('pos-feat')) {
      const pf = withPositionFeature(log, join(dir, 'posfeat'), 1);
      add('pos-feat', ours(pf.train, ['--objective', 'lambdarank', ...lgbLike], `${t}-posfeat`, pf.test).ndcg);
    }
    if (hasLgb && want('lightgbm')) {
      add('LightGBM plain', lightgbm(bare, [], `${t}-plain`).ndcg);
      add('LightGBM additive', lightgbm(log, [], `${t}-additive`).ndcg);
    }
    if (hasXgb && want('xgboost')) {
      add('XGBoost plain', xgboost(bare, false, `${t}-plain`).ndcg);
      add('XGBoost ipw', xgboost(log, true, `${t}-ipw`).ndcg);
    }
  }
  const mean = Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
  table.push({ regime: regime.name, ...mean });
  console.log(JSON.stringify({ regime: regime.name, seeds: nSeeds, ...Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, v.map((x) => +x.toFixed(4))])) }));
  console.log(`${regime.name}: ${Object.entries(mean).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' | ')}`);
}
