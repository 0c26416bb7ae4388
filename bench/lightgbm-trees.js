// Tree-by-tree comparison of a lambdaboost model with a LightGBM 4.6 model text trained on the same
// data (a diagnostic for the LightGBM objectives' parity, issue 17): both trees are walked from the
// root together; a node differs when its split feature differs, its threshold differs beyond 6
// digits (LightGBM's `v <= t` is this engine's `v < next float32 above t`), or one side is a leaf.
// Prints, per tree, the largest leaf-value difference and the first differing node, and at the end
// the first tree whose structure differs, and how many of the leaves compared equal LightGBM's
// double leaf value rounded to float32 (this engine's model holds float32 leaves). Features are
// matched by name where both models name them: LightGBM keeps a CSV's group (qid) column as a
// feature index of its own, so its index is this engine's plus one there.
//   node bench/lightgbm-trees.js OURS.json LIGHTGBM.txt [--all]
import { readFileSync } from 'node:fs';

const [oursFile, lgbFile] = process.argv.slice(2);
const all = process.argv.includes('--all');
const oursModel = JSON.parse(readFileSync(oursFile, 'utf8')).learner;
const ours = oursModel.gradient_booster.model.trees;
const text = readFileSync(lgbFile, 'utf8');
// LightGBM feature index -> ours (by name when both have names, else the same index)
const lgbNames = /^feature_names=(.*)$/m.exec(text)?.[1].split(' ') ?? [];
const ourIndex = new Map((oursModel.feature_names ?? []).map((name, i) => [name, i]));
const toOurs = (f) => (ourIndex.size > 0 && lgbNames[f] !== undefined && ourIndex.has(lgbNames[f]) ? ourIndex.get(lgbNames[f]) : f);
const lgb = [];
for (const block of text.split(/^Tree=\d+$/m).slice(1)) {
  const field = (name) => {
    const m = new RegExp(`^${name}=(.*)$`, 'm').exec(block);
    return m ? m[1].split(' ').map(Number) : [];
  };
  lgb.push({ feat: field('split_feature').map(toOurs), thr: field('threshold'), left: field('left_child'), right: field('right_child'), leaf: field('leaf_value') });
}

let firstStructural = -1;
let leaves = 0;
let unequal = 0;
const n = Math.min(ours.length, lgb.length);
for (let k = 0; k < n; k++) {
  const a = ours[k];
  const b = lgb[k];
  let maxLeaf = 0;
  let first = null;
  // our node id, LightGBM's node (>= 0 internal, ~leaf for leaves; a stump is leaf 0)
  const walk = (i, j, path) => {
    const aLeaf = a.left_children[i] === -1;
    const bLeaf = b.feat.length === 0 || j < 0;
    if (aLeaf && bLeaf) {
      const lv = b.feat.length === 0 ? b.leaf[0] : b.leaf[~j];
      maxLeaf = Math.max(maxLeaf, Math.abs(a.base_weights[i] - lv));
      leaves++;
      if (Math.fround(a.base_weights[i]) !== Math.fround(lv)) unequal++;
      return;
    }
    if (aLeaf !== bLeaf) {
      first ??= `${path}: ${aLeaf ? 'leaf here' : `split f${a.split_indices[i]} here`}, ${bLeaf ? 'leaf in LightGBM' : `f${b.feat[j]} <= ${b.thr[j]} in LightGBM (our index)`}`;
      return;
    }
    const fa = a.split_indices[i];
    const ta = a.split_conditions[i];
    if (fa !== b.feat[j] || Math.abs(ta - b.thr[j]) > 1e-6 * Math.max(1, Math.abs(ta))) {
      first ??= `${path}: f${fa} < ${ta} here, f${b.feat[j]} <= ${b.thr[j]} in LightGBM (our index)`;
      return;
    }
    walk(a.left_children[i], b.left[j], `${path}L`);
    walk(a.right_children[i], b.right[j], `${path}R`);
  };
  walk(0, 0, 'root ');
  if (first !== null && firstStructural < 0) firstStructural = k;
  if (all || first !== null || k % 10 === 0) console.log(`tree ${k}: max leaf diff ${maxLeaf.toExponential(2)}${first ? `; first difference ${first}` : ''}`);
  if (first !== null && !all) break;
}
console.log(`${leaves - unequal} of ${leaves} leaves compared equal LightGBM's double rounded to float32`);
console.log(firstStructural < 0 ? `all ${n} trees have LightGBM's structure` : `first structural difference: tree ${firstStructural}`);
