// `npm run bench`: the kernel micro-benchmarks (bench/kernels.js: histogram, split scan, partition,
// subtraction; bench/predict-kernels.js: batch prediction walks), the macro scenarios on
// generated data (bench/macro.js: one JSON line each), then lambdaboost vs XGBoost
// vs LightGBM 4.6 and XGBoost 3.4.1 / 1.7.4 on realistic data (bench/compare.js, each engine skipped
// with a note when absent).
//   npm run bench                 200k-row and 500-query scenarios
//   npm run bench -- --full       also the 1M-row and 2000-query scenarios (several minutes)
//   npm run bench -- --quick      kernels in quick mode, compare with one run each
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const full = args.includes('--full');
const quick = args.includes('--quick');
const steps = [
  ['bench/kernels.js', ...(quick ? ['--quick'] : [])],
  ['bench/predict-kernels.js', ...(quick ? ['--quick'] : [])],
  ['bench/macro.js', 'regression-200k', 'ranking-500q', ...(full ? ['regression-1m', 'ranking-2000q'] : [])],
  ['bench/compare.js', ...(quick ? ['--quick'] : ['--runs', '3']), ...(full ? ['--full'] : [])],
];
for (const step of steps) {
  console.log(`\n$ node ${step.join(' ')}`);
  const r = spawnSync(process.execPath, step, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
