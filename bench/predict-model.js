// A synthetic model for the prediction benchmarks: full binary trees of a given depth over
// nFeatures features in [0, 1), thresholds uniform in [0, 1), random default directions, leaf
// values in [-0.1, 0.1) (XGBoost's JSON-model fields as src/model-io parses them).
import { parseModel } from '../dist/src/model-io/xgboost-json.js';

/** @returns a Model (src/model-io/model.ts) of nTrees full trees of the given depth. */
export function makeModelForBench(rnd, nFeatures, nTrees, depth) {
  const trees = [];
  for (let t = 0; t < nTrees; t++) {
    const n = 2 ** (depth + 1) - 1;
    const nSplits = 2 ** depth - 1;
    const tree = {
      tree_param: { num_nodes: String(n), num_feature: String(nFeatures), size_leaf_vector: '0', num_deleted: '0' },
      id: t, left_children: [], right_children: [], parents: [], split_indices: [], split_conditions: [],
      split_type: [], default_left: [], base_weights: [], loss_changes: [], sum_hessian: [],
      categories: [], categories_nodes: [], categories_segments: [], categories_sizes: [],
    };
    for (let i = 0; i < n; i++) {
      const split = i < nSplits;
      tree.left_children.push(split ? 2 * i + 1 : -1);
      tree.right_children.push(split ? 2 * i + 2 : -1);
      tree.parents.push(i === 0 ? 2147483647 : (i - 1) >> 1);
      tree.split_indices.push(split ? Math.floor(rnd() * nFeatures) : 0);
      tree.split_conditions.push(split ? Math.fround(rnd()) : Math.fround((rnd() - 0.5) * 0.2));
      tree.split_type.push(0);
      tree.default_left.push(rnd() < 0.5 ? 1 : 0);
      tree.base_weights.push(0);
      tree.loss_changes.push(0);
      tree.sum_hessian.push(1);
    }
    trees.push(tree);
  }
  const json = {
    version: [1, 7, 4],
    learner: {
      attributes: {},
      feature_names: [],
      feature_types: [],
      gradient_booster: {
        name: 'gbtree',
        model: { gbtree_model_param: { num_trees: String(nTrees), size_leaf_vector: '0' }, tree_info: trees.map(() => 0), trees },
      },
      learner_model_param: { base_score: '5E-1', num_class: '0', num_feature: String(nFeatures), num_target: '1' },
      objective: { name: 'reg:squarederror', reg_loss_param: { scale_pos_weight: '1' } },
    },
  };
  return parseModel(json, 'bench model');
}
