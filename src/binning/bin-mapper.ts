/**
 * BinMapper: learns per-feature cut values from a Dataset (XGBoost 3.4.1's weighted quantile
 * sketch, quantile-cuts.ts) and maps feature values to bin codes (BinnedMatrix).
 */
import type { Dataset } from '../data/dataset.js';
import type { BinArray } from '../types.js';
import { sketchCuts, type FeatureCuts } from '../kernels/ts/quantile-cuts.js';
import { categoryCuts } from './category-cuts.js';
import type { Kernels } from '../kernels/kernels.js';
import { tsKernels } from '../kernels/ts/ts-kernels.js';
import { transposeToRows } from '../kernels/ts/loops.js';


export interface BinMapper {
  readonly nFeatures: number;
  /** Per feature: Float32Array of cut values (length nBins[f]). */
  readonly cuts: Float32Array[];
  /** Float32Array, length nFeatures: XGBoost's min_vals (threshold for "all present values go right"). */
  readonly minValues: Float32Array;
  /** Uint32Array, length nFeatures: bins of each feature; code nBins[f] means missing. */
  readonly nBins: Uint32Array;
  /** Uint32Array, length nFeatures + 1: first histogram slot of each feature (nBins[f] + 1 slots each). */
  readonly histOffsets: Uint32Array;
  /** Uint8Array, length nFeatures: 1 for a categorical feature (bin b = category code b, category-cuts.ts), else 0. */
  readonly categorical: Uint8Array;
}

/** Whether feature f of `data` is categorical (Dataset.categories holds a list for it). */
export function isCategorical(data: Dataset, f: number): boolean {
  return (data.categories?.[f] ?? null) !== null;
}

/** Cuts of feature f: the category codes for a categorical feature (category-cuts.ts), else the sketch's. */
export function featureCuts(data: Dataset, f: number, weights: Float32Array | null, maxBin: number): FeatureCuts {
  if (isCategorical(data, f)) return categoryCuts(data.columns[f]!, { file: data.source, column: data.featureNames[f]! });
  return sketchCuts(data.columns[f]!, weights, maxBin);
}

/** Uint8Array of length data.nFeatures: 1 where the feature is categorical. */
export function categoricalMask(data: Dataset): Uint8Array {
  const out = new Uint8Array(data.nFeatures);
  for (let f = 0; f < data.nFeatures; f++) out[f] = isCategorical(data, f) ? 1 : 0;
  return out;
}

/**
 * Fits cuts on `data`: each feature's XGBoost 3.4.1 sketch (quantile-cuts.ts), its values pushed
 * in row order with their weights.
 * @param maxBin maximum bins per feature.
 * @param weights in: Float32Array of row weights (length nRows) or null (all 1); data.weight unless given.
 */
export function fitBinMapper(data: Dataset, maxBin: number, weights: Float32Array | null = data.weight): BinMapper {
  const all: FeatureCuts[] = [];
  for (let f = 0; f < data.nFeatures; f++) all.push(featureCuts(data, f, weights, maxBin));
  return mapperFromCuts(all, categoricalMask(data));
}

/**
 * The mapper of features whose cuts are `all` (feature f's at all[f]).
 * @param categorical Uint8Array of length all.length (1 = categorical feature), or omitted: all numeric.
 */
export function mapperFromCuts(all: readonly FeatureCuts[], categorical: Uint8Array = new Uint8Array(all.length)): BinMapper {
  const nF = all.length;
  const cuts: Float32Array[] = [];
  const minValues = new Float32Array(nF);
  const nBins = new Uint32Array(nF);
  const histOffsets = new Uint32Array(nF + 1);
  for (let f = 0; f < nF; f++) {
    const fc = all[f]!;
    cuts.push(fc.cuts);
    minValues[f] = fc.minValue;
    nBins[f] = fc.cuts.length;
    histOffsets[f + 1] = histOffsets[f]! + fc.cuts.length + 1;
  }
  return { nFeatures: nF, cuts, minValues, nBins, histOffsets, categorical };
}

