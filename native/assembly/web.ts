/**
 * Exports of kernels-web.wasm, the kernel module embedded in the web build (lambdaboost/web):
 * the batch prediction walk only, over an imported memory that is NOT shared (browsers share
 * memory only on cross-origin-isolated pages, edge workers not at all) and with no threads
 * feature, so it instantiates in every runtime with WebAssembly.
 */
export { predictBlock } from './predict';

/** First byte address free for the JavaScript side (after any static data). */
export function heapBase(): usize {
  return __heap_base;
}
