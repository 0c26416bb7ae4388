/**
 * `lambdaboost bias`: the position biases an Unbiased LambdaMART model learned, as a table and
 * (with `--out`) a chart: SVG plus its Vega-Lite spec next to it (`.vl.json`).
 */
import { Command } from 'commander';
import { renderSvg } from '../src/explain/charts/render-svg.js';
import { positionBiasSpec } from '../src/explain/charts/position-bias-spec.js';
import { ModelError } from '../src/errors.js';
import { parsePositionBiases } from '../src/objective/ranking-position-bias.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { runCommand } from './run-command.js';

interface BiasFlags {
  model: string;
  out?: string;
  json?: boolean;
}

export function biasCommand(setStatus: (s: number) => void): Command {
  return new Command('bias')
    .description('show the position biases (t+, t-) learned by Unbiased LambdaMART')
    .requiredOption('--model <file>', 'model trained with lambdarank_unbiased (ours or XGBoost\'s)')
    .option('--out <file.svg>', 'draw them: writes the SVG and a Vega-Lite spec (<file>.vl.json)')
    .option('--json', 'print { t_plus, t_minus } as JSON')
    .action(async (flags: BiasFlags) => {
      setStatus(await runCommand(() => runBias(flags)));
    });
}

async function runBias(flags: BiasFlags): Promise<void> {
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
  if (flags.out) {
    const spec = positionBiasSpec(tPlus.slice(0, k), tMinus.slice(0, k), `model ${flags.model}${omitted > 0 ? `; positions ${k}+ never shown` : ''}`);
    const vl = flags.out.replace(/\.svg$/i, '') + '.vl.json';
    await writeFileAtomic(vl, `${JSON.stringify(spec, null, 2)}\n`);
    await writeFileAtomic(flags.out, await renderSvg(spec));
    process.stderr.write(`wrote ${flags.out} and ${vl}\n`);
  }
}
