/**
 * Row bagging for one round: which rows the next tree sees. Rows left out get g = h = 0 (they then
 * add nothing to any histogram) and are marked out of the bag (min_data_in_leaf counts bag rows).
 * - `subsample` < 1 alone (XGBoost's rule): each row is kept with probability subsample, drawn anew
 *   for every tree: a round of K trees (multi-class, several quantiles) draws K bags, one per
 *   output group, as XGBoost 3.4.1's hist updater samples the gradients of each tree it grows
 *   (updater_quantile_hist.cc: one Sampler call per tree, inside gbtree's loop over the groups);
 * - `bagging_freq` k > 0 (LightGBM's): the bag drawn at rounds 0, k, 2k, ... is kept for k rounds
 *   (and shared by the K trees of a round, as LightGBM bags once an iteration);
 * - `bagging_by_query` (LightGBM 4.6's): whole queries are kept or left out, each with probability
 *   subsample.
 * Draws come from MINSTD seeded by (seed, bag round, task), so a run continued from any round draws
 * what an uninterrupted one draws. (LightGBM's own bagging stream, a generator per 1024 rows
 * carried across rounds, is not reproduced: the bags differ from LightGBM's, the rule is the same.)
 */
import { ParamError } from '../errors.js';
import { MinstdRand, mixSeed } from '../util/rng.js';
import type { GradArray } from '../types.js';
import { drawRowBag, zeroOutsideBag } from '../kernels/ts/loops.js';

/** Task id of the row-sample stream (mixSeed's third input; as before bagging_freq existed). */
const TASK_ROW_SAMPLE = 0xfffffff0;
/** Task id mixed with the output group k > 0 into its tree's row-sample stream (group 0 keeps TASK_ROW_SAMPLE's). */
const TASK_ROW_SAMPLE_GROUP = 0xfffffff3;
/** Task id of the query-bagging stream. */
const TASK_QUERY_SAMPLE = 0xfffffff2;

export interface BaggingParams {
  readonly subsample: number;
  /** Rounds a bag is kept (LightGBM's bagging_freq); undefined = 1 (XGBoost's subsample). */
  readonly bagging_freq: number | undefined;
  readonly bagging_by_query: boolean;
  readonly seed: number;
}

export class Bagging {
  private readonly rng = new MinstdRand(1);
  /** Uint8Array, length nRows: 1 = in the current bag; null when every row is always in. */
  readonly mask: Uint8Array | null;
  private bagRound = -1;
  /** The output group whose bag `mask` holds (per-tree bags). */
  private bagGroup = 0;

  /** @throws ParamError for bagging_by_query without query groups. */
  constructor(private readonly p: BaggingParams, private readonly queryOffsets: Uint32Array | null, nRows: number) {
    if (p.bagging_by_query && p.subsample < 1 && queryOffsets === null) {
      throw new ParamError('bagging_by_query needs query groups: give --qid or a .query file');
    }
    this.mask = p.subsample < 1 ? new Uint8Array(nRows).fill(1) : null;
  }

  /** Whether rows are bagged at all. */
  get active(): boolean {
    return this.mask !== null;
  }

  /**
   * Whether each tree of a round draws its own bag (XGBoost's subsample rule, several output
   * groups), so `apply` is called per tree with its group rather than once for the round.
   */
  perTree(nGroups: number): boolean {
    return this.mask !== null && nGroups > 1 && this.p.bagging_freq === undefined && !this.p.bagging_by_query;
  }

  /**
   * Zeroes g and h of the rows outside the bag of round `it` (of output group `group`'s tree when
   * bags are per tree, see perTree), drawing the bag when the round (or tree) starts one.
   * @param gh in/out: Float32Array, length 2 * nRows.
   * @param group 0-based output group; 0 for single-output models and shared bags.
   */
  apply(it: number, gh: GradArray, group = 0): void {
    const mask = this.mask;
    if (mask === null) return;
    const p = this.p;
    const freq = p.bagging_freq ?? 1;
    const round = freq > 0 ? it - (it % freq) : it;
    if (round !== this.bagRound || group !== this.bagGroup) {
      this.bagRound = round;
      this.bagGroup = group;
      const rng = this.rng;
      if (p.bagging_by_query && this.queryOffsets !== null) {
        rng.reseed(mixSeed(p.seed, round, TASK_QUERY_SAMPLE));
        const off = this.queryOffsets;
        for (let q = 0; q + 1 < off.length; q++) {
          const keep = rng.nextFloat() < p.subsample ? 1 : 0;
          mask.fill(keep, off[q]!, off[q + 1]!);
        }
      } else {
        const roundSeed = mixSeed(p.seed, round, TASK_ROW_SAMPLE);
        rng.reseed(group === 0 ? roundSeed : mixSeed(roundSeed, group, TASK_ROW_SAMPLE_GROUP));
        drawRowBag(mask, p.subsample, rng);
      }
    }
    zeroOutsideBag(gh, mask);
  }
}
