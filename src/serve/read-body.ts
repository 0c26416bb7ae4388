/**
 * Reads a request body into one Buffer, refusing bodies over a size limit (413) as soon as the
 * Content-Length or the bytes received exceed it.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { RequestAborted } from './request-aborted.js';

/**
 * The request's body.
 * @param limit the largest body accepted, in bytes.
 * @returns the body's bytes (a Buffer of exactly the body's length).
 * @throws HttpError(413) for a body over the limit; HttpError(400) for a body that disagrees
 * with its Content-Length; RequestAborted when the client closes or resets the connection first.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = contentLength(req);
    if (declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    // With a Content-Length the body goes straight into one buffer of that size.
    let buf: Buffer | null = declared >= 0 ? Buffer.allocUnsafe(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer): void => {
      if (failed) return;
      if (size + chunk.length > limit || (buf !== null && size + chunk.length > buf.length)) {
        failed = true;
        reject(size + chunk.length > limit ? tooLarge(limit) : new HttpError(400, 'the body is longer than its Content-Length'));
        return;
      }
      if (buf !== null) chunk.copy(buf, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = (): void => {
      if (failed) return;
      if (buf === null) buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      else if (size !== buf.length) {
        reject(new HttpError(400, `the body has ${size} bytes, its Content-Length says ${buf.length}`));
        return;
      }
      resolve(buf);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // A connection closed or reset mid-body: Node emits 'error' ("aborted", ECONNRESET) and/or
    // 'close' without the message being complete. Either way the client is gone.
    req.on('error', (e) => {
      if (!failed) reject(new RequestAborted(`the client went away before the whole body was received (${e.message})`));
      failed = true;
    });
    req.on('close', () => {
      if (!failed && !req.complete) reject(new RequestAborted('the client closed the connection before the whole body was received'));
      failed = true;
    });
  });
}

/** The declared Content-Length, or -1 when there is none (chunked). */
function contentLength(req: IncomingMessage): number {
  const h = req.headers['content-length'];
  if (h === undefined) return -1;
  const n = Number(h);
  return Number.isSafeInteger(n) && n >= 0 ? n : -1;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the body is larger than the limit of ${limit} bytes (see --max-body-bytes)`, { Connection: 'close' });
}
