/**
 * Column subsampling by tree, by level and by node (XGBoost's colsample_bytree / bylevel / bynode):
 * each level samples from the tree's set, each node from its level's set; a sample of a set of size
 * p keeps max(1, round(fraction * p)) features, chosen by a seeded shuffle, kept in ascending order.
 */
export class FeatureSampler {
  private treeSet: Int32Array;
  private readonly levelSets: Int32Array[] = [];
  private readonly nodeBuf: Int32Array;

  /**
   * @param nFeatures total feature count.
   * @param random in: uniform [0, 1) generator (seeded by the booster).
   */
  constructor(
    readonly nFeatures: number,
    private readonly byTree: number,
    private readonly byLevel: number,
    private readonly byNode: number,
    private readonly random: () => number,
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
}
