/**
 * Deciding a file's format from its first bytes: Arrow IPC by magic bytes (`ARROW1` for the file
 * format, the 0xFFFFFFFF continuation marker for the stream format), LibSVM when the first data
 * line's second token looks like `index:value` (or `qid:N`), otherwise delimited text, whose
 * delimiter (comma, tab or semicolon) is the one the first line holds most often outside quotes.
 */
import { open } from 'node:fs/promises';
import { DataError } from '../errors.js';
import type { DataFormat } from './options.js';
import { ioError } from './byte-stream.js';

/** Bytes read to decide the format. */
export const SNIFF_BYTES = 64 * 1024;

/** The decided format. */
export type FormatGuess =
  | { readonly format: 'arrow' }
  | { readonly format: 'libsvm' }
  | { readonly format: 'delimited'; /** delimiter character code */ readonly delimiter: number };

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

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
 * `requested` format is honoured, except that an Arrow file is never read as text.
 */
export function sniffFormat(file: string, head: Uint8Array, requested: DataFormat, decimalComma = false): FormatGuess {
  if (head.length === 0) throw new DataError({ file }, 'file is empty');
  const arrow = looksLikeArrow(head);
  if (requested === 'arrow') {
    if (!arrow) throw new DataError({ file }, 'not an Arrow IPC file: it starts with neither "ARROW1" (file format) nor 0xFFFFFFFF (stream format)');
    return { format: 'arrow' };
  }
  if (arrow) {
    if (requested !== 'auto') throw new DataError({ file }, `this is an Arrow IPC file, but format "${requested}" was requested`);
    return { format: 'arrow' };
  }
  if (requested === 'libsvm') return { format: 'libsvm' };
  if (requested === 'tsv') return { format: 'delimited', delimiter: 9 };
  if (requested === 'auto' && head.includes(0)) {
    throw new DataError({ file }, 'unrecognized binary file: not CSV/TSV, LibSVM or Arrow IPC');
  }
  const text = new TextDecoder('utf-8').decode(head);
  if (requested === 'auto' && looksLikeLibsvm(text)) return { format: 'libsvm' };
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  return { format: 'delimited', delimiter: detectDelimiter(first, decimalComma) };
}

/** Reads the first bytes of `path` and decides its format (see {@link sniffFormat}). */
export async function detectFormat(path: string, requested: DataFormat = 'auto', decimalComma = false): Promise<FormatGuess> {
  let head: Uint8Array;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw ioError(path, err);
  }
  return sniffFormat(path, head, requested, decimalComma);
}
