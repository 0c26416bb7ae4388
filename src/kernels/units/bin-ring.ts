/**
 * The worker's share of column-major binning (src/binning/bin-parallel.ts): one unit that bins
 * the chunks the calling thread stages in a ring of shared slots, in order, each as soon as it is
 * published, until every chunk below the limit is binned. The values live on the calling
 * thread's heap, which workers cannot see: that thread stages them and bins chunks from the
 * queue's end itself. Every chunk's codes come from the same binValues on the same values.
 */
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

/**
 * Int32 words of the ring's control block. The calling thread stages chunk k in slot k % slots
 * and publishes STAGED = k + 1; the worker bins the staged chunks in order and publishes
 * CONSUMED; chunks from LIMIT on are the calling thread's (it takes them from the end, lowering
 * LIMIT, never below STAGED), so the worker is done once it has binned every chunk below LIMIT.
 * SIGNAL is bumped after every change, for the worker's Atomics.wait.
 */
export const BIN_CONTROL = { staged: 0, consumed: 1, limit: 2, signal: 3, words: 4 } as const;

export const binRingUnits = unitKernel('binRing', {
  /** Column-major codes (feature f of row r at element f * nRows + r). */
  codes: arg.codes,
  nRows: arg.number,
  /** Rows per chunk; chunk k holds rows [j * chunkRows, ...) of feature floor(k / ceil(nRows / chunkRows)). */
  chunkRows: arg.number,
  /** Float32Array, length slots * chunkRows: the ring's slots. */
  stage: arg.f32,
  slots: arg.number,
  /** Float32Array: every feature's cuts, feature f's from element cutStarts[f]. */
  allCuts: arg.f32,
  cutStarts: arg.data<readonly number[]>(),
  /** Per feature: bins, i.e. the missing code. */
  nBins: arg.data<readonly number[]>(),
  /** Int32Array, length BIN_CONTROL.words. */
  control: arg.i32,
}, 0.5, (scope, a) => {
  const n = a.nRows;
  const control = a.control;
  const perFeature = Math.ceil(n / a.chunkRows);
  const k0 = scope.kernels;
  for (let k = 0; ; k++) {
    for (;;) {
      // The signal is read before the state, so a change made after these reads ends the wait.
      const seen = Atomics.load(control, BIN_CONTROL.signal);
      if (k < Atomics.load(control, BIN_CONTROL.staged)) break;
      if (k >= Atomics.load(control, BIN_CONTROL.limit)) return;
      Atomics.wait(control, BIN_CONTROL.signal, seen);
    }
    const f = Math.floor(k / perFeature);
    const r0 = (k - f * perFeature) * a.chunkRows;
    const m = Math.min(a.chunkRows, n - r0);
    const slot = (k % a.slots) * a.chunkRows;
    const nBins = a.nBins[f]!;
    const cuts = a.allCuts.subarray(a.cutStarts[f]!, a.cutStarts[f]! + nBins);
    k0.binValues(a.stage, slot, slot + m, cuts, nBins, a.codes, f * n + r0, 1);
    Atomics.store(control, BIN_CONTROL.consumed, k + 1);
  }
});