/** A BinMapper whose tables live in one kernel memory (written once per training session). */
export interface PlacedBinMapper extends BinMapper {
  /** Float32Array, length histOffsets[nFeatures]: feature f's cuts from element histOffsets[f] (`cuts[f]` are views of it). */
  readonly allCuts: Float32Array;
}

/**
 * `mapper`'s tables copied once into `memory` (the kernels' shared memory, so every thread's
 * stages read the same histogram offsets, bin counts and cuts by address).
 */
export function placeMapper(mapper: BinMapper, memory: { u32(n: number): Uint32Array; f32(n: number): Float32Array }): PlacedBinMapper {
  const nF = mapper.nFeatures;
  const nBins = memory.u32(nF);
  nBins.set(mapper.nBins);
  const histOffsets = memory.u32(nF + 1);
  histOffsets.set(mapper.histOffsets);
  const minValues = memory.f32(nF);
  minValues.set(mapper.minValues);
  const allCuts = memory.f32(mapper.histOffsets[nF]!);
  const cuts: Float32Array[] = [];
  for (let f = 0; f < nF; f++) {
    allCuts.set(mapper.cuts[f]!, histOffsets[f]!);
    cuts.push(allCuts.subarray(histOffsets[f]!, histOffsets[f]! + nBins[f]!));
  }
  return { nFeatures: nF, cuts, minValues, nBins, histOffsets, categorical: mapper.categorical, allCuts };
}

/**
 * A binned matrix: row-major codes, `bins[r * nFeatures + f]`, code nBins[f] = missing. A row's codes
 * are contiguous, so the histogram build reads one or two cache lines per row of a node instead of
 * one per (row, feature) (bench/RESULTS.md); the partition reads one code per row, strided.
 */
export interface BinnedMatrix {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Uint8Array when every code (including the missing code) is <= 255, else Uint16Array; length nRows * nFeatures, row-major. */
  readonly bins: BinArray;
}

/** Allocator of the bin-code array (the kernels' memory, so kernels read it without copies). */
export interface BinAllocator {
  u8(length: number): Uint8Array;
  u16(length: number): Uint16Array;
}

/** Rows binned per block in binDataset (a block of codes is at most 4096 x nFeatures x 2 bytes). */
const BIN_BLOCK_ROWS = 4096;

const heap: BinAllocator = { u8: (n) => new Uint8Array(n), u16: (n) => new Uint16Array(n) };

/**
 * Bytes per bin code of `data` binned by `mapper`: 1 when each feature's codes including its
 * missing code fit in a byte (always the case for max_bin <= 255, and for max_bin = 256 when no
 * 256-bin feature has missing values), else 2. Only 256-bin features are scanned for a NaN (fewer
 * bins cannot reach 256; more need 2 bytes anyway), up to the first one found.
 */
export function codeBytes(data: Dataset, mapper: BinMapper): 1 | 2 {
  const n = data.nRows;
  const nF = data.nFeatures;
  for (let f = 0; f < nF; f++) if (mapper.nBins[f]! > 256) return 2;
  for (let f = 0; f < nF; f++) {
    if (mapper.nBins[f]! !== 256) continue;
    const col = data.columns[f]!;
    for (let r = 0; r < n; r++) if (col[r]! !== col[r]!) return 2;
  }
  return 1;
}

/**
 * Bins every value of `data`. Storage is Uint8 or Uint16 as `codeBytes` says.
 * @param kernels the kernel set whose `binValues` does the search and whose memory holds the codes.
 */
export function binDataset(data: Dataset, mapper: BinMapper, kernels: Pick<Kernels, 'memory' | 'binValues'> = tsKernels): BinnedMatrix {
  const n = data.nRows;
  const nF = data.nFeatures;
  const bins: BinArray = codeBytes(data, mapper) === 1 ? kernels.memory.u8(n * nF) : kernels.memory.u16(n * nF);
  // Row blocks of BIN_BLOCK_ROWS, feature by feature inside a block: the column reads stay
  // sequential and the strided writes stay within a block that fits in cache.
  for (let r0 = 0; r0 < n; r0 += BIN_BLOCK_ROWS) {
    const r1 = Math.min(n, r0 + BIN_BLOCK_ROWS);
    for (let f = 0; f < nF; f++) {
      kernels.binValues(data.columns[f]!, r0, r1, mapper.cuts[f]!, mapper.nBins[f]!, bins, r0 * nF + f, nF);
    }
  }
  return { nRows: n, nFeatures: nF, bins };
}

