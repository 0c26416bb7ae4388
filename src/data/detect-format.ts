/**
 * Deciding a file's format from its first bytes: Parquet by its magic `PAR1`, Arrow IPC by magic bytes (`ARROW1` for the file
 * format, the 0xFFFFFFFF continuation marker for the stream format), LibSVM when the first data
 * line's second token looks like `index:value` (or `qid:N`), otherwise delimited text, whose
 * delimiter (comma, tab or semicolon) is the one the first line holds most often outside quotes.
 */
import { open } from 'node:fs/promises';
import { DataError } from '../errors.js';
import type { DataFormat } from './options.js';
import { concatAll, ioError, readByteChunks } from './byte-stream.js';
import { compressionOf } from './decompress.js';

/** Bytes read to decide the format. */
export const SNIFF_BYTES = 64 * 1024;

/** The decided format. */
export type FormatGuess =
  | { readonly format: 'arrow' }
  | { readonly format: 'parquet' }
  | { readonly format: 'libsvm' }
  | { readonly format: 'delimited'; /** delimiter character code */ readonly delimiter: number };

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** True when the bytes start with Parquet's magic `PAR1`. */
export function looksLikeParquet(head: Uint8Array): boolean {
  return head.length >= 4 && PARQUET_MAGIC.every((b, i) => head[i] === b);
}

/** True when the bytes start like an Arrow IPC file (`ARROW1`) or stream (0xFFFFFFFF). */
export function looksLikeArrow(head: Uint8Array): boolean {
  if (head.length >= 6 && ARROW_MAGIC.every((b, i) => head[i] === b)) return true;
  return head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff;
}

/** The first lines of a text head that are neither blank nor `#` comments (the last line may be cut short). */
function dataLines(text: string, max: number): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** True when a token looks like LibSVM's `index:value` or `qid:value`. */
function isLibsvmPair(token: string): boolean {
  const colon = token.indexOf(':');
  if (colon < 0) return false;
  return /^(-?\d+|qid)$/.test(token.slice(0, colon));
}

/** True when the head of a text file looks like LibSVM / SVMlight. */
export function looksLikeLibsvm(text: string): boolean {
  for (const line of dataLines(text, 50)) {
    const hash = line.indexOf('#');
    const tokens = (hash >= 0 ? line.slice(0, hash) : line).trim().split(/[ \t]+/);
    if (tokens.length < 2) continue; // a label-only line says nothing; look at the next one
    return isLibsvmPair(tokens[1]!);
  }
  return false;
}

/**
 * The delimiter (character code) of a delimited file's first line: comma, tab or semicolon; comma
 * when none occurs. With `decimalComma` a comma is a decimal mark, never the delimiter: semicolon
 * or tab then (semicolon when neither occurs).
 */
