// Long lists: one query of N documents (N = 12.5k, 25k, 50k; LightGBM refuses more than 10,000),
// 20 features, graded labels 0..4, trained for 20 rounds with each truncated ranking objective;
// prints the training time per round and the ratio to the previous N (2 = linear in the length).
// The machine is shared: times are noisy, compare the ratios.
//   npm run build && node bench/long-list.js [--rounds 20]
import { trainModel } from '../dist/src/index.js';

const args = process.argv.slice(2);
const rounds = Number(args.includes('--rounds') ? args[args.indexOf('--rounds') + 1] : 20);
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
function longQuery(n) {
  const r = rng(n);
  const nF = 20;
  const columns = Array.from({ length: nF }, () => new Float32Array(n));
  const label = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < nF; j++) {
      const v = r();
      columns[j][i] = v;
      if (j < 4) s += v;
    }
    label[i] = Math.min(4, Math.floor(Math.max(0, s + (r() - 0.5) - 1.2) * 2));
  }
  return {
    nRows: n, nFeatures: nF, featureNames: columns.map((_, j) => `f${j}`), hasFeatureNames: false, columns, label,
    weight: null, queryOffsets: Uint32Array.of(0, n), position: null, source: `long-${n}`,
  };
}
const objectives = [
  { objective: 'rank:ndcg' },
  { objective: 'rank:map' },
  { objective: 'lambdarank', eta: 0.1, max_leaves: 31, grow_policy: 'lossguide', max_depth: 0, lambda: 0, min_data_in_leaf: 20 },
  { objective: 'rank_xendcg', eta: 0.1, max_leaves: 31, grow_policy: 'lossguide', max_depth: 0, lambda: 0, min_data_in_leaf: 20 },
];
for (const p of objectives) {
  let prev = null;
  for (const n of [12500, 25000, 50000]) {
    const data = longQuery(n);
    if (p.objective === 'rank:map') for (let i = 0; i < n; i++) data.label[i] = data.label[i] > 1 ? 1 : 0;
    const t0 = performance.now();
    await trainModel({ ...p, num_round: rounds, nthread: 1, verbosity: 0 }, data);
    const perRound = (performance.now() - t0) / rounds;
    console.log(`${p.objective}\t1 query x ${n}\t${perRound.toFixed(1)} ms/round${prev ? `\tx${(perRound / prev).toFixed(2)} for 2x documents` : ''}`);
    prev = perRound;
  }
}
