/**
 * TreeGrower: grows one tree on binned data from gradient pairs, XGBoost-hist style
 * (xgboost-spec.md §2.4-2.7):
 * - depthwise: expand every valid node of a level (in node-id order), then build the children's
 *   histograms (smaller-hessian child directly, sibling by subtraction) and evaluate them together;
 * - lossguide: expand the node with the largest loss change first (ties: smaller node id).
 * Node numbering follows XGBoost: expanding node n appends left = nNodes, right = nNodes + 1.
 * Histograms read the row-major bins; the partition reads the codes column-major, as training bins
 * them first, or a copy made once per grower (one code per row from a dense column instead of a
 * 64-byte cache line per row; bench/RESULTS.md, "Design measurements"). Rows are partitioned in place (one Uint32Array of two
 * segments; each node is a window of each, node-rows.ts), and each leaf's windows are returned so
 * the booster can update training margins without re-predicting.
 */
import { columnMajorCopy, missingFeatures, type BinMapper, type BinnedMatrix } from '../binning/bin-mapper.js';
import { HistogramBuilder, type HistogramJob } from '../histogram/builder.js';
import { HistogramPool } from '../histogram/pool.js';
import type { PhaseTimer } from '../booster/phase-timer.js';
import type { Kernels } from '../kernels/kernels.js';
import { countInBag } from '../kernels/ts/loops.js';
import { boundedWeight, leafWeight, nodeGain, scoreGivenWeight, type GainParams } from '../kernels/ts/gain.js';
import { noSplit, type SplitInfo } from '../split/split-info.js';
import type { SplitJob } from '../split/split-job.js';
import { SplitSearch } from '../split/split-search.js';
import type { CategoricalParams } from '../kernels/ts/categorical-split.js';
import { createExecutor, type Executor } from '../parallel/executor.js';
import type { BinArray, GradArray, RowIndexArray, SumArray } from '../types.js';
import type { FeatureSampler } from './feature-sampler.js';
import { Partitioner, type PartitionJob } from './partition-job.js';
import { allocTree, ROOT_PARENT, type Tree } from './tree.js';
import { rootRows, type NodeRows } from './node-rows.js';
import type { InteractionConstraints } from './interaction-constraints.js';
import { childBounds, UNBOUNDED, type WeightBounds } from './monotone-bounds.js';

/** XGBoost's kRtEps: a split must reduce the loss by more than this. */
const RT_EPS = 1e-6;
/** LightGBM's kZeroThreshold (1e-35f): smaller leaf values are 0 (MaybeRoundToZero). */
const LIGHTGBM_ZERO = Math.fround(1e-35);

export interface GrowParams extends GainParams {
  readonly eta: number;
  readonly gamma: number;
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly growPolicy: 'depthwise' | 'lossguide';
  /** min_data_in_leaf (LightGBM's per-bin row estimates, kernels/ts/lightgbm-scan.ts); absent or 0 = off. */
  readonly minDataInLeaf?: number;
  /** max_cat_to_onehot / max_cat_threshold (read when the mapper has categorical features). */
  readonly categorical?: CategoricalParams;
  /**
   * LightGBM's arithmetic (its objectives, lambdarank and rank_xendcg): the root's sums over the rows
   * in order (LeafSplits::Init), the child with fewer rows gets the direct histogram (ties: the right
   * one; SerialTreeLearner::SplitInner), and leaf values in double: the scan's leaf output times eta
   * (Tree::Shrinkage; |v| <= 1e-35 becomes 0), in GrownTree.leafValues (the tree holds them rounded
   * to float32). Absent = XGBoost's.
   */
  readonly lightgbm?: boolean;
}

/** A grown tree and where its leaves' rows are. */
export interface GrownTree {
  tree: Tree;
  /** Int32Array: node id of each leaf, in node-id order. */
  leafNodes: Int32Array;
  /**
   * Uint32Array, length 4 * leaves: each leaf's two windows of `rows` (aStart, aEnd, bStart, bEnd:
   * node-rows.ts); its rows are those of the first window, then the second's.
   */
  leafWindows: Uint32Array;
  /** The partition array after growth (rows grouped by leaf within each segment). */
  rows: RowIndexArray;
  /**
   * Float64Array, one per leaf (leafNodes' order): the value the leaf adds to its rows' training
   * margins: the tree's float32 leaf value, or with GrowParams.lightgbm LightGBM's double.
   */
  leafValues: Float64Array;
}

