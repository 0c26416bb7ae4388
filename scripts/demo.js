// `npm run demo`: trains a LambdaMART ranker on the bundled LightGBM ranking example with the CLI,
// printing XGBoost's eval log, then scores the test file. Outputs go to out/demo/.
import { mkdirSync } from 'node:fs';
import { main } from '../dist/cli/main.js';

const out = 'out/demo';
mkdirSync(out, { recursive: true });

async function run(title, argv) {
  console.log(`\n== ${title}\n$ lambdaboost ${argv.join(' ')}`);
  const status = await main(argv);
  if (status !== 0) {
    console.error(`demo step failed with status ${status}`);
    process.exit(status);
  }
}

await run('Train LambdaMART (rank:ndcg) on datasets/lightgbm-rank, evaluating NDCG@10 on the test queries', [
  'train', '--data', 'datasets/lightgbm-rank/rank.train', '--valid', 'datasets/lightgbm-rank/rank.test',
  '--objective', 'rank:ndcg', '--eta', '0.1', '--max_depth', '6', '--rounds', '100',
  '--eval_metric', 'ndcg@10', '--model-out', `${out}/rank.model.json`,
]);
await run('Score the test queries (one score a line, in input order)', [
  'predict', '--model', `${out}/rank.model.json`, '--data', 'datasets/lightgbm-rank/rank.test',
  '--out', `${out}/rank.test.pred.txt`,
]);
console.log(`\nmodel: ${out}/rank.model.json (XGBoost JSON: xgboost.Booster(model_file=...) loads it)`);
console.log(`predictions: ${out}/rank.test.pred.txt`);
