/**
 * A worker of `lambdaboost serve --workers N` (a node:cluster worker running the same command
 * line): loads each model the primary sends (two-phase, cluster-messages.ts), serves on the port
 * the cluster shares, sends its log lines and metrics to the primary, and drains when the
 * primary says so. Signals are the primary's business: a terminal's Ctrl-C reaches the whole
 * process group, and the primary turns it into one orderly drain.
 */
import type { ToPrimary, ToWorker } from './cluster-messages.js';
import { ServeMetrics } from './metrics.js';
import type { Ranker } from './ranker.js';
import { servedModel } from './served-model.js';
import { startServer, type RunningServer } from './server.js';
import type { ServeRunOptions } from './serve-run.js';

function send(m: ToPrimary): void {
  process.send?.(m);
}

export async function runClusterWorker(o: ServeRunOptions): Promise<void> {
  const metrics = new ServeMetrics();
  let running: RunningServer | null = null;
  let pending: { id: number; ranker: Ranker } | null = null;
  let nextId = 0;
  const waiting = new Map<number, (m: ToWorker) => void>();
  const ask = (m: ToPrimary & { id: number }): Promise<ToWorker> =>
    new Promise((resolve) => {
      waiting.set(m.id, resolve);
      send(m);
    });
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  process.on('SIGHUP', ignore);

  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const drain = (): void => {
    if (running === null) done();
    else void running.close().then(done);
  };

  const onMessage = async (m: ToWorker): Promise<void> => {
    switch (m.t) {
      case 'prepare':
        try {
          const next = servedModel({ path: m.path, bytes: m.bytes, sha256: m.sha256, readAt: m.readAt });
          pending = { id: m.id, ranker: next.ranker };
          send({ t: 'prepared', id: m.id, ok: true, info: next.info });
        } catch (err) {
          pending = null;
          send({ t: 'prepared', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
        }
        return;
      case 'abort':
        if (pending?.id === m.id) pending = null;
        return;
      case 'commit': {
        if (pending?.id !== m.id) return;
        const ranker = pending.ranker;
        pending = null;
        if (running !== null) {
          running.handler.setRanker(ranker);
          return;
        }
        try {
          running = await startServer(ranker, {
            host: o.host,
            port: o.port,
            maxBodyBytes: o.maxBodyBytes,
            shutdownTimeoutMs: o.drainMs,
            log: o.quiet ? null : (line) => send({ t: 'log', line }),
            metrics,
            control: {
              metricsText: async () => {
                const r = await ask({ t: 'metrics?', id: nextId++ });
                return r.t === 'metrics' ? r.text : '';
              },
              reload: async () => {
                const r = await ask({ t: 'reload?', id: nextId++ });
                if (r.t !== 'reloaded') throw new Error('no answer from the primary');
                if (!r.ok) throw new Error(r.error);
                return r.description;
              },
            },
          });
          send({ t: 'listening', url: running.url });
        } catch (err) {
          send({ t: 'fatal', error: err instanceof Error ? err.message : String(err) });
          done();
        }
        return;
      }
      case 'snapshot?':
        send({ t: 'snapshot', id: m.id, snapshot: metrics.snapshot() });
        return;
      case 'metrics':
      case 'reloaded':
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
        return;
      case 'drain':
        drain();
        return;
      case 'cut':
        running?.server.closeAllConnections();
        return;
    }
  };
  process.on('message', (m: ToWorker) => void onMessage(m));
  send({ t: 'ready' });
  // The primary gone (killed): stop as if told to drain.
  process.on('disconnect', drain);
  await finished;
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  process.off('SIGHUP', ignore);
  process.disconnect?.();
}
