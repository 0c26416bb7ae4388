/**
 * `lambdaboost pdp`: partial dependence (and ICE curves) of a model's prediction on one feature,
 * or on two (`--feature2`), over a data file. Writes PREFIX.csv (grid value(s), average, ICE
 * columns), PREFIX.json, PREFIX.svg (the chart) and PREFIX.vl.json (the same chart as a
 * Vega-Lite spec), each atomically.
 */
import { Command } from 'commander';
import { modelMissing } from '../src/data/missing-value.js';
import { loadDataset } from '../src/data/load.js';
import { modelCategoryCoding } from '../src/data/category-coder.js';
import { pdpOutputsSpec, pdpSpec } from '../src/explain/charts/pdp-spec.js';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { partialDependence, partialDependenceByOutput, type PdpMethod } from '../src/explain/partial-dependence.js';
import { pdpCsv, pdpJson, pdpOutputsCsv, pdpOutputsJson } from '../src/explain/pdp-output.js';
import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../src/errors.js';
import { readAnyModelFile } from '../src/model-io/any-model.js';
import { lightgbmPartialDependence } from '../src/explain/lightgbm-pdp.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { addDataOptions, toLoadOptions, type DataFlags } from './data-options.js';
import { chartPrefix } from './chart-output.js';
import { addOutputOptions, outputIndex, type OutputFlags } from './output-option.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';
import { wholeNumber } from './whole-number.js';

interface PdpFlags extends DataFlags, VerbosityFlags, OutputFlags {
  model: string;
  data: string;
  feature: string;
  feature2?: string;
  grid: string;
  ice?: string;
  percentiles: string;
  method: string;
  margin?: boolean;
  out: string;
}

/** What --out writes (chart-output.ts). */
const PDP_FILES = ['.csv', '.json', '.svg', '.vl.json'];

/** ICE curves drawn by default for one feature. */
const DEFAULT_ICE = 50;

/** The `pdp` command; `setStatus` receives the exit status (0, 2 for bad input). */
export function pdpCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('pdp')
    .description('partial dependence (and ICE curves) on one or two features: PREFIX.csv, .json, .svg, .vl.json')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON, from lambdaboost or XGBoost; or a LightGBM text model)')
    .requiredOption('--data <file>', 'rows to average over and to take the grid from (same data flags as train)')
    .requiredOption('--feature <name|index>', 'the feature: a name, a 0-based index or f<index>')
    .option('--feature2 <name|index>', 'a second feature: a two-way partial dependence (heatmap)')
    .option('--grid <n>', 'grid points per feature (fewer when the feature has fewer unique values)', '20')
    .option('--ice <n>', `ICE curves, rows evenly spaced through the data (one feature only; default ${DEFAULT_ICE}, 0 for none)`)
    .option('--percentiles <low,high>', 'percentiles of the data bounding the grid', '0.05,0.95')
    .option('--method <method>', 'brute: predict every row at every grid value; tree: walk the trees with their covers (margins, no ICE)', 'brute')
    .option('--margin', 'raw margins instead of output-space predictions (probabilities for binary:logistic)')
    .requiredOption('--out <prefix>', 'output prefix: writes PREFIX.csv, PREFIX.json, PREFIX.svg, PREFIX.vl.json (an ending .svg, .json, .csv or .vl.json is taken off)');
  addOutputOptions(cmd, 'the partial dependence (with ICE curves)', 'every output, one curve each in the chart');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: PdpFlags) => {
    setStatus(await runCommand(() => runPdp(flags)));
  });
  return cmd;
}

function parsePercentiles(s: string): [number, number] {
  const parts = s.split(',').map((p) => p.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !nums.every((v) => Number.isFinite(v) && v >= 0 && v <= 1) || !(nums[0]! < nums[1]!)) {
    throw new UserError(`--percentiles must be two numbers low,high with 0 <= low < high <= 1, not ${JSON.stringify(s)}`);
  }
  return [nums[0]!, nums[1]!];
}

