/**
 * Feature interaction constraints as XGBoost 3.4.1's CPU hist applies them
 * (src/tree/constraints.cc, FeatureInteractionConstraintHost):
 * - the root may split on every feature (in a group or not);
 * - a child may split on the features used on its path (root to the child, the parent's split
 *   included) and on every feature of each group that contains all of those features.
 * So a path's features always lie together in one group, and a feature in no group is used only on
 * paths that split on nothing else (XGBoost's rule: once it is used, no group contains the path).
 */

export class InteractionConstraints {
  /**
   * @param groups one Int32Array of feature indices per group (src/params/constraint-syntax.ts).
   * @param nFeatures the feature count.
   */
  constructor(private readonly groups: readonly Int32Array[], private readonly nFeatures: number) {}

  /**
   * The features a child of a node may split on.
   * @param pathUsed Uint8Array, length nFeatures: 1 for the features used on the path to the split
   *   node (null at the root: none), not modified.
   * @param feature the split node's feature.
   * @returns `used`: the child's path features (Uint8Array, length nFeatures); `allowed`: 1 for the
   *   features the child may split on (Uint8Array, length nFeatures).
   */
  child(pathUsed: Uint8Array | null, feature: number): { used: Uint8Array; allowed: Uint8Array } {
    const used = pathUsed === null ? new Uint8Array(this.nFeatures) : pathUsed.slice();
    used[feature] = 1;
    const allowed = used.slice();
    for (const g of this.groups) {
      let all = true;
      for (let f = 0; f < this.nFeatures && all; f++) if (used[f] === 1 && !g.includes(f)) all = false;
      if (all) for (const f of g) allowed[f] = 1;
    }
    return { used, allowed };
  }
}
