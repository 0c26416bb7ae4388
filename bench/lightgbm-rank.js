// LightGBM's rankers here vs LightGBM 4.6 itself: test NDCG@10 of `lambdarank` and `rank_xendcg`
// with LightGBM's default parameters (100 rounds, learning_rate 0.1, num_leaves 31,
// min_data_in_leaf 20, min_sum_hessian_in_leaf 1e-3, lambda_l2 0, max_bin 255) on the bundled
// ranking data (datasets/lightgbm-rank) and the two LETOR-like SYNTHETIC sets of
// bench/letor-synthetic.js. Both engines' test predictions are scored by the same NDCG@10 (this
// engine's metric; queries without relevant documents score 1, as in both engines). LibSVM entries
// that are not written are read as 0, as LightGBM reads them (`--libsvm-absent zero`).
//   npm run build && node bench/lightgbm-rank.js [--threads 2] [--objective lambdarank]
// rank_xendcg draws random gammas (objective_seed): its figures are the mean over objective_seed
// 1..5 (`--seeds N`), the same seeds for both engines; lambdarank is deterministic (one run).
// Needs ../shared/anchors/lightgbm-4.6.0/lightgbm (LIGHTGBM=path overrides); without it only ours runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMetric, loadDataset } from '../dist/src/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const threads = opt('--threads', '2');
const nSeeds = Number(opt('--seeds', '5'));
const objectives = args.includes('--objective') ? [opt('--objective')] : ['lambdarank', 'rank_xendcg'];
const LGB = process.env.LIGHTGBM ?? resolve(root, '../../shared/anchors/lightgbm-4.6.0/lightgbm');
const hasLgb = existsSync(LGB);
const out = join(root, 'bench/out/lightgbm-rank');
mkdirSync(out, { recursive: true });
const syn = join(out, 'letor-synthetic');
if (!existsSync(join(syn, 'synth-yahoo.test.query'))) spawnSync(process.execPath, [join(root, 'bench/letor-synthetic.js'), syn], { stdio: 'inherit' });
const bundled = existsSync(join(root, 'datasets/lightgbm-rank/rank.train')) ? join(root, 'datasets/lightgbm-rank') : '/work/shared/datasets/lightgbm-rank';
const sets = [
  { name: 'lightgbm-rank (bundled)', train: join(bundled, 'rank.train'), test: join(bundled, 'rank.test') },
  { name: 'synth-web (synthetic)', train: join(syn, 'synth-web.train'), test: join(syn, 'synth-web.test') },
  { name: 'synth-yahoo (synthetic)', train: join(syn, 'synth-yahoo.train'), test: join(syn, 'synth-yahoo.test') },
];
const ours = ['--eta', '0.1', '--max_leaves', '31', '--grow_policy', 'lossguide', '--max_depth', '0', '--lambda', '0',
  '--min_child_weight', '1e-3', '--min_data_in_leaf', '20', '--max_bin', '255', '--rounds', '100', '--nthread', threads,
  '--libsvm-absent', 'zero'];
const lgbParams = ['num_iterations=100', 'learning_rate=0.1', 'num_leaves=31', `num_threads=${threads}`, 'verbosity=-1'];

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}\n${r.stderr}${r.stdout}`);
}
const ndcg = createMetric('ndcg@10', { ndcgExpGain: true, huberSlope: 1 });
async function score(test, predFile) {
  const d = await loadDataset(test, { quiet: true });
  const p = Float32Array.from(readFileSync(predFile, 'utf8').trim().split('\n'), Number);
  return ndcg.evaluate(p, { label: d.label, weight: null, queryOffsets: d.queryOffsets });
}

const rows = [];
for (const obj of objectives) {
  for (const s of sets) {
    const seeds = obj === 'rank_xendcg' ? Array.from({ length: nSeeds }, (_, i) => i + 1) : [null];
    let mine = 0;
    let theirs = 0;
    for (const seed of seeds) {
      const tag = `${obj}-${s.name.split(' ')[0]}${seed === null ? '' : `-seed${seed}`}`;
      const cli = join(root, 'bin/lambdaboost.js');
      const seedArgs = seed === null ? [] : ['--objective_seed', String(seed)];
      run(process.execPath, [cli, 'train', '--data', s.train, '--objective', obj, ...ours, ...seedArgs, '--model-out', join(out, `${tag}.json`), '--quiet']);
      run(process.execPath, [cli, 'predict', '--model', join(out, `${tag}.json`), '--data', s.test, '--libsvm-absent', 'zero', '--margin', '--out', join(out, `${tag}.pred`), '--quiet']);
      mine += (await score(s.test, join(out, `${tag}.pred`))) / seeds.length;
      if (hasLgb) {
        const lgbSeed = seed === null ? [] : [`objective_seed=${seed}`];
        run(LGB, ['task=train', `objective=${obj}`, `data=${s.train}`, ...lgbParams, ...lgbSeed, `output_model=${join(out, `${tag}.lgb.txt`)}`]);
        run(LGB, ['task=predict', `data=${s.test}`, `input_model=${join(out, `${tag}.lgb.txt`)}`, `output_result=${join(out, `${tag}.lgb.pred`)}`, 'predict_raw_score=true', `num_threads=${threads}`, 'verbosity=-1']);
        theirs += (await score(s.test, join(out, `${tag}.lgb.pred`))) / seeds.length;
      } else theirs = NaN;
    }
    rows.push({ obj, set: s.name, mine, theirs });
    console.log(`${obj}${obj === 'rank_xendcg' ? ` (mean of ${nSeeds} seeds)` : ''}\t${s.name}\tlambdaboost ${mine.toFixed(4)}\tLightGBM 4.6 ${theirs.toFixed(4)}\tdiff ${(mine - theirs).toFixed(4)}`);
  }
  const r = rows.filter((x) => x.obj === obj);
  const m = r.reduce((a, x) => a + x.mine, 0) / r.length;
  const t = r.reduce((a, x) => a + x.theirs, 0) / r.length;
  console.log(`${obj}\taverage\tlambdaboost ${m.toFixed(4)}\tLightGBM 4.6 ${t.toFixed(4)}\tdiff ${(m - t).toFixed(4)}`);
}
