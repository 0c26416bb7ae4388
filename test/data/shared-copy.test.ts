/**
 * copyToShared (src/data/shared-copy.ts): every byte lands at at + lead + i, for every source
 * alignment and length (whole words, a tail, nothing), and a misaligned or short destination is refused.
 */
import { describe, expect, it } from 'vitest';
import { copyToShared } from '../../src/data/shared-copy.js';

describe('copyToShared', () => {
  it('copies every byte after the lead, whatever the source offset and length', () => {
    const source = new Uint8Array(300);
    for (let i = 0; i < source.length; i++) source[i] = (i * 37 + 11) & 255;
    const dst = new Uint8Array(new SharedArrayBuffer(512));
    for (let offset = 0; offset < 9; offset++) {
      for (const length of [0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 250]) {
        dst.fill(0);
        const src = source.subarray(offset, offset + length);
        const lead = copyToShared(dst, 8, src);
        expect(lead).toBe(offset & 3);
        expect(Array.from(dst.subarray(8 + lead, 8 + lead + length)), `offset ${offset}, length ${length}`).toEqual(Array.from(src));
      }
    }
  });

  it('refuses a destination off a word boundary or too short', () => {
    const dst = new Uint8Array(new SharedArrayBuffer(64));
    expect(() => copyToShared(dst, 2, new Uint8Array(8))).toThrow(/word boundary/);
    expect(() => copyToShared(dst, 60, new Uint8Array(8))).toThrow(/overrun/);
  });
});
