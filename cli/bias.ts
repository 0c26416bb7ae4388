/**
 * `lambdaboost bias`: the position biases an Unbiased LambdaMART model learned, as a table and
 * (with `--out PREFIX`) a chart: PREFIX.svg plus its Vega-Lite spec PREFIX.vl.json (chart-output.ts).
 */
import { Command } from 'commander';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { positionBiasSpec } from '../src/explain/charts/position-bias-spec.js';
import { ModelError } from '../src/errors.js';
import { parsePositionBiases } from '../src/objective/ranking-position-bias.js';
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
    .description('show the position biases (t+, t-) learned by Unbiased LambdaMART')
    .requiredOption('--model <file>', 'model trained with lambdarank_unbiased (ours or XGBoost\'s)')
    .option('--out <prefix>', 'draw them: PREFIX.svg and its Vega-Lite spec PREFIX.vl.json (a .svg or .vl.json ending is taken off)')
    .option('--json', 'print { t_plus, t_minus } as JSON')
    .action(async (flags: BiasFlags) => {
      setStatus(await runCommand(() => runBias(flags)));
    });
  return addVerbosityOptions(cmd);
}

async function runBias(flags: BiasFlags): Promise<void> {
  const info = messagePrinter(flags);
  const prefix = flags.out !== undefined ? chartPrefix('--out', flags.out, CHART_FILES) : null;
  const model = await readModelFile(flags.model);
  // Ours keeps full precision under the lambdaboost key; XGBoost's objective has "ti+"/"tj-".
  const ours = model.extra.position_bias as { t_plus?: number[]; t_minus?: number[] } | undefined;
  const xgb = parsePositionBiases(model.objective.json, flags.model);
  const tPlus = ours?.t_plus ?? (xgb ? Array.from(xgb.tPlus) : null);
  const tMinus = ours?.t_minus ?? (xgb ? Array.from(xgb.tMinus) : null);
  if (!tPlus || !tMinus) throw new ModelError(flags.model, 'has no position biases (train with lambdarank_unbiased=true)');
  // Positions never observed in training keep a bias of 0 (no pairs): show the observed ones.
  let k = tPlus.length;
  while (k > 1 && tPlus[k - 1] === 0 && tMinus[k - 1] === 0) k--;
  const omitted = tPlus.length - k;
  if (flags.json) process.stdout.write(`${JSON.stringify({ t_plus: tPlus, t_minus: tMinus })}\n`);
  else {
    let s = 'position\tt+\tt-\n';
    for (let i = 0; i < k; i++) s += `${i}\t${tPlus[i]!.toFixed(4)}\t${tMinus[i]!.toFixed(4)}\n`;
    if (omitted > 0) s += `(positions ${k}..${tPlus.length - 1} were never shown in training: no estimate)\n`;
    process.stdout.write(s);
  }
  if (prefix !== null) {
    const spec = positionBiasSpec(tPlus.slice(0, k), tMinus.slice(0, k), `model ${flags.model}${omitted > 0 ? `; positions ${k}+ never shown` : ''}`);
    await writeFileAtomic(`${prefix}.svg`, await renderSvg(spec));
    await writeFileAtomic(`${prefix}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    info(`wrote ${prefix}.svg and ${prefix}.vl.json`);
  }
}
