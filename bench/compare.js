// lambdaboost vs LightGBM 4.6 (CLI), XGBoost 3.4.1 and XGBoost 1.7.4 (tree_method=hist): same
// files, same thread count, 100 rounds, eta 0.1, depth 6, in the same run with rotating order
// (run i starts with engine i mod n); medians. Run after `npm run build`:
//   node bench/compare.js [--runs 3] [--threads 2] [--full] [--quick] [--uniform] [--write]
// Data: realistic by default (datasets/generate.js realistic-*: normal values to 6 significant
// digits, 2% missing cells, ~every row a distinct value per feature): regression 200k x 28,
// ranking 500 queries x ~112 documents x 136 features (CSV with a qid column; ours rank:ndcg, and
// ours lambdarank with LightGBM's tree parameters vs LightGBM only: the same work), batch predict of
// 200k rows with each engine's 200k model. --full adds regression 1M x 28 (2 threads, and ours with
// 1 thread for the thread speed-up), --uniform adds the older 4-decimal uniform sets of issue #4,
// --quick runs smaller data once (50k rows, 100 queries, no 1M) to check the harness.
// Figures: whole process = wall clock of one process doing what the CLI does (load, train, save
// the model; or load model + data, predict, write predictions); train_s = train-only as each
// engine reports it (ours: the CLI's "trained N trees in X s"; XGBoost: bench/xgb_scenario.py;
// LightGBM: its last "seconds elapsed, finished iteration" line); peak RSS by /usr/bin/time -f %M.
// Engines that are absent are skipped with a note: LightGBM at
// /work/shared/anchors/lightgbm-4.6.0/lightgbm (or $LIGHTGBM), XGBoost 3.4.1 from
// /work/shared/anchors/xgboost-3.4.1/python (or $XGBOOST_34_PYTHONPATH), XGBoost 1.7.4 as
// /usr/bin/python3's default `import xgboost`.
// --write replaces the section between the compare.js markers of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  writeRankingLibsvm, writeRealisticRankingCsv, writeRealisticRegressionCsv, writeRegressionCsv,
} from '../datasets/generate.js';
import { median } from './common.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const QUICK = args.includes('--quick');
const RUNS = Number(opt('--runs', QUICK ? 1 : 3));
const THREADS = Number(opt('--threads', 2));
const FULL = args.includes('--full') && !QUICK;
const UNIFORM = args.includes('--uniform');
const WRITE = args.includes('--write');
const DIR = 'bench/.data';
mkdirSync(DIR, { recursive: true });
const PY = '/usr/bin/python3';
const LGB = process.env.LIGHTGBM ?? '/work/shared/anchors/lightgbm-4.6.0/lightgbm';
const XGB34_PATH = process.env.XGBOOST_34_PYTHONPATH ?? '/work/shared/anchors/xgboost-3.4.1/python';
const hasTime = existsSync('/usr/bin/time');
const notes = [];

function pyVersion(env) {
  if (!existsSync(PY)) return null;
  const r = spawnSync(PY, ['-c', 'import xgboost, pandas; print(xgboost.__version__)'], { encoding: 'utf8', env });
  return r.status === 0 ? r.stdout.trim() : null;
}
const env17 = { ...process.env, PYTHONPATH: '' };
const env34 = { ...process.env, PYTHONPATH: XGB34_PATH };
const v17 = pyVersion(env17);
const v34 = existsSync(XGB34_PATH) ? pyVersion(env34) : null;
const hasLgb = existsSync(LGB) && spawnSync(LGB, ['--help'], { stdio: 'ignore' }).error === undefined;

/** The engines measured: id, label, and whether present. */
const ENGINES = [
  { id: 'ours', label: 'lambdaboost', present: true },
  { id: 'lgb', label: 'LightGBM 4.6', present: hasLgb, missing: `LightGBM CLI not found at ${LGB}` },
  { id: 'xgb34', label: `XGBoost ${v34 ?? '3.4.1'}`, present: v34 !== null && v34.startsWith('3.'), missing: `XGBoost 3.4.1 not importable from ${XGB34_PATH}` },
  { id: 'xgb17', label: `XGBoost ${v17 ?? '1.7.4'}`, present: v17 !== null, missing: `XGBoost (with pandas) not importable by ${PY}` },
];
for (const e of ENGINES) if (!e.present) { notes.push(`${e.label} skipped: ${e.missing}.`); console.error(`skipped: ${e.missing}`); }
const present = ENGINES.filter((e) => e.present);

