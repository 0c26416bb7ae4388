// `lambdaboost cv --nfold 5` against 5 separate `lambdaboost train` runs of the same folds (each
// fold's train rows as --data, its held-out rows as --valid), whole processes, interleaved
// (cv, 5 trains, cv, 5 trains ...) because the machine is shared. The fold files are cut from the
// generated CSV with the folds cv deals (makeFolds, same seed), so both sides train on the same rows;
// cv searches the cuts once on all rows, each train run on its own fold.
//   npm run build && node bench/cv.js [QUERIES=200] [FEATURES=136] [ROUNDS=10] [THREADS=2] [REPS=2]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median as med, timedRun } from './common.js';

const [queries = 200, features = 136, rounds = 10, threads = 2, reps = 2] = process.argv.slice(2).map(Number);
const root = resolve(new URL('..', import.meta.url).pathname);
const dist = pathToFileURL(join(root, 'dist')).href;
const { makeFolds } = await import(`${dist}/src/booster/cv.js`);
const { loadDataset } = await import(`${dist}/src/data/load.js`);
const dir = join(root, 'bench', '.data', 'cv');
mkdirSync(dir, { recursive: true });
const all = join(dir, `rank${queries}x${features}.csv`);
if (!existsSync(all)) execFileSync('node', [join(root, 'datasets', 'generate.js'), 'realistic-ranking', all, String(queries), String(features), '1'], { stdio: 'inherit' });
const nfold = 5;
const seed = 0;
const data = await loadDataset(all, { label: 'y', qid: 'qid' });
const folds = makeFolds(data, nfold, seed);
const lines = readFileSync(all, 'utf8').split('\n');
const header = lines[0];
const foldOf = new Int32Array(data.nRows);
folds.forEach((f, k) => f.forEach((r) => (foldOf[r] = k)));
for (let k = 0; k < nfold; k++) {
  const tr = [header];
  const te = [header];
  for (let r = 0; r < data.nRows; r++) (foldOf[r] === k ? te : tr).push(lines[r + 1]);
  writeFileSync(join(dir, `f${k}.train.csv`), `${tr.join('\n')}\n`);
  writeFileSync(join(dir, `f${k}.test.csv`), `${te.join('\n')}\n`);
}
const common = ['--label', 'y', '--qid', 'qid', '--objective', 'rank:ndcg', '--eval_metric', 'ndcg@10', '--rounds', String(rounds), '--nthread', String(threads)];
const bin = join(root, 'bin', 'lambdaboost.js');
const run = (args) => timedRun('node', [bin, ...args]);
const cvTimes = [];
const trainTimes = [];
let cvLast = '';
let trainLast = [];
for (let i = 0; i < reps; i++) {
  const c = run(['cv', '--data', all, '--nfold', String(nfold), '--fold-seed', String(seed), ...common]);
  cvTimes.push(c.s);
  cvLast = c.stdout.trim().split('\n').pop();
  let sum = 0;
  trainLast = [];
  for (let k = 0; k < nfold; k++) {
    const t = run(['train', '--data', join(dir, `f${k}.train.csv`), '--valid', join(dir, `f${k}.test.csv`), ...common, '--model-out', join(dir, `f${k}.json`)]);
    sum += t.s;
    trainLast.push(Number(/valid-ndcg@10:([\d.]+)/.exec(t.stdout.trim().split('\n').pop())[1]));
  }
  trainTimes.push(sum);
  console.log(`rep ${i}: cv ${c.s.toFixed(2)} s, 5 x train ${sum.toFixed(2)} s`);
}
console.log(`${data.nRows} rows x ${features} features, ${queries} queries, ${nfold} folds, ${rounds} rounds, ${threads} threads`);
console.log(`cv: median ${med(cvTimes).toFixed(2)} s; 5 separate train runs: median ${med(trainTimes).toFixed(2)} s; ratio ${(med(cvTimes) / med(trainTimes)).toFixed(3)}`);
console.log(`last round, cv: ${cvLast}`);
const m = trainLast.reduce((a, b) => a + b, 0) / nfold;
console.log(`last round, 5 trains: valid-ndcg@10 mean ${m.toFixed(5)} (each fold its own cuts, so not equal to cv's)`);
