/**
 * ScoringRequest: the body of `POST /predict` and `POST /rank` once read, with the rows
 * converted to one row-major float32 matrix.
 */

export interface ScoringRequest {
  /** Number of rows (documents). */
  nRows: number;
  /**
   * Float32Array of length >= nRows * nFeatures: row r's features at
   * `[r * nFeatures, (r + 1) * nFeatures)`, NaN = missing. May be a scratch buffer that the
   * next request overwrites: use it before yielding to the event loop.
   */
  values: Float32Array;
  /** The body's `margin` flag, undefined when absent. */
  margin: boolean | undefined;
}
