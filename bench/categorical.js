// Categorical features against XGBoost 3.4.1 (hist, enable_categorical on pandas category columns of
// the same CSV). Two parts:
// 1. quality: generated train / test CSVs with a low- (5), a mid- (50) and a high-cardinality (420)
//    text column, each with missing cells, and three numerical columns (one with missing cells);
//    both engines train with the same parameters and predict the test file (ours through the CLI,
//    coded by the model's category table; 3.4.1 re-codes the test frame by the names in its model);
//    test RMSE of each, computed here by the same formula.
// 2. speed: a 400-level text column beside 4 numerical columns; training time per round of each
//    engine as (time of R2 rounds - time of R1 rounds) / (R2 - R1), which takes out the fixed cost
//    (cut search, binning, start-up); ours is the CLI's "trained ... in" figure, 3.4.1's xgb.train
//    alone. Runs interleaved, REPS times; the machine may be shared: say so with the figures.
//   npm run build && node bench/categorical.js [QUALITY_ROWS=20000] [SPEED_ROWS=200000] [REPS=2] [THREADS=2]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAverage, median as med, timedRun } from './common.js';

const [qualityRows = 20000, speedRows = 200000, reps = 2, threads = 2] = process.argv.slice(2).map(Number);
const root = resolve(new URL('..', import.meta.url).pathname);
// XGBoost 3.4.1 from shared/anchors (or $XGBOOST_34_PYTHONPATH); refused when absent (Debian's
// default `import xgboost` is 1.7.4, whose categorical splits are not 3.4.1's).
const anchor = process.env.XGBOOST_34_PYTHONPATH ?? resolve(root, '../../shared/anchors/xgboost-3.4.1/python');
if (!existsSync(join(anchor, 'xgboost'))) throw new Error(`XGBoost 3.4.1 not found at ${anchor} (set XGBOOST_34_PYTHONPATH)`);
const dir = join(root, 'bench', '.data', 'categorical');
mkdirSync(dir, { recursive: true });
const bin = join(root, 'bin', 'lambdaboost.js');

/** Park-Miller stream in (0, 1). */
function stream(seed) {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/** Normal deviate (Box-Muller) from a uniform stream. */
function normal(rnd) {
  return Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * A column spec: levels, missing fraction, Zipf exponent of the level frequencies. The effects are
 * drawn from `effectSeed` (the same for train and test), the rows from `rowSeed`.
 */
function makeCsv(path, rows, specs, numeric, effectSeed, rowSeed) {
  const er = stream(effectSeed);
  const effects = specs.map((c) => Array.from({ length: c.levels }, () => normal(er) * c.scale));
  const pair = Array.from({ length: specs[0].levels }, () => normal(er)); // low x numeric interaction
  const cdfs = specs.map((c) => {
    const w = Array.from({ length: c.levels }, (_, i) => 1 / (i + 1) ** c.zipf);
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    return w.map((v) => (acc += v / total));
  });
  const rnd = stream(rowSeed);
  const names = specs.map((c) => c.name);
  const header = ['y', ...names, ...Array.from({ length: numeric }, (_, j) => `x${j}`)];
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++) {
    let y = 0;
    let lowCode = -1;
    const cells = [];
    specs.forEach((c, f) => {
      if (rnd() < c.missing) {
        cells.push('');
        y += c.missingEffect;
        return;
      }
      const u = rnd();
      let k = cdfs[f].findIndex((p) => u <= p);
      if (k < 0) k = c.levels - 1;
      cells.push(`${c.name}_${String(k).padStart(3, '0')}`);
      y += effects[f][k];
      if (f === 0) lowCode = k;
    });
    const xs = Array.from({ length: numeric }, () => normal(rnd));
    const x0 = xs[0];
    if (numeric > 1 && rnd() < 0.08) xs[1] = NaN;
    y += Math.sin(x0) + (numeric > 1 && xs[1] === xs[1] ? 0.5 * xs[1] * xs[1] : 0.3);
    if (lowCode >= 0) y += 0.5 * pair[lowCode] * x0;
    y += 0.5 * normal(rnd);
    lines.push([y.toFixed(6), ...cells, ...xs.map((v) => (v === v ? v.toFixed(6) : ''))].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function flagsOf(params) {
  return Object.entries(params).flatMap(([k, v]) => [`--${k}`, String(v)]);
}

function ours(trainCsv, testCsv, categorical, params, rounds, model) {
  const t = timedRun('node', [bin, 'train', '--data', trainCsv, '--label', 'y', '--categorical', categorical, '--num_round', String(rounds), ...flagsOf(params), '--model-out', model]);
  const m = /trained \d+ trees in ([\d.]+) s/.exec(t.stderr);
  const p = testCsv ? timedRun('node', [bin, 'predict', '--model', model, '--data', testCsv, '--label', 'y', '--quiet']).stdout.trim().split('\n').map(Number) : null;
  return { trainS: Number(m[1]), pred: p };
}

function xgb(trainCsv, testCsv, params, rounds, predOut) {
  const t = timedRun('/usr/bin/python3', [join(root, 'bench', 'categorical.py'), trainCsv, testCsv, JSON.stringify(params), String(rounds), predOut], { PYTHONPATH: anchor });
  return { trainS: Number(/train_seconds ([\d.]+)/.exec(t.stdout)[1]), pred: readFileSync(predOut, 'utf8').trim().split('\n').map(Number) };
}

function labels(csv) {
  return readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.slice(0, l.indexOf(','))));
}

function equal(p, q) {
  return p.filter((v, i) => Math.fround(v) === Math.fround(q[i])).length;
}

function rmse(pred, y) {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i] - y[i]) ** 2;
  return Math.sqrt(s / y.length);
}

