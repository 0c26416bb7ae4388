/**
 * `lambdaboost eval`: metric values of a model on a labelled data file
 * (`--metric ndcg@10 --metric map@5`; default: the model's saved eval_metric, else the
 * objective's metric). A metric that is undefined on the data (auc with one class) is an error;
 * labels outside a metric's domain are refused by the metric (metric.ts).
 */
import { Command } from 'commander';
import { modelMissing } from '../src/data/missing-value.js';
import { loadDataset } from '../src/data/load.js';
import { modelCategoryCoding } from '../src/data/category-coder.js';
import { DataError } from '../src/errors.js';
import type { Model } from '../src/model-io/model.js';
import { metricDataOf } from '../src/metric/metric.js';
import { checkMetricOutputs, createMetric } from '../src/metric/registry.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { isMulticlass } from '../src/model-io/objectives.js';
import { Predictor } from '../src/predict/predictor.js';
import { softmaxRows } from '../src/predict/transform.js';
import { createObjective, objectiveParamsFromJSON } from '../src/objective/registry.js';
import { resolveParams } from '../src/params/resolve.js';
import { addDataOptions, collectList, toLoadOptions, type DataFlags } from './data-options.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface EvalFlags extends DataFlags, VerbosityFlags {
  model: string;
  data: string;
  metric: string[];
  json?: boolean;
  expGain?: boolean;
}

export function evalCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('eval')
    .description('evaluate a model on labelled data')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON)')
    .requiredOption('--data <file>', 'labelled data (same data flags as train)')
    .option('--metric <name>', 'metric (repeatable or comma list): rmse, mae, logloss, auc, error, ndcg@k, map@k, pre@k, ...', collectList, [] as string[])
    .option('--no-exp-gain', 'NDCG with linear gain (ndcg_exp_gain=false)')
    .option('--json', 'print one JSON object');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: EvalFlags) => {
    setStatus(await runCommand(() => runEval(flags)));
  });
  return cmd;
}

async function runEval(flags: EvalFlags): Promise<void> {
  const info = messagePrinter(flags);
  const model = await readModelFile(flags.model);
  const data = await loadDataset(flags.data, toLoadOptions(flags, { nFeatures: model.nFeatures, missing: modelMissing(model), categoryCoding: modelCategoryCoding(model), onInfo: info }));
  const md = metricDataOf(data);
  // The objective's own parameters (tweedie power, quantile alpha, huber slope) from the model.
  const objParams = { objective: model.objective.name, ...objectiveParamsFromJSON(model.objective.json) };
  // Without --metric: the metrics the model was trained with (its saved eval_metric), else the objective's.
  const saved = savedEvalMetrics(model);
  const names = flags.metric.length > 0 ? flags.metric : saved.length > 0 ? saved : [defaultMetric(objParams, data.queryOffsets !== null)];
  const mo = metricOptions(objParams);
  const metrics = names.map((name) => createMetric(name, { ...mo, ndcgExpGain: flags.expGain !== false, nGroups: model.nOutputGroups }));
  const ranking = metrics.filter((m) => RANKING_METRIC.test(m.name)).map((m) => m.name);
  if (ranking.length > 0 && data.queryOffsets === null) {
    process.stderr.write(
      `note: ${flags.data} has no query groups (no --qid column, qid: tokens or .query file): ` +
        `${ranking.join(', ')} ${ranking.length === 1 ? 'scores' : 'score'} all ${data.nRows} rows as one query, as XGBoost does\n`,
    );
  }
  checkMetricOutputs(metrics.map((m) => m.name), model.objective.name, model.nOutputGroups);
  // Metrics see XGBoost's EvalTransform: a K-class model's probabilities (multi:softmax's too, not its class index).
  const predictor = Predictor.fromModel(model);
  const preds = model.nOutputGroups > 1 && isMulticlass(model.objective.name) ? softmaxed(predictor.predictMargin(data), model.nOutputGroups) : predictor.predict(data);
  const results: Record<string, number> = {};
  for (const metric of metrics) {
    const v = metric.evaluate(preds, md);
    if (Number.isNaN(v)) throw new DataError({ file: flags.data }, `${metric.name} is undefined (NaN) on this data${nanReason(metric.name, md.label)}`);
    results[metric.name] = v;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else for (const [k, v] of Object.entries(results)) process.stdout.write(`${k}\t${v.toFixed(6)}\n`);
}

function softmaxed(margins: Float32Array, K: number): Float32Array {
  softmaxRows(margins, K);
  return margins;
}

function defaultMetric(objParams: Record<string, string>, grouped: boolean): string {
  try {
    return createObjective(resolveParams(objParams)).defaultMetric;
  } catch {
    return grouped ? 'ndcg@10' : 'rmse';
  }
}

/** The ranking metrics' names (ndcg, map, pre and their @k / - forms). */
const RANKING_METRIC = /^(ndcg|map|pre)(@|-|$)/;

/** The metrics a model was trained with: its saved `eval_metric` (lambdaboost.params), or none. */
function savedEvalMetrics(model: Model): string[] {
  const params = model.extra['params'];
  if (params === null || typeof params !== 'object') return [];
  const v = (params as Record<string, unknown>)['eval_metric'];
  return Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string' && m.trim() !== '') : [];
}

/** Why a metric came out NaN, for the message. */
function nanReason(metric: string, label: Float32Array): string {
  if (metric !== 'auc') return '';
  let pos = 0;
  for (let i = 0; i < label.length; i++) if (label[i]! > 0) pos++;
  if (pos === 0) return ': every label is 0, and auc needs both classes';
  if (pos === label.length && label.every((y) => y === 1)) return ': every label is 1, and auc needs both classes';
  return ': it needs both classes';
}

function metricOptions(objParams: Record<string, string>): { huberSlope?: number; quantileAlpha?: number[] } {
  try {
    const p = resolveParams(objParams);
    return { huberSlope: p.huber_slope, quantileAlpha: p.quantile_alpha };
  } catch {
    return {};
  }
}
