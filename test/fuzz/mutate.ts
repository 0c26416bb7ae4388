/**
 * Byte-level mutations of valid files, as fast-check arbitraries: a mutation is plain data (so
 * fast-check can print and shrink it) applied to the bytes of a valid file by {@link applyMutations}.
 *
 * Kinds: flip one byte (XOR), overwrite a byte with a token byte, truncate, delete a range,
 * insert random bytes, insert a token (quotes, separators, line breaks, digits, signs, a BOM,
 * NUL, JSON punctuation, words such as `NaN`), duplicate or drop a line, swap two lines, and
 * overwrite 4 bytes with a little-endian integer of interest (binary formats: a length or offset
 * field made huge, negative or zero), either anywhere or where the file holds a small count (a
 * 4-byte-aligned little-endian value in 1..64: row counts, lengths, numbers of fields and
 * buffers). Positions are fractions of the length so that one mutation applies to any file.
 */
import fc from 'fast-check';

/** Tokens worth inserting: the bytes and words the text formats give meaning to. */
export const TOKENS: readonly string[] = [
  '"', '""', ',', '\t', ';', ':', ' ', '\n', '\r', '\r\n', '#', '-', '+', '.', 'e', 'E', '0', '1', '9', '99999',
  '1e38', '1e39', '-1e400', 'NaN', 'NA', '?', 'inf', '-Infinity', 'qid:', 'qid:1', '1:', ':1', '{', '}', '[', ']',
  'null', 'true', '"x"', '\uFEFF', '\u0000', '\u00e9', '\uD83D\uDE00', '\\', '\\u0000', '\\"',
];
/** Token bytes (UTF-8) plus a few byte values that are not valid UTF-8 on their own. */
const TOKEN_BYTES: readonly Uint8Array[] = [
  ...TOKENS.map((t) => new TextEncoder().encode(t)),
  Uint8Array.of(0xff),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xef, 0xbb, 0xbf),
  Uint8Array.of(0xff, 0xff, 0xff, 0xff),
  Uint8Array.of(0x7f, 0xff, 0xff, 0xff),
  Uint8Array.of(0x00, 0x00, 0x00, 0x80),
];

/** One mutation; `at`/`to` are positions as fractions in [0, 1) of the current length. */
export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; token: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insertBytes'; at: number; bytes: number[] }
  | { kind: 'insertToken'; at: number; token: number }
  | { kind: 'dupLine'; at: number }
  | { kind: 'dropLine'; at: number }
  | { kind: 'swapLines'; at: number; to: number }
  | { kind: 'int32'; at: number; value: number }
  | { kind: 'count32'; pick: number; value: number };

/** 32-bit values that break length and offset fields. */
const INT32_VALUES = [0, 1, 8, 255, 0x10000, 1 << 20, 1 << 26, 0x7fffffff, -1, -8, 0x80000000 | 0];

/**
 * A position as a fraction in [0, 1), uniform: fast-check's numbers are biased towards bounds and
 * small values by default, which would put most mutations at the first byte.
 */
export const fractionArb: fc.Arbitrary<number> = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((x) => x / 2 ** 30);
const pos = fractionArb;
const token = fc.nat({ max: TOKEN_BYTES.length - 1 });

/** Any one mutation. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: pos, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: pos, token }),
  fc.record({ kind: fc.constant('truncate' as const), at: pos }),
  fc.record({ kind: fc.constant('delete' as const), at: pos, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('insertBytes' as const), at: pos, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('insertToken' as const), at: pos, token }),
  fc.record({ kind: fc.constant('dupLine' as const), at: pos }),
  fc.record({ kind: fc.constant('dropLine' as const), at: pos }),
  fc.record({ kind: fc.constant('swapLines' as const), at: pos, to: pos }),
  fc.record({ kind: fc.constant('int32' as const), at: pos, value: fc.constantFrom(...INT32_VALUES) }),
);

/** One int32 overwrite of a small count (binary formats: hits length fields often enough to matter). */
export const int32MutationArb: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constant('count32' as const), pick: pos, value: fc.constantFrom(...INT32_VALUES) });

