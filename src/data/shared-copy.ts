/**
 * Copying bytes into shared memory (a WASM module's): V8 copies a Uint8Array into a
 * SharedArrayBuffer byte by byte (about 1.1 ms a MiB here, 12x a plain copy), but 32-bit elements
 * word by word (about 0.13 ms a MiB), so the bytes go over as whole words from the word boundary
 * at or before the source's first byte.
 */

/**
 * Copies `src` into `dst` from byte `at` (a multiple of 4 in dst's buffer) as 32-bit words, with
 * the up to 3 bytes before src's start in front: src[i] lands at dst[at + lead + i].
 * @param dst out: Uint8Array with at least src.length + 4 bytes from `at`.
 * @returns lead, 0..3.
 */
export function copyToShared(dst: Uint8Array, at: number, src: Uint8Array): number {
  const lead = src.byteOffset & 3;
  const from = src.byteOffset - lead;
  const n = src.length + lead;
  const words = n >>> 2;
  const d = dst.byteOffset + at;
  if ((d & 3) !== 0) throw new RangeError(`copyToShared: destination byte ${d} is not on a word boundary`);
  if (at + n > dst.length) throw new RangeError(`copyToShared: ${n} bytes from ${at} overrun the destination (length ${dst.length})`);
  if (words > 0) new Int32Array(dst.buffer, d, words).set(new Int32Array(src.buffer, from, words));
  for (let i = words * 4; i < n; i++) dst[at + i] = src[i - lead]!;
  return lead;
}
