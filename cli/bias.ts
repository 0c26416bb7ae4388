/**
 * `lambdaboost bias`: the position biases an Unbiased LambdaMART model learned (t+, t-), or the
 * additive bias factors of lambdarank with positions (LightGBM's method), as a table and
 * (with `--out PREFIX`) a chart: PREFIX.svg plus its Vega-Lite spec PREFIX.vl.json (chart-output.ts).
 */
import { Command } from 'commander';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { positionBiasSpec, positionFactorSpec } from '../src/explain/charts/position-bias-spec.js';
import { ModelError } from '../src/errors.js';
import { parseLightGbmBias } from '../src/objective/lightgbm-position-bias.js';
import { parsePositionBiases, positionBiasFromJSON, type PositionBiases } from '../src/objective/ranking-position-bias.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { chartPrefix } from './chart-output.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface BiasFlags extends VerbosityFlags {
  model: string;
  out?: string;
  json?: boolean;
}

/** What --out writes (chart-output.ts). */
const CHART_FILES = ['.svg', '.vl.json'];

export function biasCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('bias')
    .description('show the position biases learned by Unbiased LambdaMART (t+, t-) or by lambdarank with positions (additive factors)')
    .requiredOption('--model <file>', 'model trained with lambdarank_unbiased (ours or XGBoost\'s) or lambdarank with positions')
    .option('--out <prefix>', 'draw them: PREFIX.svg and its Vega-Lite spec PREFIX.vl.json (a .svg or .vl.json ending is taken off)')
    .option('--json', 'print { t_plus, t_minus } (or { position, factor }) as JSON')
    .action(async (flags: BiasFlags) => {
      setStatus(await runCommand(() => runBias(flags)));
    });
  return addVerbosityOptions(cmd);
}

async function runBias(flags: BiasFlags): Promise<void> {
  const info = messagePrinter(flags);
  const prefix = flags.out !== undefined ? chartPrefix('--out', flags.out, CHART_FILES) : null;
  const model = await readModelFile(flags.model);
  const additive = parseLightGbmBias(model.extra.position_bias, flags.model);
  if (additive !== null) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ position: additive.position, factor: additive.factor })}\n`);
    else process.stdout.write(`position\tfactor\n${additive.position.map((p, i) => `${p}\t${additive.factor[i]!.toFixed(4)}\n`).join('')}`);
    if (prefix !== null) {
      await writeChart(prefix, positionFactorSpec(additive.position, additive.factor, `model ${flags.model}; LightGBM's additive position bias`));
      info(`wrote ${prefix}.svg and ${prefix}.vl.json`);
    }
    return;
  }
  // Ours keeps full precision (null = no estimate) under the lambdaboost key; XGBoost's objective
  // has "ti+"/"tj-", where a position without pair costs is 0.
  const ours = positionBiasFromJSON(model.extra.position_bias, flags.model);
  const xgb = ours ? null : parsePositionBiases(model.objective.json, flags.model);
  const b = ours ?? (xgb ? {
    ...xgb, base: 0,
    plusEstimated: Uint8Array.from(xgb.tPlus, (v) => (v > 0 ? 1 : 0)),
    minusEstimated: Uint8Array.from(xgb.tMinus, (v) => (v > 0 ? 1 : 0)),
  } : null);
  if (!b) throw new ModelError(flags.model, 'has no position biases (train with lambdarank_unbiased=true, or lambdarank with positions)');
  const [tPlus, tMinus] = estimates(b);
  if (flags.json) process.stdout.write(`${JSON.stringify({ t_plus: tPlus, t_minus: tMinus, position_base: b.base })}\n`);
  else process.stdout.write(positionBiasTable(b));
  if (prefix !== null) {
    await writeChart(prefix, positionBiasSpec(tPlus, tMinus, `model ${flags.model}; relative to position ${b.base}; no point = no estimate`, b.base));
    info(`wrote ${prefix}.svg and ${prefix}.vl.json`);
  }
}

/** PREFIX.svg and PREFIX.vl.json of a chart. */
async function writeChart(prefix: string, spec: Parameters<typeof renderSvg>[0]): Promise<void> {
  await writeFileAtomic(`${prefix}.svg`, await renderSvg(spec));
  await writeFileAtomic(`${prefix}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
}

/** t+ and t- with null where there is no estimate. */
function estimates(b: PositionBiases): [(number | null)[], (number | null)[]] {
  const one = (v: Float64Array, f: Uint8Array | undefined): (number | null)[] => Array.from(v, (x, i) => (f && f[i] === 0 ? null : x));
  return [one(b.tPlus, b.plusEstimated), one(b.tMinus, b.minusEstimated)];
}

/**
 * The biases as a table, `position<TAB>t+<TAB>t-` with displayed positions; "no estimate" where a
 * position got no pair cost; trailing positions without any estimate in one closing line.
 */
export function positionBiasTable(b: PositionBiases & { base: number }): string {
  const [tPlus, tMinus] = estimates(b);
  let k = tPlus.length;
  while (k > 1 && tPlus[k - 1] === null && tMinus[k - 1] === null) k--;
  const cell = (v: number | null): string => (v === null ? 'no estimate' : v.toFixed(4));
  let s = 'position\tt+\tt-\n';
  for (let i = 0; i < k; i++) s += `${b.base + i}\t${cell(tPlus[i]!)}\t${cell(tMinus[i]!)}\n`;
  if (k < tPlus.length) s += `(positions ${b.base + k}..${b.base + tPlus.length - 1}: no estimate, never shown or never in a pair)\n`;
  return s;
}
