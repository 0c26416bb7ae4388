#!/usr/bin/env node
/**
 * Ranks every query of a test file with lambdaboost's library: `Booster.rank` on each query's
 * documents (best first; equal scores keep input order), the same ranking `lambdaboost serve`
 * answers on `POST /rank`.
 *
 * Usage: node rank.mjs <model.json> <data.arrow|csv> <out.tsv>
 *
 * The data must have `label` and `qid` columns (as train_dask.py writes them). out.tsv has one
 * line per document, `query  rank  row  score`: the 0-based query number, the document's
 * 0-based place in its query's ranking, its 0-based row in the file, and its margin. Prints how
 * many queries were ranked and the top three documents of the first query.
 *
 * Needs the built package (`npm install` or `npm run build`): `lambdaboost` resolves to this
 * repository's dist/ (package self-reference).
 */
import { writeFile } from 'node:fs/promises';
import { Booster, loadDataset, readRow } from 'lambdaboost';

const [modelPath, dataPath, outPath] = process.argv.slice(2);
if (outPath === undefined) {
  process.stderr.write('usage: node rank.mjs <model.json> <data.arrow|csv> <out.tsv>\n');
  process.exit(2);
}
const booster = await Booster.load(modelPath);
const data = await loadDataset(dataPath, { label: 'label', qid: 'qid', nFeatures: booster.nFeatures });
const offsets = data.queryOffsets;
if (offsets === null) throw new Error(`${dataPath}: no query groups (qid column)`);

const lines = [];
let firstTop = '';
for (let q = 0; q + 1 < offsets.length; q++) {
  const lo = offsets[q];
  const hi = offsets[q + 1];
  /** @type {Float32Array[]} */
  const rows = [];
  for (let r = lo; r < hi; r++) {
    const row = new Float32Array(data.nFeatures);
    readRow(data, r, row);
    rows.push(row);
  }
  const { order, scores } = booster.rank(rows);
  order.forEach((doc, place) => lines.push(`${q}\t${place}\t${lo + doc}\t${scores[doc]}`));
  if (q === 0) {
    firstTop = Array.from(order.subarray(0, 3), (doc) => `row ${lo + doc} (label ${data.label?.[lo + doc]}, score ${scores[doc].toFixed(4)})`).join(', ');
  }
}
await writeFile(outPath, `${lines.join('\n')}\n`);
process.stdout.write(`ranked ${offsets.length - 1} queries (${data.nRows} documents) into ${outPath}; query 0 top 3: ${firstTop}\n`);
