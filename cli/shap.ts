/**
 * `lambdaboost shap`: SHAP values of a model over a data file, as the plots people expect.
 * `--plot summary` (default): the beeswarm of every row (sampled to --max-rows), one line per
 * feature; `--plot waterfall --row N`: how row N's margin is built from the expected margin,
 * feature by feature. Prints the numbers as a table and writes PREFIX.svg (the chart) and
 * PREFIX.vl.json (its Vega-Lite spec), atomically; an ending .svg or .vl.json of --out is taken
 * off. The values are exact path-dependent TreeSHAP (`predict --contrib`).
 */
import { Command } from 'commander';
import { loadDataset } from '../src/data/load.js';
import { modelCategoryCoding } from '../src/data/category-coder.js';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { shapSummarySpec } from '../src/explain/charts/shap-summary-spec.js';
import { shapWaterfallSpec } from '../src/explain/charts/shap-waterfall-spec.js';
import { modelColumns } from '../src/explain/model-columns.js';
import { sampleRows, shapSummary, shapWaterfall } from '../src/explain/shap-plot-data.js';
import { shapValues } from '../src/explain/tree-shap.js';
import { outputLabels } from '../src/explain/output-labels.js';
import { outputGroupModels } from '../src/predict/forest-predictor.js';
import { UserError } from '../src/errors.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { chartPrefix } from './chart-output.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';
import { formatFloat32Plain } from '../src/util/float32-format.js';
import { addDataOptions, toLoadOptions, type DataFlags } from './data-options.js';
import { addOutputOptions, outputIndex, type OutputFlags } from './output-option.js';
import { runCommand } from './run-command.js';
import { wholeNumber } from './whole-number.js';

interface ShapFlags extends DataFlags, VerbosityFlags, OutputFlags {
  model: string;
  data: string;
  plot: string;
  row?: string;
  top: string;
  maxRows: string;
  out?: string;
}

/** Extensions --out may end with (taken off: the command writes both). */
const OUT_EXTS = ['.vl.json', '.svg'];

export function shapCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('shap')
    .description('SHAP plots: --plot summary (beeswarm of a data set) or waterfall (one row): a table, PREFIX.svg, PREFIX.vl.json')
    .requiredOption('--model <file>', 'model file (XGBoost JSON, from lambdaboost or XGBoost)')
    .requiredOption('--data <file>', 'rows to explain (same data flags as train)')
    .option('--plot <kind>', 'summary: every row, one line of dots per feature; waterfall: one row (--row)', 'summary')
    .option('--row <n>', 'the row of a waterfall, counted from 1 (default: 1)')
    .option('--top <n>', 'features drawn (the most important; a waterfall sums the rest into one bar)', '20')
    .option('--max-rows <n>', 'summary: rows explained and drawn at most, evenly spaced through the data (the feature order is their mean |SHAP|)', '1000')
    .option('--out <prefix>', 'write PREFIX.svg (the chart) and PREFIX.vl.json (its Vega-Lite spec); an ending .svg or .vl.json is taken off');
  addOutputOptions(cmd, 'the SHAP values (margin scale, XGBoost\'s pred_contribs block k)', 'a model of several outputs is refused (one chart shows one output)');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: ShapFlags) => {
    setStatus(await runCommand(() => runShap(flags)));
  });
  return cmd;
}

