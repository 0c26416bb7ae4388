/**
 * The `lambdaboost` command line: commander front end, one file per command.
 */
import { Command, CommanderError } from 'commander';
import { normalizeParamFlags } from './param-options.js';
import { EXIT_USAGE, reportError } from './run-command.js';
import { guardStandardStreams } from './standard-streams.js';
import { HELP_CONFIG } from './help-format.js';

type CommandFactory = (setStatus: (s: number) => void) => Command;

/**
 * Each command's module, loaded on demand: a run imports only the command it runs (every module
 * loaded up front cost ~40 ms of start-up per run); help, version and unknown commands load all.
 */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  train: async () => (await import('./train.js')).trainCommand,
  cv: async () => (await import('./cv.js')).cvCommand,
  predict: async () => (await import('./predict.js')).predictCommand,
  eval: async () => (await import('./eval.js')).evalCommand,
  dump: async () => (await import('./dump.js')).dumpCommand,
  'simulate-clicks': async () => (await import('./simulate-clicks.js')).simulateClicksCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  importance: async () => (await import('./importance.js')).importanceCommand,
  pdp: async () => (await import('./pdp.js')).pdpCommand,
  bias: async () => (await import('./bias.js')).biasCommand,
  shap: async () => (await import('./shap.js')).shapCommand,
  propensity: async () => (await import('./propensity.js')).propensityCommand,
};

/** Flags of `train` that are not parameters (never rewritten as aliases), besides the data options. */
const TRAIN_OWN_FLAGS = ['data', 'valid', 'config', 'model-out', 'quiet', 'help', 'init-model', 'checkpoint-every', 'checkpoint-dir'];

/**
 * Where commander writes: help to standard output, errors to standard error worded as every other
 * error of the CLI (`lambdaboost: required option '--model <file>' not specified`).
 */
const OUTPUT = {
  writeOut: (s: string): void => void process.stdout.write(s),
  writeErr: (s: string): void => void process.stderr.write(s),
  outputError: (s: string, write: (s: string) => void): void => write(s.replace(/^error: /, 'lambdaboost: ')),
};

/** Runs the CLI on `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  guardStandardStreams();
  let status = 0;
  const setStatus = (s: number): void => {
    status = s;
  };
  const program = new Command('lambdaboost')
    .description('Gradient boosting and learning to rank for Node.js, with XGBoost-compatible models')
    .version('0.1.0')
    .exitOverride()
    .configureOutput(OUTPUT)
    .configureHelp(HELP_CONFIG)
    .showSuggestionAfterError(true);
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  for (const name of names) program.addCommand((await COMMANDS[name]!())(setStatus).exitOverride().configureOutput(OUTPUT).configureHelp(HELP_CONFIG));
  const args = argv[0] === 'train' ? ['train', ...normalizeParamFlags(argv.slice(1), new Set([...TRAIN_OWN_FLAGS, ...(await import('./data-options.js')).DATA_FLAGS]))]
    : argv[0] === 'cv' ? ['cv', ...normalizeParamFlags(argv.slice(1), (await import('./cv.js')).CV_FLAGS)] : argv;
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
