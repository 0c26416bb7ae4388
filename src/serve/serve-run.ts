/**
 * How `lambdaboost serve` runs, shared by the single-process server (single-server.ts) and the
 * cluster (cluster-primary.ts, cluster-worker.ts).
 */

export interface ServeRunOptions {
  /** The model file (read again by /reload and SIGHUP). */
  readonly model: string;
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Worker processes (1: serve in this process). */
  readonly workers: number;
  /** How long a stop waits for in-flight requests before cutting connections, in ms. */
  readonly drainMs: number;
  /** No request log (start, stop and reload lines still go to standard error). */
  readonly quiet: boolean;
}

/** Writes one line to standard error, whole. */
export function errLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The line printed on standard output once serving. */
export function listeningLine(url: string, model: string, features: number, trees: number, objective: string, workers: number): string {
  const w = workers > 1 ? `, ${workers} workers` : '';
  return `lambdaboost serve: listening on ${url} (${model}: ${features} features, ${trees} trees, ${objective}${w})\n`;
}
