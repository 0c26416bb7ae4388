/**
 * How every command fails: a user error (bad file, bad parameter, bad model) prints one line,
 * `lambdaboost: <message>`, and exits 2 without a stack trace; anything else is a bug and prints
 * its stack (exit 1).
 */
import { UserError } from '../src/errors.js';

/** Exit status for bad input. */
export const EXIT_USAGE = 2;

/** Thrown by commands to stop with a status after printing their own output. */
export class ExitRequest extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/**
 * The error for a required option that was not given, worded as commander words its own
 * (`required option '--model <file>' not specified`), for options that may also come from
 * elsewhere (train's `--data` from `--config`). `also` says where else.
 */
export function missingOption(flag: string, also?: string): UserError {
  return new UserError(`required option '${flag}' not specified${also ? ` (${also})` : ''}`);
}

/** Runs a command body, mapping errors to an exit status. */
export async function runCommand(body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

/** Prints an error the way the CLI does and returns the exit status. */
export function reportError(e: unknown): number {
  if (e instanceof ExitRequest) return e.status;
  if (e instanceof UserError) {
    process.stderr.write(`lambdaboost: ${oneLine(e.message)}\n`);
    return EXIT_USAGE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`lambdaboost: internal error: ${err.stack ?? err.message}\n`);
  return 1;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