/** One to four mutations. */
export const mutationsArb: fc.Arbitrary<Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

function index(at: number, length: number): number {
  return Math.min(length, Math.floor(at * (length + 1)));
}

/** [start, end) of the line holding byte i (end includes the `\n`). */
function lineAt(b: Uint8Array, i: number): [number, number] {
  let s = Math.min(i, b.length);
  while (s > 0 && b[s - 1] !== 10) s--;
  let e = Math.min(i, b.length);
  while (e < b.length && b[e] !== 10) e++;
  return [s, Math.min(b.length, e + 1)];
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Applies one mutation, returning new bytes. */
export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  switch (m.kind) {
    case 'flip': {
      if (n === 0) return b;
      const out = b.slice();
      const i = Math.min(n - 1, Math.floor(m.at * n));
      out[i] = out[i]! ^ m.mask;
      return out;
    }
    case 'set': {
      if (n === 0) return b;
      const out = b.slice();
      out[Math.min(n - 1, Math.floor(m.at * n))] = TOKEN_BYTES[m.token]![0] ?? 0;
      return out;
    }
    case 'truncate':
      return b.slice(0, Math.floor(m.at * n));
    case 'delete': {
      const i = index(m.at, n);
      return concat(b.subarray(0, i), b.subarray(Math.min(n, i + m.length)));
    }
    case 'insertBytes': {
      const i = index(m.at, n);
      return concat(b.subarray(0, i), Uint8Array.from(m.bytes), b.subarray(i));
    }
    case 'insertToken': {
      const i = index(m.at, n);
      return concat(b.subarray(0, i), TOKEN_BYTES[m.token]!, b.subarray(i));
    }
    case 'dupLine': {
      const [s, e] = lineAt(b, index(m.at, n));
      return concat(b.subarray(0, e), b.subarray(s, e), b.subarray(e));
    }
    case 'dropLine': {
      const [s, e] = lineAt(b, index(m.at, n));
      return concat(b.subarray(0, s), b.subarray(e));
    }
    case 'swapLines': {
      let [s1, e1] = lineAt(b, index(m.at, n));
      let [s2, e2] = lineAt(b, index(m.to, n));
      if (s1 === s2) return b;
      if (s2 < s1) [s1, e1, s2, e2] = [s2, e2, s1, e1];
      return concat(b.subarray(0, s1), b.subarray(s2, e2), b.subarray(e1, s2), b.subarray(s1, e1), b.subarray(e2));
    }
    case 'count32': {
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const candidates: number[] = [];
      for (let i = 0; i + 4 <= n; i += 4) {
        const v = view.getUint32(i, true);
        if (v >= 1 && v <= 64) candidates.push(i);
      }
      if (candidates.length === 0) return b;
      const out = b.slice();
      new DataView(out.buffer, out.byteOffset).setInt32(candidates[Math.floor(m.pick * candidates.length)]!, m.value, true);
      return out;
    }
    case 'int32': {
      if (n < 4) return b;
      const out = b.slice();
      const i = Math.min(n - 4, Math.floor(m.at * (n - 3))); // any offset (count32 covers the aligned counts)
      new DataView(out.buffer, out.byteOffset).setInt32(i, m.value, true);
      return out;
    }
  }
}

/** Applies the mutations in order. */
export function applyMutations(b: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let out = b;
  for (const m of ms) out = applyMutation(out, m);
  return out;
}

/** Random bytes, 0 to 512 of them. */
export const randomBytesArb: fc.Arbitrary<Uint8Array> = fc.uint8Array({ minLength: 0, maxLength: 512 });

/** Random text made of the tokens and a few letters/digits (more likely to get past a parser's first checks). */
export const tokenSoupArb: fc.Arbitrary<Uint8Array> = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.constantFrom('a', 'b', 'x', 'y', '0', '1', '2', '3.5', '-7', '1e5')), { maxLength: 80 })
  .map((parts) => new TextEncoder().encode(parts.join('')));
