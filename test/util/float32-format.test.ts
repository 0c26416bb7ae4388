/**
 * formatFloat32Plain and writeFloat32Plain (fast paths) give formatFloat32PlainReference's text
 * (toPrecision / Number / String, the definition) for every kind of float32: random bit patterns
 * over all exponents, the usual prediction range, values at and around powers of ten, ties at the
 * sixth to ninth digit, integers, signed zeros, subnormals, infinities and NaN.
 */
import { describe, expect, it } from 'vitest';
import {
  FLOAT32_PLAIN_MAX_BYTES,
  formatFloat32Plain,
  formatFloat32PlainReference,
  writeFloat32Plain,
} from '../../src/util/float32-format.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const out = new Uint8Array(FLOAT32_PLAIN_MAX_BYTES + 8);

/** The float32 with these bits. */
function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

function check(x: number): void {
  const want = formatFloat32PlainReference(x);
  expect(formatFloat32Plain(x), `${x}`).toBe(want);
  const end = writeFloat32Plain(x, out, 3);
  expect(Buffer.from(out.subarray(3, end)).toString('latin1'), `${x}`).toBe(want);
}

describe('formatFloat32Plain', () => {
  it('special values and the examples of its comment', () => {
    for (const x of [0, -0, NaN, Infinity, -Infinity, 0.89, -3.5, 1e-7, 1, -1, 10, 100, 0.1, 1.4e-45, 3.4028234663852886e38]) check(x);
    expect(formatFloat32Plain(0.89)).toBe('0.89');
    expect(formatFloat32Plain(-0)).toBe('-0');
    expect(formatFloat32Plain(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32Plain(Math.fround(1 / 3))).toBe('0.33333334');
  });

  it('random bit patterns over every exponent', () => {
    const r = lcg(1);
    for (let i = 0; i < 100_000; i++) check(fromBits(Math.floor(r() * 4294967296)));
  });

  it('the usual range of predictions and probabilities', () => {
    const r = lcg(2);
    for (let i = 0; i < 100_000; i++) {
      check((r() - 0.5) * 60);
      check(r());
      check(Math.exp((r() - 0.5) * 40));
    }
  });

  it('at and around powers of ten, integers, and decimals with 6 to 9 digits (ties, carries)', () => {
    for (let e = -46; e <= 39; e++) {
      const p = Math.fround(Number(`1e${e}`));
      u32[0] = 0;
      f32[0] = p;
      const bits = u32[0]!;
      for (let d = -3; d <= 3; d++) check(fromBits(bits + d));
      check(-p);
    }
    const r = lcg(3);
    for (let i = 0; i < 50_000; i++) {
      const digits = 6 + Math.floor(r() * 4);
      const n = Math.floor(r() * 10 ** digits);
      const e = Math.floor(r() * 30) - 15;
      check(Number(`${n}5e${e}`)); // a decimal tie one digit beyond
      check(Number(`${n}e${e}`));
      check(Number(`9999995e${e}`));
      check(Math.floor(r() * 2 ** 24) * (r() < 0.5 ? 1 : 2 ** Math.floor(r() * 40)));
    }
  });
});
