/**
 * `lambdaboost train`: loads training (and validation) data, trains, prints XGBoost's eval log,
 * writes the model atomically.
 */
import { positionBiasFromJSON } from '../src/objective/ranking-position-bias.js';
import { positionBiasTable } from './bias.js';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { trainModel } from '../src/booster/train.js';
import { loadDataset } from '../src/data/load.js';
import { resolveThreads, startWorkers } from '../src/parallel/pool.js';
import { UserError } from '../src/errors.js';
import { readModelFile, writeModelFile } from '../src/model-io/xgboost-json.js';
import { coerceParam, findParam, unknownParam } from '../src/params/resolve.js';
import { readConfigFile } from './config-file.js';
import { addDataOptions, collect, toLoadOptions, type DataFlags } from './data-options.js';
import { addParamOptions, paramValuesFromOptions, paramValuesFromWords } from './param-options.js';
import { ExitRequest, runCommand } from './run-command.js';

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
    .option('--model-out <file>', 'where to write the model (XGBoost JSON)', 'model.json')
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
  let dataPath = flags.data;
  let validPaths = flags.valid;
  let modelOut = flags.modelOut ?? 'model.json';
  if (flags.config) {
    const fromFile: Record<string, string> = {};
    const fileValid: string[] = [];
    for (const [key, value] of readConfigFile(flags.config)) {
      const fk = FILE_KEYS[key];
      if (fk === 'data') dataPath ??= value;
      else if (fk === 'valid') fileValid.push(value);
      else if (fk === 'modelOut') {
        if (cmd.getOptionValueSource('modelOut') !== 'cli') modelOut = value;
      } else if (key === 'task') {
        if (value !== 'train') throw new UserError(`${flags.config}: task = ${value} is not supported by train`);
      } else {
        const p = findParam(key);
        if (!p) throw new UserError(`${flags.config}: ${unknownParam(key).message}`);
        fromFile[p.name] = value;
      }
    }
    if (validPaths.length === 0) validPaths = fileValid;
    Object.assign(params, fromFile);
  }
  // Command line wins: key=value words, then --flags.
  for (const [k, v] of Object.entries(paramValuesFromWords(words))) {
    const p = findParam(k);
    if (!p) throw unknownParam(k);
    params[p.name] = v;
  }
  Object.assign(params, paramValuesFromOptions(flags));
  if (!dataPath) throw new UserError('train needs --data FILE');

  const quiet = flags.quiet === true || params.verbosity === '0';
  const info = (msg: string): void => {
    if (!quiet) process.stderr.write(`${msg}\n`);
  };
  const t0 = performance.now();
  // Worker threads start while the data is read (the value is checked by the parameter table, so a
  // bad one is reported here, before the data is read, with the message trainModel would give).
  startWorkers(resolveThreads(Number(coerceParam(findParam('nthread')!, 'nthread', params.nthread ?? 0))));
  const initModel = flags.initModel ? await readModelFile(flags.initModel) : undefined;
  const loadOptions = toLoadOptions(flags, { onInfo: info, ...(initModel ? { nFeatures: initModel.nFeatures } : {}) });
  const data = await loadDataset(dataPath, loadOptions);
  const evals = [];
  for (let i = 0; i < validPaths.length; i++) {
    const v = await loadDataset(validPaths[i]!, { ...loadOptions, nFeatures: data.nFeatures });
    evals.push({ name: validPaths.length === 1 ? 'valid' : `valid${i}`, data: v });
  }
  const tLoad = performance.now();
  info(`loaded ${dataPath}: ${data.nRows} rows x ${data.nFeatures} features${data.queryOffsets ? `, ${data.queryOffsets.length - 1} queries` : ''} (${((tLoad - t0) / 1000).toFixed(2)} s)`);

  const rounds = Number(params.num_round ?? 10);
  const checkpointEvery = flags.checkpointEvery === undefined ? 0 : Number(flags.checkpointEvery);
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 0) {
    throw new UserError(`--checkpoint-every must be a whole number of rounds, not ${JSON.stringify(flags.checkpointEvery)}`);
  }
  const checkpointDir = flags.checkpointDir ?? dirname(modelOut);
  const checkpointPath = (nTrees: number): string => join(checkpointDir, `model-${nTrees}.json`);
  if (flags.checkpointDir) mkdirSync(flags.checkpointDir, { recursive: true });
  // SIGINT / SIGTERM: finish the current round, write a final checkpoint, exit 130 / 143.
  let signal: NodeJS.Signals | null = null;
  const onSignal = (s: NodeJS.Signals): void => {
    if (signal !== null) process.exit(s === 'SIGINT' ? 130 : 143); // a second signal: stop now
    signal = s;
    process.stderr.write(`\n${s}: finishing the current round, then writing a checkpoint (send again to abort)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const showBar = !quiet && process.stderr.isTTY === true && rounds >= 20;
  const multibar = showBar
    ? new cliProgress.MultiBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: 'training [{bar}] {value}/{total} rounds | {eta_formatted} left' }, cliProgress.Presets.shades_classic)
    : null;
  const bar = multibar?.create(rounds, 0) ?? null;
  try {
    const result = await trainModel(params, data, {
      evals,
      freeRawData: true,
      initModel,
      shouldStop: () => signal !== null,
      checkpoint: checkpointEvery > 0 ? {
        every: checkpointEvery,
        write: async (model) => {
          await writeModelFile(checkpointPath(model.trees.length), model);
          info(`checkpoint: ${checkpointPath(model.trees.length)}`);
        },
      } : undefined,
      log: quiet ? undefined : (line) => (multibar ? multibar.log(`${line}\n`) : process.stdout.write(`${line}\n`)),
      onIteration: (it) => {
        bar?.update(it + 1);
      },
    });
    multibar?.stop();
    const tTrain = performance.now();
    if (result.interrupted) {
      const path = checkpointEvery > 0 || flags.checkpointDir ? checkpointPath(result.model.trees.length) : modelOut;
      await writeModelFile(path, result.model);
      process.stderr.write(`interrupted by ${signal}: model of ${result.model.trees.length} rounds written to ${path} (continue with --init-model ${path})\n`);
      throw new ExitRequest(signal === 'SIGINT' ? 130 : 143);
    }
    await writeModelFile(modelOut, result.model);
    info(`trained ${result.model.trees.length} trees in ${((tTrain - tLoad) / 1000).toFixed(2)} s${result.model.attributes.best_iteration !== undefined ? ` (best iteration ${result.model.attributes.best_iteration})` : ''}`);
    info(`model written to ${modelOut}`);
    const bias = positionBiasFromJSON(result.model.extra.position_bias, modelOut);
    if (!quiet) for (const note of result.notes) info(note);
    if (bias && !quiet) process.stdout.write(formatPositionBiases(bias));
  } finally {
    multibar?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The learned position biases as a small table (position, t+, t-), for the end of training. */
function formatPositionBiases(b: NonNullable<ReturnType<typeof positionBiasFromJSON>>): string {
  return `learned position biases (Unbiased LambdaMART; 1 = as examined as position ${b.base}):\n${positionBiasTable(b)}`;
}
