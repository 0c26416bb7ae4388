/**
 * The primary of `lambdaboost serve --workers N`: forks N node:cluster workers (each loads the
 * model itself and serves on the shared port), is the one log stream (workers' lines arrive over
 * IPC and are written whole, prefixed with the worker's number), sums the workers' metrics for
 * /metrics, runs reloads (SIGHUP here or POST /reload on any worker) two-phase across all workers
 * (cluster-messages.ts), restarts a worker that dies, and on SIGTERM/SIGINT drains every worker
 * (up to drainMs), then exits; a second signal cuts the connections left.
 */
import cluster, { type Worker } from 'node:cluster';
import { UserError } from '../errors.js';
import type { ToPrimary, ToWorker } from './cluster-messages.js';
import { mergeSnapshots, renderMetrics, type MetricsSnapshot, type ModelInfo, type ReloadCounts } from './metrics.js';
import { describeModel, readModelBytes, type ModelBytes } from './served-model.js';
import { errLine, listeningLine, type ServeRunOptions } from './serve-run.js';

/** How long the primary waits for a worker's answer (prepare, snapshot). */
const ANSWER_TIMEOUT_MS = 60_000;
/** Restarts of dead workers allowed per minute before the primary gives up. */
const MAX_RESTARTS_PER_MINUTE = 10;

