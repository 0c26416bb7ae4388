/**
 * The `lambdaboost` command line: commander front end, one file per command.
 */
import { Command, CommanderError } from 'commander';
import { biasCommand } from './bias.js';
import { dumpCommand } from './dump.js';
import { importanceCommand } from './importance.js';
import { evalCommand } from './eval.js';
import { simulateClicksCommand } from './simulate-clicks.js';
import { normalizeParamFlags } from './param-options.js';
import { pdpCommand } from './pdp.js';
import { predictCommand } from './predict.js';
import { serveCommand } from './serve.js';
import { EXIT_USAGE, reportError } from './run-command.js';
import { trainCommand } from './train.js';

/** Flags of `train` that are not parameters (never rewritten as aliases). */
const TRAIN_FLAGS = new Set(['data', 'valid', 'config', 'model-out', 'quiet', 'format', 'label', 'weight', 'qid', 'position', 'ignore', 'header', 'no-header', 'help', 'init-model', 'checkpoint-every', 'checkpoint-dir']);

/** Runs the CLI on `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const setStatus = (s: number): void => {
    status = s;
  };
  const program = new Command('lambdaboost')
    .description('Gradient boosting and learning to rank for Node.js, with XGBoost-compatible models')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showSuggestionAfterError(true);
  for (const make of [trainCommand, predictCommand, evalCommand, dumpCommand, simulateClicksCommand, serveCommand, importanceCommand, pdpCommand, biasCommand]) {
    program.addCommand(make(setStatus).exitOverride());
  }
  const args = argv[0] === 'train' ? ['train', ...normalizeParamFlags(argv.slice(1), TRAIN_FLAGS)] : argv;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    return reportError(e);
  }
  return status;
}