interface NodeState {
  nid: number;
  depth: number;
  rows: NodeRows;
  sumGrad: number;
  sumHess: number;
  /** The node's leaf output from its parent's split (LightGBM's scan), NaN when not known. */
  output: number;
  hist: SumArray | null;
  split: SplitInfo;
  /**
   * min_data_in_leaf (LightGBM's scan): Uint8Array, length nFeatures, the features the node may
   * split on (those in which its parent found a valid candidate: LightGBM scans no feature in a
   * subtree once its top node found none), or null for all.
   */
  allowed: Uint8Array | null;
  /** min_data_in_leaf: the features this node's scan listed and, per feature, 1 when it had a valid candidate. */
  scanned: { features: Int32Array; found: Uint8Array } | null;
  /** Monotone constraints: the node's weight bounds (UNBOUNDED at the root and without constraints). */
  bounds: WeightBounds;
  /**
   * Monotone constraints: the node's float32 weight clamped to its parent's bounds (its leaf value
   * before eta, as XGBoost's ApplyTreeSplit writes it), and its score at that weight (root_gain).
   */
  weight: number;
  rootGain: number;
  /**
   * Interaction constraints: Uint8Array, length nFeatures, the features used on the path to the
   * node and the features it may split on; null at the root and without constraints (all).
   */
  pathUsed: Uint8Array | null;
  permitted: Uint8Array | null;
}

/** The children's `allowed`: the node's, less the features its scan found no valid candidate in. */
function childAllowed(s: NodeState, nFeatures: number): Uint8Array | null {
  if (s.scanned === null) return s.allowed;
  const out = s.allowed === null ? new Uint8Array(nFeatures).fill(1) : s.allowed.slice();
  const { features, found } = s.scanned;
  for (let k = 0; k < features.length; k++) if (found[k] === 0) out[features[k]!] = 0;
  return out;
}

/**
 * What the growing generator asks its driver for: histograms to build, split searches, or row
 * partitions; or histograms with the split searches of the nodes they are (`fused`: the searches
 * run in the histogram units that complete their histograms where the lists allow it).
 */
type Step =
  | { hist: HistogramJob[]; split?: undefined; part?: undefined; fused?: undefined }
  | { fused: { hist: HistogramJob[]; split: SplitJob[] }; hist?: undefined; split?: undefined; part?: undefined }
  | { split: SplitJob[]; hist?: undefined; part?: undefined; fused?: undefined }
  | { part: PartitionJob[]; hist?: undefined; split?: undefined; fused?: undefined };

/** The step of histograms `hist` and the split searches `search` of nodes among them. */
function fuse(hist: HistogramJob[], search: { split: SplitJob[] }): Step {
  if (hist.length === 0) return search;
  return { fused: { hist, split: search.split } };
}

/** A sibling pair waiting for its smaller child's histogram: then large = parent - small. */
interface PendingPair {
  parent: NodeState;
  small: NodeState;
  large: NodeState;
}

/** What a grower is made of (one per training session). */
export interface GrowerOptions {
  readonly kernels: Kernels;
  /** The bin mapper; its tables in the kernels' memory (placeMapper) when the executor is threaded. */
  readonly mapper: BinMapper;
  /** Row-major codes (the histograms'), from the kernels' memory. */
  readonly binned: BinnedMatrix;
  readonly params: GrowParams;
  readonly sampler: FeatureSampler;
  /** Where histogram, split and partition units run (default: the calling thread). */
  readonly executor?: Executor;
  /**
   * The binned matrix's codes column-major (columnMajorCopy's layout, from `kernels.memory`) when
   * the caller has them; else the grower makes that copy.
   */
  readonly partBins?: BinArray;
  /**
   * With min_data_in_leaf: missingFeatures(mapper, binned) when the caller has it (several growers
   * on one matrix share one); else the grower computes it.
   */
  readonly nanFeatures?: Uint8Array;
  /**
   * Monotone constraints: Int8Array, length nFeatures, each feature's direction (-1, 0, 1), or
   * null / absent for none (min_data_in_leaf must then be off).
   */
  readonly monotone?: Int8Array | null;
  /** Interaction constraints, or null / absent for none. */
  readonly interaction?: InteractionConstraints | null;
}

