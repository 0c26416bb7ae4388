/**
 * `lambdaboost serve`: an HTTP scoring server over one model, on Node's http module, in one
 * process or in `--workers N` node:cluster workers (each loading the model itself). Endpoints:
 * GET /health, POST /predict, POST /rank, GET /metrics, POST /reload (see src/serve/handler.ts).
 * Prints the listening address on standard output, one log line per request on standard error
 * (unless --quiet), reloads the model file on SIGHUP, and stops gracefully on SIGTERM or SIGINT
 * (in-flight requests get up to --drain-seconds; a second signal cuts open connections), exiting 0.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { ParamError } from '../src/errors.js';
import { runClusterPrimary } from '../src/serve/cluster-primary.js';
import { runClusterWorker } from '../src/serve/cluster-worker.js';
import { DEFAULT_MAX_BODY_BYTES } from '../src/serve/server.js';
import type { ServeRunOptions } from '../src/serve/serve-run.js';
import { runSingleServer } from '../src/serve/single-server.js';
import { runCommand } from './run-command.js';

/** Default of --drain-seconds. */
const DEFAULT_DRAIN_SECONDS = 10;

interface ServeFlags {
  model: string;
  host: string;
  port: string;
  quiet?: boolean;
  maxBodyBytes: string;
  workers: string;
  drainSeconds: string;
}

export function serveCommand(setStatus: (s: number) => void): Command {
  return new Command('serve')
    .description('serve a model over HTTP: GET /health, POST /predict, POST /rank, GET /metrics, POST /reload')
    .requiredOption('--model <file>', 'model file (XGBoost JSON or UBJSON, from lambdaboost or XGBoost; or a LightGBM text model)')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .option('--max-body-bytes <n>', 'largest request body accepted, in bytes', String(DEFAULT_MAX_BODY_BYTES))
    .option('--workers <n>', 'worker processes, each loading the model (default: the machine\'s cores; 1 = this process)', String(availableParallelism()))
    .option('--drain-seconds <s>', 'on SIGTERM/SIGINT, how long in-flight requests may take before connections are cut', String(DEFAULT_DRAIN_SECONDS))
    .option('--quiet', 'no request log')
    .action(async (flags: ServeFlags) => {
      setStatus(await runCommand(() => runServe(flags)));
    });
}

async function runServe(flags: ServeFlags): Promise<void> {
  const drainSeconds = Number(flags.drainSeconds);
  if (flags.drainSeconds.trim() === '' || !(drainSeconds >= 0 && drainSeconds <= 86_400)) {
    throw new ParamError(`--drain-seconds must be a number of seconds in [0, 86400], got ${JSON.stringify(flags.drainSeconds)}`);
  }
  const options: ServeRunOptions = {
    model: flags.model,
    host: flags.host,
    port: integerFlag('--port', flags.port, 0, 65535),
    maxBodyBytes: integerFlag('--max-body-bytes', flags.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER),
    workers: integerFlag('--workers', flags.workers, 1, 256),
    drainMs: Math.round(drainSeconds * 1000),
    quiet: flags.quiet === true,
  };
  if (cluster.isWorker) await runClusterWorker(options);
  else if (options.workers === 1) await runSingleServer(options);
  else await runClusterPrimary(options);
}

function integerFlag(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new ParamError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`);
  }
  return n;
}
