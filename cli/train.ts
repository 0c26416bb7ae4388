/**
 * `lambdaboost train`: loads training (and validation) data, trains, prints XGBoost's eval log,
 * writes the model atomically.
 */
import { positionBiasFromJSON } from '../src/objective/ranking-position-bias.js';
import { positionBiasTable } from './bias.js';
import { Command } from 'commander';
import { fstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { trainModel } from '../src/booster/train.js';
import { resolveThreads, startWorkers } from '../src/parallel/pool.js';
import { UserError } from '../src/errors.js';
import { readModelFile, writeModelFile } from '../src/model-io/model-file.js';
import { modelCategoryCoding } from '../src/data/category-coder.js';
import { appendListValue, coerceParam, findParam, paramNotes, resolveParams, unknownParam } from '../src/params/resolve.js';
import { paramSpec } from '../src/params/schema.js';
import { createMetric } from '../src/metric/registry.js';
import { StopToken } from '../src/booster/stop-token.js';
import { formatRoundTimes, formatTimingSummary, PhaseTimer } from '../src/booster/phase-timer.js';
import { readConfigFile } from './config-file.js';
import { addDataOptions, collect, loadWithTextLabels, toLoadOptions, type DataFlags } from './data-options.js';
import { addParamOptions, addParamValuesFromOptions, addParamValuesFromWords } from './param-options.js';
import { checkOutputFile } from './output-paths.js';
import { ProgressLine } from './progress-line.js';
import { ExitRequest, missingOption, runCommand } from './run-command.js';

interface TrainFlags extends DataFlags {
  data?: string;
  valid: string[];
  config?: string;
  modelOut?: string;
  quiet?: boolean;
  initModel?: string;
  checkpointEvery?: string;
  checkpointDir?: string;
  [param: string]: unknown;
}

/** File keys a config file may set besides parameters. */
const FILE_KEYS: Record<string, 'data' | 'valid' | 'modelOut'> = {
  data: 'data', train: 'data', train_data: 'data',
  valid: 'valid', valid_data: 'valid', test: 'valid',
  model_out: 'modelOut', output_model: 'modelOut',
};

export function trainCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('train')
    .description('train a model (parameters: --name value, name=value or --config FILE; see the README table)')
    .option('--data <file>', 'training data (CSV, TSV, LibSVM or Arrow IPC)')
    .option('--valid <file>', 'validation data, evaluated every round (repeatable)', collect, [] as string[])
    .option('--config <file>', 'key = value parameter file (the command line wins)')
    .option('--model-out <file>', 'where to write the model (XGBoost JSON; UBJSON for a .ubj name)', 'model.json')
    .option('--quiet', 'print nothing but errors')
    .option('--init-model <file>', 'continue training from this model (ours or XGBoost\'s JSON); its parameters are the defaults')
    .option('--checkpoint-every <n>', 'write a complete model every n rounds (to --checkpoint-dir)')
    .option('--checkpoint-dir <dir>', 'where checkpoints go: <dir>/model-<rounds>.json (default: next to --model-out)')
    .argument('[params...]', 'parameters as key=value');
  addDataOptions(cmd);
  addParamOptions(cmd);
  cmd.action(async (words: string[], flags: TrainFlags) => {
    setStatus(await runCommand(() => runTrain(words, flags, cmd)));
  });
  return cmd;
}