console.log(`# bench/categorical.js ${qualityRows} ${speedRows} ${reps} ${threads} (${new Date().toISOString()}, load average ${loadAverage()})`);

// 1. quality
const specs = [
  { name: 'low', levels: 5, missing: 0.1, zipf: 0.5, scale: 1.0, missingEffect: 0.4 },
  { name: 'mid', levels: 50, missing: 0.05, zipf: 0.8, scale: 0.8, missingEffect: -0.3 },
  { name: 'high', levels: 420, missing: 0.2, zipf: 1.0, scale: 0.6, missingEffect: 0.2 },
];
const trainCsv = join(dir, `quality-${qualityRows}.train.csv`);
const testCsv = join(dir, `quality-${qualityRows}.test.csv`);
makeCsv(trainCsv, qualityRows, specs, 3, 7, 11);
makeCsv(testCsv, Math.round(qualityRows / 2), specs, 3, 7, 12);
const yTest = labels(testCsv);
const qualityParams = { eta: 0.1, max_depth: 6, nthread: threads, base_score: 0.5 };
const rounds = 200;
const a = ours(trainCsv, testCsv, 'low,mid,high', qualityParams, rounds, join(dir, 'quality.ours.json'));
const b = xgb(trainCsv, testCsv, qualityParams, rounds, join(dir, 'quality.xgb.pred'));
const ra = rmse(a.pred, yTest);
const rb = rmse(b.pred, yTest);
console.log(`quality: ${qualityRows} train rows, ${yTest.length} test rows; columns low (5 levels, 10% missing), mid (50, 5%), high (420, 20%), x0..x2 (x1 8% missing); ${rounds} rounds ${JSON.stringify(qualityParams)}`);
console.log(`  test RMSE  lambdaboost ${ra.toFixed(6)}  XGBoost 3.4.1 ${rb.toFixed(6)}  ratio ${(ra / rb).toFixed(6)}  predictions equal (float32) ${equal(a.pred, b.pred)} of ${yTest.length}`);

// 2. speed
const speedCsv = join(dir, `speed-${speedRows}.csv`);
makeCsv(speedCsv, speedRows, [{ name: 'shop', levels: 400, missing: 0.05, zipf: 0.7, scale: 1.0, missingEffect: 0.1 }], 4, 21, 22);
const speedParams = { eta: 0.1, max_depth: 6, nthread: threads, base_score: 0.5 };
const [r1, r2] = [10, 60];
const per = { ours: [], xgb: [] };
for (let i = 0; i < reps; i++) {
  const o1 = ours(speedCsv, null, 'shop', speedParams, r1, join(dir, 'speed.ours.json'));
  const x1 = xgb(speedCsv, speedCsv, speedParams, r1, join(dir, 'speed.xgb.pred'));
  const o2 = ours(speedCsv, null, 'shop', speedParams, r2, join(dir, 'speed.ours.json'));
  const x2 = xgb(speedCsv, speedCsv, speedParams, r2, join(dir, 'speed.xgb.pred'));
  per.ours.push((o2.trainS - o1.trainS) / (r2 - r1));
  per.xgb.push((x2.trainS - x1.trainS) / (r2 - r1));
  console.log(`speed rep ${i}: lambdaboost train ${o1.trainS.toFixed(2)} s (${r1} rounds) / ${o2.trainS.toFixed(2)} s (${r2}); XGBoost 3.4.1 xgb.train ${x1.trainS.toFixed(2)} / ${x2.trainS.toFixed(2)} s`);
}
console.log(`speed: ${speedRows} rows, shop (400 levels, 5% missing) + 4 numerical, ${JSON.stringify(speedParams)}`);
console.log(`  per round (median of ${reps})  lambdaboost ${(1000 * med(per.ours)).toFixed(1)} ms  XGBoost 3.4.1 ${(1000 * med(per.xgb)).toFixed(1)} ms  ratio ${(med(per.ours) / med(per.xgb)).toFixed(3)}`);
