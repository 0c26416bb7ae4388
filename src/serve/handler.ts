/**
 * ScoringHandler: the HTTP endpoints of `lambdaboost serve` over one Ranker.
 *
 * - `GET /health`: `{"status": "ok", "model": {"features": {"count", "names"?}, "trees", "objective"}}`
 * - `POST /predict` `{"rows": [...], "margin"?: bool}`: `{"scores": [...]}`, output space
 *   (a K-class model: one array of K probabilities, or margins, a row; multi:softmax the class index)
 *   unless `"margin": true`.
 * - `POST /rank`, same body: `{"order": [...], "scores": [...]}`, order = row indices best
 *   first (ties in input order), scores in input order, margins unless `"margin": false`.
 * - `GET /metrics`: Prometheus text (metrics.ts), from the ServeControl.
 * - `POST /reload`: loads the model file again through the ServeControl; 200 with the new model,
 *   or 422 saying why and still serving the old one.
 *
 * Every refusal is a one-line `{"error": "..."}` with status 400, 404, 405, 413, 422 (or 500 for
 * a bug, whose stack goes to the log). A request whose client hangs up first is logged as 499
 * with the word "aborted", never as an internal error. Scores are float32 values written as JSON
 * numbers that read back as the same float32 (non-finite ones as null).
 *
 * The model is swapped with `setRanker`; a request is scored by the model that was current when
 * it arrived, so requests in flight during a reload finish on the old one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../errors.js';
import { objectiveInfo } from '../model-io/objectives.js';
import { FastBodyParser } from './fast-body-parser.js';
import { HttpError } from './http-error.js';
import { parseScoringRequest } from './parse-request.js';
import { rankOrder } from './rank-order.js';
import type { Ranker } from './ranker.js';
import { readBody } from './read-body.js';
import { RequestAborted } from './request-aborted.js';
import type { Outcome, ServeMetrics } from './metrics.js';

/** What the process hosting the handler does for /metrics and /reload (single process or cluster). */
export interface ServeControl {
  /** The metrics page (Prometheus text). */
  metricsText(): Promise<string>;
  /**
   * Loads the model file again. Resolves with the new model's description, or rejects with a
   * one-line reason (the old model stays).
   */
  reload(): Promise<Record<string, unknown>>;
}

export interface HandlerOptions {
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /**
   * Receives one line per request (`POST /rank 200 0.41ms rows=100`, no newline) and the
   * stacks of internal errors; null = no log.
   */
  log: ((line: string) => void) | null;
  /** Counts every request (default: none). */
  metrics?: ServeMetrics | null;
  /** /metrics and /reload (default: both answer 404). */
  control?: ServeControl | null;
}

type Route = 'health' | 'predict' | 'rank' | 'metrics' | 'reload';

const ROUTES: Readonly<Record<string, Route>> = {
  '/health': 'health', '/predict': 'predict', '/rank': 'rank', '/metrics': 'metrics', '/reload': 'reload',
};
const METHODS: Readonly<Record<Route, readonly string[]>> = {
  health: ['GET', 'HEAD'], predict: ['POST'], rank: ['POST'], metrics: ['GET', 'HEAD'], reload: ['POST'],
};

/** One model as the handler serves it: the ranker, its body parser and its /health answer. */
interface Served {
  readonly ranker: Ranker;
  /** null for a model with category names (the general parser reads them). */
  readonly fast: FastBodyParser | null;
  readonly healthBody: string;
}

function served(ranker: Ranker): Served {
  const names = ranker.featureNames.length > 0 ? { names: ranker.featureNames } : {};
  const healthBody = JSON.stringify({
    status: 'ok',
    model: { features: { count: ranker.nFeatures, ...names }, trees: ranker.nTrees, objective: ranker.objective },
  });
  return { ranker, fast: ranker.reader.hasCategories ? null : new FastBodyParser(ranker.nFeatures, ranker.reader.names), healthBody };
}
/** Logged status of a request whose client closed the connection before the answer. */
const CLIENT_CLOSED = 499;

