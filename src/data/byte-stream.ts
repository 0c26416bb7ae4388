/**
 * Reading a file incrementally as raw bytes: fixed-size chunks from an fs stream (a leading UTF-8
 * byte-order mark is dropped; gzip and Zstandard files are decompressed on the way), so no
 * loader ever holds the whole file, or the whole file as a string. The text formats are parsed on UTF-8 bytes directly: their delimiters, quotes and line
 * breaks are ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { compressionOf, decompressChunks } from './decompress.js';

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

/** Yields the file's raw bytes in chunks of at most `chunkBytes` (views of one buffer when `reuse`). */
async function* rawChunks(path: string, handle: FileHandle, chunkBytes: number, reuse: boolean): AsyncGenerator<Uint8Array, void, void> {
  let buffer = new Uint8Array(chunkBytes);
  for (;;) {
    if (!reuse) buffer = new Uint8Array(chunkBytes);
    let got: number;
    try {
      got = (await handle.read(buffer, 0, chunkBytes, null)).bytesRead;
    } catch (err) {
      throw ioError(path, err);
    }
    if (got === 0) return;
    yield buffer.subarray(0, got);
  }
}

/** Yields the raw chunks, the first of them given back in front (it was read to look for a magic). */
async function* withFirst(first: Uint8Array, rest: AsyncGenerator<Uint8Array, void, void>): AsyncGenerator<Uint8Array, void, void> {
  yield first;
  yield* rest;
}

/**
 * Yields the file's bytes in chunks of at most `chunkBytes` bytes, without a leading UTF-8 BOM.
 * A gzip or Zstandard file (by its magic bytes, see decompress.ts) is decompressed as it is read:
 * the chunks are then its decompressed bytes. Read errors, and a truncated or corrupt compressed
 * stream, are thrown as DataError.
 *
 * With `reuse` set, every chunk is a view of one buffer that the next read overwrites: a chunk
 * is valid until the next one is requested, and a consumer copies what it keeps. The loaders
 * read this way, because a fresh 1 MiB buffer per chunk is garbage that V8 collects late
 * (external memory), which raises the loading peak (bench/RESULTS.md, "Design measurements").
 */
export async function* readByteChunks(
  path: string,
  chunkBytes = CHUNK_BYTES,
  reuse = false,
): AsyncGenerator<Uint8Array, void, void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    // The first chunk is read whole (at least 4 bytes unless the file is shorter) to see whether
    // the file is compressed; it is a copy, so a reused buffer does not overwrite it.
    const raw = rawChunks(path, handle, chunkBytes, reuse);
    let first: Uint8Array = new Uint8Array(0);
    while (first.length < 4) {
      const next = await raw.next();
      if (next.done) break;
      first = concatBytes(first, next.value);
    }
    if (first.length === 0) return;
    const kind = compressionOf(first);
    const chunks = kind === null ? withFirst(first, raw) : decompressChunks(path, kind, withFirst(first, raw), chunkBytes);
    // The first 3 bytes decide whether there is a BOM (a chunk may be shorter).
    let head: Uint8Array | null = new Uint8Array(0);
    for await (const chunk of chunks) {
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
    if (head !== null && head.length > 0) yield head; // a file shorter than 3 bytes
  } finally {
    await handle.close();
  }
}

/**
 * The file's size in bytes for estimating how many rows it holds: its size on disk, or 0
 * (unknown) when it is compressed or cannot be read.
 */
export async function textSizeHint(path: string): Promise<number> {
  try {
    const fh = await open(path, 'r');
    try {
      const head = new Uint8Array(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      if (compressionOf(head.subarray(0, bytesRead)) !== null) return 0;
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  } catch {
    return 0;
  }
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
  for await (let chunk of readByteChunks(path, chunkBytes, true)) {
    if (pending.length > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        held.push(chunk.slice());
        continue;
      }
      // Only the pending line's end is joined to it (a copy of the whole chunk per chunk was
      // most of the garbage of a load); the rest of the chunk is read in place.
      const line = concatAll([pending, ...held, chunk.subarray(0, nl + 1)]);
      held = [];
      const end = line.length - 1;
      onLine(line, 0, end > 0 && line[end - 1] === 13 ? end - 1 : end, ++lineNo);
      chunk = chunk.subarray(nl + 1);
    }
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      onLine(chunk, pos, nl > pos && chunk[nl - 1] === 13 ? nl - 1 : nl, ++lineNo);
      pos = nl + 1;
    }
    pending = chunk.slice(pos); // a copy: the chunk's buffer is reused by the next read
  }
  if (held.length > 0) pending = concatAll([pending, ...held]);
  if (pending.length > 0) {
    const n = pending.length;
    onLine(pending, 0, pending[n - 1] === 13 ? n - 1 : n, ++lineNo);
  }
}
