/**
 * Cross-validation (XGBoost's `xgb.cv`): the rows (or, for ranking data, the queries) are dealt
 * into `nfold` seeded folds; stratified by label for binary/classification labels when asked;
 * each fold trains with trainModel on the other folds and evaluates train and test every round.
 * The per-round table is the mean and population std over folds of each metric. Early stopping
 * looks at the mean test value of the last metric, as xgb.cv does.
 *
 * Binned once: the cuts are searched once, on every row (with the training run's sketch weights
 * and `missing`), and each fold trains with them (TrainOptions.binMapper): the same cuts for every
 * fold, as LightGBM's cv constructs the full Dataset once and takes fold subsets sharing its bin
 * mappers (engine.py cv -> Dataset.subset). What is still done per fold: copying the fold's rows
 * (takeRows) and coding them with the shared cuts (a lookup per cell, no cut search); LightGBM's
 * subsets also copy their rows' bin data (CopySubrow). Training a fold by hand therefore means
 * trainModel on the fold's rows with `binMapper: cvBinMapper(params, data)`.
 */
import { createMetric } from '../metric/registry.js';
import type { Dataset } from '../data/dataset.js';
import { takeRows } from '../data/subset.js';
import { ParamError } from '../errors.js';
import type { ParamInput, Params } from '../params/schema.js';
import { mulberry32 } from '../util/rng.js';
import { formatEvalLine, type EvalResult } from './eval-log.js';
import { trainModel } from './train.js';
import type { BinMapper } from '../binning/bin-mapper.js';
import { markMissing } from '../data/missing-value.js';
import { createObjective } from '../objective/registry.js';
import { resolveParams } from '../params/resolve.js';
import { searchCutsSerial } from './session.js';

export interface CvOptions {
  nfold: number;
  /** Seed of the fold assignment (default 0). */
  seed?: number;
  /** Stratify rows by label (classification); ignored for ranking data. */
  stratified?: boolean;
  /** Stop when the mean test value of the last metric has not improved for this many rounds (0: off). */
  earlyStoppingRounds?: number;
  /** Receives each round's xgb.cv line. */
  log?: (line: string) => void;
}

export interface CvRound {
  iteration: number;
  /** One entry per (set, metric), train first then test, metrics in the order they were evaluated. */
  values: { data: 'train' | 'test'; metric: string; mean: number; std: number }[];
}

export interface CvResult {
  rounds: CvRound[];
  /** Best round by mean test (last metric); the last round when early stopping is off. */
  bestIteration: number;
  /** folds[k] = the row indices held out in fold k, ascending. */
  folds: number[][];
}

/** Whether a metric improves upward: the metric's own direction (metric/registry.ts), as training's early stopping uses it. */
export function metricHigherIsBetter(metric: string): boolean {
  return createMetric(metric, { ndcgExpGain: true }).higherIsBetter;
}

/** Deals rows (or whole queries for ranking data) into seeded folds; returns held-out rows per fold. */
export function makeFolds(data: Dataset, nfold: number, seed = 0, stratified = false): number[][] {
  if (!Number.isInteger(nfold) || nfold < 2) throw new ParamError(`nfold must be an integer >= 2, got ${nfold}`);
  const rand = mulberry32(seed >>> 0);
  const shuffle = (a: number[]): number[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  };
  const folds: number[][] = Array.from({ length: nfold }, () => []);
  const q = data.queryOffsets;
  // Stratification is refused where it cannot be done, rather than silently left out.
  if (stratified && q) throw new ParamError('stratified folds would split queries: ranking folds are whole queries (drop stratified)');
  if (stratified && !data.label) throw new ParamError(`stratified folds need a label column (${data.source} has none)`);
  if (q) {
    const nq = q.length - 1;
    if (nfold > nq) throw new ParamError(`nfold ${nfold} is more than the ${nq} queries in ${data.source}`);
    const order = shuffle(Array.from({ length: nq }, (_, i) => i));
    order.forEach((qi, k) => {
      const f = folds[k % nfold]!;
      for (let r = q[qi]!; r < q[qi + 1]!; r++) f.push(r);
    });
  } else {
    if (nfold > data.nRows) throw new ParamError(`nfold ${nfold} is more than the ${data.nRows} rows in ${data.source}`);
    if (stratified && data.label) {
      const byLabel = new Map<number, number[]>();
      for (let r = 0; r < data.nRows; r++) {
        const l = data.label[r]!;
        let g = byLabel.get(l);
        if (!g) byLabel.set(l, (g = []));
        g.push(r);
      }
      let k = 0;
      for (const key of [...byLabel.keys()].sort((a, b) => a - b)) {
        for (const r of shuffle(byLabel.get(key)!)) folds[k++ % nfold]!.push(r);
      }
    } else {
      shuffle(Array.from({ length: data.nRows }, (_, i) => i)).forEach((r, k) => folds[k % nfold]!.push(r));
    }
  }
  for (const f of folds) f.sort((a, b) => a - b);
  return folds;
}