/**
 * Bin codes in column-major order: the layout the row partition reads (see columnMajorCopy), and
 * the one the two-thread binning writes first (src/parallel/parallel-binning.ts).
 */
export interface BinnedColumns {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Uint8Array or Uint16Array as `codeBytes` says; length nRows * nFeatures, feature f of row r at `codes[f * nRows + r]`. */
  readonly codes: BinArray;
}

/**
 * Bins every value of `data` into column-major codes (the same codes as binDataset, laid out as
 * columnMajorCopy lays them out).
 * @param kernels the kernel set whose `binValues` does the search and whose memory holds the codes.
 * @param valuesDone called with each feature once its values are no longer read (so the caller may release them).
 */
export function binColumns(
  data: Dataset, mapper: BinMapper, kernels: Pick<Kernels, 'memory' | 'binValues'> = tsKernels, valuesDone?: (feature: number) => void,
): BinnedColumns {
  const n = data.nRows;
  const nF = data.nFeatures;
  const codes: BinArray = codeBytes(data, mapper) === 1 ? kernels.memory.u8(n * nF) : kernels.memory.u16(n * nF);
  for (let f = 0; f < nF; f++) {
    kernels.binValues(data.columns[f]!, 0, n, mapper.cuts[f]!, mapper.nBins[f]!, codes, f * n, 1);
    valuesDone?.(f);
  }
  return { nRows: n, nFeatures: nF, codes };
}

/**
 * Uint8Array, length nFeatures: 1 where some row of `binned` has feature f missing (code
 * nBins[f]), which is LightGBM's missing_type NaN for its min_data_in_leaf scan (lightgbm-scan.ts).
 */
export function missingFeatures(mapper: BinMapper, binned: BinnedMatrix): Uint8Array {
  const nF = binned.nFeatures;
  const out = new Uint8Array(nF);
  const bins = binned.bins;
  const nBins = mapper.nBins;
  for (let r = 0, at = 0; r < binned.nRows; r++) {
    for (let f = 0; f < nF; f++, at++) if (bins[at] === nBins[f]) out[f] = 1;
  }
  return out;
}

/**
 * A column-major copy of a binned matrix's codes (`out[f * nRows + r]`, same element type, length
 * nRows * nFeatures), for the row partition: it reads one code per row, and a column keeps those
 * codes dense (2 MB per pass at 1M rows of u16 instead of a 64-byte line per row).
 */
export function columnMajorCopy(binned: BinnedMatrix, alloc: BinAllocator = heap): BinArray {
  const n = binned.nRows;
  const nF = binned.nFeatures;
  const src = binned.bins;
  const out: BinArray = src.BYTES_PER_ELEMENT === 1 ? alloc.u8(n * nF) : alloc.u16(n * nF);
  for (let r0 = 0; r0 < n; r0 += BIN_BLOCK_ROWS) {
    const r1 = Math.min(n, r0 + BIN_BLOCK_ROWS);
    for (let f = 0; f < nF; f++) {
      const off = f * n;
      for (let r = r0, at = r0 * nF + f; r < r1; r++, at += nF) out[off + r] = src[at]!;
    }
  }
  return out;
}

/** A row-major copy of column-major codes (the inverse of columnMajorCopy), from `alloc`. */
export function rowMajorCopy(columns: BinnedColumns, alloc: BinAllocator = heap): BinnedMatrix {
  const n = columns.nRows;
  const nF = columns.nFeatures;
  const bins: BinArray = columns.codes.BYTES_PER_ELEMENT === 1 ? alloc.u8(n * nF) : alloc.u16(n * nF);
  transposeToRows(columns.codes, n, nF, bins, 0, n);
  return { nRows: n, nFeatures: nF, bins };
}
