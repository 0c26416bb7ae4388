/**
 * lambdaboost/web: the engine where Node is not (browsers, Deno, Bun, edge workers). Load a
 * model, predict, rank, explain; one self-contained ES module with the prediction kernel's
 * WebAssembly inside (scripts/build-web.js bundles it). No Node API, no threads.
 *
 * ```js
 * import { Booster, ready } from 'lambdaboost/web';
 * await ready();                       // the WASM kernel; without it predictions walk in TypeScript
 * const b = Booster.fromJSON(text);
 * b.predict([[0.1, 2.5, NaN]], { margin: true });
 * ```
 */
import type { WasmModule } from '../kernels/wasm/wasm-api.js';
import { KERNEL_WASM } from './kernel-bytes.js';
import { compileWebKernel, type WebKernelInfo } from './web-kernel.js';

export { Booster, type WebLoadOptions, type WebPredictOptions } from './booster.js';
export { webKernelInfo, type WebKernelInfo, type WebKernelName } from './web-kernel.js';
export { DataError, ModelError, ParamError } from '../errors.js';
export type { RankResult } from '../serve/ranker.js';
export type { FeatureRow } from '../serve/row-reader.js';

/**
 * Loads the WASM prediction kernel (once; later calls return the first result). Boosters made
 * before it finishes walk in TypeScript, with the same results.
 * @param source the kernel's bytes or a compiled WebAssembly.Module; default: the bytes built into
 *   the bundle. Edge runtimes that forbid compiling code at run time can import
 *   `lambdaboost/web/kernels.wasm` as a module and pass it here.
 * @returns the kernel in use ('wasm' or 'ts') and, for 'ts', why.
 */
export function ready(source: Uint8Array | WasmModule | null = KERNEL_WASM): Promise<WebKernelInfo> {
  return compileWebKernel(source);
}
