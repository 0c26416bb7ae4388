/**
 * `lambdaboost serve --workers 1`: one process serves. SIGHUP or POST /reload loads the model
 * file again (a bad file keeps the old model); SIGTERM or SIGINT drains (up to drainMs) and stops;
 * a second signal cuts the connections left.
 */
import { ServeMetrics, renderMetrics, type ReloadCounts } from './metrics.js';
import { describeModel, readModelBytes, servedModel } from './served-model.js';
import { startServer } from './server.js';
import { errLine, listeningLine, type ServeRunOptions } from './serve-run.js';

export async function runSingleServer(o: ServeRunOptions): Promise<void> {
  let current = servedModel(await readModelBytes(o.model));
  const metrics = new ServeMetrics();
  const reloads: ReloadCounts = { ok: 0, failed: 0 };
  let reloading: Promise<Record<string, unknown>> | null = null;
  const reload = (): Promise<Record<string, unknown>> => {
    reloading ??= (async () => {
      try {
        const next = servedModel(await readModelBytes(o.model));
        running.handler.setRanker(next.ranker);
        current = next;
        reloads.ok++;
        errLine(`lambdaboost serve: reloaded ${o.model} (sha256 ${next.info.sha256.slice(0, 12)}, ${next.info.trees} trees)`);
        return describeModel(next.info);
      } catch (err) {
        reloads.failed++;
        const why = err instanceof Error ? err.message : String(err);
        errLine(`lambdaboost serve: reload failed, still serving the previous model: ${why}`);
        throw err;
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  };
  const running = await startServer(current.ranker, {
    host: o.host,
    port: o.port,
    maxBodyBytes: o.maxBodyBytes,
    shutdownTimeoutMs: o.drainMs,
    log: o.quiet ? null : errLine,
    metrics,
    control: {
      metricsText: async () => renderMetrics(metrics.snapshot(), current.info, reloads, 1),
      reload,
    },
  });
  const r = current.ranker;
  process.stdout.write(listeningLine(running.url, o.model, r.nFeatures, r.nTrees, r.objective, 1));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      if (!o.quiet) errLine(`${signal}: finishing in-flight requests (up to ${o.drainMs / 1000} s), then stopping`);
      void running.close();
    } else {
      running.server.closeAllConnections();
    }
  };
  const onHup = (): void => void reload().catch(() => undefined);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onHup);
  try {
    await running.closed;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onHup);
  }
  if (!o.quiet) errLine('lambdaboost serve: stopped');
}