export async function runClusterPrimary(o: ServeRunOptions): Promise<void> {
  cluster.setupPrimary({ serialization: 'advanced' });
  const workers = new Map<number, { worker: Worker; n: number; ready: Promise<void> }>();
  const answers = new Map<string, (m: ToPrimary) => void>();
  let nextId = 0;
  let stopping = false;
  let current: { file: ModelBytes; info: ModelInfo } | null = null;
  const reloads: ReloadCounts = { ok: 0, failed: 0 };
  const restarts: number[] = [];
  let fatal: string | null = null;
  let stopped!: () => void;
  const allStopped = new Promise<void>((resolve) => (stopped = resolve));

  const post = (w: Worker, m: ToWorker): void => {
    if (w.isConnected()) w.send(m);
  };
  /** Sends `m` (with a fresh id) to `ws` and collects each one's answer of type `want`. */
  const askAll = <A extends ToPrimary>(ws: Worker[], make: (id: number) => ToWorker, want: A['t']): Promise<(A | null)[]> => {
    const id = nextId++;
    return Promise.all(
      ws.map(
        (w) =>
          new Promise<A | null>((resolve) => {
            const key = `${w.id}/${want}/${id}`;
            const timer = setTimeout(() => {
              answers.delete(key);
              resolve(null);
            }, ANSWER_TIMEOUT_MS);
            answers.set(key, (m) => {
              clearTimeout(timer);
              resolve(m as A);
            });
            w.once('exit', () => answers.get(key) && (answers.delete(key), clearTimeout(timer), resolve(null)));
            post(w, make(id));
          }),
      ),
    );
  };

  /** Loads `file` into `ws` two-phase; resolves with the model info, or rejects with why (nothing changed). */
  const install = async (ws: Worker[], file: ModelBytes): Promise<ModelInfo> => {
    type Prepared = Extract<ToPrimary, { t: 'prepared' }>;
    await Promise.all(ws.map((w) => workers.get(w.id)?.ready));
    let id = -1;
    const got = await askAll<Prepared>(ws, (i) => ((id = i), { t: 'prepare', id: i, path: file.path, bytes: file.bytes, sha256: file.sha256, readAt: file.readAt }), 'prepared');
    const bad = got.find((g) => g === null || !g.ok);
    if (bad !== undefined) {
      for (const w of ws) post(w, { t: 'abort', id });
      throw new Error(bad === null ? 'a worker did not answer' : (bad as { error: string }).error);
    }
    for (const w of ws) post(w, { t: 'commit', id });
    return (got[0] as Extract<Prepared, { ok: true }>).info;
  };

  let reloading: Promise<Record<string, unknown>> | null = null;
  const reload = (): Promise<Record<string, unknown>> => {
    reloading ??= (async () => {
      try {
        const file = await readModelBytes(o.model);
        const info = await install([...workers.values()].map((e) => e.worker), file);
        current = { file, info };
        reloads.ok++;
        errLine(`lambdaboost serve: reloaded ${o.model} (sha256 ${info.sha256.slice(0, 12)}, ${info.trees} trees) in ${workers.size} workers`);
        return describeModel(info);
      } catch (err) {
        reloads.failed++;
        const why = err instanceof Error ? err.message : String(err);
        errLine(`lambdaboost serve: reload failed, still serving the previous model: ${why}`);
        throw new Error(why);
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  };

  const metricsText = async (): Promise<string> => {
    type Snap = Extract<ToPrimary, { t: 'snapshot' }>;
    const ws = [...workers.values()].map((e) => e.worker);
    const snaps = (await askAll<Snap>(ws, (id) => ({ t: 'snapshot?', id }), 'snapshot')).filter((s): s is Snap => s !== null);
    const merged: MetricsSnapshot = mergeSnapshots(snaps.map((s) => s.snapshot));
    return renderMetrics(merged, current!.info, reloads, workers.size);
  };

  let listening: (url: string) => void;
  const firstListening = new Promise<string>((resolve) => (listening = resolve));
  const fork = (n: number): Worker => {
    const worker = cluster.fork();
    let isReady!: () => void;
    const ready = new Promise<void>((resolve) => (isReady = resolve));
    worker.once('exit', isReady);
    workers.set(worker.id, { worker, n, ready });
    worker.on('message', (m: ToPrimary) => {
      switch (m.t) {
        case 'ready':
          isReady();
          return;
        case 'log':
          errLine(`w${n} ${m.line}`);
          return;
        case 'listening':
          listening(m.url);
          return;
        case 'fatal':
          fatal ??= m.error;
          stop('fatal');
          return;
        case 'prepared':
        case 'snapshot': {
          const key = `${worker.id}/${m.t}/${m.id}`;
          answers.get(key)?.(m);
          answers.delete(key);
          return;
        }
        case 'metrics?':
          void metricsText().then((text) => post(worker, { t: 'metrics', id: m.id, text }));
          return;
        case 'reload?':
          reload().then(
            (description) => post(worker, { t: 'reloaded', id: m.id, ok: true, description }),
            (err: Error) => post(worker, { t: 'reloaded', id: m.id, ok: false, error: err.message }),
          );
          return;
      }
    });
    worker.on('exit', (code, signal) => {
      workers.delete(worker.id);
      if (stopping) {
        if (workers.size === 0) stopped();
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - 60_000) restarts.shift();
      errLine(`lambdaboost serve: worker ${n} exited (${signal ?? `status ${code}`}); ${restarts.length > MAX_RESTARTS_PER_MINUTE ? 'too many restarts, stopping' : 'starting another'}`);
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        fatal ??= `workers keep exiting (${restarts.length} in a minute)`;
        stop('fatal');
        return;
      }
      const again = fork(n);
      if (current) void install([again], current.file).catch((err: Error) => errLine(`lambdaboost serve: worker ${n}: ${err.message}`));
    });
    return worker;
  };

  let signals = 0;
  const stop = (why: NodeJS.Signals | 'fatal'): void => {
    signals++;
    if (signals === 1) {
      stopping = true;
      if (why !== 'fatal' && !o.quiet) errLine(`${why}: finishing in-flight requests (up to ${o.drainMs / 1000} s), then stopping`);
      if (workers.size === 0) stopped();
      for (const { worker } of workers.values()) post(worker, { t: 'drain' });
    } else {
      for (const { worker } of workers.values()) post(worker, { t: 'cut' });
    }
  };
  const onHup = (): void => void reload().catch(() => undefined);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', onHup);
  try {
    const file = await readModelBytes(o.model);
    for (let n = 1; n <= o.workers; n++) fork(n);
    const ws = [...workers.values()].map((e) => e.worker);
    try {
      current = { file, info: await install(ws, file) };
    } catch (err) {
      fatal = err instanceof Error ? err.message : String(err);
      stop('fatal');
    }
    if (fatal === null) {
      const url = await Promise.race([firstListening, allStopped.then(() => null)]);
      if (url !== null && current !== null) {
        const i = current.info;
        process.stdout.write(listeningLine(url, o.model, i.features, i.trees, i.objective, o.workers));
      }
    }
    await allStopped;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.off('SIGHUP', onHup);
  }
  // The model's own message (ModelError already names the file) or the listen error, as the CLI
  // prints a UserError: one line, exit 2.
  if (fatal !== null) throw new UserError(fatal);
  if (!o.quiet) errLine('lambdaboost serve: stopped');
}
