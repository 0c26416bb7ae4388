/**
 * Every unit kernel by name: what a worker runs for a UnitsTask (src/parallel/worker.ts). A new
 * parallel kernel is one unitKernel(...) declaration, listed here, and one executor.run call.
 */
import type { AnyUnitKernel } from '../../parallel/unit-kernel.js';
import { addHalvesUnits } from './add-halves.js';
import { applyTreeUnits } from './apply-tree.js';
import { binRingUnits } from './bin-ring.js';
import { cutsUnits } from './cuts.js';
import { histogramUnits } from './histogram.js';
import { addHalvesSplitUnits, histogramSplitUnits } from './histogram-splits.js';
import { lambdaRankUnits } from './lambdarank-gradients.js';
import { lightgbmRankUnits } from './lightgbm-rank-gradients.js';
import { lightgbmCutsUnits } from './lightgbm-cuts.js';
import { leafAddUnits } from './leaf-add.js';
import { partitionUnits } from './partition.js';
import { pointwiseUnits } from './pointwise-gradients.js';
import { plainRecordsUnits } from './plain-records.js';
import { predictUnits } from './predict-walk.js';
import { splitUnits } from './splits.js';
import { transposeUnits } from './transpose.js';

const ALL = [
  histogramUnits, splitUnits, partitionUnits, leafAddUnits, pointwiseUnits, lambdaRankUnits, applyTreeUnits,
  cutsUnits, binRingUnits, transposeUnits, predictUnits, addHalvesUnits, lightgbmRankUnits,
  histogramSplitUnits, addHalvesSplitUnits, lightgbmCutsUnits, plainRecordsUnits,
] as const;

/** The registry. */
export const UNIT_KERNELS: ReadonlyMap<string, AnyUnitKernel> = new Map(ALL.map((k) => [k.name, k as unknown as AnyUnitKernel]));
