/**
 * Exports of kernels.wasm: the hot loops of src/kernels/kernels.ts over byte addresses in one
 * imported shared linear memory. The module keeps no state and never allocates; JavaScript
 * (src/kernels/wasm/) owns the memory and hands out arrays from `heapBase()` upward.
 */
export { buildHistogramU8, buildHistogramU16 } from './histogram';
import { partition, partitionByTable } from './partition';
export { subtractHistogram } from './subtract';
export { predictBlock } from './predict';
export { scanSplits } from './split-scan';
export { binValuesU8, binValuesU16 } from './bin-values';
export { ndcgPairs } from './ndcg-pairs';
export { sketchCuts, sketchWorkBytes } from './quantile-sketch';
export { scanSplitsCounted } from './lightgbm-scan';
export { squaredErrorGradients } from './squared-error';
export { addLeafWindow } from './leaf-values';
export { lightgbmPairs } from './lightgbm-pairs';

/** First byte address free for the JavaScript allocator (after any static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** partition over u8 bin codes. */
export function partitionU8(
  bins: usize, rowStride: u32, first: u32, splitBin: i32, missingCode: u32, defaultLeft: bool,
  rows: usize, start: u32, end: u32, scratch: usize,
): u32 {
  return partition<u8>(bins, rowStride, first, splitBin, missingCode, defaultLeft, rows, start, end, scratch);
}

/** partition over u16 bin codes. */
export function partitionU16(
  bins: usize, rowStride: u32, first: u32, splitBin: i32, missingCode: u32, defaultLeft: bool,
  rows: usize, start: u32, end: u32, scratch: usize,
): u32 {
  return partition<u16>(bins, rowStride, first, splitBin, missingCode, defaultLeft, rows, start, end, scratch);
}

/** partitionByTable over u8 bin codes. */
export function partitionByTableU8(bins: usize, first: u32, table: usize, rows: usize, start: u32, end: u32, scratch: usize): u32 {
  return partitionByTable<u8>(bins, first, table, rows, start, end, scratch);
}

/** partitionByTable over u16 bin codes. */
export function partitionByTableU16(bins: usize, first: u32, table: usize, rows: usize, start: u32, end: u32, scratch: usize): u32 {
  return partitionByTable<u16>(bins, first, table, rows, start, end, scratch);
}
export { scanPlainRecords } from './record-scan';
