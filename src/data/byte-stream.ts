/**
 * Reading a file incrementally as raw bytes: fixed-size chunks from an fs stream (a leading UTF-8
 * byte-order mark is dropped), so no loader ever holds the whole file, or the whole file as a
 * string. The text formats are parsed on UTF-8 bytes directly: their delimiters, quotes and line
 * breaks are ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence.
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

/** Concatenates two byte arrays into a new one. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Concatenates byte arrays into a new one. */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Yields the file's bytes in chunks of about `chunkBytes` bytes, without a leading UTF-8 BOM.
 * Read errors are thrown as DataError.
 */
export async function* readByteChunks(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<Uint8Array, void, void> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  let head: Uint8Array | null = new Uint8Array(0); // bytes held back until the BOM question is settled
  try {
    for await (const buffer of stream as AsyncIterable<Uint8Array>) {
      // A plain Uint8Array view of the Buffer: the parsers then only ever see one array type,
      // which keeps their element accesses monomorphic (measured: ~2x faster parsing).
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      if (head === null) {
        yield chunk;
        continue;
      }
      head = concatBytes(head, chunk);
      if (head.length < 3) continue;
      const out: Uint8Array = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
      head = null;
      if (out.length > 0) yield out;
    }
  } catch (err) {
    throw ioError(path, err);
  } finally {
    stream.destroy();
  }
  if (head !== null && head.length > 0) yield head; // a file shorter than 3 bytes
}

/**
 * Calls `onLine(bytes, start, end, lineNumber)` for every line of the file, in order: the line is
 * `bytes[start, end)` without its terminator (`\n` or `\r\n`), valid only during the call, and
 * `lineNumber` is 1-based as an editor shows it. A final line without a terminator is included.
 */
export async function readLines(
  path: string,
  onLine: (bytes: Uint8Array, start: number, end: number, lineNumber: number) => void,
  chunkBytes = CHUNK_BYTES,
): Promise<void> {
  let pending: Uint8Array = new Uint8Array(0);
  // Chunks without a line feed that continue a pending line, set aside (copies) until one comes:
  // joining and rescanning the growing line on every chunk made a line spanning many chunks
  // quadratic in its length (found by test/fuzz).
  let held: Uint8Array[] = [];
  let lineNo = 0;
  for await (const chunk of readByteChunks(path, chunkBytes)) {
    if (pending.length > 0 && chunk.indexOf(10) < 0) {
      held.push(chunk.slice());
      continue;
    }
    const buf = pending.length > 0 ? concatAll([pending, ...held, chunk]) : chunk;
    held = [];
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      onLine(buf, pos, nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl, ++lineNo);
      pos = nl + 1;
    }
    pending = buf.slice(pos);
  }
  if (held.length > 0) pending = concatAll([pending, ...held]);
  if (pending.length > 0) {
    const n = pending.length;
    onLine(pending, 0, pending[n - 1] === 13 ? n - 1 : n, ++lineNo);
  }
}
