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

// Explain the ranker: feature importance as a bar chart, then the partial dependence (with ICE
// curves) of the score on the most important feature.
await run('Feature importance (gain) of the ranker, drawn as a bar chart', [
  'importance', '--model', `${out}/rank.model.json`, '--type', 'gain', '--top', '15', '--out', `${out}/importance.svg`,
]);
const lib = await import('../dist/src/index.js');
const topFeature = lib.featureImportance(await lib.readModelFile(`${out}/rank.model.json`), 'gain')[0].name;
await run(`Partial dependence of the ranking score on the most important feature, ${topFeature}, with ICE curves`, [
  'pdp', '--model', `${out}/rank.model.json`, '--data', 'datasets/lightgbm-rank/rank.train',
  '--feature', topFeature, '--out', `${out}/pdp-${topFeature}`,
]);
console.log(`importance chart: ${out}/importance.svg`);
console.log(`PDP plot: ${out}/pdp-${topFeature}.svg (table: .csv and .json; Vega-Lite spec: .vl.json)`);

// Unbiased LambdaMART on simulated clicks, in both regimes: synthetic graded data whose relevance
// depends on f0..f4 only, clicks from the position-based model (5 sessions x top 20, eta 1, eps 0.1).
console.log('\n== Unbiased LambdaMART on simulated position-biased clicks (NDCG@10 on held-out true relevance)');
const graded = lib.syntheticRankingData(300, 30, 10, 1);
const heldOut = lib.syntheticRankingData(300, 30, 10, 999);
const ndcg10 = lib.createMetric('ndcg@10', { ndcgExpGain: true });
const params = { objective: 'rank:ndcg', eta: 0.1, max_depth: 6, num_round: 100 };
for (const [title, ranker] of [
  ['production ranker follows relevance', { kind: 'relevance' }],
  ['production ranker blind to relevance (orders by noise feature f9)', { kind: 'feature', feature: 9 }],
]) {
  const { clicks } = lib.simulateClicks(graded, { sessions: 5, top: 20, eta: 1, epsilon: 0.1, ranker, seed: 1 });
  const plain = await lib.train(params, clicks);
  const unbiased = await lib.train({ ...params, lambdarank_unbiased: true }, clicks);
  const a = ndcg10.evaluate(plain.predict(heldOut), lib.metricDataOf(heldOut));
  const b = ndcg10.evaluate(unbiased.predict(heldOut), lib.metricDataOf(heldOut));
  console.log(`${title}: plain ${a.toFixed(4)}, unbiased ${b.toFixed(4)} (${b >= a ? '+' : ''}${(b - a).toFixed(4)})`);
  if (ranker.kind === 'feature') await unbiased.save(`${out}/unbiased.model.json`);
}
await run('Position biases the unbiased model learned (the examination curve it estimated)', [
  'bias', '--model', `${out}/unbiased.model.json`, '--out', `${out}/position-bias.svg`,
]);
console.log(`position-bias plot: ${out}/position-bias.svg`);
