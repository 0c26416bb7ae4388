// CPU time a round of the categorical speed case (bench/categorical.js part 2: 200k rows, a
// 400-level text column with 5 % missing + 4 numerical), in one process: the CSV is loaded once,
// then REPS trainings of ROUNDS rounds; per round = (CPU at the last round - CPU at round SKIP) /
// (ROUNDS - SKIP), all threads of the process (process.cpuUsage), and the wall time likewise. Prints
// the md5 of each model. Compare two builds by alternating processes:
//   node bench/categorical-rounds.js ROOT CSV [THREADS=2] [ROUNDS=60] [REPS=3] [SKIP=10]
// ROOT a checkout with dist/ built; CSV bench/.data/categorical/speed-200000.csv (bench/categorical.js writes it).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { loadAverage } from './common.js';

const [rootArg, csv, threads = '2', roundsArg = '60', repsArg = '3', skipArg = '10'] = process.argv.slice(2);
const root = resolve(rootArg);
const rounds = Number(roundsArg);
const skip = Number(skipArg);
const { loadDataset, trainModel, modelToJSON } = await import(`${root}/dist/src/index.js`);
const { destroyWorkerPool } = await import(`${root}/dist/src/parallel/pool.js`);
const data = await loadDataset(resolve(csv), { label: 'y', categorical: ['shop'] });
const params = { eta: 0.1, max_depth: 6, nthread: Number(threads), base_score: 0.5, num_round: rounds };
for (let rep = 0; rep < Number(repsArg); rep++) {
  let c0 = null;
  let t0 = 0;
  const { model } = await trainModel(params, data, {
    onIteration: (i) => {
      if (i === skip - 1) {
        c0 = process.cpuUsage();
        t0 = performance.now();
      }
    },
  });
  const c = process.cpuUsage(c0);
  const w = performance.now() - t0;
  const md5 = createHash('md5').update(JSON.stringify(modelToJSON(model))).digest('hex');
  const n = rounds - skip;
  console.log(`${root.padEnd(24)} cpu ${((c.user + c.system) / 1e3 / n).toFixed(2)} ms/round  wall ${(w / n).toFixed(2)} ms/round  load ${loadAverage()}  model md5 ${md5}`);
}
await destroyWorkerPool();
