/**
 * The boosting loop. A training session (session.ts) is set up once; then each round computes
 * the gradients, grows a tree, updates the training margins from the tree's leaf windows (not by
 * re-predicting) and the validation margins with the new tree, evaluates, logs and checks early
 * stopping. Nothing here depends on the thread count or the kernels.
 */
import { allocationError, isAllocationFailure } from '../histogram/memory-estimate.js';
import { checkDataset } from '../data/check-dataset.js';
import type { Model } from '../model-io/model.js';
import type { ParamInput, Params } from '../params/schema.js';
import type { Dataset } from '../data/dataset.js';
import type { BinMapper } from '../binning/bin-mapper.js';
import { EarlyStopping } from './early-stopping.js';
import { formatEvalLine, type EvalResult } from './eval-log.js';
import { TrainingSession } from './session.js';
import { paramNotes } from '../params/resolve.js';
import { stopRequested, type StopToken } from './stop-token.js';
import type { PhaseTimer } from './phase-timer.js';

/** A named evaluation set. */
export interface EvalSet {
  name: string;
  data: Dataset;
}

export interface TrainOptions {
  /** Evaluation sets, evaluated every round in this order (`train` is added first when `evalTrain`). */
  evals?: EvalSet[];
  /** Also evaluate on the training data under the name `train` (default true when evals are given). */
  evalTrain?: boolean;
  /** Receives each eval log line (XGBoost's format). Defaults to nothing. */
  log?: (line: string) => void;
  /** Called after every round; return `false` to stop training. */
  onIteration?: (iteration: number, results: readonly EvalResult[]) => boolean | void;
  /**
   * A model to continue from (ours or XGBoost's): its trees come first, training margins start
   * from its predictions, its saved parameters are the defaults of this run and round numbers
   * (random streams, unbiased position biases) continue where it stopped, so 60 rounds then 40
   * more give the same model as 100 in one go.
   */
  initModel?: Model;
  /** Checkpoints: every `every` rounds, `write` receives the complete model so far (awaited). */
  checkpoint?: { every: number; write: (model: Model) => Promise<void> };
  /**
   * Read at the end of every round (after one turn of the event loop): once requested, training
   * ends after the round in progress (the CLI's SIGINT/SIGTERM). See stop-token.ts.
   */
  stop?: StopToken;
  /** Times the phases of training (`--verbosity 2`); see phase-timer.ts. */
  timer?: PhaseTimer;
  /**
   * Release the training data's feature values once they are binned (LightGBM's `free_raw_data`):
   * every `data.columns[f]` is replaced by an empty Float32Array, so the float values (4 bytes per
   * cell, 4x the u8 codes) can be collected during training. The dataset can then no longer be
   * predicted on or trained on again. Default false. The CLI sets it.
   */
  freeRawData?: boolean;
  /**
   * Cuts to bin the training data with instead of searching them on `data` (fitBinMapper's result
   * on a parent dataset): cv fits them once on all rows and every fold bins its rows with them, as
   * LightGBM's cv subsets one constructed Dataset whose subsets share its bin mappers. Its
   * nFeatures must be data.nFeatures. Unset (the default): the cuts come from `data`, as always.
   */
  binMapper?: BinMapper;
}

/** What training produced: the model and the evaluation history. */
export interface TrainResult {
  model: Model;
  /** history[i] = results of round i of this run. */
  history: EvalResult[][];
  bestIteration: number;
  /** True when `stop` ended training before num_round. */
  interrupted: boolean;
  /**
   * What the run says, one line each: what ran under no-op or foreign parameter names
   * (paramNotes, e.g. LightGBM's `huber`), then what the objective says (e.g. which positions
   * Unbiased LambdaMART tracked).
   */
  notes: string[];
}

/**
 * Trains a model. Throws UserError (ParamError, DataError) for bad parameters or data, and for a
 * run that cannot fit in memory (refused up front by estimate, or when an allocation fails).
 */
export async function trainModel(input: ParamInput | Params, data: Dataset, options: TrainOptions = {}): Promise<TrainResult> {
  checkDataset(data);
  for (const e of options.evals ?? []) checkDataset(e.data);
  try {
    const session = await TrainingSession.open(input, data, options);
    const result = await boost(session, options);
    return { ...result, notes: [...paramNotes(input as ParamInput), ...session.objectiveNotes()] };
  } catch (e) {
    if (isAllocationFailure(e)) throw allocationError(e);
    throw e;
  }
}

async function boost(s: TrainingSession, options: TrainOptions): Promise<Omit<TrainResult, 'notes'>> {
  const p = s.params;
  const history: EvalResult[][] = [];
  const stopper = new EarlyStopping(p.early_stopping_rounds, s.higherIsBetter);
  const log = options.log ?? (() => {});
  let interrupted = false;
  const timer = options.timer;
  for (let k = 0; k < p.num_round; k++) {
    const it = s.firstRound + k;
    timer?.mark();
    await s.roundGradients(it);
    timer?.lap('gradient');
    // One tree per output group (class), in XGBoost's order, and their margins.
    if (!(await s.roundTrees(timer))) {
      log(`[${it}] stopped: no leaf meets the split requirements (LightGBM's objectives stop here, as LightGBM does)`);
      break;
    }
    timer?.lap('margins');
    const results = s.roundResults();
    if (s.evaluates) {
      history.push(results);
      log(formatEvalLine(it, results));
      timer?.lap('eval');
    }
    let stop = options.onIteration?.(it, results) === false;
    if (results.length > 0 && p.early_stopping_rounds > 0 && stopper.update(it, results[results.length - 1]!.value)) stop = true;
    if (options.checkpoint && (k + 1) % options.checkpoint.every === 0 && k + 1 < p.num_round) {
      await options.checkpoint.write(s.model());
      timer?.lap('checkpoint');
    }
    timer?.endRound(it);
    if ((await stopRequested(options.stop)) && !stop) {
      interrupted = k + 1 < p.num_round;
      stop = true;
    }
    if (stop) break;
  }

  let bestIteration = s.trees.length / s.nGroups - 1;
  const attributes: Record<string, string> = {};
  if (p.early_stopping_rounds > 0 && stopper.bestIteration >= 0 && !interrupted) {
    bestIteration = stopper.bestIteration;
    attributes.best_iteration = String(bestIteration);
    attributes.best_score = String(stopper.bestScore);
  }
  return { model: s.model(attributes, bestIteration + 1), history, bestIteration, interrupted };
}
