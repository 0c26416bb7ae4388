/**
 * The functions exported by native/build/kernels.wasm (native/assembly/index.ts). Every pointer is
 * a byte address in the module's linear memory; counts and indices are u32 (passed as numbers).
 */
import type { WasmInstance } from './wasm-api.js';

/**
 * Signature of buildHistogramU8 / buildHistogramU16 (row-major codes u8 / u16, `stride` codes per
 * row). The returned number has no meaning (it keeps the kernel's cache-touching loads alive).
 */
export type BuildHistogramExport = (
  bins: number, stride: number, featStart: number, featEnd: number, offsets: number,
  rows: number, rowStart: number, rowEnd: number, gh: number, hist: number,
) => number;

/** Signature of partitionU8 / partitionU16 (code of row r at element `first + r * rowStride`); `defaultLeft` is 0 or 1; returns the left count. */
export type PartitionExport = (
  bins: number, rowStride: number, first: number, splitBin: number, missingCode: number, defaultLeft: number,
  rows: number, start: number, end: number, scratch: number,
) => number;

/** Signature of partitionByTableU8 / partitionByTableU16 (column-major codes from element `first`; `table` u8, 1 = left); returns the left count. */
export type PartitionByTableExport = (
  bins: number, first: number, table: number, rows: number, start: number, end: number, scratch: number,
) => number;

/** Signature of binValuesU8 / binValuesU16. */
export type BinValuesExport = (
  values: number, count: number, cuts: number, nCuts: number, missingCode: number, out: number, outStride: number,
) => void;

export interface KernelExports {
  /** First byte address after the module's static data. */
  heapBase(): number;
  buildHistogramU8: BuildHistogramExport;
  buildHistogramU16: BuildHistogramExport;
  /** out[i] = parent[i] - child[i] over f64 elements [start, end). */
  subtractHistogram(parent: number, child: number, out: number, start: number, end: number): void;
  partitionU8: PartitionExport;
  partitionU16: PartitionExport;
  partitionByTableU8: PartitionByTableExport;
  partitionByTableU16: PartitionByTableExport;
  /** Kernels.binValues over byte addresses (native/assembly/bin-values.ts): codes of `count` f32 values written every `outStride` codes. */
  binValuesU8: BinValuesExport;
  binValuesU16: BinValuesExport;
  /** Kernels.scanSplits over byte addresses (native/assembly/split-scan.ts); returns 1 when `out` was written. */
  scanSplits(
    hist: number, offsets: number, nBins: number, features: number, count: number,
    sumGrad: number, sumHess: number, lambda: number, minChildWeight: number, parentGain: number, bestChg: number, out: number,
  ): number;
  /** Kernels.ndcgPairs over byte addresses (native/assembly/ndcg-pairs.ts); `normByDiff` is 0 or 1; returns the sum of -2 lambda. */
  ndcgPairs(
    y: number, sc: number, gain: number, disc: number, gR: number, hR: number, gd: number,
    n: number, top: number, invIdcg: number, normByDiff: number,
  ): number;
  /**
   * Kernels.lightgbmPairs over byte addresses (native/assembly/lightgbm-pairs.ts): finite scores,
   * every table bin the query reaches filled; `scaleByGap` is 0 or 1; returns the sum of -2 lambda.
   */
  lightgbmPairs(
    y: number, s: number, gain: number, disc: number, gR: number, hR: number, table: number,
    n: number, top: number, invMaxDcg: number, sigma: number, tMin: number, tMax: number, tFactor: number, scaleByGap: number,
  ): number;
  /** Kernels.sketchWorkBytes (native/assembly/quantile-sketch.ts). */
  sketchWorkBytes(n: number, maxBin: number): number;
  /**
   * Kernels.sketchCuts over byte addresses (native/assembly/quantile-sketch.ts): `n` values, weights
   * (0: unit weights), a work area sized for `capN` >= n values; out f32[maxBin + 1] = [minValue,
   * cuts...]; returns the cut count.
   */
  sketchCuts(values: number, weights: number, n: number, capN: number, maxBin: number, work: number, out: number): number;
  /**
   * Kernels.scanSplitsCounted over byte addresses (native/assembly/lightgbm-scan.ts): `flags` is the
   * address of the first listed feature's flag, `nanFeatures` 0 for none; returns 1 when `out` was written.
   */
  scanSplitsCounted(
    hist: number, offsets: number, nBins: number, features: number, count: number,
    l1: number, l2: number, maxDeltaStep: number, minGainToSplit: number, sumGrad: number, sumHess: number,
    minChildWeight: number, bestChg: number, out: number, nodeRows: number, minData: number, flags: number, nanFeatures: number,
  ): number;
  /** Kernels.squaredErrorGradients over byte addresses (native/assembly/squared-error.ts); `weights` 0: unit weights. */
  squaredErrorGradients(margins: number, labels: number, weights: number, scalePosWeight: number, gh: number, start: number, end: number): void;
  /** One window of Kernels.addLeafValues over byte addresses (native/assembly/leaf-values.ts); returns the count of row indices >= nRows (not written). */
  addLeafWindow(rows: number, margins: number, nRows: number, start: number, end: number, value: number): number;
  /** Kernels.scanPlainRecords over byte addresses (native/assembly/record-scan.ts). */
  scanPlainRecords(text: number, pos: number, end: number, delim: number, roles: number, width: number, pow10: number, out: number, maxRecords: number, state: number): number;
}

const NAMES: readonly (keyof KernelExports)[] = [
  'heapBase', 'buildHistogramU8', 'buildHistogramU16', 'subtractHistogram', 'partitionU8', 'partitionU16', 'partitionByTableU8', 'partitionByTableU16', 'scanSplits',
  'binValuesU8', 'binValuesU16', 'ndcgPairs', 'sketchWorkBytes', 'sketchCuts', 'scanSplitsCounted', 'squaredErrorGradients', 'addLeafWindow', 'lightgbmPairs',
  'scanPlainRecords',
];

/**
 * The kernel exports of an instance.
 * @throws Error when one is missing (a stale native/build: run npm run build).
 */
export function kernelExports(instance: WasmInstance): KernelExports {
  for (const name of NAMES) {
    if (typeof instance.exports[name] !== 'function') {
      throw new Error(`native/build/kernels.wasm has no export ${name}: it is stale, run npm run build`);
    }
  }
  return instance.exports as unknown as KernelExports;
}