async function runShap(flags: ShapFlags): Promise<void> {
  const info = messagePrinter(flags);
  const plot = flags.plot;
  if (plot !== 'summary' && plot !== 'waterfall') throw new UserError(`--plot must be summary or waterfall, not ${JSON.stringify(plot)}`);
  if (plot === 'summary' && flags.row !== undefined) throw new UserError('--row is for --plot waterfall (a summary shows every row)');
  const top = wholeNumber('--top', flags.top, 1);
  const maxRows = wholeNumber('--max-rows', flags.maxRows, 1);
  const rowNumber = flags.row === undefined ? 1 : wholeNumber('--row', flags.row, 1);
  const prefix = flags.out === undefined ? null : chartPrefix('--out', flags.out, OUT_EXTS);
  const full = await readModelFile(flags.model);
  // Output k's SHAP values are those of its trees from its base margin (XGBoost's pred_contribs block k).
  const output = outputIndex(flags, full, flags.model) ?? null;
  if (output === null && full.nOutputGroups > 1) {
    throw new UserError(`shap plots show one output a row; ${flags.model} has ${full.nOutputGroups} (${outputLabels(full).join(', ')}): give --class k (all blocks: lambdaboost predict --contrib)`);
  }
  const model = output === null ? full : outputGroupModels(full)[output]!;
  if (output !== null) info(`SHAP values of ${outputLabels(full)[output]!}`);
  const data = await loadDataset(flags.data, toLoadOptions(flags, { nFeatures: model.nFeatures, categoryCoding: modelCategoryCoding(model), onInfo: info }));
  const names = model.featureNames.length > 0 ? model.featureNames : Array.from({ length: model.nFeatures }, (_, j) => `f${j}`);
  const nF = model.nFeatures;
  const objective = output === null ? full.objective.name : `${full.objective.name} · ${outputLabels(full)[output]!}`;
  let spec;
  const lines: string[][] = [];
  if (plot === 'summary') {
    // SHAP of the rows drawn only: TreeSHAP costs about trees x leaves x depth^2 per row.
    const { columns } = modelColumns(model.featureNames, nF, data);
    const rows = sampleRows(data.nRows, maxRows);
    const x = rows.map((r) => columns.map((c) => c[r]!));
    const s = shapSummary(shapValues(model, x), columns.map((c) => rows.map((r) => c[r]!)), names, top, data.nRows);
    lines.push(['rank', 'feature', `mean |SHAP| (${s.rowsDrawn} rows)`]);
    s.features.forEach((f, i) => lines.push([String(i + 1), f.name, formatFloat32Plain(Math.fround(f.meanAbs))]));
    if (s.hiddenFeatures > 0) lines.push(['', `(${s.hiddenFeatures} more features with non-zero SHAP values)`, '']);
    spec = shapSummarySpec(s, objective);
  } else {
    if (rowNumber > data.nRows) throw new UserError(`--row ${rowNumber}: ${flags.data} has ${data.nRows} rows`);
    const r = rowNumber - 1;
    const { columns } = modelColumns(model.featureNames, nF, data);
    const x = columns.map((c) => c[r]!);
    const contrib = shapValues(model, [x]);
    const w = shapWaterfall(contrib, x, names, top, (v) => formatFloat32Plain(v));
    lines.push(['step', 'feature = value', 'SHAP', 'running margin']);
    lines.push(['', 'E[f(x)]', '', formatFloat32Plain(Math.fround(w.base))]);
    w.steps.forEach((st, i) => lines.push([String(i + 1), st.label, formatFloat32Plain(Math.fround(st.shap)), formatFloat32Plain(Math.fround(st.end))]));
    lines.push(['', 'f(x)', '', formatFloat32Plain(Math.fround(w.margin))]);
    spec = shapWaterfallSpec(w, `row ${rowNumber} of ${flags.data}`, objective);
  }
  const width = lines[0]!.map((_, c) => Math.max(...lines.map((l) => (l[c] ?? '').length)));
  process.stdout.write(lines.map((l) => l.map((cell, c) => (c >= 2 ? cell.padStart(width[c]!) : cell.padEnd(width[c]!))).join('  ').trimEnd()).join('\n') + '\n');
  if (prefix !== null) {
    const files: [string, string][] = [
      [`${prefix}.svg`, await renderSvg(spec)],
      [`${prefix}.vl.json`, `${JSON.stringify(spec, null, 1)}\n`],
    ];
    for (const [path, text] of files) await writeFileAtomic(path, text);
    for (const [path] of files) info(`wrote ${path}`);
  }
}