async function ensure(path, make) {
  if (!existsSync(path)) await make(path);
  return path;
}

/** Runs a command; returns { wall_s, rss_mb, stdout, stderr }. Throws on failure. */
function timed(cmd, argv, env = process.env) {
  const full = hasTime ? ['/usr/bin/time', ['-f', 'RSS_KB=%M', cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /RSS_KB=(\d+)/.exec(r.stderr);
  return { wall_s: wall, rss_mb: m ? Math.round(Number(m[1]) / 1024) : NaN, stdout: r.stdout, stderr: r.stderr };
}

const isRank = (objective) => objective.startsWith('rank:') || objective === 'lambdarank';
/**
 * Our tree parameters for `objective`: XGBoost's depth-wise trees (max_bin 256) for XGBoost's
 * objectives; for LightGBM's `lambdarank`, LightGBM's CLI defaults beside num_leaves 64 and
 * max_depth 6 (leaf-wise, lambda_l2 0, min_sum_hessian_in_leaf 1e-3, min_data_in_leaf 20,
 * max_bin 255), so both engines grow the same trees (bench/lightgbm-trees.js compares them).
 */
const oursTreeArgs = (objective) => (objective === 'lambdarank'
  ? ['--grow_policy', 'lossguide', '--max_leaves', '64', '--max_depth', '6', '--lambda', '0', '--min_child_weight', '1e-3',
    '--min_data_in_leaf', '20', '--max_bin', '255']
  : ['--max_depth', '6', '--max_bin', '256']);
const xgbEnv = (id) => (id === 'xgb34' ? env34 : env17);

/** One training process of engine `id`; returns timed() plus train_s. */
function train(id, file, objective, model, threads, extra = []) {
  if (id === 'ours') {
    const cols = file.endsWith('.csv') ? ['--label', 'y', ...(isRank(objective) ? ['--qid', 'qid'] : [])] : [];
    const r = timed(process.execPath, ['bin/lambdaboost.js', 'train', '--data', file, ...cols, '--objective', objective,
      '--eta', '0.1', ...oursTreeArgs(objective), '--rounds', '100', '--nthread', String(threads), ...extra, '--model-out', model]);
    const m = /trained \d+ trees in ([\d.]+) s/.exec(r.stderr);
    return { ...r, train_s: m ? Number(m[1]) : NaN };
  }
  if (id === 'lgb') {
    const lgbObjective = isRank(objective) ? 'lambdarank' : 'regression';
    const cols = file.endsWith('.csv') ? ['header=true', 'label_column=name:y', ...(isRank(objective) ? ['group_column=name:qid'] : [])] : [];
    const r = timed(LGB, ['task=train', `objective=${lgbObjective}`, `data=${file}`, ...cols, 'num_iterations=100',
      'learning_rate=0.1', 'max_depth=6', 'num_leaves=64', 'max_bin=255', `num_threads=${threads}`, `output_model=${model}`]);
    const times = [...r.stdout.matchAll(/([\d.]+) seconds elapsed, finished iteration/g)];
    return { ...r, train_s: times.length ? Number(times[times.length - 1][1]) : NaN };
  }
  const r = timed(PY, ['bench/xgb_scenario.py', 'train', file, model, String(threads), `objective=${objective}`], xgbEnv(id));
  return { ...r, train_s: JSON.parse(r.stdout.trim().split('\n').pop()).train_s };
}

/** One batch-prediction process of engine `id` with its own model. */
function predict(id, model, file, out, threads) {
  if (id === 'ours') return timed(process.execPath, ['bin/lambdaboost.js', 'predict', '--model', model, '--data', file, '--label', 'y', '--out', out]);
  if (id === 'lgb') {
    return timed(LGB, ['task=predict', `data=${file}`, 'header=true', 'label_column=name:y', `input_model=${model}`,
      `output_result=${out}`, 'predict_raw_score=true', `num_threads=${threads}`]);
  }
  return timed(PY, ['bench/xgb_scenario.py', 'predict', model, file, String(threads), out], xgbEnv(id));
}

const modelPath = (name, id) => `${DIR}/${name}.${id}.${id === 'lgb' ? 'txt' : 'json'}`;
const rows = [];

/** Rotating runs of `run(engine)` over `engines`; records the medians of each figure. */
function measure(name, engines, run, extra = {}) {
  const per = Object.fromEntries(engines.map((e) => [e.id, { wall_s: [], train_s: [], rss_mb: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(i + k) % engines.length];
      const r = run(e.id);
      per[e.id].wall_s.push(r.wall_s);
      if (r.train_s !== undefined) per[e.id].train_s.push(r.train_s);
      per[e.id].rss_mb.push(r.rss_mb);
    }
  }
  const row = { name, ...extra };
  for (const e of engines) {
    for (const [k, vs] of Object.entries(per[e.id])) if (vs.length) row[`${e.id}_${k}`] = +median(vs).toFixed(3);
    row[`${e.id}_wall_s_runs`] = per[e.id].wall_s.map((x) => +x.toFixed(2));
  }
  console.log(JSON.stringify(row));
  rows.push(row);
  return row;
}

function compareTrain(name, file, objective, threads = THREADS, engines = present, oursExtra = []) {
  return measure(name, engines, (id) => train(id, file, objective, modelPath(name, id), threads, id === 'ours' ? oursExtra : []), { threads });
}

const reg = QUICK ? 50_000 : 200_000;
const queries = QUICK ? 100 : 500;
const rreg = await ensure(`${DIR}/rreg${reg / 1000}k.train.csv`, (p) => writeRealisticRegressionCsv(p, reg, 28, 1));
const rregTest = await ensure(`${DIR}/rreg${reg / 1000}k.test.csv`, (p) => writeRealisticRegressionCsv(p, reg, 28, 99));
const rrank = await ensure(`${DIR}/rrank${queries}.train.csv`, (p) => writeRealisticRankingCsv(p, queries, 136, 3));

const regName = `regression-${reg / 1000}k-realistic`;
const regRow = compareTrain(regName, rreg, 'reg:squarederror');
compareTrain(`ranking-${queries}q-realistic`, rrank, 'rank:ndcg');
// The same work on both sides: our `lambdarank` (LightGBM's objective and arithmetic) with
// LightGBM's parameters vs LightGBM's lambdarank (the row above is XGBoost's rank:ndcg, other work).
if (hasLgb) {
  const name = `ranking-${queries}q-realistic-lambdarank`;
  compareTrain(name, rrank, 'lambdarank', THREADS, present.filter((e) => e.id === 'ours' || e.id === 'lgb'));
  const trees = spawnSync(process.execPath, ['bench/lightgbm-trees.js', modelPath(name, 'ours'), modelPath(name, 'lgb')], { encoding: 'utf8' });
  const said = trees.stdout.trim().split('\n').slice(-2).join('; ');
  notes.push(`${name}: ours lambdarank with LightGBM's tree parameters (the same work as LightGBM's); bench/lightgbm-trees.js: ${said}.`);
  console.error(`${name} trees: ${said}`);
}
measure(`predict-${reg / 1000}k-x-100-trees`, present, (id) => predict(id, modelPath(regName, id), rregTest, `${DIR}/pred.${id}.txt`, THREADS), { threads: THREADS });

if (FULL) {
  const rreg1m = await ensure(`${DIR}/rreg1m.train.csv`, (p) => writeRealisticRegressionCsv(p, 1_000_000, 28, 2));
  const one = compareTrain('regression-1m-realistic-1-thread', rreg1m, 'reg:squarederror', 1, [ENGINES[0]]);
  const two = compareTrain('regression-1m-realistic', rreg1m, 'reg:squarederror', THREADS);
  const rawMb = (1_000_000 * 28 * 4) / 2 ** 20;
  const binsMb = (1_000_000 * 28 * 2) / 2 ** 20;
  rows.push({
    name: 'derived',
    speedup_2_threads_vs_1_on_1m: +(one.ours_train_s / two.ours_train_s).toFixed(2),
    train_1m_over_200k: +(two.ours_train_s / regRow.ours_train_s).toFixed(2),
    peak_rss_1m_mb: two.ours_rss_mb,
    memory_limit_mb: Math.round(2 * rawMb + binsMb),
  });
}

if (UNIFORM) {
  const reg200 = await ensure(`${DIR}/reg200k.train.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 1));
  const rank500 = await ensure(`${DIR}/rank500.train.libsvm`, (p) => writeRankingLibsvm(p, 500, 136, 3));
  const xgbOnly = present.filter((e) => e.id !== 'lgb');
  compareTrain('regression-200k-uniform', reg200, 'reg:squarederror', THREADS, xgbOnly);
  compareTrain('ranking-500q-uniform', rank500, 'rank:ndcg', THREADS, xgbOnly);
}

function table() {
  const fmt = (v) => (v === undefined || Number.isNaN(v) ? '-' : String(v));
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '-');
  const others = present.filter((e) => e.id !== 'ours');
  let s = `| scenario | threads | figure | ${present.map((e) => e.label).join(' | ')} | ${others.map((e) => `ours / ${e.label}`).join(' | ')} |\n`;
  s += `| ${['', '', '', ...present, ...others].map(() => '---').join(' | ')} |\n`;
  for (const r of rows) {
    if (r.name === 'derived') continue;
    for (const [fig, label] of [['wall_s', 'whole process s'], ['train_s', 'train only s'], ['rss_mb', 'peak RSS MiB']]) {
      if (!present.some((e) => r[`${e.id}_${fig}`] !== undefined)) continue;
      s += `| ${r.name} | ${fmt(r.threads)} | ${label} | ${present.map((e) => fmt(r[`${e.id}_${fig}`])).join(' | ')} | ` +
        `${others.map((e) => ratio(r[`ours_${fig}`], r[`${e.id}_${fig}`])).join(' | ')} |\n`;
    }
  }
  for (const r of rows) {
    if (r.name !== 'derived') continue;
    s += `\n1M rows x 28 (realistic): ${r.speedup_2_threads_vs_1_on_1m}x faster with 2 threads than 1 (ours, train-only); ` +
      `train time 1M / 200k = ${r.train_1m_over_200k}; our peak RSS with 2 threads ${r.peak_rss_1m_mb} MiB ` +
      `(limit 2 x raw float32 + 2-byte bins = ${r.memory_limit_mb} MiB).\n`;
  }
  if (notes.length) s += `\n${notes.join(' ')}\n`;
  return s;
}

const t = table();
console.log(`\n${t}`);
if (WRITE) {
  const cmd = `node bench/compare.js ${args.join(' ')}`.trim();
  const section = `<!-- compare.js begin -->\n## lambdaboost vs LightGBM and XGBoost\n\nCommand: \`npm run build && ${cmd}\`.\n` +
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}.\n` +
    `Each figure is the median of ${RUNS} rotating runs. LightGBM: CLI, objective regression / lambdarank, num_leaves 64, max_depth 6, ` +
    `max_bin 255, its other defaults (min_data_in_leaf 20). XGBoost: tree_method hist, max_bin 256. Everyone: eta 0.1, 100 rounds. ` +
    `Ours: rank:ndcg / reg:squarederror with XGBoost's parameters; the -lambdarank row runs our lambdarank with LightGBM's.\n\n` +
    `${t}\n${process.env.RESULTS_NOTES ?? ''}<!-- compare.js end -->\n`;
  const old = existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : '# Benchmark results\n';
  const re = /<!-- compare\.js begin -->[\s\S]*?<!-- compare\.js end -->\n?/;
  writeFileSync('bench/RESULTS.md', re.test(old) ? old.replace(re, section) : old.replace(/\n*$/, '\n\n') + section);
}
