/**
 * Request metrics of `lambdaboost serve`, kept per process as plain counters (a snapshot is plain
 * data, so a cluster's workers send theirs to the primary, which sums them) and written in
 * Prometheus' text exposition format (version 0.0.4) for `GET /metrics`.
 */

/** Upper bounds of the latency histogram's buckets, in seconds (plus +Inf). */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** How a request ended, for the error counter. */
export type Outcome = 'ok' | 'client_error' | 'server_error' | 'aborted';

/** One process's counters; plain data (sent between processes as is). */
export interface MetricsSnapshot {
  /** Requests by `route status` key, e.g. `"/rank 200"`. */
  requests: Record<string, number>;
  /** Errors by `route outcome` key (outcome other than ok). */
  errors: Record<string, number>;
  /** Per route: bucket counts (LATENCY_BUCKETS.length + 1, the last +Inf), sum of seconds, count. */
  latency: Record<string, { buckets: number[]; sum: number; count: number }>;
  /** Rows scored. */
  rows: number;
  /** Cells holding a category not in the model's table (read as missing), by feature name. */
  unseen: Record<string, number>;
}

/** The model being served, for lambdaboost_model_info and friends. */
export interface ModelInfo {
  /** The model file as given on the command line. */
  readonly path: string;
  readonly objective: string;
  readonly features: number;
  readonly trees: number;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  /** When it was loaded, Unix seconds. */
  readonly loadedAt: number;
}

/** Reload outcomes so far. */
export interface ReloadCounts {
  ok: number;
  failed: number;
}

export class ServeMetrics {
  private snap: MetricsSnapshot = emptySnapshot();

  /**
   * Counts one finished request.
   * @param route the path (only known routes; others are counted as "other").
   * @param seconds time from the request's arrival to its answer (or abort).
   * @param rows rows scored (0 when none).
   */
  observe(route: string, status: number, outcome: Outcome, seconds: number, rows: number): void {
    const s = this.snap;
    const key = `${route} ${status}`;
    s.requests[key] = (s.requests[key] ?? 0) + 1;
    if (outcome !== 'ok') {
      const ek = `${route} ${outcome}`;
      s.errors[ek] = (s.errors[ek] ?? 0) + 1;
    }
    let h = s.latency[route];
    if (h === undefined) s.latency[route] = h = { buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]!) b++;
    h.buckets[b]!++;
    h.sum += seconds;
    h.count++;
    if (rows > 0) s.rows += rows;
  }

  /** Counts `count` cells of categorical feature `feature` holding categories the model does not have. */
  unseen(feature: string, count: number): void {
    this.snap.unseen[feature] = (this.snap.unseen[feature] ?? 0) + count;
  }

  /** A copy of the counters. */
  snapshot(): MetricsSnapshot {
    return structuredClone(this.snap);
  }
}

/** An empty snapshot. */
export function emptySnapshot(): MetricsSnapshot {
  return { requests: {}, errors: {}, latency: {}, rows: 0, unseen: {} };
}

/** The sum of several processes' snapshots. */
export function mergeSnapshots(snaps: readonly MetricsSnapshot[]): MetricsSnapshot {
  const out = emptySnapshot();
  for (const s of snaps) {
    for (const [k, v] of Object.entries(s.requests)) out.requests[k] = (out.requests[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.errors)) out.errors[k] = (out.errors[k] ?? 0) + v;
    for (const [k, h] of Object.entries(s.latency)) {
      let o = out.latency[k];
      if (o === undefined) out.latency[k] = o = { buckets: new Array<number>(h.buckets.length).fill(0), sum: 0, count: 0 };
      h.buckets.forEach((c, i) => (o!.buckets[i]! += c));
      o.sum += h.sum;
      o.count += h.count;
    }
    out.rows += s.rows;
    for (const [k, v] of Object.entries(s.unseen)) out.unseen[k] = (out.unseen[k] ?? 0) + v;
  }
  return out;
}

/** A Prometheus label value, escaped (backslash, double quote and line feed, as the format says). */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function splitKey(key: string): [string, string] {
  const i = key.lastIndexOf(' ');
  return [key.slice(0, i), key.slice(i + 1)];
}

/**
 * The metrics page: counters summed over `workers` processes (one series per route and status,
 * no per-worker label), the latency histogram, the model and reload state.
 */
export function renderMetrics(s: MetricsSnapshot, model: ModelInfo, reloads: ReloadCounts, workers: number): string {
  const lines: string[] = [];
  const head = (name: string, type: string, help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  head('lambdaboost_requests_total', 'counter', 'HTTP requests answered (or aborted by the client, status 499), by route and status, summed over workers.');
  for (const key of Object.keys(s.requests).sort()) {
    const [route, status] = splitKey(key);
    lines.push(`lambdaboost_requests_total{route="${label(route)}",status="${status}"} ${s.requests[key]}`);
  }
  head('lambdaboost_request_errors_total', 'counter', 'Requests that did not succeed, by route and kind (client_error: 4xx, server_error: 5xx, aborted: the client went away).');
  for (const key of Object.keys(s.errors).sort()) {
    const [route, kind] = splitKey(key);
    lines.push(`lambdaboost_request_errors_total{route="${label(route)}",kind="${kind}"} ${s.errors[key]}`);
  }
  head('lambdaboost_request_duration_seconds', 'histogram', 'Time from a request\'s arrival to its answer, by route.');
  for (const route of Object.keys(s.latency).sort()) {
    const h = s.latency[route]!;
    let cum = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cum += h.buckets[i]!;
      lines.push(`lambdaboost_request_duration_seconds_bucket{route="${label(route)}",le="${le}"} ${cum}`);
    });
    cum += h.buckets[LATENCY_BUCKETS.length]!;
    lines.push(`lambdaboost_request_duration_seconds_bucket{route="${label(route)}",le="+Inf"} ${cum}`);
    lines.push(`lambdaboost_request_duration_seconds_sum{route="${label(route)}"} ${h.sum}`);
    lines.push(`lambdaboost_request_duration_seconds_count{route="${label(route)}"} ${h.count}`);
  }
  head('lambdaboost_rows_scored_total', 'counter', 'Rows scored by /predict and /rank.');
  lines.push(`lambdaboost_rows_scored_total ${s.rows}`);
  head('lambdaboost_unseen_categories_total', 'counter', 'Cells of a categorical feature holding a category not in the model\'s table, scored as missing, by feature.');
  for (const f of Object.keys(s.unseen).sort()) lines.push(`lambdaboost_unseen_categories_total{feature="${label(f)}"} ${s.unseen[f]}`);
  head('lambdaboost_model_info', 'gauge', 'The model being served (value 1).');
  lines.push(
    `lambdaboost_model_info{path="${label(model.path)}",objective="${label(model.objective)}",features="${model.features}",trees="${model.trees}",sha256="${model.sha256}"} 1`,
  );
  head('lambdaboost_model_loaded_timestamp_seconds', 'gauge', 'When the model being served was loaded (Unix time).');
  lines.push(`lambdaboost_model_loaded_timestamp_seconds ${model.loadedAt}`);
  head('lambdaboost_model_reloads_total', 'counter', 'Model reloads (POST /reload, SIGHUP) by result; a failed one keeps the old model.');
  lines.push(`lambdaboost_model_reloads_total{result="ok"} ${reloads.ok}`, `lambdaboost_model_reloads_total{result="failed"} ${reloads.failed}`);
  head('lambdaboost_workers', 'gauge', 'Worker processes serving.');
  lines.push(`lambdaboost_workers ${workers}`);
  return lines.join('\n') + '\n';
}
