/**
 * Reading a text file incrementally: fixed-size byte chunks from an fs stream, decoded as UTF-8
 * (a leading byte-order mark is dropped; multi-byte characters split across chunks are handled),
 * so that no loader ever holds the whole file as one string.
 */
import { createReadStream } from 'node:fs';
import { DataError } from '../errors.js';

/** Bytes read per chunk. */
export const CHUNK_BYTES = 1 << 20;

/** A DataError for a file that cannot be opened or read (missing, a directory, no permission...). */
export function ioError(file: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const known: Record<string, string> = {
    ENOENT: 'file not found',
    EISDIR: 'is a directory, expected a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  const detail = known[code] ?? `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
  return new DataError({ file }, detail);
}

/**
 * Yields the file's text in pieces of about {@link CHUNK_BYTES} bytes each (strings; the last
 * one may be empty). Read errors are thrown as DataError.
 */
export async function* readTextChunks(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string, void, void> {
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
    }
  } catch (err) {
    throw ioError(path, err);
  } finally {
    stream.destroy();
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * Calls `onLine(text, lineNumber)` for every line of the file, in order; `lineNumber` is 1-based
 * as an editor shows it and `text` excludes the line terminator (`\n` or `\r\n`). A final line
 * without a terminator is included; an empty file gives no lines.
 */
export async function readLines(path: string, onLine: (text: string, lineNumber: number) => void): Promise<void> {
  let pending = '';
  let lineNo = 0;
  for await (const chunk of readTextChunks(path)) {
    const buf = pending.length > 0 ? pending + chunk : chunk;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      const stop = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(buf.slice(pos, stop), ++lineNo);
      pos = nl + 1;
    }
    pending = pos < buf.length ? buf.slice(pos) : '';
  }
  if (pending.length > 0) {
    const stop = pending.charCodeAt(pending.length - 1) === 13 ? pending.length - 1 : pending.length;
    onLine(pending.slice(0, stop), ++lineNo);
  }
}
