// lambdaboost vs XGBoost 1.7.4 (tree_method=hist), same data, same parameters, same thread count,
// measured in the same run with alternating runs; medians. Run after `npm run build`:
//   node bench/compare.js [--runs 3] [--threads 2] [--full] [--write]
// Whole process = wall clock of one process doing what the CLI does (load CSV/LibSVM, train, save
// the JSON model; or load model + data, predict, write predictions). train_s = train-only, as each
// process reports it. XGBoost runs with /usr/bin/python3 and is skipped cleanly when
// `/usr/bin/python3 -c 'import xgboost'` fails. --full adds the 1M-row scenarios (threads 1 vs 2,
// linearity in rows, peak memory). --write rewrites bench/RESULTS.md with the table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { writeRankingLibsvm, writeRegressionCsv } from '../datasets/generate.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const RUNS = Number(opt('--runs', 3));
const THREADS = Number(opt('--threads', 2));
const FULL = args.includes('--full');
const WRITE = args.includes('--write');
const DIR = 'bench/.data';
mkdirSync(DIR, { recursive: true });
const PY = '/usr/bin/python3';
const hasXgb = existsSync(PY) && spawnSync(PY, ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0;
if (!hasXgb) console.error(`XGBoost not importable by ${PY}: measuring lambdaboost only`);
const hasTime = existsSync('/usr/bin/time');

async function ensure(path, make) {
  if (!existsSync(path)) await make(path);
  return path;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[(s.length - 1) >> 1];
};

/** Runs a command; returns { wall_s, rss_mb, stdout, stderr }. Throws on failure. */
function timed(cmd, argv) {
  const full = hasTime ? ['/usr/bin/time', ['-f', 'RSS_KB=%M', cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /RSS_KB=(\d+)/.exec(r.stderr);
  return { wall_s: wall, rss_mb: m ? Math.round(Number(m[1]) / 1024) : NaN, stdout: r.stdout, stderr: r.stderr };
}

function oursTrain(file, objective, model, threads, extra = []) {
  const label = file.endsWith('.csv') ? ['--label', 'y'] : [];
  const r = timed(process.execPath, ['bin/lambdaboost.js', 'train', '--data', file, ...label, '--objective', objective,
    '--eta', '0.1', '--max_depth', '6', '--max_bin', '256', '--rounds', '100', '--nthread', String(threads), ...extra, '--model-out', model]);
  const m = /trained \d+ trees in ([\d.]+) s/.exec(r.stderr);
  return { ...r, train_s: m ? Number(m[1]) : NaN };
}

function xgbTrain(file, objective, model, threads) {
  const r = timed(PY, ['bench/xgb_scenario.py', 'train', file, model, String(threads), `objective=${objective}`]);
  return { ...r, train_s: JSON.parse(r.stdout.trim().split('\n').pop()).train_s };
}

function oursPredict(model, file, out) {
  return timed(process.execPath, ['bin/lambdaboost.js', 'predict', '--model', model, '--data', file, '--label', 'y', '--out', out]);
}

function xgbPredict(model, file, out, threads) {
  return timed(PY, ['bench/xgb_scenario.py', 'predict', model, file, String(threads), out]);
}

const rows = [];
function record(name, ours, xgb, extra = {}) {
  const row = { name, ...extra };
  for (const [k, vs] of Object.entries(ours)) row[`ours_${k}`] = +median(vs).toFixed(3);
  for (const [k, vs] of Object.entries(xgb)) row[`xgb_${k}`] = +median(vs).toFixed(3);
  // Every run too (the medians hide how noisy a figure was).
  if (Array.isArray(ours.train_s)) row.ours_train_s_runs = ours.train_s.map((x) => +x.toFixed(2));
  if (Array.isArray(xgb.train_s)) row.xgb_train_s_runs = xgb.train_s.map((x) => +x.toFixed(2));
  console.log(JSON.stringify(row));
  rows.push(row);
  return row;
}

/**
 * Alternating train runs, ours then XGBoost, then XGBoost first, ...
 * @param oursExtra extra CLI flags for lambdaboost only.
 */
function compareTrain(name, file, objective, threads = THREADS, oursExtra = []) {
  const o = { wall_s: [], train_s: [], rss_mb: [] };
  const x = { wall_s: [], train_s: [], rss_mb: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['o', 'x'] : ['x', 'o'];
    for (const who of order) {
      if (who === 'x' && !hasXgb) continue;
      const r = who === 'o' ? oursTrain(file, objective, `${DIR}/${name}.ours.json`, threads, oursExtra) : xgbTrain(file, objective, `${DIR}/${name}.xgb.json`, threads);
      const t = who === 'o' ? o : x;
      t.wall_s.push(r.wall_s);
      t.train_s.push(r.train_s);
      t.rss_mb.push(r.rss_mb);
    }
  }
  return record(name, o, hasXgb ? x : {}, { threads });
}

const reg200 = await ensure(`${DIR}/reg200k.train.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 1));
const regTest = await ensure(`${DIR}/reg.test.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 99));
const rank500 = await ensure(`${DIR}/rank500.train.libsvm`, (p) => writeRankingLibsvm(p, 500, 136, 3));

const reg = compareTrain('regression-200k', reg200, 'reg:squarederror');
compareTrain('ranking-500q', rank500, 'rank:ndcg');
// The same pair work as XGBoost 1.7.4's rank:ndcg (one partner sampled per document from the other
// label buckets) instead of our default, XGBoost 2.x's topk pairs (every document with each of the
// top 32: ~30x the pairs on this data).
compareTrain('ranking-500q-mean-1-pair', rank500, 'rank:ndcg', THREADS, ['--lambdarank_pair_method', 'mean', '--lambdarank_num_pair_per_sample', '1']);

// Batch prediction, whole process: 200k rows x 100 trees (each engine's own model from above).
{
  const o = { wall_s: [], rss_mb: [] };
  const x = { wall_s: [], rss_mb: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['o', 'x'] : ['x', 'o'];
    for (const who of order) {
      if (who === 'x' && !hasXgb) continue;
      const r = who === 'o'
        ? oursPredict(`${DIR}/regression-200k.ours.json`, regTest, `${DIR}/pred.ours.txt`)
        : xgbPredict(`${DIR}/regression-200k.xgb.json`, regTest, `${DIR}/pred.xgb.txt`, THREADS);
      (who === 'o' ? o : x).wall_s.push(r.wall_s);
      (who === 'o' ? o : x).rss_mb.push(r.rss_mb);
    }
  }
  record('predict-200k-x-100-trees', o, hasXgb ? x : {});
}

// Single-row latency, in process.
{
  const r = timed(process.execPath, ['bench/single-row.js', `${DIR}/regression-200k.ours.json`, regTest]);
  const j = JSON.parse(r.stdout.trim());
  record('single-row-100-trees-depth-6', { us_per_row: [j.us_per_row] }, {});
}

if (FULL) {
  const reg1m = await ensure(`${DIR}/reg1m.train.csv`, (p) => writeRegressionCsv(p, 1_000_000, 28, 2));
  const one = compareTrain('regression-1m-1-thread', reg1m, 'reg:squarederror', 1);
  const two = compareTrain('regression-1m', reg1m, 'reg:squarederror', THREADS);
  // MiB. Our bins are 2 bytes a cell here: features have 256 bins and missing values, so codes run
  // to 256 (XGBoost, which does not store missing entries, needs 1 byte).
  const rawMb = (1_000_000 * 28 * 4) / 2 ** 20;
  const binsMb = (1_000_000 * 28 * 2) / 2 ** 20;
  record('derived', {}, {}, {
    speedup_2_threads_vs_1_on_1m: +(one.ours_train_s / two.ours_train_s).toFixed(2),
    train_1m_over_200k: +(two.ours_train_s / reg.ours_train_s).toFixed(2),
    peak_rss_1m_mb: two.ours_rss_mb,
    peak_rss_1m_1_thread_mb: one.ours_rss_mb,
    memory_limit_mb: Math.round(2 * rawMb + binsMb),
    memory_limit_u8_bins_mb: Math.round(2 * rawMb + binsMb / 2),
  });
}

function table() {
  const fmt = (v) => (v === undefined || Number.isNaN(v) ? '-' : String(v));
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '-');
  let s = '| scenario | threads | ours whole s | XGBoost whole s | ratio whole | ours train s | XGBoost train s | ratio train | ours RSS MiB | XGBoost RSS MiB |\n';
  s += '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n';
  for (const r of rows) {
    if (r.name === 'derived' || r.name.startsWith('single-row')) continue;
    s += `| ${r.name} | ${fmt(r.threads ?? THREADS)} | ${fmt(r.ours_wall_s)} | ${fmt(r.xgb_wall_s)} | ${ratio(r.ours_wall_s, r.xgb_wall_s)} | ` +
      `${fmt(r.ours_train_s)} | ${fmt(r.xgb_train_s)} | ${ratio(r.ours_train_s, r.xgb_train_s)} | ${fmt(r.ours_rss_mb)} | ${fmt(r.xgb_rss_mb)} |\n`;
  }
  for (const r of rows) {
    if (r.name.startsWith('single-row')) s += `\nSingle-row prediction (100 trees, depth 6, in process): ${r.ours_us_per_row} us per row.\n`;
    if (r.name === 'derived') {
      s += `\n1M rows x 28: ${r.speedup_2_threads_vs_1_on_1m}x faster with 2 threads than 1 (train-only); ` +
        `train time 1M / 200k = ${r.train_1m_over_200k}; peak RSS of the train process ${r.peak_rss_1m_mb} MiB with 2 threads, ` +
        `${r.peak_rss_1m_1_thread_mb} MiB with 1 (limit 2 x raw float32 + bins = ${r.memory_limit_mb} MiB with our 2-byte bins, ` +
        `${r.memory_limit_u8_bins_mb} MiB counting 1-byte bins).\n`;
    }
  }
  return s;
}

const t = table();
console.log(`\n${t}`);
if (WRITE) {
  const cmd = `node bench/compare.js ${args.join(' ')}`.trim();
  const head = `# Benchmark results\n\nCommand: \`npm run build && ${cmd}\` (also part of \`npm run bench\`).\n` +
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}.\n` +
    `Each figure is the median of ${RUNS} alternating runs (ours, XGBoost, XGBoost, ours, ...). Ratio = ours / XGBoost.\n` +
    `XGBoost: ${hasXgb ? '1.7.4 via /usr/bin/python3, tree_method=hist' : 'not installed: skipped'}; same files, eta 0.1, max_depth 6, max_bin 256, 100 rounds.\n\n`;
  writeFileSync('bench/RESULTS.md', head + t + (process.env.RESULTS_NOTES ?? ''));
}