export class ScoringHandler {
  /** Set when the server is shutting down: responses close their connection. */
  closing = false;
  private current: Served;
  private readonly options: HandlerOptions;
  private readonly endpoints: string;

  constructor(ranker: Ranker, options: HandlerOptions) {
    this.current = served(ranker);
    this.options = options;
    const extra = options.control ? ', GET /metrics, POST /reload' : '';
    this.endpoints = `GET /health, POST /predict, POST /rank${extra}`;
  }

  /** The model being served. */
  get ranker(): Ranker {
    return this.current.ranker;
  }

  /** Serves `ranker` from now on; requests already in flight finish on the one they started with. */
  setRanker(ranker: Ranker): void {
    this.current = served(ranker);
  }

  /** Answers one request (the `request` listener of an http.Server). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const t0 = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if ((route === 'metrics' || route === 'reload') && !this.options.control) route = undefined;
    const method = req.method ?? 'GET';
    if (route === undefined) {
      this.fail(req, res, t0, path, new HttpError(404, `no endpoint ${JSON.stringify(path)} (endpoints: ${this.endpoints})`));
      return;
    }
    const allowed = METHODS[route];
    if (!allowed.includes(method)) {
      const allow = allowed.join(', ');
      this.fail(req, res, t0, path, new HttpError(405, `${method} is not allowed on ${path} (use ${allow})`, { Allow: allow }));
      return;
    }
    const model = this.current;
    if (route === 'health') {
      this.send(req, res, t0, path, 200, model.healthBody, -1);
      return;
    }
    const control = this.options.control;
    if (route === 'metrics' && control) {
      control.metricsText().then(
        (text) => this.send(req, res, t0, path, 200, text, -1, 'text/plain; version=0.0.4; charset=utf-8'),
        (e: unknown) => this.fail(req, res, t0, path, e),
      );
      return;
    }
    if (route === 'reload' && control) {
      req.resume(); // the body, if any, is not used
      control.reload().then(
        (description) => this.send(req, res, t0, path, 200, JSON.stringify({ status: 'reloaded', model: description }), -1),
        (e: unknown) => {
          const why = e instanceof Error ? e.message : String(e);
          this.fail(req, res, t0, path, new HttpError(422, `reload failed, still serving the previous model: ${why}`));
        },
      );
      return;
    }
    const scoring = route as 'predict' | 'rank';
    readBody(req, this.options.maxBodyBytes).then(
      (body) => {
        try {
          const { text, nRows } = this.score(model, scoring, body);
          this.send(req, res, t0, path, 200, text, nRows, undefined, this.unseenNote(model));
        } catch (e) {
          this.unseenNote(model); // a refused request's counts are not kept
          this.fail(req, res, t0, path, e);
        }
      },
      (e: unknown) => this.fail(req, res, t0, path, e),
    );
  }

  /**
   * The request's categories not in the model's table (scored as missing, as the CLI reads them):
   * counted in /metrics by feature and noted once on the request's log line, e.g.
   * `unseen categories: city 2 (first "zzz")`; '' when there were none. Scoring is synchronous,
   * so the reader's counts are this request's.
   */
  private unseenNote(model: Served): string {
    const unseen = model.ranker.reader.takeUnseen();
    if (unseen.length === 0) return '';
    for (const u of unseen) this.options.metrics?.unseen(u.feature, u.count);
    return `unseen categories (scored as missing): ${unseen.map((u) => `${JSON.stringify(u.feature)} ${u.count} (first ${JSON.stringify(u.first)})`).join(', ')}`;
  }

