// Single-row prediction latency in process: a 100-tree depth-6 model (bench/.data/regression-200k
// model from the compare run, or any model given), one row at a time, median of 5 x 200k calls.
//   node bench/single-row.js MODEL.json TEST.csv
import { readModelFile } from '../dist/src/model-io/model-file.js';
import { loadDataset } from '../dist/src/data/load.js';
import { Predictor } from '../dist/src/predict/predictor.js';

const [modelFile, testFile] = process.argv.slice(2);
const model = await readModelFile(modelFile);
const p = Predictor.fromModel(model);
const data = await loadDataset(testFile, { label: 'y', nFeatures: model.nFeatures });
const nF = data.nFeatures;
const N = 4096;
const rows = [];
for (let r = 0; r < N; r++) {
  const x = new Float32Array(nF);
  for (let f = 0; f < nF; f++) x[f] = data.columns[f][r];
  rows.push(x);
}
let sink = 0;
const times = [];
for (let rep = 0; rep < 6; rep++) {
  const calls = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += p.predictRow(rows[i & (N - 1)]);
  const ns = Number(process.hrtime.bigint() - t0) / calls;
  if (rep > 0) times.push(ns); // first repetition warms up
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ scenario: 'single-row', trees: model.trees.length, us_per_row: +(times[2] / 1000).toFixed(3), sink: Number.isFinite(sink) }));