/**
 * The tree with its categorical splits recorded: split_type 1 and, in node order, each node's
 * category set (XGBoost's categories_nodes / _segments / _sizes / categories).
 * @param sets node id -> the category codes that go right, ascending.
 */
function withCategoricalSplits(tree: Tree, sets: ReadonlyMap<number, readonly number[]>): Tree {
  const nodes = [...sets.keys()].sort((a, b) => a - b);
  const segments: number[] = [];
  const sizes: number[] = [];
  const cats: number[] = [];
  for (const n of nodes) {
    tree.splitType[n] = 1;
    segments.push(cats.length);
    sizes.push(sets.get(n)!.length);
    cats.push(...sets.get(n)!);
  }
  return { ...tree, catNodes: Int32Array.from(nodes), catSegments: Int32Array.from(segments), catSizes: Int32Array.from(sizes), categories: Int32Array.from(cats) };
}

/** Reusable state for growing many trees on one binned matrix. */
export class TreeGrower {
  private readonly pool: HistogramPool;
  private readonly rows: RowIndexArray;
  /** Uint8Array, length nRows: 1 for rows in this tree's bag (min_data_in_leaf counts them), or null = all. */
  private bag: Uint8Array | null = null;
  private readonly scratch: RowIndexArray;
  private readonly mapper: BinMapper;
  private readonly binned: BinnedMatrix;
  private readonly params: GrowParams;
  private readonly sampler: FeatureSampler;
  private readonly histograms: HistogramBuilder;
  private readonly splits: SplitSearch;
  private readonly partitions: Partitioner;
  /** Column-major copy of the bins for the partition (BinArray, length nRows * nFeatures). */
  private readonly partBins: BinArray;
  private readonly monotone: Int8Array | null;
  private readonly interaction: InteractionConstraints | null;

  constructor(o: GrowerOptions) {
    const { kernels, mapper, binned } = o;
    this.mapper = mapper;
    this.binned = binned;
    this.params = o.params;
    this.sampler = o.sampler;
    const executor = o.executor ?? createExecutor(kernels, 1);
    this.pool = new HistogramPool(2 * mapper.histOffsets[mapper.nFeatures]!, (n) => kernels.memory.f64(n));
    this.rows = kernels.memory.u32(binned.nRows);
    this.scratch = kernels.memory.u32(binned.nRows);
    this.histograms = new HistogramBuilder(kernels, mapper, binned, executor);
    const cp = o.params.categorical;
    const hasCategorical = mapper.categorical.includes(1);
    if (hasCategorical && cp === undefined) throw new Error('TreeGrower: categorical features need GrowParams.categorical');
    this.monotone = o.monotone ?? null;
    this.interaction = o.interaction ?? null;
    if (this.monotone !== null && ((o.params.minDataInLeaf ?? 0) > 0 || hasCategorical)) throw new Error('TreeGrower: monotone constraints with min_data_in_leaf or categorical features');
    this.splits = new SplitSearch(
      kernels, mapper, o.params, executor, hasCategorical ? { ...cp!, flags: mapper.categorical.slice() } : null, this.monotone,
      (o.params.minDataInLeaf ?? 0) > 0 ? o.nanFeatures ?? missingFeatures(mapper, binned) : null,
    );
    this.partBins = o.partBins ?? columnMajorCopy(binned, kernels.memory);
    this.partitions = new Partitioner(kernels, executor, this.partBins, binned.nRows, this.rows, this.scratch);
  }

  /** Sets which rows are in the bag of the next trees (null: every row), for min_data_in_leaf's counts. */
  setBag(bag: Uint8Array | null): void {
    this.bag = bag;
  }

  /** Rows of a node (in the bag). */
  private nodeRowCount(w: NodeRows): number {
    const bag = this.bag;
    if (bag === null) return w.aEnd - w.aStart + w.bEnd - w.bStart;
    return countInBag(this.rows, bag, w.aStart, w.aEnd) + countInBag(this.rows, bag, w.bStart, w.bEnd);
  }

