/**
 * `lambdaboost predict`: scores a data file with a model (ours or XGBoost's); one value a line in
 * input order (`--margin` raw scores, `--leaf` leaf indices, one line of tab-separated node ids
 * per row; `--contrib` SHAP values, one line of nFeatures + 1 tab-separated values per row, the
 * last the bias). Output is written atomically.
 */
import { Command } from 'commander';
import { modelMissing } from '../src/data/missing-value.js';
import { modelCategoryCoding } from '../src/data/category-coder.js';
import { statSync } from 'node:fs';
import { UserError } from '../src/errors.js';
import { shapValues } from '../src/explain/tree-shap.js';
import { readAnyModelFile } from '../src/model-io/any-model.js';
import type { LightGBMModel } from '../src/model-io/lightgbm-text.js';
import { lightgbmShapValues } from '../src/explain/lightgbm-shap.js';
import { LightGBMPredictor } from '../src/predict/lightgbm-predictor.js';
import { double17Lines, formatDouble17 } from '../src/util/double-format.js';
import { resolveThreads } from '../src/parallel/pool.js';
import { startPredictWorkers } from '../src/parallel/parallel-predict.js';
import { Predictor } from '../src/predict/predictor.js';
import { float32Lines, formatFloat32Plain } from '../src/util/float32-format.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { loadDataset } from '../src/data/load.js';
import { addDataOptions, loadWithTextLabels, toLoadOptions, type DataFlags } from './data-options.js';
import { checkOutputFile } from './output-paths.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface PredictFlags extends DataFlags, VerbosityFlags {
  model: string;
  data: string;
  out?: string;
  margin?: boolean;
  leaf?: boolean;
  contrib?: boolean;
  labels?: boolean;
  nthread?: string;
}

export function predictCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('predict')
    .description('predict a data file with a model; one value a line, in input order')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON, from lambdaboost or XGBoost; or a LightGBM text model)')
    .requiredOption('--data <file>', 'data to score (same data flags as train)')
    .option('--out <file>', 'output file (default: standard output)')
    .option('--margin', 'raw scores (margins) instead of transformed predictions')
    .option('--leaf', 'leaf index of every tree, tab-separated, one row a line')
    .option('--contrib', 'SHAP values (TreeSHAP, as XGBoost pred_contribs): one value per feature then the bias, tab-separated, one row a line')
    .option('--labels', 'the predicted class as its original label text (binary objectives of a model trained on text labels)')
    .option('--nthread <n>', 'threads for predictions and margins (0 = all cores)', '0');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: PredictFlags) => {
    setStatus(await runCommand(() => runPredict(flags)));
  });
  return cmd;
}

/** Data files from this size on (about 5,000 rows of 28 numbers) start the workers before they are read. */
const EARLY_WORKERS_BYTES = 1 << 20;