  /** Scores a body; returns the response text. Runs synchronously (the parser's scratch is shared). */
  private score(model: Served, route: 'predict' | 'rank', body: Buffer): { text: string; nRows: number } {
    const ranker = model.ranker;
    const request = model.fast?.parse(body) ?? parseScoringRequest(body, ranker.reader);
    const n = request.nRows;
    if (route === 'predict' && ranker.nGroups > 1) {
      // A K-output model: each row's K probabilities or quantiles (or margins) as an array; multi:softmax's class index.
      const scores = ranker.scoreMatrixGroups(request.values, n, request.margin === true);
      return { text: `{"scores":${scores.length === n ? floatList(scores) : floatRows(scores, ranker.nGroups)}}`, nRows: n };
    }
    if (route === 'predict') {
      const scores = ranker.scoreMatrix(request.values, n, undefined, { margin: request.margin === true });
      return { text: `{"scores":${floatList(scores)}}`, nRows: n };
    }
    if (ranker.nGroups > 1) throw new HttpError(400, `/rank needs one score a row; the model has ${ranker.nGroups} ${objectiveInfo(ranker.objective)?.outputs === 'quantiles' ? 'quantiles' : 'classes'} (use /predict)`);
    const scores = ranker.scoreMatrix(request.values, n);
    const order = rankOrder(scores);
    if (request.margin === false) ranker.transform(scores);
    return { text: `{"order":${intList(order)},"scores":${floatList(scores)}}`, nRows: n };
  }

  private fail(req: IncomingMessage, res: ServerResponse, t0: number, path: string, e: unknown): void {
    let status = 500;
    let message = 'internal error';
    let headers: Readonly<Record<string, string>> = {};
    if (e instanceof RequestAborted) {
      this.send(req, res, t0, path, CLIENT_CLOSED, '', -1, undefined, `aborted: ${e.message}`);
      return;
    }
    if (e instanceof HttpError) {
      status = e.status;
      message = e.message;
      headers = e.headers;
    } else if (e instanceof UserError) {
      status = 400;
      message = e.message;
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      this.options.log?.(`internal error: ${err.stack ?? err.message}`);
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    this.send(req, res, t0, path, status, JSON.stringify({ error: message.replace(/\s*[\r\n]+\s*/g, ' ') }), -1);
  }

  /**
   * Answers (unless the client is gone: then the request is logged as 499, aborted) and logs.
   * @param note appended to the log line (the reason of an abort).
   */
  private send(
    req: IncomingMessage, res: ServerResponse, t0: number, path: string, status: number, body: string, nRows: number,
    contentType = 'application/json', note = '',
  ): void {
    if (status === CLIENT_CLOSED || res.headersSent || res.destroyed) {
      // The client went away first: logged as nginx does, 499.
      if (status !== CLIENT_CLOSED) note = 'aborted: the client closed the connection before the answer';
      status = CLIENT_CLOSED;
    } else {
      res.statusCode = status;
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Length', Buffer.byteLength(body));
      if (this.closing) res.setHeader('Connection', 'close');
      res.end(req.method === 'HEAD' ? undefined : body);
    }
    const ms = performance.now() - t0;
    const metrics = this.options.metrics;
    if (metrics) {
      const outcome: Outcome = status === CLIENT_CLOSED ? 'aborted' : status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'ok';
      metrics.observe(Object.hasOwn(ROUTES, path) ? path : 'other', status, outcome, ms / 1000, nRows);
    }
    const log = this.options.log;
    if (log !== null) {
      log(`${req.method} ${path} ${status} ${ms.toFixed(2)}ms rows=${nRows < 0 ? '-' : nRows}${note ? ` ${note}` : ''}`);
    }
  }
}

/** A JSON array of float32 values; each reads back as the same float32 (non-finite: null). */
function floatList(a: Float32Array): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (i > 0) s += ',';
    s += v - v === 0 ? String(v) : 'null';
  }
  return s + ']';
}

/** Rows of `width` values as a JSON array of arrays (a multi-class model's K outputs a row). */
function floatRows(a: Float32Array, width: number): string {
  const rows: string[] = [];
  for (let at = 0; at < a.length; at += width) rows.push(floatList(a.subarray(at, at + width)));
  return `[${rows.join(',')}]`;
}

function intList(a: Int32Array): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) s += ',';
    s += a[i]!;
  }
  return s + ']';
}
