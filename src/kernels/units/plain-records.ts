/**
 * The delimited reader's plainest records (work: bytes; a histogram slot update's cost each), a chunk of a file split at line breaks into parts
 * (src/data/parallel-plain-records.ts): unit u scans part u, text[bounds[2u], bounds[2u + 1]),
 * with Kernels.scanPlainRecords into its own block of `out` (maxRecords records, column-major) and
 * its own state word: disjoint outputs, read back in part order by the calling thread.
 */
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const plainRecordsUnits = unitKernel('plainRecords', {
  /** Uint8Array: the chunk's bytes (a zero byte after the last part); read only. */
  text: arg.u8,
  /** Uint32Array, length 2 x units: each part's start and end in text. */
  bounds: arg.u32,
  /** Uint8Array, length width: the role codes of Kernels.scanPlainRecords. */
  roles: arg.u8,
  /** Float64Array, length 23: 10^0 .. 10^22. */
  pow10: arg.f64,
  /** Float32Array, length units x width x maxRecords (out): unit u's block from u x width x maxRecords. */
  out: arg.f32,
  /** Uint32Array, length 2 x units (out): unit u's records taken at 2u, the position after them at 2u + 1. */
  results: arg.u32,
  delimiter: arg.number,
  width: arg.number,
  maxRecords: arg.number,
}, 2, (scope, a, unit) => {
  const block = a.width * a.maxRecords;
  a.results[2 * unit] = scope.kernels.scanPlainRecords(
    a.text, a.bounds[2 * unit]!, a.bounds[2 * unit + 1]!, a.delimiter, a.roles, a.width, a.pow10,
    a.out.subarray(unit * block, (unit + 1) * block), a.maxRecords, a.results.subarray(2 * unit + 1, 2 * unit + 2),
  );
});
