/**
 * `--quiet` and `--verbosity` for every command that prints: 0 (as --quiet) = errors only,
 * 1 = messages on stderr (default), 2+ = as 1 (train adds phase timings; its --verbosity is the
 * parameter of the table). Data written to stdout (predictions, dumps, tables) is never silenced.
 */
import type { Command } from 'commander';
import { UserError } from '../src/errors.js';

/** The flags added by `addVerbosityOptions`. */
export interface VerbosityFlags {
  quiet?: boolean;
  verbosity?: string;
}

/** Adds `--quiet` and `--verbosity <n>` to `cmd`. */
export function addVerbosityOptions(cmd: Command): Command {
  return cmd
    .option('--quiet', 'print nothing but errors (as --verbosity 0)')
    .option('--verbosity <n>', '0 = errors only, 1 = messages on stderr, 2+ = as 1', '1');
}

/** The verbosity level the flags ask for (0 with --quiet); throws a UserError for a bad value. */
export function verbosityOf(flags: VerbosityFlags): number {
  const text = flags.verbosity ?? '1';
  if (!/^\s*[0-3]\s*$/.test(text)) throw new UserError(`--verbosity must be 0, 1, 2 or 3, not ${JSON.stringify(text)}`);
  return flags.quiet === true ? 0 : Number(text);
}

/** A function printing one message line on stderr when the verbosity is at least 1. */
export function messagePrinter(flags: VerbosityFlags): (message: string) => void {
  const on = verbosityOf(flags) >= 1;
  return (message) => {
    if (on) process.stderr.write(`${message}\n`);
  };
}
