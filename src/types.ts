/**
 * Numeric types and memory layouts, declared once (as scikit-learn's `common.pxd` and LightGBM's
 * `meta.h` do). Every other module imports these names instead of spelling a typed-array
 * constructor for these roles.
 */

/** Bin codes of one binned matrix: Uint8Array when every feature's codes fit in 0..255, else Uint16Array. */
export type BinArray = Uint8Array | Uint16Array;

/** Gradient/hessian pairs, interleaved: `gh[2*r]` = g of row r, `gh[2*r+1]` = h. Float32, as XGBoost's GradientPair. */
export type GradArray = Float32Array;

/** Histogram sums, interleaved per bin slot: `hist[2*s]` = sum g, `hist[2*s+1]` = sum h. Float64, as XGBoost's GradStats. */
export type SumArray = Float64Array;

/** Row indices into the training matrix. */
export type RowIndexArray = Uint32Array;

/** Feature values: Float32Array, NaN = missing. */
export type FeatureColumn = Float32Array;
