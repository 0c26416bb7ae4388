// Monotone constraints: test RMSE here vs XGBoost 3.4.1 with the same constraints and parameters,
// on data with a known monotone signal (increasing in x0 and x3, decreasing in x1, x2 free with a
// wiggle, x4 noise), skewed features and missing cells, plus label noise. Also the unconstrained
// RMSE of both, for scale. Both engines train on the same CSV (hist, max_bin 256).
//   npm run build && node bench/monotone.js [--rows 20000] [--rounds 200] [--threads 2]
// Needs ../shared/anchors/xgboost-3.4.1 (XGBOOST_PYTHONPATH overrides); without it only ours runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, train } from '../dist/src/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const nRows = Number(opt('--rows', '20000'));
const rounds = Number(opt('--rounds', '200'));
const threads = Number(opt('--threads', '2'));
const XGB = process.env.XGBOOST_PYTHONPATH ?? resolve(root, '../../shared/anchors/xgboost-3.4.1/python');
const out = join(root, 'bench/out/monotone');
mkdirSync(out, { recursive: true });

let s = 20261207;
const rnd = () => {
  s = (s * 48271) % 2147483647;
  return s / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
function write(file, n) {
  const lines = ['y,x0,x1,x2,x3,x4'];
  for (let i = 0; i < n; i++) {
    const x0 = Math.exp(gauss());
    const x1 = rnd() * 10;
    const x2 = gauss();
    const x3 = rnd() < 0.15 ? NaN : Math.floor(rnd() * 12);
    const x4 = rnd();
    const f = 2 * Math.log1p(x0) - 0.08 * x1 ** 1.5 + Math.sin(2 * x2) + (Number.isNaN(x3) ? 0.5 : 0.15 * x3);
    const y = f + 0.6 * gauss();
    const cell = (v, k) => (Number.isNaN(v) ? '' : v.toFixed(k));
    lines.push([y.toFixed(5), cell(x0, 4), cell(x1, 3), cell(x2, 4), cell(x3, 0), cell(x4, 4)].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
const trainCsv = join(out, 'train.csv');
const testCsv = join(out, 'test.csv');
write(trainCsv, nRows);
write(testCsv, Math.round(nRows / 4));

const MONO = '(1,-1,0,1,0)';
const base = { eta: 0.1, max_depth: 6, max_bin: 256, num_round: rounds, base_score: 0.5 };
const configs = [
  { name: 'monotone depthwise', params: { ...base, monotone_constraints: MONO } },
  { name: 'monotone lossguide', params: { ...base, grow_policy: 'lossguide', max_leaves: 31, max_depth: 0, monotone_constraints: MONO } },
  { name: 'unconstrained depthwise', params: base },
];

const rmse = (p, y) => Math.sqrt(p.reduce((a, v, i) => a + (v - y[i]) ** 2, 0) / y.length);
const trainData = await loadDataset(trainCsv, { label: 'y' });
const testData = await loadDataset(testCsv, { label: 'y' });
const rows = [];
for (const c of configs) {
  const t0 = performance.now();
  const b = await train({ ...c.params, nthread: threads, verbosity: 0 }, trainData);
  const ours = rmse(b.predict(testData), testData.label);
  rows.push({ name: c.name, ours, secs: (performance.now() - t0) / 1000 });
}
if (existsSync(join(XGB, 'xgboost'))) {
  writeFileSync(join(out, 'configs.json'), JSON.stringify(configs));
  const py = `
import json, sys, numpy as np, xgboost as xgb
out = sys.argv[1]
def load(f):
    r = np.genfromtxt(f, delimiter=',', skip_header=1, dtype=np.float32, filling_values=np.nan)
    return xgb.DMatrix(r[:, 1:], label=r[:, 0], nthread=${threads}), r[:, 0]
dtr, _ = load(out + '/train.csv'); dte, yte = load(out + '/test.csv')
res = []
for c in json.load(open(out + '/configs.json')):
    p = dict(c['params']); n = p.pop('num_round')
    b = xgb.train({'tree_method': 'hist', 'nthread': ${threads}, **p}, dtr, n)
    pr = b.predict(dte).astype(np.float64)
    res.append(float(np.sqrt(np.mean((pr - yte.astype(np.float64)) ** 2))))
print(json.dumps(res))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, out], { env: { ...process.env, PYTHONPATH: XGB }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  JSON.parse(r.stdout.trim().split('\n').pop()).forEach((v, i) => { rows[i].xgb = v; });
}
console.log(`${nRows} training rows, ${Math.round(nRows / 4)} test rows, ${rounds} rounds, eta 0.1, constraints ${MONO}`);
console.log('| configuration | test RMSE lambdaboost | test RMSE XGBoost 3.4.1 | ours / XGBoost |');
console.log('|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.ours.toFixed(5)} | ${r.xgb === undefined ? '(absent)' : r.xgb.toFixed(5)} | ${r.xgb === undefined ? '' : (r.ours / r.xgb).toFixed(4)} |`);
}
