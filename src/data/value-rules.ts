/**
 * What a feature value, a label, a weight and a position may be, checked the same way by every
 * loader, sidecar, the library's array inputs and the scoring server.
 *
 * Feature values are float32; NaN is missing. A value whose float32 is infinite is refused: the
 * infinity words (`inf`, `-Infinity`), and finite numbers beyond the float32 range that round to
 * +-Infinity (`1e39`, `3.5e38`, `1e400`; from 3.4028235677973366e38 = 2^128 - 2^103 on). This is
 * XGBoost 3.4.1's rule: its DMatrix converts each value to float32 and then refuses `inf`
 * ("Input data contains `inf` or a value too large, while `missing` is not set to `inf`"), so
 * 3.4028235e38 (FLT_MAX once rounded) is accepted and 3.5e38 is not. (XGBoost's inplace_predict
 * skips that check; here every input is checked: training, prediction and serving.)
 */
import { DataError, type DataLocation } from '../errors.js';
import { formatFloat32Plain } from '../util/float32-format.js';

/** Largest position that fits the Int32Array of Dataset.position. */
const MAX_POSITION = 0x7fffffff;

/** Largest finite float32 (FLT_MAX), for messages. */
const FLOAT32_MAX_TEXT = '3.4028235e38';

/** A feature value (already rounded to float32) must be NaN (missing) or finite. */
export function isValidFeature(f: number): boolean {
  return f - f === 0 || f !== f;
}

/**
 * The first index in `values[from, to)` holding an infinite value, or -1.
 * @param values float32 feature values (Float32Array, or numbers rounded to float32 when stored).
 */
export function firstInfinite(values: ArrayLike<number>, from: number, to: number): number {
  if (values instanceof Float32Array) return firstInfiniteFloat32(values, from, to);
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (v - v !== 0 && v === v) return i;
  }
  return -1;
}

/**
 * firstInfinite of a Float32Array by its bits (exponent all ones, mantissa zero: +-Infinity; NaN
 * has a non-zero mantissa): one integer test a value, about 1.6x the float test's speed on the
 * 28 columns of 1M rows checkDataset scans before training.
 */
function firstInfiniteFloat32(values: Float32Array, from: number, to: number): number {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = from; i < to; i++) if ((bits[i]! & 0x7fffffff) === 0x7f800000) return i;
  return -1;
}

/**
 * The DataError for a feature value whose float32 is infinite.
 * @param v the value as read (float64: an infinity, or a finite number beyond the float32 range).
 * @param text the cell's own text when there is one (quoted in the message as written).
 * @param missing how this input writes a missing value, for the hint.
 */
export function featureError(loc: DataLocation, v: number, text?: string, missing = 'leave the cell empty or write NA'): DataError {
  const range = `beyond the float32 range (largest ${FLOAT32_MAX_TEXT})`;
  let what: string;
  if (Number.isFinite(v)) what = `the value ${text !== undefined ? JSON.stringify(text.trim()) : String(v)} is ${range} and would be infinite`;
  else if (text !== undefined) what = `the value ${JSON.stringify(text.trim())} is infinite`;
  // (Without the text, as after JSON.parse, an infinity may have been written as 1e400.)
  else what = `the value is infinite (or beyond the float32 range, largest ${FLOAT32_MAX_TEXT})`;
  return new DataError(loc, `${what}; infinite values are refused, as XGBoost does (for a missing value ${missing})`);
}

/** A label must be finite (not NaN/missing, not +-Infinity). */
export function isValidLabel(v: number): boolean {
  return Number.isFinite(v);
}

/** A weight must be finite and >= 0. */
export function isValidWeight(v: number): boolean {
  return Number.isFinite(v) && v >= 0;
}

/** A position must be an integer in 0..2^31-1. */
export function isValidPosition(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= MAX_POSITION;
}

/**
 * How a message shows a value: the cell's own text when there is one; otherwise a float32 (what
 * an Arrow float32 column or a loaded label holds) as its short decimal (`1.361`, not
 * `1.3609999418258667`), and any other number as JavaScript prints it.
 */
export function shownValue(v: number, text?: string): string {
  if (text !== undefined) return text.trim() === '' ? 'an empty cell (missing)' : JSON.stringify(text.trim());
  if (Number.isNaN(v)) return 'a missing value (NaN)';
  return Math.fround(v) === v ? formatFloat32Plain(v) : String(v);
}


/** The DataError for a bad label; `text` is the cell's text when there is one. */
export function labelError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `label must be a finite number, found ${shownValue(v, text)}`);
}

/** The DataError for a bad weight; `text` is the cell's text when there is one. */
export function weightError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `weight must be a finite number >= 0, found ${shownValue(v, text)}`);
}

/** The DataError for a bad position; `text` is the cell's text when there is one. */
export function positionError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `position must be an integer >= 0 (0 = top), found ${shownValue(v, text)}`);
}
