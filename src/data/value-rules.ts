/**
 * What a label, a weight and a position may be, checked the same way by every loader and sidecar.
 * Features may be anything: NaN is missing and +-Infinity is kept as a value (as XGBoost does);
 * the binning stage puts infinities in the outermost bins.
 */
import { DataError, type DataLocation } from '../errors.js';

/** Largest position that fits the Int32Array of Dataset.position. */
const MAX_POSITION = 0x7fffffff;

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

function shown(v: number, text: string | undefined): string {
  if (text !== undefined) return text.trim() === '' ? 'an empty cell (missing)' : JSON.stringify(text.trim());
  return Number.isNaN(v) ? 'a missing value (NaN)' : String(v);
}

/** The DataError for a bad label; `text` is the cell's text when there is one. */
export function labelError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `label must be a finite number, found ${shown(v, text)}`);
}

/** The DataError for a bad weight; `text` is the cell's text when there is one. */
export function weightError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `weight must be a finite number >= 0, found ${shown(v, text)}`);
}

/** The DataError for a bad position; `text` is the cell's text when there is one. */
export function positionError(loc: DataLocation, v: number, text?: string): DataError {
  return new DataError(loc, `position must be an integer >= 0 (0 = top), found ${shown(v, text)}`);
}
