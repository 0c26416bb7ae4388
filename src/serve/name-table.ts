/**
 * NameTable: finds a feature name given as UTF-8 bytes (a key inside a request body) without
 * decoding it to a string: open-addressing hash table over FNV-1a hashes, confirmed by a byte
 * comparison. Lookups allocate nothing.
 */

export class NameTable {
  /** All names' UTF-8 bytes, concatenated. */
  private readonly bytes: Uint8Array;
  /** Int32Array of length nNames + 1: name i is bytes[start[i] .. start[i + 1]). */
  private readonly start: Int32Array;
  /** Int32Array of length a power of two >= 2 * nNames: name index + 1 per slot, 0 = empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /**
   * @param names the names in column order; a repeated name finds its first column.
   */
  constructor(names: readonly string[]) {
    const encoded = names.map((s) => Buffer.from(s, 'utf8'));
    this.start = new Int32Array(names.length + 1);
    let total = 0;
    encoded.forEach((b, i) => {
      this.start[i] = total;
      total += b.length;
    });
    this.start[names.length] = total;
    this.bytes = new Uint8Array(total);
    encoded.forEach((b, i) => this.bytes.set(b, this.start[i]!));
    let size = 2;
    while (size < 2 * names.length) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < names.length; i++) {
      const s = this.start[i]!;
      const e = this.start[i + 1]!;
      if (this.find(this.bytes, s, e) >= 0) continue;
      let h = hashBytes(this.bytes, s, e) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = i + 1;
    }
  }

  /**
   * The index of the name whose UTF-8 bytes are `key[s .. e)`, or -1.
   * @param key bytes holding the name (e.g. a request body).
   */
  find(key: Uint8Array, s: number, e: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let h = hashBytes(key, s, e) & mask;
    for (;;) {
      const v = slots[h]!;
      if (v === 0) return -1;
      if (this.equals(v - 1, key, s, e)) return v - 1;
      h = (h + 1) & mask;
    }
  }

  /** True when name i's bytes equal key[s .. e). */
  private equals(i: number, key: Uint8Array, s: number, e: number): boolean {
    const ns = this.start[i]!;
    const len = this.start[i + 1]! - ns;
    if (len !== e - s) return false;
    const b = this.bytes;
    for (let k = 0; k < len; k++) if (b[ns + k] !== key[s + k]) return false;
    return true;
  }
}

/** FNV-1a, 32 bits, over bytes[s .. e). */
function hashBytes(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  return h >>> 0;
}