async function runPdp(flags: PdpFlags): Promise<void> {
  const info = messagePrinter(flags);
  if (flags.method !== 'brute' && flags.method !== 'tree') throw new UserError(`--method must be brute or tree, not ${JSON.stringify(flags.method)}`);
  const method: PdpMethod = flags.method;
  const gridResolution = wholeNumber('--grid', flags.grid, 2);
  const ice = flags.ice !== undefined ? wholeNumber('--ice', flags.ice, 0) : flags.feature2 !== undefined || method === 'tree' ? 0 : DEFAULT_ICE;
  const percentiles = parsePercentiles(flags.percentiles);
  const prefix = chartPrefix('--out', flags.out, PDP_FILES);
  const any = await readAnyModelFile(flags.model);
  // XGBoost models carry their `missing` value (missing-value.ts); LightGBM's read NaN as missing.
  const missing = any.format === 'xgboost' ? modelMissing(any.model) : undefined;
  const data = await loadDataset(flags.data, toLoadOptions(flags, { nFeatures: any.model.nFeatures, missing, categoryCoding: any.format === 'xgboost' ? modelCategoryCoding(any.model) : undefined, onInfo: info }));
  const features = flags.feature2 !== undefined ? [flags.feature, flags.feature2] : [flags.feature];
  const options = { features, gridResolution, percentiles, ice, margin: flags.margin === true, method };
  const output = outputIndex(flags, any.format === 'xgboost' ? any.model : null, flags.model);
  const files: [string, string][] = [];
  let summary: string;
  if (any.format === 'xgboost' && any.model.nOutputGroups > 1) {
    // A K-output model: output k (--class), or every output one curve each (no ICE curves unless asked).
    if (output === undefined && features.length === 2) {
      throw new UserError(`a two-way partial dependence of a model of ${any.model.nOutputGroups} outputs is one heatmap per output: give --class k`);
    }
    const pds = partialDependenceByOutput(any.model, data, { ...options, ice: output === undefined && flags.ice === undefined ? 0 : ice, output });
    if (pds.length === 1) files.push(...(await pdpFiles(prefix, pdpCsv(pds[0]!), pdpJson(pds[0]!), pdpSpec(pds[0]!))));
    else files.push(...(await pdpFiles(prefix, pdpOutputsCsv(pds), pdpOutputsJson(pds), pdpOutputsSpec(pds))));
    const pd = pds[0]!;
    summary = `partial dependence on ${pd.features.map((f) => f.name).join(' x ')}: ${gridSize(pd)}, ${pd.method}, ${pd.scale} scale, ` +
      `${pds.length === 1 ? pd.output!.label : `${pds.length} outputs (${pds.map((p) => p.output!.label).join(', ')})`}${pd.ice ? `, ${pd.ice.rows.length} ICE curves` : ''}`;
  } else {
    const pd = any.format === 'lightgbm' ? lightgbmPartialDependence(any.model, data, options) : partialDependence(any.model, data, options);
    files.push(...(await pdpFiles(prefix, pdpCsv(pd), pdpJson(pd), pdpSpec(pd))));
    summary = `partial dependence on ${pd.features.map((f) => f.name).join(' x ')}: ${gridSize(pd)}, ${pd.method}, ${pd.scale} scale${pd.ice ? `, ${pd.ice.rows.length} ICE curves` : ''}`;
  }
  for (const [path, text] of files) await writeFileAtomic(path, text);
  info(summary);
  for (const [path] of files) info(`wrote ${path}`);
}

/** The grid's size for the summary line: `20 grid points`, or a categorical feature's `22 categories`. */
function gridSize(pd: { readonly average: ArrayLike<number>; readonly features: readonly { readonly categories?: readonly string[] }[] }): string {
  return pd.features[0]!.categories !== undefined ? `${pd.average.length} categories` : `${pd.average.length} grid points`;
}

/** The four files: PREFIX.csv, .json, .svg (the chart drawn) and .vl.json (its spec). */
async function pdpFiles(prefix: string, csv: string, json: string, spec: TopLevelSpec): Promise<[string, string][]> {
  return [
    [`${prefix}.csv`, csv],
    [`${prefix}.json`, json],
    [`${prefix}.svg`, await renderSvg(spec)],
    [`${prefix}.vl.json`, `${JSON.stringify(spec, null, 1)}\n`],
  ];
}

