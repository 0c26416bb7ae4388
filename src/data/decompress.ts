/**
 * Compressed text input: gzip (`1f 8b`) and Zstandard (`28 b5 2f fd`) files, recognised by their
 * magic bytes whatever their name, decompressed as they are read. gzip goes through node:zlib
 * (several concatenated members are read as one stream, as gzip -d does); Zstandard, which
 * Node 20's zlib lacks, through `fzstd` (pure JavaScript, streaming; the same package
 * hyparquet-compressors uses for Parquet pages). A truncated or corrupt stream is a DataError
 * naming the file.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { DataError } from '../errors.js';

/** A compression this reader undoes. */
export type Compression = 'gzip' | 'zstd';

/** The compression a file's first bytes announce, or null for none. */
export function compressionOf(head: Uint8Array): Compression | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return null;
}

function corrupt(file: string, kind: Compression, detail: string): DataError {
  return new DataError({ file }, `truncated or corrupt ${kind === 'gzip' ? 'gzip' : 'Zstandard'} data: ${detail}`);
}

/**
 * Decompresses a stream of raw chunks. Yields fresh Uint8Arrays (not reused) of the decompressed
 * bytes; the input chunks may be reused by their producer once the next one is requested.
 */
export async function* decompressChunks(
  file: string,
  kind: Compression,
  raw: AsyncIterable<Uint8Array>,
  chunkBytes: number,
): AsyncGenerator<Uint8Array, void, void> {
  if (kind === 'gzip') yield* gunzipChunks(file, raw, chunkBytes);
  else yield* unzstdChunks(file, raw);
}

async function* gunzipChunks(file: string, raw: AsyncIterable<Uint8Array>, chunkBytes: number): AsyncGenerator<Uint8Array, void, void> {
  // Copies: zlib may still hold a chunk after taking it, and the producer reuses its buffer.
  async function* copies(): AsyncGenerator<Buffer, void, void> {
    for await (const chunk of raw) yield Buffer.from(chunk);
  }
  const source = Readable.from(copies());
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(chunkBytes, 1 << 20)) });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  try {
    for await (const b of gunzip as AsyncIterable<Buffer>) yield new Uint8Array(b.buffer, b.byteOffset, b.length);
  } catch (err) {
    if (err instanceof DataError) throw err; // reading the file failed
    throw corrupt(file, 'gzip', err instanceof Error ? err.message : String(err));
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

async function* unzstdChunks(file: string, raw: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, void> {
  const ready: Uint8Array[] = [];
  let finished = false;
  const z = new Decompress((data: Uint8Array, final?: boolean) => {
    if (data.length > 0) ready.push(data);
    if (final === true) finished = true;
  });
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      z.push(chunk, final);
    } catch (err) {
      throw corrupt(file, 'zstd', err instanceof Error ? err.message : String(err));
    }
  };
  let pending: Uint8Array | null = null;
  for await (const chunk of raw) {
    // One chunk is held back so that the last one is pushed as final; a copy, since the producer
    // reuses its buffer and fzstd may keep the bytes of an unfinished block.
    if (pending !== null) push(pending, false);
    pending = chunk.slice();
    while (ready.length > 0) yield ready.shift()!;
  }
  push(pending ?? new Uint8Array(0), true);
  while (ready.length > 0) yield ready.shift()!;
  if (!finished) throw corrupt(file, 'zstd', 'the stream ends inside a frame');
}
