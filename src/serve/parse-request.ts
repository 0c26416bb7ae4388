/**
 * The general reader of a scoring request body, `{"rows": [...], "margin"?: bool}`: JSON.parse,
 * then the shape checked by hand. It takes every body the fast parser takes and explains what is
 * wrong with the rest.
 */
import { HttpError } from './http-error.js';
import type { RowReader } from './row-reader.js';
import type { ScoringRequest } from './scoring-request.js';

const SHAPE = 'expected {"rows": [[...], ...] or [{"name": value, ...}, ...], "margin": true|false}';

/**
 * Parses and checks a body.
 * @param body the body's bytes (UTF-8 JSON).
 * @param reader checks each row and writes it as float32.
 * @returns the request with its rows in a new Float32Array of length nRows * nFeatures.
 * @throws HttpError(400) for a body that is not JSON or not the expected shape; DataError /
 * UnknownFeatureError (from the reader) for a bad row.
 */
export function parseScoringRequest(body: Uint8Array, reader: RowReader): ScoringRequest {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new HttpError(400, body.length === 0 ? `the body is empty (${SHAPE})` : `the body is not valid JSON: ${why}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new HttpError(400, `the body is ${Array.isArray(json) ? 'an array' : typeof json === 'object' ? 'null' : `a ${typeof json}`}, ${SHAPE}`);
  }
  const obj = json as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'rows' && key !== 'margin') throw new HttpError(400, `unknown key ${JSON.stringify(key)} in the body, ${SHAPE}`);
  }
  const rows = obj['rows'];
  if (rows === undefined) throw new HttpError(400, `the body has no "rows", ${SHAPE}`);
  if (!Array.isArray(rows)) throw new HttpError(400, `"rows" is ${kind(rows)}, ${SHAPE}`);
  const margin = obj['margin'];
  if (margin !== undefined && typeof margin !== 'boolean') throw new HttpError(400, `"margin" is ${kind(margin)}, expected true or false`);
  const nF = reader.nFeatures;
  const values = new Float32Array(Math.max(1, rows.length * nF));
  for (let r = 0; r < rows.length; r++) reader.read(rows[r], r, values, r * nF);
  return { nRows: rows.length, values, margin };
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v} (${String(v)})`;
}
