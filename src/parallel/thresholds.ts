/**
 * Below these sizes a batch of work stays on the calling thread: a worker task's round trip cost
 * 40-130 us on this 2-core machine through piscina when they were set (36-49 us through the
 * channels now, channel.ts, so they are on the safe side), and smaller batches lose more than they gain. Results
 * never depend on them (every parallel path gives the serial bytes); tests set them all to 0 so
 * that small data runs on the workers.
 */
import { setParallelCostForTesting } from './executor.js';

const DEFAULTS = {
  /** (row, feature) updates in a histogram batch (~1-2 ns each in WASM). */
  histogramUpdates: 1 << 16,
  /** Candidate bins in a split-search batch (the WASM scan: ~1.6 ns a bin and direction). */
  splitBins: 1 << 17,
  /** Rows in one level's partitions (~2-3 ns a row). */
  partitionRows: 1 << 17,
  /** Rows in the training-margin update after a tree. */
  leafAddRows: 1 << 17,
  /** Rows of the training data for the two-thread cut search. */
  cutSearchRows: 1 << 15,
  /** Rows of a validation set updated on two threads. */
  evalRows: 1 << 14,
  /** Rows for pointwise gradients on two threads. */
  pointwiseRows: 1 << 17,
  /** Values (rows x features) binned, then transposed, on two threads (~7 ns a value to bin). */
  binningCells: 1 << 18,
} as const;

/** The thresholds in force (the defaults, or 0 under test). */
export const thresholds: { -readonly [K in keyof typeof DEFAULTS]: number } = { ...DEFAULTS };

/** Test-only: every threshold 0 (the workers take any batch), or null for the defaults. */
export function setParallelThresholdsForTesting(value: 0 | null): void {
  setParallelCostForTesting(value);
  for (const k of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) thresholds[k] = value ?? DEFAULTS[k];
}
