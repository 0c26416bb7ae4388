/**
 * `lambdaboost cv`: k-fold cross-validation (XGBoost's `xgb.cv`) with every training parameter of
 * `train` (the options come from the one parameter table, param-options.ts). Prints xgb.cv's lines
 * (`[12]\ttrain-rmse:0.44120+0.00310\ttest-rmse:0.46300+0.01200`) on stdout; `--out` writes the
 * per-round table (CSV or JSON by extension), `--chart` the mean +- std curves (SVG and Vega-Lite,
 * the prefix rule of chart-output.ts); every file atomically (temp file, then rename).
 */
import { Command } from 'commander';
import { cv, cvCsv, cvJson } from '../src/booster/cv.js';
import { cvChartSpec } from '../src/explain/charts/cv-spec.js';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { UserError } from '../src/errors.js';
import { resolveThreads, startWorkers } from '../src/parallel/pool.js';
import { coerceParam, findParam, paramNotes, resolveParams } from '../src/params/resolve.js';
import { createMetric } from '../src/metric/registry.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { chartPrefix } from './chart-output.js';
import { addDataOptions, DATA_FLAGS, loadWithTextLabels, toLoadOptions, type DataFlags } from './data-options.js';
import { checkOutputFile } from './output-paths.js';
import { addParamOptions, addParamValuesFromOptions, addParamValuesFromWords } from './param-options.js';
import { missingOption, runCommand } from './run-command.js';
import { wholeNumber } from './whole-number.js';

interface CvFlags extends DataFlags {
  data?: string;
  nfold: string;
  stratified?: boolean;
  foldSeed?: string;
  out?: string;
  chart?: string;
  quiet?: boolean;
  [param: string]: unknown;
}

/** Flags of `cv` that are not parameters (never rewritten as aliases by main.ts). */
export const CV_FLAGS = new Set(['data', 'nfold', 'stratified', 'fold-seed', 'out', 'chart', 'quiet', 'help', ...DATA_FLAGS]);

/** What --chart writes (chart-output.ts). */
const CHART_FILES = ['.svg', '.vl.json'];

/** The `cv` command; `setStatus` receives the exit status (0, 2 for bad input). */
export function cvCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('cv')
    .description('k-fold cross-validation (xgb.cv): mean+std of each metric per round; every train parameter')
    .option('--data <file>', 'data to fold (CSV, TSV, LibSVM, Arrow IPC or Parquet)')
    .option('--nfold <k>', 'number of folds (ranking data: whole queries per fold)', '5')
    .option('--stratified', 'deal each label value evenly over the folds (not for ranking data)')
    .option('--fold-seed <n>', 'seed of the fold assignment (default: the seed parameter)')
    .option('--out <file>', 'the per-round table: a .csv or .json name')
    .option('--chart <file>', 'mean +- std chart: writes PREFIX.svg and PREFIX.vl.json')
    .option('--quiet', 'print nothing but errors')
    .argument('[params...]', 'parameters as key=value');
  addDataOptions(cmd);
  addParamOptions(cmd);
  cmd.action(async (words: string[], flags: CvFlags) => {
    setStatus(await runCommand(() => runCv(words, flags)));
  });
  return cmd;
}

async function runCv(words: string[], flags: CvFlags): Promise<void> {
  const params: Record<string, string> = {};
  const typedAs: Record<string, string> = {};
  addParamValuesFromWords(params, words, typedAs);
  addParamValuesFromOptions(params, flags, typedAs);
  if (!flags.data) throw missingOption('--data <file>');
  // Everything that can be checked without the data is checked before it is read.
  const nfold = wholeNumber('--nfold', flags.nfold, 2);
  const resolved = resolveParams(params);
  for (const m of resolved.eval_metric) createMetric(m, { ndcgExpGain: resolved.ndcg_exp_gain, huberSlope: resolved.huber_slope });
  const foldSeed = flags.foldSeed === undefined ? resolved.seed : wholeNumber('--fold-seed', flags.foldSeed, 0);
  let outFormat: 'csv' | 'json' | undefined;
  if (flags.out !== undefined) {
    const lower = flags.out.toLowerCase();
    outFormat = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.json') ? 'json' : undefined;
    if (!outFormat) throw new UserError(`--out ${flags.out}: give a .csv or .json name (the format follows the extension)`);
    checkOutputFile('--out', flags.out);
  }
  const chart = flags.chart !== undefined ? chartPrefix('--chart', flags.chart, CHART_FILES) : undefined;

  const verbosity = flags.quiet === true ? 0 : resolved.verbosity;
  const info = (msg: string): void => {
    if (verbosity > 0) process.stderr.write(`${msg}\n`);
  };
  for (const note of paramNotes(Object.fromEntries(Object.entries(params).map(([k, v]) => [typedAs[k] ?? k, v])))) info(`note: ${note}`);
  startWorkers(resolveThreads(Number(coerceParam(findParam('nthread')!, 'nthread', params.nthread ?? String(resolved.nthread)))));
  const t0 = performance.now();
  const data = await loadWithTextLabels(flags.data, toLoadOptions(flags, { onInfo: info, detectCategorical: true }), resolved.objective.startsWith('binary:') ? 'binary' : undefined, info);
  info(`loaded ${flags.data}: ${data.nRows} rows x ${data.nFeatures} features${data.queryOffsets ? `, ${data.queryOffsets.length - 1} queries` : ''}`);
  // Early stopping is on the fold mean of the last test metric (cv.ts), not per fold.
  const { early_stopping_rounds: es, ...foldParams } = params;
  const result = await cv(foldParams, data, {
    nfold,
    seed: foldSeed,
    stratified: flags.stratified === true,
    earlyStoppingRounds: es === undefined ? 0 : resolved.early_stopping_rounds,
    log: verbosity > 0 ? (line) => void process.stdout.write(`${line}\n`) : undefined,
  });
  info(`cross-validated ${nfold} folds x ${result.rounds.length} rounds in ${((performance.now() - t0) / 1000).toFixed(2)} s (best iteration ${result.bestIteration})`);
  if (flags.out !== undefined) {
    await writeFileAtomic(flags.out, outFormat === 'csv' ? cvCsv(result) : cvJson(result));
    info(`wrote ${flags.out}`);
  }
  if (chart !== undefined) {
    const spec = cvChartSpec(result, nfold);
    await writeFileAtomic(`${chart}.svg`, await renderSvg(spec));
    await writeFileAtomic(`${chart}.vl.json`, `${JSON.stringify(spec, null, 1)}\n`);
    info(`wrote ${chart}.svg`);
    info(`wrote ${chart}.vl.json`);
  }
}
