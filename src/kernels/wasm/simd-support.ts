/**
 * Feature detection: does this runtime validate WebAssembly SIMD (v128) code?
 */
import type { WasmApi } from './wasm-api.js';

/**
 * The smallest module using SIMD: one function `() -> v128` returning `v128.const 0`.
 * Hand-assembled: header, type section, function section, code section.
 */
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: [func () -> v128]
  0x03, 0x02, 0x01, 0x00, // function section: [type 0]
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code section: body of 20 bytes, no locals, v128.const
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0x0b, // end
);

/** True when `api` validates a module that uses v128 instructions. */
export function supportsSimd(api: WasmApi): boolean {
  try {
    return api.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
