/**
 * `lambdaboost dump`: the model's trees as readable text (XGBoost's dump format).
 */
import { Command } from 'commander';
import { dumpModel } from '../src/model-io/dump.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { checkOutputFile } from './output-paths.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface DumpFlags extends VerbosityFlags {
  model: string;
  withStats?: boolean;
  out?: string;
}

export function dumpCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('dump')
    .description('print the trees of a model as text')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON)')
    .option('--with-stats', 'include gain and cover of every node')
    .option('--out <file>', 'output file (default: standard output)')
    .action(async (flags: DumpFlags) => {
      setStatus(
        await runCommand(async () => {
          const info = messagePrinter(flags);
          if (flags.out !== undefined) checkOutputFile('--out', flags.out);
          const model = await readModelFile(flags.model);
          const text = dumpModel(model, { withStats: flags.withStats === true });
          if (flags.out) {
            await writeFileAtomic(flags.out, text);
            info(`wrote ${model.trees.length} trees to ${flags.out}`);
          } else process.stdout.write(text);
        }),
      );
    });
  return addVerbosityOptions(cmd);
}
