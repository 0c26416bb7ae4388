/**
 * Column subsampling by tree, by level and by node (XGBoost's colsample_bytree / bylevel / bynode):
 * each level samples from the tree's set, each node from its level's set; a sample of a set of size
 * p keeps max(1, round(fraction * p)) features, chosen by a seeded shuffle, kept in ascending order.
 * With feature weights, the sample is XGBoost 3.4.1's weighted sampling without replacement
 * (src/common/random.h, WeightedSamplingWithoutReplacement, Efraimidis-Spirakis): each feature of
 * the set draws u uniform in [0, 1) in set order and gets the key log(u) / max(w, 1e-6); the n
 * largest keys are kept (ties: the earlier feature). The draws come from this engine's seeded
 * stream, not XGBoost's std::mt19937, so the sets are not XGBoost's for the same seed (neither are
 * the unweighted ones).
 */
export class FeatureSampler {
  private treeSet: Int32Array;
  private readonly levelSets: Int32Array[] = [];
  private readonly nodeBuf: Int32Array;

  /**
   * @param nFeatures total feature count.
   * @param random in: uniform [0, 1) generator (seeded by the booster).
   * @param weights Float32Array, length nFeatures: each feature's sampling weight (>= 0), or null
   *   for uniform sampling.
   */
  constructor(
    readonly nFeatures: number,
    private readonly byTree: number,
    private readonly byLevel: number,
    private readonly byNode: number,
    private readonly random: () => number,
    private readonly weights: Float32Array | null = null,
  ) {
    this.treeSet = Int32Array.from({ length: nFeatures }, (_, i) => i);
    this.nodeBuf = new Int32Array(nFeatures);
  }

  /** True when no sampling happens (every node sees every feature). */
  get isIdentity(): boolean {
    return this.byTree === 1 && this.byLevel === 1 && this.byNode === 1;
  }

  /** Starts a new tree: draws the tree's feature set. */
  newTree(): void {
    const all = Int32Array.from({ length: this.nFeatures }, (_, i) => i);
    this.treeSet = this.byTree < 1 ? this.sample(all, this.byTree) : all;
    this.levelSets.length = 0;
  }

  /** The feature set of depth `depth` (drawn on first use within the tree). */
  levelSet(depth: number): Int32Array {
    while (this.levelSets.length <= depth) {
      this.levelSets.push(this.byLevel < 1 ? this.sample(this.treeSet, this.byLevel) : this.treeSet);
    }
    return this.levelSets[depth]!;
  }

  /**
   * Features for one node at `depth`: returns [array, count]; the array is reused by the next call.
   */
  nodeSet(depth: number): [Int32Array, number] {
    const lvl = this.levelSet(depth);
    if (this.byNode >= 1) return [lvl, lvl.length];
    const s = this.sample(lvl, this.byNode);
    this.nodeBuf.set(s);
    return [this.nodeBuf, s.length];
  }

  private sample(set: Int32Array, fraction: number): Int32Array {
    const n = Math.max(1, Math.round(fraction * set.length));
    if (this.weights !== null) return this.weightedSample(set, n, this.weights);
    const a = Int32Array.from(set);
    // Fisher-Yates partial shuffle of the first n entries.
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.random() * (a.length - i));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a.subarray(0, n).sort();
  }

  /** XGBoost's weighted sampling without replacement of n features of `set` (see the top). */
  private weightedSample(set: Int32Array, n: number, weights: Float32Array): Int32Array {
    const keys = new Float32Array(set.length);
    for (let i = 0; i < set.length; i++) {
      // kRtEps (1e-6) floors a weight, so a zero-weight feature is drawn only after every positive one.
      const w = Math.max(weights[set[i]!]!, Math.fround(1e-6));
      keys[i] = Math.fround(Math.log(this.random())) / w;
    }
    const order = Array.from({ length: set.length }, (_, i) => i);
    order.sort((a, b) => (keys[b]! > keys[a]! ? 1 : keys[b]! < keys[a]! ? -1 : a - b));
    return Int32Array.from(order.slice(0, n), (i) => set[i]!).sort();
  }
}
