/**
 * Naive reference versions of the kernels, written for clarity, not speed: tests compare every
 * implementation against these. Not used in training.
 */
import type { BinArray } from '../types.js';

/**
 * Histogram of the given rows, built slot by slot from scratch (Float64Array, length
 * 2 * histOffsets[nFeatures]) from row-major bins (`bins[r * nFeatures + f]`, length nRows * nFeatures).
 */
export function naiveHistogram(
  bins: BinArray,
  nRows: number,
  nFeatures: number,
  histOffsets: Uint32Array,
  rowList: readonly number[],
  gh: Float32Array,
): Float64Array {
  if (bins.length < nRows * nFeatures) throw new RangeError(`naiveHistogram: bins shorter than ${nRows} x ${nFeatures}`);
  const hist = new Float64Array(2 * histOffsets[nFeatures]!);
  for (let f = 0; f < nFeatures; f++) {
    for (const r of rowList) {
      const slot = histOffsets[f]! + bins[r * nFeatures + f]!;
      hist[2 * slot] += gh[2 * r]!;
      hist[2 * slot + 1] += gh[2 * r + 1]!;
    }
  }
  return hist;
}

/** Stable partition by filter on the code `bins[first + r * rowStride]` of each row r: [left rows, right rows]. */
export function naivePartition(
  bins: BinArray,
  rowStride: number,
  first: number,
  splitBin: number,
  missingCode: number,
  defaultLeft: boolean,
  rowList: readonly number[],
): [number[], number[]] {
  const goesLeft = (r: number): boolean => {
    const b = bins[first + r * rowStride]!;
    return b === missingCode ? defaultLeft : b <= splitBin;
  };
  return [rowList.filter(goesLeft), rowList.filter((r) => !goesLeft(r))];
}
