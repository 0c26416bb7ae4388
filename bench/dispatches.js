// Batches sent to worker threads while training, by unit kernel (executor.dispatchCounts): a count
// that does not depend on the machine's load, unlike the times. Each dispatch costs the calling
// thread a post and, when the worker sleeps, a futex wake, and the worker a wake-up.
//   node bench/dispatches.js [ROOT=.] CSV [THREADS=2] [ROUNDS=100]
// ROOT a checkout with dist/ built; CSV e.g. `node datasets/generate.js realistic-regression FILE 200000 28 1`.
// Trains reg:squarederror, eta 0.1, max_depth 6, max_bin 256 (bench/compare.js's regression), and
// prints the count per kernel, the total, per round, and the model's md5.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { loadAverage } from './common.js';

const args = process.argv.slice(2);
const [rootArg, csv, threads = '2', roundsArg = '100'] = args.length > 0 && args[0].endsWith('.csv') ? ['.', ...args] : args;
if (!csv) throw new Error('usage: node bench/dispatches.js [ROOT] CSV [THREADS] [ROUNDS]');
const root = resolve(rootArg);
const rounds = Number(roundsArg);
const { loadDataset, trainModel, modelToJSON } = await import(`${root}/dist/src/index.js`);
const { dispatchCounts } = await import(`${root}/dist/src/parallel/executor.js`);
const { destroyWorkerPool } = await import(`${root}/dist/src/parallel/pool.js`);
const data = await loadDataset(resolve(csv), { label: 'y' });
const before = new Map(dispatchCounts());
const params = { objective: 'reg:squarederror', eta: 0.1, max_depth: 6, max_bin: 256, nthread: Number(threads), num_round: rounds };
const { model } = await trainModel(params, data);
let total = 0;
for (const [name, n] of dispatchCounts()) {
  const d = n - (before.get(name) ?? 0);
  if (d === 0) continue;
  total += d;
  console.log(`${name.padEnd(18)} ${String(d).padStart(6)}`);
}
const md5 = createHash('md5').update(JSON.stringify(modelToJSON(model))).digest('hex');
console.log(`total ${total} dispatches in ${rounds} rounds (${(total / rounds).toFixed(2)} a round), ${threads} threads, load ${loadAverage()}, model md5 ${md5}`);
await destroyWorkerPool();