  /**
   * Grows one tree: the growing algorithm (`steps`) asks for histograms, split searches and row
   * partitions, which run as units on the executor.
   * @param gh in: Float32Array from the kernels' memory, length 2 * nRows, gradient pairs (rows left
   *   out by subsampling have g = h = 0).
   * @param timer (verbosity 2) receives the time of each batch of histograms, split searches and
   *   partitions, and of the growing algorithm's own work between them ('grower other').
   */
  async grow(gh: GradArray, timer?: PhaseTimer): Promise<GrownTree> {
    const steps = this.steps(gh);
    for (let step = steps.next(); ; step = steps.next()) {
      timer?.lap('grower other');
      if (step.done) return step.value;
      const v = step.value;
      if (v.hist) await this.histograms.build(v.hist, this.rows, gh);
      else if (v.fused) await this.buildAndSearch(v.fused.hist, v.fused.split, gh);
      else if (v.part) await this.partitions.partition(v.part);
      else await this.splits.find(v.split);
      timer?.lap(v.hist ? 'histogram' : v.fused ? 'histogram + split' : v.part ? 'partition' : 'split');
    }
  }

  /**
   * Builds `hist` and searches `split` (nodes whose histograms are among them): in the same units
   * when every candidate list is in feature order (SplitSearch.plan), else one after the other.
   */
  private async buildAndSearch(hist: readonly HistogramJob[], split: readonly SplitJob[], gh: GradArray): Promise<void> {
    const plan = split.length > 0 ? this.splits.plan(split) : null;
    await this.histograms.build(hist, this.rows, gh, plan);
    if (plan !== null) this.splits.finish(plan);
    else await this.splits.find(split);
  }

