/**
 * Validation of relevance labels for learning to rank, shared by the ranking objectives and the
 * ranking metrics (xgboost-spec.md §1.1; XGBoost's CheckNDCGLabels / CheckPreLabels).
 *
 * Every rule requires finite labels >= 0. On top of that:
 * - `exp-gain` (NDCG with `ndcg_exp_gain=true`): integers 0..31, since the gain is 2^y - 1;
 * - `linear-gain` (`ndcg_exp_gain=false`, and `rank:pairwise`): nothing more;
 * - `binary` (`rank:map`, the `map` and `pre` metrics): exactly 0 or 1.
 */
import { shownValue } from '../data/value-rules.js';
import { DataError } from '../errors.js';
import { MAX_EXP_GAIN_LABEL } from '../kernels/ts/dcg.js';

/** Which labels are acceptable. */
export type RankLabelRule = 'exp-gain' | 'linear-gain' | 'binary';

/**
 * Throws a DataError naming the first offending row (1-based) and what was expected.
 * @param label in: Float32Array, length nRows.
 * @param rule which labels are acceptable.
 * @param source file name (or description) for the error message.
 * @param user what needs the labels, for the message, e.g. `rank:ndcg` or `map@10`.
 * @param column how the message names the label column (its name in the file).
 */
export function checkRankingLabels(label: Float32Array, rule: RankLabelRule, source: string, user: string, column: string | number = 'label'): void {
  for (let i = 0; i < label.length; i++) {
    const y = label[i]!;
    const shown = shownValue(y);
    let detail: string | null = null;
    if (!Number.isFinite(y)) {
      detail = `label ${shown} is not a finite number; ${user} needs finite relevance labels >= 0`;
    } else if (y < 0) {
      detail = `label ${shown} is negative; ${user} needs relevance labels >= 0`;
    } else if (rule === 'binary') {
      if (y !== 0 && y !== 1) detail = `label ${shown} is not 0 or 1; ${user} needs binary relevance labels`;
    } else if (rule === 'exp-gain') {
      if (!Number.isInteger(y)) {
        detail = `label ${shown} is not an integer; with ndcg_exp_gain=true (gain 2^label - 1) ${user} needs ` +
          `integer labels 0..${MAX_EXP_GAIN_LABEL}; set ndcg_exp_gain=false to use the label itself as the gain`;
      } else if (y > MAX_EXP_GAIN_LABEL) {
        detail = `label ${shown} is larger than ${MAX_EXP_GAIN_LABEL}; with ndcg_exp_gain=true (gain 2^label - 1) ` +
          `${user} needs integer labels 0..${MAX_EXP_GAIN_LABEL}; set ndcg_exp_gain=false to use the label itself as the gain`;
      }
    }
    if (detail !== null) throw new DataError({ file: source, row: i + 1, column }, detail);
  }
}
