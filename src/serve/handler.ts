/**
 * ScoringHandler: the HTTP endpoints of `lambdaboost serve` over one Ranker.
 *
 * - `GET /health`: `{"status": "ok", "model": {"features": {"count", "names"?}, "trees", "objective"}}`
 * - `POST /predict` `{"rows": [...], "margin"?: bool}`: `{"scores": [...]}`, output space
 *   unless `"margin": true`.
 * - `POST /rank`, same body: `{"order": [...], "scores": [...]}`, order = row indices best
 *   first (ties in input order), scores in input order, margins unless `"margin": false`.
 *
 * Every refusal is a one-line `{"error": "..."}` with status 400, 404, 405, 413 (or 500 for a
 * bug, whose stack goes to the log). A request whose client hangs up first is logged as 499. Scores are float32 values written as JSON numbers that read
 * back as the same float32 (non-finite ones as null).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../errors.js';
import { FastBodyParser } from './fast-body-parser.js';
import { HttpError } from './http-error.js';
import { parseScoringRequest } from './parse-request.js';
import { rankOrder } from './rank-order.js';
import type { Ranker } from './ranker.js';
import { readBody } from './read-body.js';

export interface HandlerOptions {
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /**
   * Receives one line per request (`POST /rank 200 0.41ms rows=100`, no newline) and the
   * stacks of internal errors; null = no log.
   */
  log: ((line: string) => void) | null;
}

type Route = 'health' | 'predict' | 'rank';

const ROUTES: Readonly<Record<string, Route>> = { '/health': 'health', '/predict': 'predict', '/rank': 'rank' };
const METHODS: Readonly<Record<Route, readonly string[]>> = { health: ['GET', 'HEAD'], predict: ['POST'], rank: ['POST'] };
const ENDPOINTS = 'GET /health, POST /predict, POST /rank';
/** Logged status of a request whose client closed the connection before the answer. */
const CLIENT_CLOSED = 499;

export class ScoringHandler {
  /** Set when the server is shutting down: responses close their connection. */
  closing = false;
  private readonly ranker: Ranker;
  private readonly options: HandlerOptions;
  private readonly fast: FastBodyParser;
  private readonly healthBody: string;

  constructor(ranker: Ranker, options: HandlerOptions) {
    this.ranker = ranker;
    this.options = options;
    this.fast = new FastBodyParser(ranker.nFeatures, ranker.reader.names);
    const names = ranker.featureNames.length > 0 ? { names: ranker.featureNames } : {};
    this.healthBody = JSON.stringify({
      status: 'ok',
      model: { features: { count: ranker.nFeatures, ...names }, trees: ranker.nTrees, objective: ranker.objective },
    });
  }

  /** Answers one request (the `request` listener of an http.Server). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const t0 = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    const method = req.method ?? 'GET';
    if (route === undefined) {
      this.fail(req, res, t0, path, new HttpError(404, `no endpoint ${JSON.stringify(path)} (endpoints: ${ENDPOINTS})`));
      return;
    }
    const allowed = METHODS[route];
    if (!allowed.includes(method)) {
      const allow = allowed.join(', ');
      this.fail(req, res, t0, path, new HttpError(405, `${method} is not allowed on ${path} (use ${allow})`, { Allow: allow }));
      return;
    }
    if (route === 'health') {
      this.send(req, res, t0, path, 200, this.healthBody, -1);
      return;
    }
    readBody(req, this.options.maxBodyBytes).then(
      (body) => {
        try {
          const { text, nRows } = this.score(route, body);
          this.send(req, res, t0, path, 200, text, nRows);
        } catch (e) {
          this.fail(req, res, t0, path, e);
        }
      },
      (e: unknown) => this.fail(req, res, t0, path, e),
    );
  }

  /** Scores a body; returns the response text. Runs synchronously (the parser's scratch is shared). */
  private score(route: 'predict' | 'rank', body: Buffer): { text: string; nRows: number } {
    const ranker = this.ranker;
    const request = this.fast.parse(body) ?? parseScoringRequest(body, ranker.reader);
    const n = request.nRows;
    if (route === 'predict') {
      const scores = ranker.scoreMatrix(request.values, n, undefined, { margin: request.margin === true });
      return { text: `{"scores":${floatList(scores)}}`, nRows: n };
    }
    const scores = ranker.scoreMatrix(request.values, n);
    const order = rankOrder(scores);
    if (request.margin === false) ranker.transform(scores);
    return { text: `{"order":${intList(order)},"scores":${floatList(scores)}}`, nRows: n };
  }

  private fail(req: IncomingMessage, res: ServerResponse, t0: number, path: string, e: unknown): void {
    let status = 500;
    let message = 'internal error';
    let headers: Readonly<Record<string, string>> = {};
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

  private send(req: IncomingMessage, res: ServerResponse, t0: number, path: string, status: number, body: string, nRows: number): void {
    if (res.headersSent || res.destroyed) {
      // The client went away first: logged as nginx does, 499.
      status = CLIENT_CLOSED;
    } else {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      if (this.closing) res.setHeader('Connection', 'close');
      res.end(req.method === 'HEAD' ? undefined : body);
    }
    const log = this.options.log;
    if (log !== null) {
      const ms = performance.now() - t0;
      log(`${req.method} ${path} ${status} ${ms.toFixed(2)}ms rows=${nRows < 0 ? '-' : nRows}`);
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

function intList(a: Int32Array): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) s += ',';
    s += a[i]!;
  }
  return s + ']';
}