  /**
   * The growing algorithm as a generator: it yields each batch of histograms to build (zeroed,
   * from the pool) and resumes once they are built; it returns the grown tree.
   */
  private *steps(gh: GradArray): Generator<Step, GrownTree, void> {
    const p = this.params;
    const n = this.binned.nRows;
    this.sampler.newTree();

    // Tree arrays, grown as plain arrays then frozen into a Tree.
    const left: number[] = [-1];
    const right: number[] = [-1];
    const parent: number[] = [ROOT_PARENT];
    const feat: number[] = [0];
    const cond: number[] = [0];
    const defLeft: number[] = [0];
    const baseW: number[] = [0];
    const lossChg: number[] = [0];
    const hessSum: number[] = [0];
    /** Categorical splits: node id -> the category codes that go right (ascending). */
    const catSets = new Map<number, readonly number[]>();
    const states: NodeState[] = [];

    const root: NodeState = {
      nid: 0, depth: 0, rows: rootRows(n), sumGrad: 0, sumHess: 0, output: NaN, hist: null, split: noSplit(), allowed: null, scanned: null,
      bounds: UNBOUNDED, weight: 0, rootGain: 0, pathUsed: null, permitted: null,
    };
    states.push(root);
    root.hist = this.pool.acquire();
    // The builder sets the root's rows to the identity, on the threads that sum them.
    yield { hist: [{ rows: root.rows, hist: root.hist, identity: true }] };
    this.rootSums(root, gh);
    // XGBoost's InitRoot: the root's weight and score, unbounded.
    root.weight = Math.fround(leafWeight(p, root.sumGrad, root.sumHess));
    root.rootGain = nodeGain(p, root.sumGrad, root.sumHess);
    yield this.evaluate([root]);

    let nLeaves = 1;
    const canExpand = (s: NodeState): boolean =>
      s.split.feature >= 0 &&
      s.split.lossChg > RT_EPS &&
      // gamma: XGBoost's loss change >= gamma; with min_data_in_leaf LightGBM's scan has already
      // required gain > parent + min_gain_to_split and recorded the change net of it
      ((p.minDataInLeaf ?? 0) > 0 || s.split.lossChg >= p.gamma) &&
      (p.maxDepth === 0 || s.depth < p.maxDepth) &&
      (p.maxLeaves === 0 || nLeaves < p.maxLeaves);

    // The row partitions of an expandable node s, one per window (run by the driver, batched per level).
    const partitionJobs = (s: NodeState): [PartitionJob, PartitionJob] => {
      const sp = s.split;
      const job = (start: number, end: number): PartitionJob => ({
        start, end, feature: sp.feature, splitBin: sp.splitBin,
        missingCode: this.mapper.nBins[sp.feature]!, defaultLeft: sp.defaultLeft, categories: sp.categories, nLeft: 0,
      });
      return [job(s.rows.aStart, s.rows.aEnd), job(s.rows.bStart, s.rows.bEnd)];
    };
    // Expands s once its windows are partitioned (nLeftA and nLeftB of their rows went left): records
    // the split, creates the children; children below max_depth join `pending` for histograms.
    const expand = (s: NodeState, nLeftA: number, nLeftB: number, pending: PendingPair[]): [NodeState, NodeState] => {
      const sp = s.split;
      const lid = left.length;
      const rid = lid + 1;
      for (let k = 0; k < 2; k++) {
        left.push(-1);
        right.push(-1);
        parent.push(s.nid);
        feat.push(0);
        cond.push(0);
        defLeft.push(0);
        baseW.push(0);
        lossChg.push(0);
        hessSum.push(0);
      }
      left[s.nid] = lid;
      right[s.nid] = rid;
      feat[s.nid] = sp.feature;
      cond[s.nid] = sp.threshold;
      defLeft[s.nid] = sp.defaultLeft ? 1 : 0;
      lossChg[s.nid] = sp.lossChg;
      if (sp.categories !== null) catSets.set(s.nid, sp.categories);
      const w = s.rows;
      const midA = w.aStart + nLeftA;
      const midB = w.bStart + nLeftB;
      const lRows: NodeRows = { aStart: w.aStart, aEnd: midA, bStart: w.bStart, bEnd: midB };
      const rRows: NodeRows = { aStart: midA, aEnd: w.aEnd, bStart: midB, bEnd: w.bEnd };
      const allowed = childAllowed(s, this.mapper.nFeatures);
      // Monotone constraints (XGBoost's ApplyTreeSplit + AddSplit): the children's weights clamped to
      // this node's bounds, their bounds from those weights, their scores at them.
      const mono = this.monotone;
      const wl = boundedWeight(p, sp.sumGradLeft, sp.sumHessLeft, s.bounds.lower, s.bounds.upper);
      const wr = boundedWeight(p, sp.sumGradRight, sp.sumHessRight, s.bounds.lower, s.bounds.upper);
      const [lb, rb] = mono === null ? [UNBOUNDED, UNBOUNDED] : childBounds(s.bounds, mono[sp.feature]!, wl, wr);
      const lg = mono === null ? 0 : scoreGivenWeight(p, sp.sumGradLeft, sp.sumHessLeft, wl);
      const rg = mono === null ? 0 : scoreGivenWeight(p, sp.sumGradRight, sp.sumHessRight, wr);
      const ic = this.interaction === null ? null : this.interaction.child(s.pathUsed, sp.feature);
      const pathUsed = ic === null ? null : ic.used;
      const permitted = ic === null ? null : ic.allowed;
      const l: NodeState = {
        nid: lid, depth: s.depth + 1, rows: lRows, sumGrad: sp.sumGradLeft, sumHess: sp.sumHessLeft, output: sp.outLeft, hist: null, split: noSplit(), allowed, scanned: null,
        bounds: lb, weight: wl, rootGain: lg, pathUsed, permitted,
      };
      const r: NodeState = {
        nid: rid, depth: s.depth + 1, rows: rRows, sumGrad: sp.sumGradRight, sumHess: sp.sumHessRight, output: sp.outRight, hist: null, split: noSplit(), allowed, scanned: null,
        bounds: rb, weight: wr, rootGain: rg, pathUsed, permitted,
      };
      states.push(l, r);
      if (p.maxDepth > 0 && s.depth + 1 >= p.maxDepth) {
        // Children at max_depth are leaves whatever their histograms say: build none.
        this.pool.release(s.hist!);
        s.hist = null;
        return [l, r];
      }
      // Smaller child built directly, sibling by subtraction: XGBoost's by hessian (the right one when
      // H_R < H_L), LightGBM's by rows (the left one when n_L < n_R).
      const small = p.lightgbm
        ? (this.nodeRowCount(lRows) < this.nodeRowCount(rRows) ? l : r)
        : (sp.sumHessRight < sp.sumHessLeft ? r : l);
      const large = small === r ? l : r;
      small.hist = this.pool.acquire();
      pending.push({ parent: s, small, large });
      return [l, r];
    };
    // The smaller children are built; each builder then makes the sibling by subtraction, in place
    // over the parent's histogram (element-wise, so out = parent is safe; no zeroing of a fresh one).
    const jobsOf = (pending: readonly PendingPair[]): HistogramJob[] =>
      pending.map((q) => ({ rows: q.small.rows, hist: q.small.hist!, sibling: q.parent.hist! }));
    // After the build: the parents' histograms are now the larger siblings'.
    const adoptParentHistograms = (pending: readonly PendingPair[]): void => {
      for (const q of pending) {
        q.large.hist = q.parent.hist;
        q.parent.hist = null;
      }
    };

    if (p.growPolicy === 'depthwise') {
      let level: NodeState[] = [root];
      while (level.length > 0) {
        const next: NodeState[] = [];
        const pending: PendingPair[] = [];
        // Which nodes split is decided in node order (max_leaves counts the leaves so far), then
        // the level's partitions run as one batch, then the children are made in node order.
        const splitting: NodeState[] = [];
        for (const s of level) {
          if (canExpand(s)) {
            splitting.push(s);
            nLeaves++;
          } else this.dropHist(s);
        }
        if (splitting.length > 0) {
          const parts = splitting.flatMap(partitionJobs);
          yield { part: parts };
          for (let i = 0; i < splitting.length; i++) next.push(...expand(splitting[i]!, parts[2 * i]!.nLeft, parts[2 * i + 1]!.nLeft, pending));
        }
        // The children's split searches are drawn (in node order) before their histograms are built
        // and run with them; the larger siblings' histograms are the parents' (filled by subtraction).
        const hist = jobsOf(pending);
        adoptParentHistograms(pending);
        // A level of leaves only (max_depth) has nothing to build or search: no step.
        const step = fuse(hist, this.evaluate(next));
        if (step.split === undefined || step.split.length > 0) yield step;
        level = next;
      }
    } else {
      // Max-heap by loss change, ties to the smaller node id (XGBoost's LossGuide comparator).
      const open: NodeState[] = [root];
      const better = (a: NodeState, b: NodeState): boolean =>
        a.split.lossChg > b.split.lossChg || (a.split.lossChg === b.split.lossChg && a.nid < b.nid);
      while (open.length > 0) {
        let bi = 0;
        for (let i = 1; i < open.length; i++) if (better(open[i]!, open[bi]!)) bi = i;
        const s = open.splice(bi, 1)[0]!;
        if (!canExpand(s)) {
          this.dropHist(s);
          continue;
        }
        const pending: PendingPair[] = [];
        const parts = partitionJobs(s);
        yield { part: parts };
        nLeaves++;
        const [l, r] = expand(s, parts[0].nLeft, parts[1].nLeft, pending);
        const hist = jobsOf(pending);
        adoptParentHistograms(pending);
        yield fuse(hist, this.evaluate([l, r]));
        open.push(l, r);
      }
    }

    // Weights: internal nodes keep the unscaled weight; leaves store eta * w (split_conditions and base_weights).
    // With monotone constraints (XGBoost's ApplyTreeSplit), a leaf's weight is clamped to its parent's
    // bounds (s.weight), an internal node's base weight to its own.
    const leafNodes: number[] = [];
    const windows: number[] = [];
    const values: number[] = [];
    for (const s of states) {
      const w = this.monotone === null ? leafWeight(p, s.sumGrad, s.sumHess)
        : left[s.nid] === -1 ? s.weight : boundedWeight(p, s.sumGrad, s.sumHess, s.bounds.lower, s.bounds.upper);
      hessSum[s.nid] = s.sumHess;
      if (left[s.nid] === -1) {
        if (p.lightgbm) {
          // LightGBM: the double output times the double learning rate (Tree::Shrinkage, MaybeRoundToZero);
          // with monotone constraints the clamped weight (the scan's output ignores the bounds)
          let v = (Number.isNaN(s.output) || this.monotone !== null ? w : s.output) * p.eta;
          if (Math.abs(v) <= LIGHTGBM_ZERO) v = 0;
          baseW[s.nid] = Math.fround(v);
          cond[s.nid] = Math.fround(v);
          values.push(v);
        } else {
          // XGBoost: the float32 weight times the float32 learning_rate (hist evaluate_splits.h).
          const v = Math.fround(Math.fround(p.eta) * Math.fround(w));
          baseW[s.nid] = v;
          cond[s.nid] = v;
          values.push(v);
        }
        leafNodes.push(s.nid);
        windows.push(s.rows.aStart, s.rows.aEnd, s.rows.bStart, s.rows.bEnd);
      } else {
        baseW[s.nid] = w;
      }
      this.dropHist(s);
    }
    const tree = allocTree(left.length);
    tree.left.set(left);
    tree.right.set(right);
    tree.parent.set(parent);
    tree.splitIndex.set(feat);
    tree.splitCondition.set(cond);
    tree.defaultLeft.set(defLeft);
    tree.baseWeight.set(baseW);
    tree.lossChange.set(lossChg);
    tree.sumHessian.set(hessSum);
    const withCats = catSets.size === 0 ? tree : withCategoricalSplits(tree, catSets);
    // leaves in node-id order
    const order = leafNodes.map((_, i) => i).sort((a, b) => leafNodes[a]! - leafNodes[b]!);
    return {
      tree: withCats,
      leafNodes: Int32Array.from(order.map((i) => leafNodes[i]!)),
      leafWindows: Uint32Array.from(order.flatMap((i) => [windows[4 * i]!, windows[4 * i + 1]!, windows[4 * i + 2]!, windows[4 * i + 3]!])),
      rows: this.rows,
      leafValues: Float64Array.from(order, (i) => values[i]!),
    };
  }

