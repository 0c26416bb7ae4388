/**
 * The `lambdaboost serve` HTTP server: Node's http module over a ScoringHandler, with graceful
 * shutdown (stop accepting, let in-flight requests finish, close idle keep-alive connections).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UserError } from '../errors.js';
import { ScoringHandler, type ServeControl } from './handler.js';
import type { ServeMetrics } from './metrics.js';
import type { Ranker } from './ranker.js';

/** Default request body limit: 10 MB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServeOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port (default 8080); 0 picks a free one (see RunningServer.port). */
  port?: number;
  /** Largest request body accepted, in bytes (default 10 MB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * Receives one line per request (method, path, status, ms, rows) and internal error stacks;
   * null = no log. Default: standard error.
   */
  log?: ((line: string) => void) | null;
  /** How long close() waits for in-flight requests before cutting connections (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Counts every request, for /metrics (default: none). */
  metrics?: ServeMetrics | null;
  /** Answers /metrics and /reload (default: none, both 404). */
  control?: ServeControl | null;
}

export interface RunningServer {
  /** The Node server (listening). */
  readonly server: Server;
  /** The request handler (its setRanker swaps the model). */
  readonly handler: ScoringHandler;
  /** The address listened on. */
  readonly host: string;
  /** The port listened on (the real one when 0 was asked for). */
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /**
   * Graceful stop: stops accepting connections, closes idle keep-alive connections, lets
   * in-flight requests finish (their connections close after the response), and after
   * shutdownTimeoutMs cuts what is left. Resolves when every connection is closed. Idempotent.
   */
  close(): Promise<void>;
  /** Resolves when the server has closed. */
  readonly closed: Promise<void>;
}

/**
 * Starts serving a ranker.
 * @throws UserError when the address cannot be listened on (in use, not permitted, bad host).
 */
export async function startServer(ranker: Ranker, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const wantPort = options.port ?? 8080;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log === undefined ? (line: string) => void process.stderr.write(`${line}\n`) : options.log;
  const handler = new ScoringHandler(ranker, { maxBodyBytes, log, metrics: options.metrics ?? null, control: options.control ?? null });
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => handler.handle(req, res));
  // A client announcing a body over the limit (Expect: 100-continue) is refused before sending it.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > maxBodyBytes)) res.writeContinue();
    handler.handle(req, res);
  });
  // Open connections; at shutdown those that never sent a byte are closed too (Node's
  // closeIdleConnections leaves them open until the headers timeout).
  const fresh = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    fresh.add(socket);
    socket.once('close', () => fresh.delete(socket));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy(err);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(new UserError(`cannot listen on ${hostPort(host, wantPort)}: ${listenProblem(e)}`));
    };
    server.once('error', onError);
    server.listen(wantPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  let closing = false;
  const close = (): Promise<void> => {
    if (!closing) {
      closing = true;
      handler.closing = true;
      server.close();
      server.closeIdleConnections();
      for (const socket of fresh) if (socket.bytesRead === 0) socket.destroy();
      const timer = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
      timer.unref();
      void closed.then(() => clearTimeout(timer));
    }
    return closed;
  };
  return { server, handler, host, port, url: `http://${hostPort(host, port)}`, close, closed };
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function listenProblem(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return 'the address is in use';
    case 'EACCES':
      return 'permission denied';
    case 'EADDRNOTAVAIL':
      return 'no such local address';
    case 'ENOTFOUND':
      return 'unknown host';
    default:
      return e.message;
  }
}
