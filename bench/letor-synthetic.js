// LETOR-like SYNTHETIC ranking sets for bench/lightgbm-rank.js (no public LETOR set is available
// offline on this machine: none in ../shared/datasets, none in the npm or Debian package lists).
// Two generated sets, written as LibSVM + .query (train and test), deterministic from a seed:
//   synth-web (MSLR-WEB-like): 400 / 150 queries of 20..150 documents, 80 features; grades 0..4
//     skewed to 0 (about 45/30/15/7/3 %); relevance = a nonlinear function of 12 features (two
//     interactions, a threshold effect) plus a per-query shift and noise; 30 features sparse
//     (zero half the time, written absent), values rounded to 3 decimals.
//   synth-yahoo (Yahoo-LTR-like): 600 / 200 queries of 5..40 documents, 120 features in [0, 1]
//     normalised within the query (min-max), grades 0..4 more balanced; 15 informative features.
// Usage: node bench/letor-synthetic.js OUTDIR   -> OUTDIR/{synth-web,synth-yahoo}.{train,test}[.query]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The project's seeded generator (run `npm run build` first, as every bench script).
import { mulberry32 } from '../dist/src/util/rng.js';

function gauss(rnd) {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

function grade(score, cuts) {
  let g = 0;
  while (g < cuts.length && score > cuts[g]) g++;
  return g;
}

function writeSet(dir, name, split, queries) {
  const lines = [];
  const sizes = [];
  for (const q of queries) {
    sizes.push(q.length);
    for (const d of q) {
      const toks = [String(d.label)];
      d.x.forEach((v, j) => { if (v !== 0) toks.push(`${j}:${+v.toFixed(3)}`); });
      lines.push(toks.join(' '));
    }
  }
  writeFileSync(join(dir, `${name}.${split}`), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, `${name}.${split}.query`), `${sizes.join('\n')}\n`);
}

function web(rnd, nQueries) {
  const F = 80;
  const out = [];
  for (let q = 0; q < nQueries; q++) {
    const n = 20 + Math.floor(rnd() * 131);
    const shift = gauss(rnd) * 0.4;
    const docs = [];
    for (let i = 0; i < n; i++) {
      const x = new Array(F);
      for (let j = 0; j < F; j++) {
        let v = j < 40 ? rnd() : Math.abs(gauss(rnd));
        if (j >= 50 && rnd() < 0.5) v = 0; // sparse features
        x[j] = v;
      }
      const s = 1.2 * x[0] + 0.9 * x[1] * x[2] + 0.8 * (x[3] > 0.7 ? 1 : 0) + 0.6 * Math.sqrt(x[4]) + 0.5 * x[5]
        + 0.4 * x[6] * (1 - x[7]) + 0.3 * (x[50] > 0 ? x[50] : -0.3) + 0.3 * Math.min(x[51], 1.5)
        + 0.25 * x[8] + 0.2 * x[9] - 0.3 * x[10] + 0.2 * x[11] + shift + gauss(rnd) * 0.35;
      docs.push({ label: grade(s, [1.9, 2.45, 2.9, 3.3]), x });
    }
    out.push(docs);
  }
  return out;
}

function yahoo(rnd, nQueries) {
  const F = 120;
  const out = [];
  for (let q = 0; q < nQueries; q++) {
    const n = 5 + Math.floor(rnd() * 36);
    const raw = [];
    for (let i = 0; i < n; i++) {
      const x = new Array(F);
      for (let j = 0; j < F; j++) x[j] = j % 3 === 0 ? gauss(rnd) : rnd();
      let s = gauss(rnd) * 0.5;
      for (let j = 0; j < 15; j++) s += (j % 2 === 0 ? 1 : -0.5) * (j < 5 ? 0.8 : 0.3) * x[j];
      s += 0.6 * Math.tanh(x[15] * x[16] * 3);
      raw.push({ s, x });
    }
    // min-max within the query, as Yahoo's features are normalised
    for (let j = 0; j < F; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const d of raw) { lo = Math.min(lo, d.x[j]); hi = Math.max(hi, d.x[j]); }
      for (const d of raw) d.x[j] = hi > lo ? (d.x[j] - lo) / (hi - lo) : 0;
    }
    out.push(raw.map((d) => ({ label: grade(d.s, [0.2, 0.9, 1.5, 2.1]), x: d.x })));
  }
  return out;
}

const dir = process.argv[2] ?? 'bench/out/letor-synthetic';
mkdirSync(dir, { recursive: true });
const r1 = mulberry32(20261207);
writeSet(dir, 'synth-web', 'train', web(r1, 400));
writeSet(dir, 'synth-web', 'test', web(r1, 150));
const r2 = mulberry32(7122026);
writeSet(dir, 'synth-yahoo', 'train', yahoo(r2, 600));
writeSet(dir, 'synth-yahoo', 'test', yahoo(r2, 200));
console.log(`wrote synth-web and synth-yahoo (train, test, .query) to ${dir}`);
