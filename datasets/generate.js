// Seeded synthetic data generators for benchmarks (plain ESM; the generator comes from the built
// package, so run `npm run build` first, as `npm run bench` does).
//
//   node datasets/generate.js regression OUT.csv ROWS [FEATURES=28] [SEED=1]
//   node datasets/generate.js ranking OUT.libsvm QUERIES [FEATURES=136] [SEED=1]   (+ OUT.libsvm.query)
//
// Regression: Friedman #1-style target on the first five features plus noise, ~1% missing cells.
// Ranking: graded relevance 0..4 from a hidden linear score, ~110 documents a query.
//
// Realistic variants (the costs real data has: ~every row a distinct value per feature):
//   node datasets/generate.js realistic-regression OUT.csv ROWS [FEATURES=28] [SEED=1]
//   node datasets/generate.js realistic-ranking OUT.csv QUERIES [FEATURES=136] [SEED=1]
// Standard normal values written to 6 significant digits, 2% missing cells; the ranking CSV has
// columns y,qid,f0.. with 80..146 documents a query (mean ~113), queries contiguous.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { mulberry32 } from '../dist/src/util/rng.js';

async function writeLines(path, count, lineOf) {
  const out = createWriteStream(path);
  let buf = [];
  for (let i = 0; i < count; i++) {
    buf.push(lineOf(i));
    if (buf.length === 4096) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      buf = [];
    }
  }
  if (buf.length > 0) out.write(buf.join('\n') + '\n');
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
}

/** Writes a regression CSV with header `y,f0..f{n-1}`. */
export async function writeRegressionCsv(path, rows, nFeatures = 28, seed = 1) {
  const rnd = mulberry32(seed);
  const header = ['y', ...Array.from({ length: nFeatures }, (_, j) => `f${j}`)].join(',');
  const x = new Float64Array(nFeatures);
  await writeLines(path, rows + 1, (i) => {
    if (i === 0) return header;
    for (let j = 0; j < nFeatures; j++) x[j] = rnd();
    const y =
      10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + (rnd() - 0.5) * 2;
    const cells = [y.toFixed(4)];
    for (let j = 0; j < nFeatures; j++) cells.push(rnd() < 0.01 ? '' : x[j].toFixed(4));
    return cells.join(',');
  });
}

/** Writes a ranking LibSVM file (1-based feature ids) plus its `.query` sidecar. */
export async function writeRankingLibsvm(path, queries, nFeatures = 136, seed = 1) {
  const rnd = mulberry32(seed);
  const w = Float64Array.from({ length: nFeatures }, () => rnd() * 2 - 1);
  const sizes = Array.from({ length: queries }, () => 80 + Math.floor(rnd() * 61));
  const lines = [];
  for (const size of sizes) {
    for (let d = 0; d < size; d++) {
      let s = 0;
      const cells = [];
      for (let j = 0; j < nFeatures; j++) {
        if (rnd() < 0.3) continue;
        const v = rnd();
        s += w[j] * v;
        cells.push(`${j + 1}:${v.toFixed(3)}`);
      }
      const z = s / Math.sqrt(nFeatures) + (rnd() - 0.5) * 0.5;
      const label = Math.max(0, Math.min(4, Math.floor((z + 1.2) * 1.7)));
      lines.push(`${label} ${cells.join(' ')}`);
    }
  }
  await writeLines(path, lines.length, (i) => lines[i]);
  await writeFile(`${path}.query`, sizes.join('\n') + '\n');
}

/** Standard normal draws (Box-Muller) from a uniform source in [0, 1). */
function normalSource(rnd) {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    const u = 1 - rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * rnd();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/** A value as real exports write it: 6 significant digits, no trailing zeros. */
const sig6 = (v) => String(Number(v.toPrecision(6)));

/**
 * Writes a realistic regression CSV with header `y,f0..f{n-1}`: normal features to 6 significant
 * digits, 2% missing cells, a non-linear target on the first eight features plus noise.
 */
export async function writeRealisticRegressionCsv(path, rows, nFeatures = 28, seed = 1) {
  const rnd = mulberry32(seed);
  const normal = normalSource(rnd);
  const header = ['y', ...Array.from({ length: nFeatures }, (_, j) => `f${j}`)].join(',');
  const x = new Float64Array(Math.max(nFeatures, 8));
  const cells = new Array(nFeatures + 1);
  await writeLines(path, rows + 1, (i) => {
    if (i === 0) return header;
    for (let j = 0; j < nFeatures; j++) x[j] = normal();
    const y = x[0] + 2 * Math.sin(x[1]) + x[2] * x[3] + 0.5 * x[4] * x[4] - Math.abs(x[5]) +
      (x[6] > 0.5 ? 1 : 0) * x[7] + 0.5 * normal();
    cells[0] = sig6(y);
    for (let j = 0; j < nFeatures; j++) cells[j + 1] = rnd() < 0.02 ? '' : sig6(x[j]);
    return cells.join(',');
  });
}

/**
 * Writes a realistic ranking CSV with header `y,qid,f0..f{n-1}`: graded relevance 0..4 from a
 * hidden score of all features, normal features to 6 significant digits, 2% missing cells.
 */
export async function writeRealisticRankingCsv(path, queries, nFeatures = 136, seed = 1) {
  const rnd = mulberry32(seed);
  const normal = normalSource(rnd);
  const w = Float64Array.from({ length: nFeatures }, () => normal());
  const sizes = Array.from({ length: queries }, () => 80 + Math.floor(rnd() * 67));
  const qidOf = new Int32Array(sizes.reduce((a, b) => a + b, 0));
  for (let q = 0, r = 0; q < queries; q++) for (let d = 0; d < sizes[q]; d++) qidOf[r++] = q + 1;
  const header = ['y', 'qid', ...Array.from({ length: nFeatures }, (_, j) => `f${j}`)].join(',');
  const cells = new Array(nFeatures + 2);
  await writeLines(path, qidOf.length + 1, (i) => {
    if (i === 0) return header;
    let s = 0;
    for (let j = 0; j < nFeatures; j++) {
      const v = normal();
      s += w[j] * (j % 3 === 0 ? v * v - 1 : v);
      cells[j + 2] = rnd() < 0.02 ? '' : sig6(v);
    }
    const z = s / Math.sqrt(nFeatures) + 0.5 * normal();
    cells[0] = String(Math.max(0, Math.min(4, Math.floor(z + 2))));
    cells[1] = String(qidOf[i - 1]);
    return cells.join(',');
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, out, n, f, seed] = process.argv.slice(2);
  if (kind === 'regression') await writeRegressionCsv(out, Number(n), Number(f ?? 28), Number(seed ?? 1));
  else if (kind === 'ranking') await writeRankingLibsvm(out, Number(n), Number(f ?? 136), Number(seed ?? 1));
  else if (kind === 'realistic-regression') await writeRealisticRegressionCsv(out, Number(n), Number(f ?? 28), Number(seed ?? 1));
  else if (kind === 'realistic-ranking') await writeRealisticRankingCsv(out, Number(n), Number(f ?? 136), Number(seed ?? 1));
  else {
    console.error('usage: node datasets/generate.js regression|ranking|realistic-regression|realistic-ranking OUT N [FEATURES] [SEED]');
    process.exit(2);
  }
}