async function runTrain(words: string[], flags: TrainFlags, cmd: Command): Promise<void> {
  const params: Record<string, string> = {};
  /** The name each parameter was given under (LightGBM's bagging_fraction, ...), for the run's notes. */
  const typedAs: Record<string, string> = {};
  let dataPath = flags.data;
  let validPaths = flags.valid;
  let modelOut = flags.modelOut ?? 'model.json';
  if (flags.config) {
    const fromFile: Record<string, string> = {};
    const fileValid: string[] = [];
    const fileCategorical: string[] = [];
    for (const [key, value] of readConfigFile(flags.config)) {
      const fk = FILE_KEYS[key];
      if (fk === 'data') dataPath ??= value;
      else if (fk === 'valid') fileValid.push(value);
      else if (fk === 'modelOut') {
        if (cmd.getOptionValueSource('modelOut') !== 'cli') modelOut = value;
      } else if (key === 'categorical' || key === 'categorical_feature') {
        // A data option (the columns), not a training parameter; the command line's come first.
        fileCategorical.push(...value.split(',').map((c) => c.trim()).filter((c) => c !== ''));
      } else if (key === 'task') {
        if (value !== 'train') throw new UserError(`${flags.config}: task = ${value} is not supported by train`);
      } else {
        const p = findParam(key);
        if (!p) throw new UserError(`${flags.config}: ${unknownParam(key).message}`);
        appendListValue(fromFile, p, value); // two eval_metric lines: both (schema.ts ParamType)
        typedAs[p.name] = key;
      }
    }
    if (validPaths.length === 0) validPaths = fileValid;
    flags.categorical = [...(flags.categorical ?? []), ...fileCategorical];
    Object.assign(params, fromFile);
  }
  // Command line wins: key=value words, then --flags; list parameters (eval_metric) append to
  // the config file's values instead, as XGBoost's CLI does.
  addParamValuesFromWords(params, words, typedAs);
  addParamValuesFromOptions(params, flags, typedAs);
  if (!dataPath) throw missingOption('--data <file>', 'or data = FILE in --config');

  // Everything that can be checked without the data is checked before it is read: parameter
  // values, the checkpoint settings and the output paths.
  checkParams(params, flags.initModel !== undefined);
  const checkpointEvery = flags.checkpointEvery === undefined ? 0 : Number(flags.checkpointEvery);
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 0) {
    throw new UserError(`--checkpoint-every must be a whole number of rounds, not ${JSON.stringify(flags.checkpointEvery)}`);
  }
  checkOutputFile('--model-out', modelOut);
  const checkpointDir = flags.checkpointDir ?? dirname(modelOut);
  const checkpointPath = (nTrees: number): string => join(checkpointDir, `model-${nTrees}.json`);
  if (flags.checkpointDir) {
    try {
      mkdirSync(flags.checkpointDir, { recursive: true });
    } catch (e) {
      throw new UserError(`--checkpoint-dir ${flags.checkpointDir}: cannot create it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    checkOutputFile('--checkpoint-dir', checkpointPath(0));
  }

  const verbosity = flags.quiet === true ? 0 : Number(coerceParam(findParam('verbosity')!, 'verbosity', params.verbosity ?? findParam('verbosity')!.default));
  const quiet = verbosity === 0;
  let progress: ProgressLine | null = null;
  const info = (msg: string): void => {
    if (quiet) return;
    if (progress) progress.printLine(process.stderr, msg);
    else process.stderr.write(`${msg}\n`);
  };
  // What runs under a no-op or foreign name (tree_method=hist, LightGBM's huber, ...), said before training.
  const paramNoteLines = paramNotes(Object.fromEntries(Object.entries(params).map(([k, v]) => [typedAs[k] ?? k, v])));
  for (const note of paramNoteLines) info(`note: ${note}`);
  const t0 = performance.now();
  // Worker threads start while the data is read (the value is checked by the parameter table, so a
  // bad one is reported here, before the data is read, with the message trainModel would give).
  const threads = resolveThreads(Number(coerceParam(findParam('nthread')!, 'nthread', params.nthread ?? paramSpec('nthread').default)));
  startWorkers(threads);
  const initModel = flags.initModel ? await readModelFile(flags.initModel) : undefined;
  // Text in a feature column makes it categorical (detectCategorical), as XGBoost and LightGBM users
  // expect of a text column; the load line names each such column and the cell that made it so,
  // and says so when most of its categories are numbers (a stray "x" in a numeric column).
  // Continued training reads the data for the initial model (nFeatures): no detection there; a
  // categorical model's data is coded by the model's category table (its codes are the model's).
  const initCoding = initModel ? modelCategoryCoding(initModel) : undefined;
  const loadOptions = toLoadOptions(flags, {
    onInfo: info, threads, ...(initModel ? { nFeatures: initModel.nFeatures } : { detectCategorical: true }), ...(initCoding ? { categoryCoding: initCoding } : {}),
  });
  // Text labels: binary objectives map two label texts by themselves (label-map.ts).
  const objective = params.objective !== undefined
    ? String(coerceParam(findParam('objective')!, 'objective', params.objective))
    : initModel?.objective.name ?? 'reg:squarederror';
  const loaded = await loadWithTextLabels(dataPath, loadOptions, objective.startsWith('binary:') ? 'binary' : undefined, info);
  const data = initCoding ? { ...loaded, categories: initCoding.lists } : loaded;
  const namesMap = data.labelNames ? Object.fromEntries(data.labelNames.map((n, i) => [n, i])) : undefined;
  const evals = [];
  for (let i = 0; i < validPaths.length; i++) {
    // Validation data is coded by the training data's categories (unseen ones read as missing and reported).
    const coding = data.categories !== undefined ? { categoryCoding: { featureNames: data.hasFeatureNames ? data.featureNames : [], lists: data.categories } } : {};
    const v = await loadWithTextLabels(validPaths[i]!, { ...loadOptions, nFeatures: data.nFeatures, ...coding }, namesMap, info);
    evals.push({ name: validPaths.length === 1 ? 'valid' : `valid${i}`, data: v });
  }
  const tLoad = performance.now();
  info(`loaded ${dataPath}: ${data.nRows} rows x ${data.nFeatures} features${data.queryOffsets ? `, ${data.queryOffsets.length - 1} queries` : ''} (${((tLoad - t0) / 1000).toFixed(2)} s)`);

  const rounds = Number(coerceParam(findParam('num_round')!, 'num_round', params.num_round ?? paramSpec('num_round').default));
  // SIGINT / SIGTERM: finish the round in progress, write the model, exit 130 / 143. The stop
  // token is read at the end of every round (stop-token.ts), so the round in progress is the last.
  let signal: NodeJS.Signals | null = null;
  const stop = new StopToken();
  const onSignal = (s: NodeJS.Signals): void => {
    if (signal !== null) process.exit(s === 'SIGINT' ? 130 : 143); // a second signal: stop now
    signal = s;
    stop.request();
    const msg = `${s}: finishing the current round, then writing the model (send again to abort)`;
    if (progress) progress.printLine(process.stderr, msg);
    else process.stderr.write(`\n${msg}\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The eval log is data: standard output, every line, in order. The bar is on standard error,
  // only on a terminal, and erased around every line printed (progress-line.ts). Not when standard
  // output is a pipe: `| tee` prints the lines on the same terminal at times the bar cannot know.
  if (!quiet && process.stderr.isTTY === true && !isPipe(1) && rounds >= 20) progress = new ProgressLine(process.stderr, rounds, 'rounds');
  const initTrees = initModel?.trees.length ?? 0;
  // --verbosity 2+: the time of every phase of every round on stderr, a summary at the end.
  const timer = verbosity >= 2 ? new PhaseTimer((it, times) => info(formatRoundTimes(it, times))) : undefined;
  try {
    const result = await trainModel(params, data, {
      evals,
      freeRawData: true,
      initModel,
      stop,
      timer,
      checkpoint: checkpointEvery > 0 ? {
        every: checkpointEvery,
        write: async (model) => {
          await writeModelFile(checkpointPath(model.trees.length), model);
          info(`checkpoint: ${checkpointPath(model.trees.length)}`);
        },
      } : undefined,
      log: quiet ? undefined : (line) => (progress ? progress.printLine(process.stdout, line) : process.stdout.write(`${line}\n`)),
      onIteration: (it) => {
        progress?.update(it + 1 - initTrees);
      },
    });
    progress?.stop();
    progress = null;
    const tTrain = performance.now();
    const done = result.model.trees.length - initTrees;
    if (result.interrupted) {
      const path = checkpointEvery > 0 || flags.checkpointDir ? checkpointPath(result.model.trees.length) : modelOut;
      await writeModelFile(path, result.model);
      process.stderr.write(`interrupted by ${signal}: model of ${result.model.trees.length} rounds written to ${path} `
        + `(continue with --init-model ${path} --rounds ${rounds - done}: with --init-model, --rounds counts the rounds added)\n`);
      throw new ExitRequest(signal === 'SIGINT' ? 130 : 143);
    }
    await writeModelFile(modelOut, result.model);
    info(`trained ${result.model.trees.length} trees in ${((tTrain - tLoad) / 1000).toFixed(2)} s${result.model.attributes.best_iteration !== undefined ? ` (best iteration ${result.model.attributes.best_iteration})` : ''}`);
    info(`model written to ${modelOut}`);
    if (timer) info(formatTimingSummary(timer, [['load', tLoad - t0]]));
    // What the run says (which positions Unbiased LambdaMART tracked, ...); the parameter notes were printed before.
    if (!quiet) for (const note of result.notes) if (!paramNoteLines.includes(note)) info(note);
    const bias = positionBiasFromJSON(result.model.extra.position_bias, modelOut);
    if (bias && !quiet) process.stdout.write(formatPositionBiases(bias));
    if (signal !== null) {
      // The signal came in the last round: the model is complete.
      process.stderr.write(`interrupted by ${signal} in the last round: the model is complete (${result.model.trees.length} rounds)\n`);
      throw new ExitRequest(signal === 'SIGINT' ? 130 : 143);
    }
  } finally {
    progress?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** True when file descriptor `fd` is a pipe or a socket. */
function isPipe(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * Checks every parameter value against the table (type, range, options) before the data is read.
 * Without an initial model the whole set is resolved (rules between parameters too); with one,
 * each value alone (the model's saved parameters become the defaults once training starts).
 */
function checkParams(params: Record<string, string>, hasInitModel: boolean): void {
  if (hasInitModel) {
    for (const [k, v] of Object.entries(params)) coerceParam(findParam(k)!, k, v);
    return;
  }
  const resolved = resolveParams(params);
  for (const m of resolved.eval_metric) createMetric(m, { ndcgExpGain: resolved.ndcg_exp_gain, huberSlope: resolved.huber_slope });
}

/** The learned position biases as a small table (position, t+, t-), for the end of training. */
function formatPositionBiases(b: NonNullable<ReturnType<typeof positionBiasFromJSON>>): string {
  return `learned position biases (Unbiased LambdaMART; 1 = as examined as position ${b.base}):\n${positionBiasTable(b)}`;
}