  /**
   * Split searches of the nodes that have histograms (nodes at max_depth are never split), in node
   * order: the column sampler draws each node's feature set here, in the serial order.
   */
  private evaluate(nodes: readonly NodeState[]): { split: SplitJob[] } {
    const jobs: SplitJob[] = [];
    const minData = this.params.minDataInLeaf ?? 0;
    for (const s of nodes) {
      if (s.hist === null) continue;
      const [sampled, sampledCount] = this.sampler.nodeSet(s.depth);
      // Interaction constraints filter the sampled features (XGBoost's Query skips the others).
      const permitted = s.permitted;
      const drawn = permitted === null ? sampled : sampled.slice(0, sampledCount).filter((f) => permitted[f] === 1);
      const drawnCount = permitted === null ? sampledCount : drawn.length;
      if (minData <= 0) {
        const bounds = this.monotone === null ? undefined : { lower: s.bounds.lower, upper: s.bounds.upper, rootGain: s.rootGain };
        jobs.push({ hist: s.hist, features: drawn.slice(0, drawnCount), count: drawnCount, sumGrad: s.sumGrad, sumHess: s.sumHess, best: s.split, ...(bounds ? { bounds } : {}) });
        continue;
      }
      // LightGBM's scan: only the features the parent found a valid candidate in
      const allowed = s.allowed;
      const features = allowed === null ? drawn.slice(0, drawnCount) : drawn.slice(0, drawnCount).filter((f) => allowed[f] === 1);
      s.scanned = { features, found: new Uint8Array(features.length) };
      jobs.push({
        hist: s.hist, features, count: features.length, sumGrad: s.sumGrad, sumHess: s.sumHess, best: s.split,
        minData, rows: this.nodeRowCount(s.rows), splittable: s.scanned.found,
      });
    }
    return { split: jobs };
  }

