/**
 * `lambdaboost eval`: metric values of a model on a labelled data file
 * (`--metric ndcg@10 --metric map@5`, default: the objective's metric).
 */
import { Command } from 'commander';
import { modelMissing } from '../src/data/missing-value.js';
import { loadDataset } from '../src/data/load.js';
import { metricDataOf } from '../src/metric/metric.js';
import { createMetric } from '../src/metric/registry.js';
import { readModelFile } from '../src/model-io/xgboost-json.js';
import { Predictor } from '../src/predict/predictor.js';
import { createObjective, objectiveParamsFromJSON } from '../src/objective/registry.js';
import { resolveParams } from '../src/params/resolve.js';
import { addDataOptions, collectList, toLoadOptions, type DataFlags } from './data-options.js';
import { runCommand } from './run-command.js';

interface EvalFlags extends DataFlags {
  model: string;
  data: string;
  metric: string[];
  json?: boolean;
  expGain?: boolean;
}

export function evalCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('eval')
    .description('evaluate a model on labelled data')
    .requiredOption('--model <file>', 'model file (XGBoost JSON)')
    .requiredOption('--data <file>', 'labelled data (same data flags as train)')
    .option('--metric <name>', 'metric (repeatable or comma list): rmse, mae, logloss, auc, error, ndcg@k, map@k, pre@k, ...', collectList, [] as string[])
    .option('--no-exp-gain', 'NDCG with linear gain (ndcg_exp_gain=false)')
    .option('--json', 'print one JSON object');
  addDataOptions(cmd);
  cmd.action(async (flags: EvalFlags) => {
    setStatus(await runCommand(() => runEval(flags)));
  });
  return cmd;
}

async function runEval(flags: EvalFlags): Promise<void> {
  const model = await readModelFile(flags.model);
  const data = await loadDataset(flags.data, toLoadOptions(flags, { nFeatures: model.nFeatures, missing: modelMissing(model) }));
  const md = metricDataOf(data);
  // The objective's own parameters (tweedie power, quantile alpha, huber slope) from the model.
  const objParams = { objective: model.objective.name, ...objectiveParamsFromJSON(model.objective.json) };
  const names = flags.metric.length > 0 ? flags.metric : [defaultMetric(objParams, data.queryOffsets !== null)];
  const preds = Predictor.fromModel(model).predict(data);
  const results: Record<string, number> = {};
  const mo = metricOptions(objParams);
  for (const name of names) results[name] = createMetric(name, { ...mo, ndcgExpGain: flags.expGain !== false }).evaluate(preds, md);
  if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else for (const [k, v] of Object.entries(results)) process.stdout.write(`${k}\t${v.toFixed(6)}\n`);
}

function defaultMetric(objParams: Record<string, string>, grouped: boolean): string {
  try {
    return createObjective(resolveParams(objParams)).defaultMetric;
  } catch {
    return grouped ? 'ndcg@10' : 'rmse';
  }
}

function metricOptions(objParams: Record<string, string>): { huberSlope?: number; quantileAlpha?: number } {
  try {
    const p = resolveParams(objParams);
    return { huberSlope: p.huber_slope, quantileAlpha: p.quantile_alpha };
  } catch {
    return {};
  }
}
