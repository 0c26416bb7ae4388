/**
 * The cut search (fitBinMapper) with the kernels' sketch and on two threads. The feature values live
 * on the JavaScript heap, which workers and the WASM kernels cannot see, so features go in pairs:
 * the calling thread copies feature k + 1 into a staging area of the kernels' shared memory and a
 * worker sketches it there (Kernels.sketchCuts) while the calling thread sketches feature k (with the
 * WASM kernels: copied into a second staging area and sketched by Kernels.sketchCuts; with the
 * TypeScript kernels: sketchCuts on its heap copy). Every implementation gives the cuts of
 * src/kernels/ts/quantile-cuts.ts sketchCuts on the same values, weights and row order, so the
 * mapper equals the serial one.
 *
 * The staging areas are scratch of the shared memory that the booster releases afterwards, so the
 * bin codes reuse their pages. One thread or few rows (the executor's cost rule): every feature on
 * the calling thread (the kernels' sketch with WASM kernels, else the serial fitBinMapper). A
 * categorical feature's cuts (one scan for its largest code, category-cuts.ts) are made on the
 * calling thread.
 */
import { categoricalMask, featureCuts, fitBinMapper, isCategorical, mapperFromCuts, type BinMapper } from './bin-mapper.js';
import type { FeatureCuts } from '../kernels/ts/quantile-cuts.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Dataset } from '../data/dataset.js';
import { cutsUnits } from '../kernels/units/cuts.js';
import type { Executor } from '../parallel/executor.js';
import type { ArgsOf, Schema, UnitKernel } from '../parallel/unit-kernel.js';

/** Where the cut search's staging comes from: the kernels' shared memory (inside a released scratch area). */
export interface StagingMemory {
  f32(length: number): Float32Array;
  u8(length: number): Uint8Array;
}

/**
 * The sketch of one column by `kernels.sketchCuts`, the column copied into a staging array of
 * `memory` first.
 * @param w the sketch weights already staged in `memory`, or null.
 */
function kernelSketch(kernels: Kernels, memory: StagingMemory, n: number, maxBin: number, w: Float32Array | null): (column: Float32Array) => FeatureCuts {
  const values = memory.f32(n);
  const work = memory.u8(Math.max(8, kernels.sketchWorkBytes(n, maxBin)));
  const out = memory.f32(maxBin + 1);
  return (column) => {
    values.set(column);
    const count = kernels.sketchCuts(values, w, maxBin, work, out);
    return { cuts: out.slice(1, 1 + count), minValue: out[0]! };
  };
}

/**
 * fitBinMapper with the kernels' sketch and a worker taking every second feature.
 * @param memory staging from the executor's kernels' shared memory (2 x nRows floats, 3 x with
 *   weights, plus two sketch work areas); the caller releases it afterwards.
 * @param weights in: the sketch's row weights (fitBinMapper's), or null.
 */
export async function fitBinMapperParallel(data: Dataset, maxBin: number, executor: Executor, memory: StagingMemory, weights: Float32Array | null = data.weight): Promise<BinMapper> {
  const n = data.nRows;
  const nF = data.nFeatures;
  const kernels = executor.scope.kernels;
  const native = kernels.name === 'wasm';
  const twoThreads = nF >= 2 && executor.parallel(cutsUnits, n);
  if (!native && !twoThreads) return fitBinMapper(data, maxBin, weights);
  // The weights, staged once for both threads (both only read them).
  let w: Float32Array | null = null;
  if (weights) {
    w = memory.f32(n);
    w.set(weights);
  }
  const sketchOwn = native ? kernelSketch(kernels, memory, n, maxBin, w) : null;
  const own = (f: number): FeatureCuts =>
    sketchOwn && !isCategorical(data, f) ? sketchOwn(data.columns[f]!) : featureCuts(data, f, weights, maxBin);
  const all: FeatureCuts[] = new Array<FeatureCuts>(nF);
  if (!twoThreads) {
    for (let f = 0; f < nF; f++) all[f] = own(f);
    return mapperFromCuts(all, categoricalMask(data));
  }
  const values = memory.f32(n);
  const args = {
    values, weights: w ?? values, weighted: w ? 1 : 0, maxBin,
    work: memory.u8(Math.max(8, kernels.sketchWorkBytes(n, maxBin))), out: memory.f32(maxBin + 2),
  };
  await cutsInPairs(all, own, (f) => {
    if (isCategorical(data, f)) return false;
    values.set(data.columns[f]!);
    return true;
  }, executor, cutsUnits, args);
  return mapperFromCuts(all, categoricalMask(data));
}

/**
 * The pair loop of the two-thread cut searches (here and lightgbm-cuts-parallel.ts): for features
 * f = 0, 2, 4, ... the calling thread runs `own(f)` while a worker runs `unit` on feature f + 1,
 * when `stage(f + 1)` has copied it into the unit's staging (else the calling thread runs
 * `own(f + 1)` too). The unit writes [count, minValue, cuts...] to `args.out`.
 * @param all out: FeatureCuts per feature (its length is the feature count).
 */
export async function cutsInPairs<S extends Schema>(
  all: FeatureCuts[], own: (f: number) => FeatureCuts, stage: (f: number) => boolean,
  executor: Executor, unit: UnitKernel<S>, args: ArgsOf<S> & { out: Float32Array },
): Promise<void> {
  const nF = all.length;
  for (let f = 0; f < nF; f += 2) {
    if (f + 1 < nF && stage(f + 1)) {
      await executor.share(unit, args, 1, 1, () => {
        all[f] = own(f);
      });
      const count = args.out[0]!;
      all[f + 1] = { cuts: args.out.slice(2, 2 + count), minValue: args.out[1]! };
    } else {
      all[f] = own(f);
      if (f + 1 < nF) all[f + 1] = own(f + 1);
    }
  }
}
