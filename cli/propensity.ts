/**
 * `lambdaboost propensity`: fits a position-based click model by EM on a click log
 * (src/data/position-based-model.ts), prints the examination propensity of each position and writes
 * inverse-propensity row weights (1/theta for clicks, 1 otherwise) as a `.weight` file.
 */
import { Command } from 'commander';
import { loadDataset } from '../src/data/load.js';
import { fitPositionBasedModel, propensityWeights } from '../src/data/position-based-model.js';
import { addVerbosityOptions, verbosityOf, type VerbosityFlags } from './verbosity.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { addDataOptions, toLoadOptions, type DataFlags } from './data-options.js';
import { runCommand } from './run-command.js';

interface PropensityFlags extends DataFlags, VerbosityFlags {
  data: string;
  out?: string;
  maxWeight: string;
}

export function propensityCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('propensity')
    .description('fit a position-based click model by EM on a click log; print the propensities, write 1/propensity weights')
    .requiredOption('--data <file>', 'click log (label = click 0/1) with positions (--position or a .position file)')
    .option('--out <file.weight>', 'write one weight a row: 1/propensity for a click, 1 otherwise')
    .option('--max-weight <w>', 'clip the weights at this value', '100');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: PropensityFlags) => {
    setStatus(await runCommand(() => runPropensity(flags)));
  });
  return cmd;
}

async function runPropensity(flags: PropensityFlags): Promise<void> {
  const log = await loadDataset(flags.data, { ...toLoadOptions(flags), onInfo: () => {} });
  const model = fitPositionBasedModel(log);
  if (verbosityOf(flags) >= 1) {
    let s = `position-based model fitted by EM (${model.iterations} iterations); propensity relative to position ${model.positions[0]}:\nposition\tpropensity\n`;
    model.positions.forEach((p, i) => { s += `${p}\t${model.propensity[i]!.toFixed(4)}\n`; });
    process.stdout.write(s);
  }
  if (flags.out) {
    const w = propensityWeights(log, model, Number(flags.maxWeight));
    await writeFileAtomic(flags.out, `${Array.from(w, (v) => String(v)).join('\n')}\n`);
  }
}
