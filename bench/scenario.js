// One macro benchmark scenario in its own process, so peak RSS is the scenario's own:
//   node bench/scenario.js NAME TRAIN_FILE TEST_FILE [key=value ...]
// Prints one JSON line: load_s, train_s, predict_s, peak_rss_mb, the quality metric.
import { loadDataset } from '../dist/src/data/load.js';
import { trainModel } from '../dist/src/booster/train.js';
import { writeModelFile } from '../dist/src/model-io/model-file.js';
import { Predictor } from '../dist/src/predict/predictor.js';
import { createMetric } from '../dist/src/metric/registry.js';

const [name, trainFile, testFile, ...kv] = process.argv.slice(2);
const params = { eta: 0.1, max_depth: 6, max_bin: 256, num_round: 100 };
for (const w of kv) {
  const [k, v] = w.split('=');
  params[k] = v;
}
const t0 = performance.now();
const dataOpts = trainFile.endsWith('.csv') ? { label: 'y' } : {};
const train = await loadDataset(trainFile, dataOpts);
const t1 = performance.now();
const { model } = await trainModel(params, train, { freeRawData: true });
const t2 = performance.now();
await writeModelFile(`bench/.data/${name}.model.json`, model);
const test = await loadDataset(testFile, { ...dataOpts, nFeatures: train.nFeatures });
const t3 = performance.now();
const preds = Predictor.fromModel(model).predict(test);
const t4 = performance.now();
const metricName = String(params.objective ?? '').startsWith('rank:') ? 'ndcg@10' : 'rmse';
const quality = createMetric(metricName, { ndcgExpGain: true }).evaluate(preds, test);
console.log(JSON.stringify({
  scenario: name,
  rows: train.nRows,
  features: train.nFeatures,
  load_s: +((t1 - t0) / 1000).toFixed(3),
  train_s: +((t2 - t1) / 1000).toFixed(3),
  predict_s: +((t4 - t3) / 1000).toFixed(3),
  predict_rows: test.nRows,
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  [`test_${metricName}`]: +quality.toFixed(5),
  kernel: params.kernel ?? 'auto',
}));
