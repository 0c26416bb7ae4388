/**
 * `lambdaboost dump`: the model's trees as readable text (XGBoost's dump format).
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { dumpModel, dumpModelJSON, parseFeatureMap } from '../src/model-io/dump.js';
import { UserError } from '../src/errors.js';
import { readModelFile } from '../src/model-io/model-file.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { checkOutputFile } from './output-paths.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface DumpFlags extends VerbosityFlags {
  model: string;
  withStats?: boolean;
  out?: string;
  format: string;
  fmap?: string;
}

export function dumpCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('dump')
    .description('print the trees of a model as text')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON)')
    .option('--with-stats', 'include gain and cover of every node')
    .option('--out <file>', 'output file (default: standard output)')
    .option('--format <format>', 'text (XGBoost\'s text dump) or json (XGBoost\'s dump_model JSON, read by Elasticsearch/OpenSearch LTR and Vespa)', 'text')
    .option('--fmap <file>', 'XGBoost feature map: "<index> <name> <type>" lines, types i, q, int, float, c')
    .action(async (flags: DumpFlags) => {
      setStatus(
        await runCommand(async () => {
          const info = messagePrinter(flags);
          if (flags.format !== 'text' && flags.format !== 'json') throw new UserError(`--format must be text or json, not ${JSON.stringify(flags.format)}`);
          if (flags.out !== undefined) checkOutputFile('--out', flags.out);
          const fmap = flags.fmap === undefined ? undefined : parseFeatureMap(readText(flags.fmap), flags.fmap);
          const model = await readModelFile(flags.model);
          const options = { withStats: flags.withStats === true, ...(fmap ? { featureNames: fmap.names, featureTypes: fmap.types } : {}) };
          const text = flags.format === 'json' ? dumpModelJSON(model, options) : dumpModel(model, options);
          if (flags.out) {
            await writeFileAtomic(flags.out, text);
            info(`wrote ${model.trees.length} trees to ${flags.out}`);
          } else process.stdout.write(text);
        }),
      );
    });
  return addVerbosityOptions(cmd);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${path}: cannot read the feature map (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
