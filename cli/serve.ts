/**
 * `lambdaboost serve`: an HTTP scoring server over one model (loaded once at start), on Node's
 * http module. Endpoints: GET /health, POST /predict, POST /rank (see src/serve/handler.ts).
 * Prints the listening address on standard output, one log line per request on standard error
 * (unless --quiet), and stops gracefully on SIGTERM or SIGINT (a second signal cuts open
 * connections), exiting 0.
 */
import { Command } from 'commander';
import { ParamError } from '../src/errors.js';
import { loadRanker } from '../src/serve/load-ranker.js';
import { DEFAULT_MAX_BODY_BYTES, startServer } from '../src/serve/server.js';
import { runCommand } from './run-command.js';

interface ServeFlags {
  model: string;
  host: string;
  port: string;
  quiet?: boolean;
  maxBodyBytes: string;
}

export function serveCommand(setStatus: (s: number) => void): Command {
  return new Command('serve')
    .description('serve a model over HTTP: GET /health, POST /predict, POST /rank')
    .requiredOption('--model <file>', 'model file (XGBoost JSON, from lambdaboost or XGBoost)')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .option('--max-body-bytes <n>', 'largest request body accepted, in bytes', String(DEFAULT_MAX_BODY_BYTES))
    .option('--quiet', 'no request log')
    .action(async (flags: ServeFlags) => {
      setStatus(await runCommand(() => runServe(flags)));
    });
}

async function runServe(flags: ServeFlags): Promise<void> {
  const port = integerFlag('--port', flags.port, 0, 65535);
  const maxBodyBytes = integerFlag('--max-body-bytes', flags.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER);
  const ranker = await loadRanker(flags.model);
  const running = await startServer(ranker, {
    host: flags.host,
    port,
    maxBodyBytes,
    log: flags.quiet ? null : (line) => void process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `lambdaboost serve: listening on ${running.url} (${flags.model}: ${ranker.nFeatures} features, ${ranker.nTrees} trees, ${ranker.objective})\n`,
  );
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      if (!flags.quiet) process.stderr.write(`${signal}: finishing in-flight requests, then stopping\n`);
      void running.close();
    } else {
      running.server.closeAllConnections();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await running.closed;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  if (!flags.quiet) process.stderr.write('lambdaboost serve: stopped\n');
}

function integerFlag(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new ParamError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`);
  }
  return n;
}