  /**
   * The root's gradient sums, from its histogram as XGBoost takes them for dense data
   * (updater_quantile_hist.cc, InitRoot): the slots of feature 0 in order. Every row has exactly one
   * code per feature (a bin or the missing slot), so those slots cover every row whatever the data;
   * this saves a pass over the gradients per tree. Without features, and with LightGBM's arithmetic
   * (LeafSplits::Init), the rows are summed in order.
   */
  private rootSums(root: NodeState, gh: GradArray): void {
    let g = 0;
    let h = 0;
    const hist = root.hist!;
    if (this.mapper.nFeatures > 0 && !this.params.lightgbm) {
      const end = this.mapper.histOffsets[1]!;
      for (let slot = this.mapper.histOffsets[0]!; slot < end; slot++) {
        g += hist[2 * slot]!;
        h += hist[2 * slot + 1]!;
      }
    } else {
      // The root's rows are all rows, in order.
      for (let r = 0; r < root.rows.bEnd; r++) {
        g += gh[2 * r]!;
        h += gh[2 * r + 1]!;
      }
    }
    root.sumGrad = g;
    root.sumHess = h;
  }

  private dropHist(s: NodeState): void {
    if (s.hist) {
      this.pool.release(s.hist);
      s.hist = null;
    }
  }
}
