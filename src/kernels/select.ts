/**
 * Chooses the kernel implementation once per booster (`kernel: 'auto' | 'ts' | 'wasm'`).
 */
import { UserError } from '../errors.js';
import type { Kernels } from './kernels.js';
import { tsKernels } from './ts/ts-kernels.js';

/** Kernel implementations available in this process, by name. */
export function availableKernels(): Kernels[] {
  return [tsKernels];
}

/** The kernels for a `kernel` parameter value; 'wasm' when unavailable is an error, 'auto' falls back to TS. */
export function selectKernels(choice: 'auto' | 'ts' | 'wasm'): Kernels {
  const all = availableKernels();
  if (choice === 'auto') return all.find((k) => k.name === 'wasm') ?? tsKernels;
  const k = all.find((x) => x.name === choice);
  if (!k) throw new UserError(`kernel ${choice} is not available in this build (run npm run build)`);
  return k;
}
