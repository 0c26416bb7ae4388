/** Kernel selection when the WASM module cannot be loaded (not built, or no SIMD). */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/kernels/wasm/loader.js', () => ({
  loadKernelModule: () => null,
  kernelWasmPath: () => null,
}));

const { availableKernels, selectKernels } = await import('../../src/kernels/select.js');
const { createWasmKernels } = await import('../../src/kernels/wasm/wasm-kernels.js');
const { UserError } = await import('../../src/errors.js');

describe('without kernels.wasm', () => {
  it('createWasmKernels returns null and only the TS kernels are available', () => {
    expect(createWasmKernels()).toBeNull();
    expect(availableKernels().map((k) => k.name)).toEqual(['ts']);
  });

  it("'auto' falls back to TS; 'wasm' is a UserError telling to run npm run build", () => {
    expect(selectKernels('auto').name).toBe('ts');
    expect(() => selectKernels('wasm')).toThrow(UserError);
    expect(() => selectKernels('wasm')).toThrow(/npm run build/);
  });
});
