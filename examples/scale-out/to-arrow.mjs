#!/usr/bin/env node
/**
 * CSV -> Arrow IPC with lambdaboost's own writer, for machines without pyarrow (Debian bookworm
 * has no python3-pyarrow package). train_dask.py always writes the CSV; this makes the Arrow file
 * next to it, exactly as `writeArrow` lays it out (float32 features, NaN = missing, the label and
 * query columns recorded in the schema metadata).
 *
 * Usage: node to-arrow.mjs <in.csv> <out.arrow> --label <column> [--qid <column>]
 *
 * Needs the built package (`npm install` or `npm run build` in the repository); it imports
 * `lambdaboost` by name, which Node resolves to this repository's dist/ (package self-reference).
 */
import { parseArgs } from 'node:util';
import { loadDataset, writeArrow } from 'lambdaboost';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { label: { type: 'string' }, qid: { type: 'string' } },
});
if (positionals.length !== 2 || values.label === undefined) {
  process.stderr.write('usage: node to-arrow.mjs <in.csv> <out.arrow> --label <column> [--qid <column>]\n');
  process.exit(2);
}
const [input, output] = positionals;
/** @type {import('lambdaboost').LoadOptions} */
const options = { label: values.label, header: true };
if (values.qid !== undefined) options.qid = values.qid;
const data = await loadDataset(input, options);
await writeArrow(output, data);
const queries = data.queryOffsets === null ? '' : `, ${data.queryOffsets.length - 1} queries`;
process.stdout.write(`wrote ${output}: ${data.nRows} rows, ${data.nFeatures} features${queries} (lambdaboost writeArrow)\n`);
