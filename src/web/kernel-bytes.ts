/**
 * The bytes of native/build/kernels-web.wasm (native/assembly/web.ts). The web bundle
 * (scripts/build-web.js) replaces this module with one holding the bytes themselves, so the
 * bundle needs no file or fetch; compiled by tsc (Node, tests) it holds none and the caller
 * passes the bytes to `ready`.
 */
export const KERNEL_WASM: Uint8Array | null = null;
