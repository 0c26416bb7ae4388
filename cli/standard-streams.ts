/**
 * The CLI's standard streams when the other end goes away. `lambdaboost dump ... | head` closes
 * the pipe after ten lines; the next write fails with EPIPE, which Node reports as an 'error'
 * event on `process.stdout` (Node ignores SIGPIPE, so nothing else stops the process). Without a
 * listener that event is an uncaught exception and a stack trace. Here, once for every command:
 * a closed standard output ends the command quietly with status 0, as SIGPIPE ends a C program
 * (the reader has all it asked for); a closed standard error is ignored (there is nobody left to
 * tell), and the command goes on. Any other error of either stream ends the command with one
 * line and status 1.
 */

/** Status of a command whose standard output was closed by its reader. */
export const EXIT_STDOUT_CLOSED = 0;

let installed = false;

/** True for the errors of a write to a pipe or socket whose reader has gone. */
function isClosedPipe(e: NodeJS.ErrnoException): boolean {
  return e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || e.code === 'ECONNRESET';
}

/**
 * Installs the handlers on `process.stdout` and `process.stderr` (once per process; later calls do
 * nothing). `exit` ends the process; tests may pass their own.
 */
export function guardStandardStreams(exit: (status: number) => never = (s) => process.exit(s)): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (isClosedPipe(e)) exit(EXIT_STDOUT_CLOSED);
    try {
      process.stderr.write(`lambdaboost: cannot write to standard output (${e.code ?? e.message})\n`);
    } finally {
      exit(1);
    }
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (isClosedPipe(e)) return;
    exit(1);
  });
}
