/**
 * Every unit kernel by name: what a worker runs for a UnitsTask (src/parallel/worker.ts). A new
 * parallel kernel is one unitKernel(...) declaration, listed here, and one executor.run call.
 */
import type { AnyUnitKernel } from '../../parallel/unit-kernel.js';
import { histogramUnits } from './histogram.js';
import { leafAddUnits } from './leaf-add.js';
import { partitionUnits } from './partition.js';
import { splitUnits } from './splits.js';

const ALL = [histogramUnits, splitUnits, partitionUnits, leafAddUnits] as const;

/** The registry. */
export const UNIT_KERNELS: ReadonlyMap<string, AnyUnitKernel> = new Map(ALL.map((k) => [k.name, k as unknown as AnyUnitKernel]));