/** Cross-validates `params` on `data`; see the file comment. */
export async function cv(params: ParamInput | Params, data: Dataset, options: CvOptions): Promise<CvResult> {
  const folds = makeFolds(data, options.nfold, options.seed ?? 0, options.stratified ?? false);
  const binMapper = cvBinMapper(params, data);
  const histories: EvalResult[][][] = [];
  for (let k = 0; k < folds.length; k++) {
    const held = new Uint8Array(data.nRows);
    for (const r of folds[k]!) held[r] = 1;
    const trainRows: number[] = [];
    for (let r = 0; r < data.nRows; r++) if (!held[r]) trainRows.push(r);
    const trainSet = takeRows(data, trainRows, `${data.source} (cv fold ${k} train)`);
    const testSet = takeRows(data, folds[k]!, `${data.source} (cv fold ${k} test)`);
    // Early stopping is decided on the fold mean below, not per fold.
    const p = { ...(params as Record<string, unknown>), early_stopping_rounds: 0 } as ParamInput;
    const res = await trainModel(p, trainSet, { evals: [{ name: 'test', data: testSet }], evalTrain: true, binMapper });
    histories.push(res.history);
  }
  const nRounds = Math.min(...histories.map((h) => h.length));
  const rounds: CvRound[] = [];
  const esRounds = options.earlyStoppingRounds ?? 0;
  let best = -1;
  let bestScore = NaN;
  for (let i = 0; i < nRounds; i++) {
    const first = histories[0]![i]!;
    const values: CvRound['values'] = [];
    for (const set of ['train', 'test'] as const) {
      first.forEach((r, j) => {
        if (r.data !== set) return;
        const xs = histories.map((h) => h[i]![j]!.value);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / xs.length);
        values.push({ data: set, metric: r.metric, mean, std });
      });
    }
    rounds.push({ iteration: i, values });
    options.log?.(formatCvLine(rounds[i]!));
    const last = values[values.length - 1]!;
    const up = metricHigherIsBetter(last.metric);
    if (best < 0 || (up ? last.mean > bestScore : last.mean < bestScore)) {
      best = i;
      bestScore = last.mean;
    }
    if (esRounds > 0 && i - best >= esRounds) break;
  }
  // xgb.cv keeps the rounds up to the best one when it stops early.
  if (esRounds > 0) rounds.length = best + 1;
  return { rounds, bestIteration: best, folds };
}

/**
 * The cuts every fold of cv(params, data) trains with: searched once on all rows of `data`, as a
 * training run on `data` would search them (its `missing` sentinel marked first, in place, as
 * training marks it; the objective's sketch weights).
 */
export function cvBinMapper(params: ParamInput | Params, data: Dataset): BinMapper {
  const p = resolveParams(params as ParamInput);
  if (p.missing !== undefined) markMissing(data.columns, p.missing);
  return searchCutsSerial(p, data, createObjective(p).name);
}

/** `[12]\ttrain-rmse:0.44120+0.00310\ttest-rmse:0.46300+0.01200` */
export function formatCvLine(round: CvRound): string {
  const means = formatEvalLine(round.iteration, round.values.map((v) => ({ data: v.data, metric: v.metric, value: v.mean })));
  const stds = round.values.map((v) => formatEvalLine(0, [{ data: '', metric: '', value: v.std }]).split(':').pop());
  const parts = means.split('\t');
  return [parts[0], ...parts.slice(1).map((p, j) => `${p}+${stds[j]}`)].join('\t');
}

/** The per-round table as CSV: iteration, then <set>-<metric>-mean, <set>-<metric>-std columns. */
export function cvCsv(result: CvResult): string {
  if (result.rounds.length === 0) return 'iteration\n';
  const head = ['iteration', ...result.rounds[0]!.values.flatMap((v) => [`${v.data}-${v.metric}-mean`, `${v.data}-${v.metric}-std`])];
  const rows = result.rounds.map((r) => [String(r.iteration), ...r.values.flatMap((v) => [String(v.mean), String(v.std)])].join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** The per-round table as JSON: {best_iteration, folds, rounds: [{iteration, <set>-<metric>-mean, ...-std}]}. */
export function cvJson(result: CvResult): string {
  const rounds = result.rounds.map((r) => Object.fromEntries([['iteration', r.iteration], ...r.values.flatMap((v) => [[`${v.data}-${v.metric}-mean`, v.mean], [`${v.data}-${v.metric}-std`, v.std]])]) as Record<string, number>);
  return `${JSON.stringify({ best_iteration: result.bestIteration, nfold: result.folds.length, rounds }, null, 1)}\n`;
}