export function detectDelimiter(firstLine: string, decimalComma = false): number {
  const counts = new Map<number, number>([
    [44, 0], // ,
    [9, 0], // \t
    [59, 0], // ;
  ]);
  let inQuotes = false;
  for (let i = 0; i < firstLine.length; i++) {
    const c = firstLine.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (!inQuotes) {
      const n = counts.get(c);
      if (n !== undefined) counts.set(c, n + 1);
    }
  }
  if (decimalComma) counts.delete(44);
  let best = decimalComma ? 59 : 44;
  let bestCount = 0;
  for (const [c, n] of counts) {
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Decides the format from the first bytes of a file (at most {@link SNIFF_BYTES}). An explicit
 * `requested` format is honoured, except that an Arrow or Parquet file is never read as text.
 */
export function sniffFormat(file: string, head: Uint8Array, requested: DataFormat, decimalComma = false): FormatGuess {
  if (head.length === 0) throw new DataError({ file }, 'file is empty');
  const parquet = looksLikeParquet(head);
  if (requested === 'parquet') {
    if (!parquet) throw new DataError({ file }, 'not a Parquet file: it does not start with "PAR1"');
    return { format: 'parquet' };
  }
  if (parquet) {
    if (requested !== 'auto') throw new DataError({ file }, `this is a Parquet file, but format "${requested}" was requested`);
    return { format: 'parquet' };
  }
  const arrow = looksLikeArrow(head);
  if (requested === 'arrow') {
    if (!arrow) throw new DataError({ file }, 'not an Arrow IPC file: it starts with neither "ARROW1" (file format) nor 0xFFFFFFFF (stream format)');
    return { format: 'arrow' };
  }
  if (arrow) {
    if (requested !== 'auto') throw new DataError({ file }, `this is an Arrow IPC file, but format "${requested}" was requested`);
    return { format: 'arrow' };
  }
  const utf16 = utf16Kind(head);
  if (utf16 !== null) throw new DataError({ file }, `the file is ${utf16} text; text data must be UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)`);
  if (requested === 'libsvm') return { format: 'libsvm' };
  if (requested === 'tsv') return { format: 'delimited', delimiter: 9 };
  if (requested === 'auto' && head.includes(0)) {
    throw new DataError({ file }, `${binaryKind(head)}: not CSV/TSV, LibSVM, Arrow IPC or Parquet`);
  }
  const text = new TextDecoder('utf-8').decode(head);
  if (requested === 'auto' && looksLikeLibsvm(text)) return { format: 'libsvm' };
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  return { format: 'delimited', delimiter: detectDelimiter(first, decimalComma) };
}

/**
 * Reads the first bytes of `path` and decides its format (see {@link sniffFormat}). A gzip or
 * Zstandard file is sniffed on its decompressed bytes; a compressed Arrow or Parquet file is a
 * DataError (both are read by random access: decompress it first). With `decimalComma` a comma
 * is never the detected delimiter.
 */
export async function detectFormat(path: string, requested: DataFormat = 'auto', decimalComma = false): Promise<FormatGuess> {
  let raw: Uint8Array;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(4);
      const { bytesRead } = await fh.read(buf, 0, 4, 0);
      raw = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw ioError(path, err);
  }
  const compression = compressionOf(raw);
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of readByteChunks(path, SNIFF_BYTES)) {
    parts.push(chunk);
    n += chunk.length;
    if (n >= SNIFF_BYTES) break;
  }
  const head = concatAll(parts).subarray(0, SNIFF_BYTES);
  if (compression !== null && head.length === 0) throw new DataError({ file: path }, `the ${compression}-compressed file is empty`);
  const guess = sniffFormat(path, head, requested, decimalComma);
  if (compression !== null && (guess.format === 'arrow' || guess.format === 'parquet')) {
    throw new DataError({ file: path }, `a ${compression}-compressed ${guess.format === 'arrow' ? 'Arrow IPC' : 'Parquet'} file cannot be read: decompress it first`);
  }
  return guess;
}

/**
 * "UTF-16 (little-endian, with a byte order mark)" and the like when the head is UTF-16 text:
 * a BOM (FF FE / FE FF), or, without one, zero bytes at every other position of its first line
 * (what ASCII text in UTF-16 looks like); null otherwise.
 */
function utf16Kind(head: Uint8Array): string | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'UTF-16 (little-endian, with a byte order mark)';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'UTF-16 (big-endian, with a byte order mark)';
  const n = Math.min(head.length & ~1, 64);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros === pairs && evenZeros === 0) return 'UTF-16 (little-endian, no byte order mark)';
  if (evenZeros === pairs && oddZeros === 0) return 'UTF-16 (big-endian, no byte order mark)';
  return null;
}

/** What a binary (not text) head is, by its magic bytes, for the message refusing it. */
function binaryKind(head: Uint8Array): string {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) return 'a gzip-compressed file';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'a zstd-compressed file';
  if (starts(0x42, 0x5a, 0x68)) return 'a bzip2-compressed file';
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'an xz-compressed file';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive (or an .xlsx/.docx document)';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an OLE2 document (an .xls spreadsheet?)';
  return 'an unrecognized binary file';
}
