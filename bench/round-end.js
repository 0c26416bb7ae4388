// The cost of the stop check at the end of every training round (src/booster/stop-token.ts: one
// setImmediate turn of the event loop, then a flag read), beside the time of a round of the
// smallest training this repo ships (lightgbm-binary/binary.test, 500 rows x 28, depth 6, one
// thread): the check's share of a round is its cost over the round's time.
//   node bench/round-end.js            (after npm run build)
import { stopRequested, StopToken } from '../dist/src/booster/stop-token.js';
import { loadDataset } from '../dist/src/data/load.js';
import { trainModel } from '../dist/src/booster/train.js';

const N = 20000;
const token = new StopToken();
for (let i = 0; i < 1000; i++) await stopRequested(token); // warm-up
let t = performance.now();
for (let i = 0; i < N; i++) await stopRequested(token);
const check = ((performance.now() - t) / N) * 1000;

const data = await loadDataset(new URL('../datasets/lightgbm-binary/binary.test', import.meta.url).pathname);
const rounds = 200;
await trainModel({ num_round: 20, nthread: 1, verbosity: 0 }, data); // warm-up
t = performance.now();
await trainModel({ num_round: rounds, nthread: 1, verbosity: 0 }, data);
const round = ((performance.now() - t) / rounds) * 1000;
console.log(JSON.stringify({ stop_check_us: Number(check.toFixed(2)), round_us: Number(round.toFixed(1)), share_pct: Number(((100 * check) / round).toFixed(2)) }));
