/**
 * Evaluation targets of a training session: each validation set's margins are updated with every
 * new tree (addTreeToMargins as units of row runs on the executor; its aligned columns are copied
 * once into the kernels' shared memory when the executor would send them to workers), and each
 * target is evaluated on its predictions in output space.
 */
import { applyTreeUnits } from '../kernels/units/apply-tree.js';
import type { TreeArrays } from '../kernels/ts/loops.js';
import type { KernelMemory } from '../kernels/kernels.js';
import type { Metric, MetricData } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import type { Executor } from '../parallel/executor.js';
import type { Tree } from '../tree/tree.js';
import type { EvalResult } from './eval-log.js';

export class EvalTarget {
  /** Float32Array, length nRows x K (row-major): output-space predictions (scratch of `evaluate`). */
  private readonly preds: Float32Array;

  /**
   * @param margins in/out: K Float32Arrays, length nRows each, one per output group (the training margins for `train`).
   * @param columns the set's columns aligned with the training features, or null for the training set (updated from leaf windows).
   */
  private constructor(
    readonly name: string,
    readonly margins: readonly Float32Array[],
    private readonly columns: readonly Float32Array[] | null,
    private readonly md: MetricData,
    private readonly executor: Executor,
  ) {
    this.preds = new Float32Array(margins.length * margins[0]!.length);
  }

  /** The training data as a target (its margins are the session's). */
  static training(margins: readonly Float32Array[], md: MetricData, executor: Executor): EvalTarget {
    return new EvalTarget('train', margins, null, md, executor);
  }

  /**
   * A validation set.
   * @param columns in: aligned columns (Float32Array, nRows each); @param start in: its starting margins, one Float32Array per output group.
   * @param memory the kernels' memory (columns and margins are copied there when the executor would use workers).
   */
  static validation(name: string, columns: readonly Float32Array[], start: readonly Float32Array[], md: MetricData, executor: Executor, memory: KernelMemory): EvalTarget {
    const n = start[0]!.length;
    if (!executor.parallel(applyTreeUnits, n) || columns.length === 0) return new EvalTarget(name, start, columns, md, executor);
    const all = memory.f32(columns.length * n);
    const shared = columns.map((c, f) => {
      const view = all.subarray(f * n, (f + 1) * n);
      view.set(c);
      return view;
    });
    const margins = start.map((s) => {
      const m = memory.f32(n);
      m.set(s);
      return m;
    });
    return new EvalTarget(name, margins, shared, md, executor);
  }

  /** Adds `tree` to every row's margin of output group `group` (validation sets; the training margins come from leaf windows). */
  async addTree(tree: Tree, group = 0): Promise<void> {
    if (this.columns === null) return;
    const T = this.executor.threads;
    const margins = this.margins[group]!;
    const n = margins.length;
    const runs = Array.from({ length: T + 1 }, (_, k) => Math.round((n * k) / T));
    await this.executor.run(applyTreeUnits, { tree: treeArrays(tree), columns: this.columns, margins, runs }, T, n);
  }

  /** Appends every metric of this target (predictions in output space) to `out`. */
  evaluate(objective: Objective, metrics: readonly Metric[], out: EvalResult[]): void {
    const K = this.margins.length;
    if (K === 1) this.preds.set(this.margins[0]!);
    else {
      // XGBoost's layout: row r's K margins at [r K, r K + K).
      this.margins.forEach((m, k) => {
        for (let r = 0; r < m.length; r++) this.preds[r * K + k] = m[r]!;
      });
    }
    objective.transform(this.preds);
    for (const m of metrics) out.push({ data: this.name, metric: m.name, value: m.evaluate(this.preds, this.md) });
  }
}

/** The node arrays a walk reads (plain typed arrays: cloned into a task when posted). */
function treeArrays(t: Tree): TreeArrays {
  const base = { left: t.left, right: t.right, splitIndex: t.splitIndex, splitCondition: t.splitCondition, defaultLeft: t.defaultLeft };
  if (t.catNodes.length === 0) return base;
  const catBegin = new Int32Array(t.nNodes).fill(-1);
  const catSize = new Int32Array(t.nNodes);
  // Each set ascending (a model file need not list them so), for the walk's binary search.
  const categories = t.categories.slice();
  for (let k = 0; k < t.catNodes.length; k++) {
    const b = t.catSegments[k]!;
    catBegin[t.catNodes[k]!] = b;
    catSize[t.catNodes[k]!] = t.catSizes[k]!;
    categories.subarray(b, b + t.catSizes[k]!).sort();
  }
  return { ...base, catBegin, catSize, categories };
}
