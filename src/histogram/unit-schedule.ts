/**
 * Which nodes of a histogram batch to split into feature blocks: a cost model instead of a rule of
 * thumb. The batch's units are claimed largest first by the threads (the executor's claim loop),
 * which is list scheduling; `makespan` simulates it over estimated unit costs. Every node starts
 * whole (one unit over all features: the cheapest way to build it, since each block pays the
 * node's per-row work again: histogramUnitCost); a node is split only when the simulated batch
 * ends sooner with it split. Scheduling only: every slot is summed by one unit over the node's
 * rows in partition order whatever is chosen, so the sums, and the models, are the same.
 */

/**
 * What one pass over a row costs beside its slot updates (the row's index, its pair, the touch
 * ahead, its codes' cache lines), in slot updates: ~11 ns against ~1.4 ns an update, one thread,
 * the WASM kernel (bench/RESULTS.md).
 */
export const ROW_PASS_UPDATES = 8;

/** Features per pass over the rows in the WASM kernel (native/assembly/histogram.ts FEATURE_BLOCK). */
const PASS_FEATURES = 32;

/** The estimated cost, in slot updates, of summing `features` features over `rows` rows in one unit. */
export function histogramUnitCost(rows: number, features: number): number {
  return rows * (features + Math.ceil(features / PASS_FEATURES) * ROW_PASS_UPDATES);
}

/** One splittable node: its cost as one unit, and its block units' costs if split. */
export interface NodeUnits {
  readonly whole: number;
  readonly blocks: readonly number[];
}

/**
 * The end time of list scheduling `costs` over `threads` threads that all start at 0: units taken
 * largest first (a stable order: the executor's), each by the thread that is free first.
 * @param costs unit costs (any order; not modified).
 */
export function makespan(costs: readonly number[], threads: number): number {
  const sorted = [...costs].sort((a, b) => b - a);
  const free = new Array<number>(Math.max(1, threads)).fill(0);
  for (const c of sorted) {
    let t = 0;
    for (let k = 1; k < free.length; k++) if (free[k]! < free[t]!) t = k;
    free[t]! += c;
  }
  return Math.max(...free);
}

/**
 * For each node, whether to build it in feature blocks: greedily, the largest nodes first (at most
 * 2 x threads of them are tried), a node is split when that lowers the batch's simulated makespan.
 * @param fixed costs of the batch's other units (row halves: never split).
 * @returns one boolean per node (all false with one thread).
 */
export function splitNodes(nodes: readonly NodeUnits[], fixed: readonly number[], threads: number): boolean[] {
  const split = nodes.map(() => false);
  if (threads <= 1 || nodes.length === 0) return split;
  const costs = (): number[] => {
    const out = [...fixed];
    nodes.forEach((n, i) => {
      if (split[i]) out.push(...n.blocks);
      else out.push(n.whole);
    });
    return out;
  };
  let best = makespan(costs(), threads);
  const order = nodes.map((_, i) => i).sort((a, b) => nodes[b]!.whole - nodes[a]!.whole || a - b);
  for (const i of order.slice(0, 2 * threads)) {
    if (nodes[i]!.blocks.length < 2) continue;
    split[i] = true;
    const m = makespan(costs(), threads);
    if (m < best) best = m;
    else split[i] = false;
  }
  return split;
}
