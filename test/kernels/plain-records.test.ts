/**
 * Kernels.scanPlainRecords: the TypeScript port (src/kernels/ts/plain-records.ts) against the WASM
 * scan (native/assembly/record-scan.ts), record for record: the count, the position after the last
 * record taken and every stored value's bits, on lines of every kind of cell the scan takes or
 * stops at, with LF and CR LF line ends, a record limit, and windows that end inside the text.
 */
import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { POW10 } from '../../src/data/decimal-scanner.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { needsWasm, WASM } from '../wasm-available.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const CELLS = ['', '-0', '+5', '.5', '5.', '-.25', '007', '0.000', '123456789012345', '1234567890123456', '1e22', '1e23', '1E-22', '1e-23',
  '2.5e+3', '1e0001', '1e00001', '3.4e38', '3.5e38', '1e999', 'NA', ' 5', '"5"', '1e', '-', '.', 'x', '-1.5', '9007199254740993'];

/** Lines of `width` cells (at `pOther` a cell of CELLS, else a 6-digit number), sometimes a cell too many or too few. */
function text(rnd: () => number, lines: number, width: number, pOther: number): string {
  let s = '';
  for (let r = 0; r < lines; r++) {
    const n = rnd() < 0.01 ? width + (rnd() < 0.5 ? 1 : -1) : width;
    const cells = [];
    for (let j = 0; j < n; j++) cells.push(rnd() < pOther ? CELLS[Math.floor(rnd() * CELLS.length)]! : ((rnd() - 0.5) * 1e4).toPrecision(6));
    s += cells.join(',') + (rnd() < 0.3 ? '\r\n' : rnd() < 0.01 ? '\r' : '\n');
  }
  return s;
}

/** [records, state, out bits...] of one kernel set's scan of `bytes` (copied into its memory). */
function scan(k: Kernels, bytes: Uint8Array, roles: number[], maxRecords: number, pos = 0, end = bytes.length): number[] {
  const m = k.memory;
  const t = m.u8(bytes.length + 16);
  t.set(bytes);
  const r = m.u8(roles.length);
  r.set(roles);
  const p = m.f64(23);
  p.set(POW10.subarray(0, 23));
  const out = m.f32(roles.length * maxRecords);
  out.fill(-7);
  const state = m.u32(1);
  const n = k.scanPlainRecords(t, pos, end, 44, r, roles.length, p, out, maxRecords, state);
  return [n, state[0]!, ...new Uint32Array(out.buffer, out.byteOffset, out.length)];
}

describe.skipIf(!WASM)(needsWasm('scanPlainRecords: TypeScript equals WASM'), () => {
  const wasm = WASM ? createWasmKernels()! : null;
  it('random lines, roles and record limits', () => {
    const rnd = lcg(11);
    let taken = 0;
    for (let trial = 0; trial < 400; trial++) {
      const width = 1 + Math.floor(rnd() * 6);
      const roles = Array.from({ length: width }, (_, j) => (j === 0 ? 2 : j === 1 && rnd() < 0.5 ? 3 : rnd() < 0.02 ? 4 : 1));
      const bytes = new TextEncoder().encode(text(rnd, 1 + Math.floor(rnd() * 40), width, [0, 0.01, 0.1, 0.5][trial % 4]!));
      const maxRecords = rnd() < 0.2 ? Math.floor(rnd() * 10) : 64;
      // Half the trials scan a window: from a line's start to anywhere after it (a part of a chunk:
      // bytes follow its end, so the end rules, not the zero after the text, stop the scan there).
      const window = trial % 2 === 1;
      const pos = window ? bytes.indexOf(10, Math.floor(rnd() * bytes.length)) + 1 : 0;
      const end = window ? pos + Math.floor(rnd() * (bytes.length - pos + 1)) : bytes.length;
      const mark = wasm!.memory.mark();
      const want = scan(wasm!, bytes, roles, maxRecords, pos, end);
      wasm!.memory.release(mark);
      expect(scan(tsKernels, bytes, roles, maxRecords, pos, end), `trial ${trial}`).toEqual(want);
      taken += want[0]!;
    }
    expect(taken).toBeGreaterThan(1000); // most trials take records (not only the stops compared)
  });
});
