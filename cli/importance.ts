/**
 * `lambdaboost importance`: feature importance of a model (XGBoost's get_score types), printed
 * as a sorted table or JSON; `--out PREFIX` also draws a horizontal bar chart, PREFIX.svg, and
 * writes its Vega-Lite spec, PREFIX.vl.json (chart-output.ts). Output files are written atomically.
 */
import { Command } from 'commander';
import { importanceSpec } from '../src/explain/charts/importance-spec.js';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { featureImportance, IMPORTANCE_TYPES, isImportanceType } from '../src/explain/importance.js';
import { outputLabels } from '../src/explain/output-labels.js';
import { UserError } from '../src/errors.js';
import { readAnyModelFile } from '../src/model-io/any-model.js';
import { lightgbmImportance } from '../src/explain/lightgbm-importance.js';
import { formatDouble17 } from '../src/util/double-format.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { formatFloat32Plain } from '../src/util/float32-format.js';
import { chartPrefix } from './chart-output.js';
import { addOutputOptions, outputIndex, type OutputFlags } from './output-option.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';
import { wholeNumber } from './whole-number.js';

interface ImportanceFlags extends VerbosityFlags, OutputFlags {
  model: string;
  type: string;
  json?: boolean;
  top?: string;
  out?: string;
}

/** What --out writes: the chart and its Vega-Lite spec (chart-output.ts). */
const CHART_FILES = ['.svg', '.vl.json'];

/** Bars drawn when --top is not given. */
const DEFAULT_CHART_BARS = 20;

/** The `importance` command; `setStatus` receives the exit status (0, 2 for bad input). */
export function importanceCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('importance')
    .description('feature importance (XGBoost get_score): a sorted table, JSON, or a bar chart')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON, from lambdaboost or XGBoost; or a LightGBM text model)')
    .option('--type <type>', `importance type: ${IMPORTANCE_TYPES.join(', ')}`, 'gain')
    .option('--json', 'print {"<feature>": score, ...} (sorted) instead of a table')
    .option('--top <n>', `only the n most important features (default: all in the table, ${DEFAULT_CHART_BARS} in the chart)`)
    .option('--out <prefix>', 'also draw a horizontal bar chart: PREFIX.svg and its Vega-Lite spec PREFIX.vl.json (a .svg or .vl.json ending is taken off)')
    .action(async (flags: ImportanceFlags) => {
      setStatus(await runCommand(() => runImportance(flags)));
    });
  addOutputOptions(cmd, 'the importance over the trees', 'the total, with a column per output in the table');
  return addVerbosityOptions(cmd);
}

async function runImportance(flags: ImportanceFlags): Promise<void> {
  const info = messagePrinter(flags);
  const type = flags.type;
  if (!isImportanceType(type)) throw new UserError(`--type must be one of ${IMPORTANCE_TYPES.join(', ')}, not ${JSON.stringify(type)}`);
  let top: number | undefined;
  if (flags.top !== undefined) {
    wholeNumber('--top', flags.top, 1);
    top = Number(flags.top);
  }
  const prefix = flags.out !== undefined ? chartPrefix('--out', flags.out, CHART_FILES) : null;
  const any = await readAnyModelFile(flags.model);
  // LightGBM scores are doubles (17 significant digits); XGBoost's are float32.
  const scoreText = any.format === 'lightgbm' ? formatDouble17 : formatFloat32Plain;
  const K = any.format === 'xgboost' ? any.model.nOutputGroups : 1;
  const output = outputIndex(flags, any.format === 'xgboost' ? any.model : null, flags.model);
  const scores = any.format === 'lightgbm' ? lightgbmImportance(any.model, type) : featureImportance(any.model, type, output);
  const listed = top === undefined ? scores : scores.slice(0, top);
  // A K-output model's total table also shows each output's score (its trees only; '-' where unused).
  const perOutput = any.format === 'xgboost' && K > 1 && output === undefined
    ? Array.from({ length: K }, (_, k) => new Map(featureImportance(any.model, type, k).map((s) => [s.feature, s.score])))
    : null;
  const labels = any.format === 'xgboost' ? outputLabels(any.model) : [];
  if (output !== undefined) info(`importance over the trees of ${labels[output]!}`);
  if (flags.json) {
    const obj: Record<string, number> = {};
    for (const s of listed) obj[s.name] = Number(scoreText(s.score));
    process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
  } else {
    const rows = listed.map((s, i) => [String(i + 1), s.name, scoreText(s.score), ...(perOutput ?? []).map((m) => (m.has(s.feature) ? scoreText(m.get(s.feature)!) : '-'))]);
    const header = ['rank', 'feature', perOutput ? `${type} (total)` : type, ...(perOutput ? labels : [])];
    const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]): string => cells.map((cell, c) => (c >= 2 ? cell.padStart(width[c]!) : cell.padEnd(width[c]!))).join('  ').trimEnd();
    process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
  }
  if (scores.length === 0) info('no feature is used by any split');
  if (prefix !== null) {
    const spec = importanceSpec(scores, type, top ?? DEFAULT_CHART_BARS);
    await writeFileAtomic(`${prefix}.svg`, await renderSvg(spec));
    await writeFileAtomic(`${prefix}.vl.json`, `${JSON.stringify(spec, null, 1)}\n`);
    info(`wrote ${prefix}.svg and ${prefix}.vl.json`);
  }
}

