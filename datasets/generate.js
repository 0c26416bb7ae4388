// Seeded synthetic data generators for benchmarks (plain ESM; the generator comes from the built
// package, so run `npm run build` first, as `npm run bench` does).
//
//   node datasets/generate.js regression OUT.csv ROWS [FEATURES=28] [SEED=1]
//   node datasets/generate.js ranking OUT.libsvm QUERIES [FEATURES=136] [SEED=1]   (+ OUT.libsvm.query)
//
// Regression: Friedman #1-style target on the first five features plus noise, ~1% missing cells.
// Ranking: graded relevance 0..4 from a hidden linear score, ~110 documents a query.
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, out, n, f, seed] = process.argv.slice(2);
  if (kind === 'regression') await writeRegressionCsv(out, Number(n), Number(f ?? 28), Number(seed ?? 1));
  else if (kind === 'ranking') await writeRankingLibsvm(out, Number(n), Number(f ?? 136), Number(seed ?? 1));
  else {
    console.error('usage: node datasets/generate.js regression|ranking OUT N [FEATURES] [SEED]');
    process.exit(2);
  }
}