/** The size of a file in bytes, 0 when it cannot be read (the loader then says why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Lines, each ended by '\n'. */
function joinLines(lines: string[]): string {
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The --nthread value: 0 (all cores) or a positive integer up to 1024. */
function threadCount(text: string | undefined): number {
  const n = Number(text ?? '0');
  if (!/^\s*\d+\s*$/.test(text ?? '0') || n > 1024) throw new UserError(`--nthread must be an integer in 0..1024, got ${JSON.stringify(text)}`);
  return resolveThreads(n);
}

async function runPredict(flags: PredictFlags): Promise<void> {
  const info = messagePrinter(flags);
  const threads = threadCount(flags.nthread);
  if (flags.leaf && flags.contrib) throw new UserError('--leaf and --contrib cannot be combined');
  if (flags.out !== undefined) checkOutputFile('--out', flags.out);
  // Workers for data large enough to be predicted on several threads start while the model and
  // the data are read.
  if (!flags.leaf && !flags.contrib && fileSize(flags.data) >= EARLY_WORKERS_BYTES) startPredictWorkers(threads);
  const any = await readAnyModelFile(flags.model);
  if (any.format === 'lightgbm') {
    if (flags.labels) throw new UserError('--labels needs a model trained here on text labels; a LightGBM model has no label names');
    return predictLightGBM(flags, any.model, info);
  }
  const model = any.model;
  const labelNames = Array.isArray(model.extra.label_names) ? (model.extra.label_names as unknown[]).map(String) : null;
  if (flags.labels) {
    if (flags.margin || flags.leaf || flags.contrib) throw new UserError('--labels cannot be combined with --margin, --leaf or --contrib');
    if (!model.objective.name.startsWith('binary:') && model.objective.name !== 'reg:logistic') {
      throw new UserError(`--labels needs a binary objective; the model's is ${model.objective.name}`);
    }
    if (labelNames === null || labelNames.length !== 2) throw new UserError(`--labels: ${flags.model} was not trained on two text labels (it has no label names)`);
  }
  const names = labelNames ? Object.fromEntries(labelNames.map((n, i) => [n, i])) : undefined;
  const data = await loadWithTextLabels(flags.data, toLoadOptions(flags, { nFeatures: model.nFeatures, missing: modelMissing(model), categoryCoding: modelCategoryCoding(model), onInfo: info }), names, info);
  const predictor = Predictor.fromModel(model);
  let text: string | Uint8Array;
  if (flags.contrib) {
    const phi = shapValues(model, data);
    // K blocks of nFeatures + 1 a row for a K-class model (XGBoost's pred_contribs layout).
    const stride = model.nOutputGroups * (model.nFeatures + 1);
    const lines: string[] = [];
    for (let r = 0; r < data.nRows; r++) lines.push(Array.from(phi.subarray(r * stride, (r + 1) * stride), formatFloat32Plain).join('\t'));
    text = joinLines(lines);
  } else if (flags.leaf) {
    const leaves = predictor.predictLeaf(data);
    const nt = model.trees.length;
    const lines: string[] = [];
    for (let r = 0; r < data.nRows; r++) lines.push(Array.from(leaves.subarray(r * nt, (r + 1) * nt)).join('\t'));
    text = joinLines(lines);
  } else {
    const options = { nthread: threads };
    const out = flags.margin || flags.labels ? await predictor.predictMarginAsync(data, undefined, options) : await predictor.predictAsync(data, undefined, options);
    // --labels: the class a positive margin predicts (probability > 0.5, hinge 1), as its text.
    // A K-class model: K tab-separated probabilities (or margins) a row; multi:softmax's class index.
    text = flags.labels ? joinLines(Array.from(out, (m) => labelNames![m > 0 ? 1 : 0]!)) : float32Lines(out, out.length / data.nRows || 1);
  }
  if (flags.out) {
    await writeFileAtomic(flags.out, text);
    info(`wrote ${data.nRows} predictions to ${flags.out}`);
  } else {
    process.stdout.write(text);
  }
}

/**
 * predict with a LightGBM text model: double-precision raw scores and predictions, SHAP values and
 * leaf indices as LightGBM's CLI gives them (predict_raw_score, predict_contrib, predict_leaf_index),
 * every double written with 17 significant digits.
 */
async function predictLightGBM(flags: PredictFlags, model: LightGBMModel, info: (m: string) => void): Promise<void> {
  const data = await loadDataset(flags.data, toLoadOptions(flags, { nFeatures: model.nFeatures, onInfo: info }));
  const predictor = new LightGBMPredictor(model);
  let text: string;
  if (flags.contrib) {
    const phi = lightgbmShapValues(model, data, {}, flags.model);
    const stride = model.nFeatures + 1;
    const lines: string[] = [];
    for (let r = 0; r < data.nRows; r++) lines.push(Array.from(phi.subarray(r * stride, (r + 1) * stride), formatDouble17).join('\t'));
    text = joinLines(lines);
  } else if (flags.leaf) {
    const leaves = predictor.predictLeaf(data);
    const nt = predictor.nTrees;
    const lines: string[] = [];
    for (let r = 0; r < data.nRows; r++) lines.push(Array.from(leaves.subarray(r * nt, (r + 1) * nt)).join('\t'));
    text = joinLines(lines);
  } else {
    text = double17Lines(flags.margin ? predictor.predictMargin(data) : predictor.predict(data));
  }
  if (flags.out) {
    await writeFileAtomic(flags.out, text);
    info(`wrote ${data.nRows} predictions to ${flags.out}`);
  } else {
    process.stdout.write(text);
  }
}
