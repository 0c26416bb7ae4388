/**
 * UBJSON (Universal Binary JSON, Draft 12: https://ubjson.org), decoded and encoded as XGBoost
 * reads and writes it (src/common/json.cc, UBJReader / UBJWriter; the model format XGBoost 2.1+
 * `save_model` writes for every name not ending in `.json`, and `save_raw()`'s default).
 *
 * Hand-written rather than taken from a package: XGBoost's dialect needs typed containers read
 * into typed arrays and written back byte for byte (`[$d#L<n>` float32, `[$l#L` int32, `[$L#L`
 * int64, `[$U#L` uint8 ...), big-endian, with int64 lengths and counts, which the UBJSON packages
 * on npm do not write, and a decoder that fails on untrusted bytes with one line and an offset.
 *
 * Decoding accepts all of Draft 12 (any integer type for lengths and counts, `$`/`#` optimized
 * arrays and objects, `N` no-ops, `C` chars, `H` is refused). Encoding writes XGBoost's form:
 * strings and keys with an int64 (`L`) length, arrays counted (`[#L<n>`), objects unoptimized,
 * integers in the smallest of i/I/l/L by XGBoost's (exclusive) bounds, non-integer numbers as
 * float32 `d` when exact, else float64 `D`, typed arrays as typed containers.
 */

/**
 * A number encoded as a float even when it is an integer (XGBoost reads `1E0` and `1` as different
 * types): `d` (float32) when `double` is false and the value is a float32, else `D` (float64).
 */
export class UBJFloat {
  constructor(
    readonly value: number,
    readonly double = false,
  ) {}
}

/** Malformed or truncated UBJSON; `offset` is the byte where decoding stopped. */
export class UBJSONError extends Error {
  constructor(
    readonly detail: string,
    readonly offset: number,
    readonly truncated: boolean,
  ) {
    super(`${detail} at byte ${offset}`);
    this.name = 'UBJSONError';
  }
}

/** Options of decodeUBJSON. */
export interface DecodeOptions {
  /**
   * true (default): typed containers become typed arrays (`$d` Float32Array, `$D` Float64Array,
   * `$i` Int8Array, `$U` Uint8Array, `$I` Int16Array, `$l` Int32Array, `$L` BigInt64Array), so
   * encodeUBJSON writes them back as they were. false: plain arrays of numbers (int64 values must
   * be safe integers), as JSON.parse would give.
   */
  typedArrays?: boolean;
  /**
   * false (default): scalar floats (`d`, `D`) become numbers. true: UBJFloat values, so that
   * encodeUBJSON(decodeUBJSON(b, { floatMarkers: true })) gives back b's bytes (XGBoost writes
   * `1.0f` as `d`, which a number 1 would turn into the integer `i`).
   */
  floatMarkers?: boolean;
}

/** Deepest nesting accepted (a hostile file cannot overflow the stack). */
const MAX_DEPTH = 512;
/** Most elements of a typed container of payload-free values (`[$Z#`, `[$T#`, ...). */
const MAX_EMPTY_ELEMENTS = 1 << 24;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Byte size of each numeric type marker's payload. */
const NUMERIC_SIZE: Readonly<Record<string, number>> = { i: 1, U: 1, I: 2, l: 4, L: 8, d: 4, D: 8 };

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly typed: boolean,
    private readonly floatMarkers: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(detail: string, truncated = false): never {
    throw new UBJSONError(detail, this.pos, truncated);
  }

  need(n: number): void {
    if (this.bytes.length - this.pos < n) this.fail(`unexpected end of data (${n} more bytes needed)`, true);
  }

  marker(): string {
    this.need(1);
    return String.fromCharCode(this.bytes[this.pos++]!);
  }

  peek(): string {
    this.need(1);
    return String.fromCharCode(this.bytes[this.pos]!);
  }

  /** A number of type `t` (one of NUMERIC_SIZE's keys); int64 as a number when safe, else a bigint. */
  numeric(t: string): number | bigint {
    const v = this.view;
    const p = this.pos;
    this.need(NUMERIC_SIZE[t]!);
    this.pos += NUMERIC_SIZE[t]!;
    switch (t) {
      case 'i':
        return v.getInt8(p);
      case 'U':
        return v.getUint8(p);
      case 'I':
        return v.getInt16(p);
      case 'l':
        return v.getInt32(p);
      case 'L': {
        const b = v.getBigInt64(p);
        return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
      }
      case 'd':
        return v.getFloat32(p);
      default:
        return v.getFloat64(p);
    }
  }

  /** A length or count: an integer marker and a non-negative value. */
  length(what: string): number {
    const start = this.pos;
    const t = this.marker();
    if (t !== 'i' && t !== 'U' && t !== 'I' && t !== 'l' && t !== 'L') {
      this.pos = start;
      this.fail(`${what}: expected an integer type marker, found ${describe(t)}`);
    }
    const n = this.numeric(t);
    if (typeof n !== 'number' || n < 0) {
      this.pos = start;
      this.fail(`${what} ${String(n)} is negative or too large`);
    }
    return n;
  }

  string(): string {
    const n = this.length('string length');
    this.need(n);
    const p = this.pos;
    this.pos += n;
    try {
      return utf8.decode(this.bytes.subarray(p, p + n));
    } catch {
      this.pos = p;
      return this.fail('a string is not valid UTF-8');
    }
  }

  value(depth: number): unknown {
    let t = this.marker();
    while (t === 'N') t = this.marker();
    return this.typedValue(t, depth);
  }

  typedValue(t: string, depth: number): unknown {
    switch (t) {
      case 'Z':
        return null;
      case 'T':
        return true;
      case 'F':
        return false;
      case 'i':
      case 'U':
      case 'I':
      case 'l':
        return this.numeric(t);
      case 'd':
      case 'D':
        return this.floatMarkers ? new UBJFloat(this.numeric(t) as number, t === 'D') : this.numeric(t);
      case 'L': {
        const start = this.pos;
        const n = this.numeric('L');
        if (typeof n === 'bigint') {
          this.pos = start;
          this.fail(`the integer ${n} is beyond ±2^53`);
        }
        return n;
      }
      case 'C':
        return String.fromCharCode(this.numeric('U') as number);
      case 'S':
        return this.string();
      case 'H':
        this.pos--;
        return this.fail('high-precision numbers (H) are not supported');
      case '[':
        return this.array(depth + 1);
      case '{':
        return this.object(depth + 1);
      default:
        this.pos--;
        return this.fail(`unknown type marker ${describe(t)}`);
    }
  }

  /** After `[` or `{`: the optional `$type` and `#count`. */
  header(): { type: string | null; count: number | null } {
    let type: string | null = null;
    if (this.peek() === '$') {
      this.pos++;
      type = this.marker();
      if (type === '[' || type === '{' || type === 'N') {
        this.pos--;
        this.fail(`${describe(type)} is not allowed as a container's element type`);
      }
      if (this.peek() !== '#') this.fail('a typed container ($) must give its count (#)');
    }
    let count: number | null = null;
    if (this.peek() === '#') {
      this.pos++;
      count = this.length('container count');
    }
    return { type, count };
  }

  checkCount(count: number, type: string | null): void {
    const size = type === null ? 1 : type === 'S' || type === 'C' || type === 'H' ? 1 : NUMERIC_SIZE[type] ?? 0;
    if (size === 0) {
      if (count > MAX_EMPTY_ELEMENTS) this.fail(`a container of ${count} elements is too large`);
    } else {
      this.need(count * size);
    }
  }

  array(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const { type, count } = this.header();
    if (count === null) {
      const out: unknown[] = [];
      for (;;) {
        const t = this.marker();
        if (t === ']') return out;
        if (t === 'N') continue;
        out.push(this.typedValue(t, depth));
      }
    }
    this.checkCount(count, type);
    if (type !== null && type in NUMERIC_SIZE) return this.numericArray(type, count);
    const out = new Array<unknown>(count);
    for (let i = 0; i < count; i++) out[i] = type === null ? this.value(depth) : this.typedValue(type, depth);
    return out;
  }

  numericArray(type: string, n: number): unknown {
    const p = this.pos;
    this.pos += n * NUMERIC_SIZE[type]!;
    const v = this.view;
    if (!this.typed) {
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const x = readAt(v, type, p + i * NUMERIC_SIZE[type]!);
        if (typeof x === 'bigint') {
          this.pos = p + i * 8;
          this.fail(`the integer ${x} is beyond ±2^53`);
        }
        out[i] = x;
      }
      return out;
    }
    switch (type) {
      case 'd': {
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getFloat32(p + 4 * i);
        return out;
      }
      case 'D': {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getFloat64(p + 8 * i);
        return out;
      }
      case 'i':
        return Int8Array.from({ length: n }, (_, i) => v.getInt8(p + i));
      case 'U':
        return this.bytes.slice(p, p + n);
      case 'I': {
        const out = new Int16Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getInt16(p + 2 * i);
        return out;
      }
      case 'l': {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getInt32(p + 4 * i);
        return out;
      }
      default: {
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getBigInt64(p + 8 * i);
        return out;
      }
    }
  }

  object(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const { type, count } = this.header();
    const out: Record<string, unknown> = {};
    const put = (k: string, v: unknown): void => {
      // A key "__proto__" is an own property, as JSON.parse makes it.
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    };
    if (count === null) {
      for (;;) {
        let t = this.peek();
        while (t === 'N') {
          this.pos++;
          t = this.peek();
        }
        if (t === '}') {
          this.pos++;
          return out;
        }
        const k = this.string();
        put(k, this.value(depth));
      }
    }
    // Each entry takes at least one byte of key length.
    this.checkCount(count, null);
    for (let i = 0; i < count; i++) {
      const k = this.string();
      put(k, type === null ? this.value(depth) : this.typedValue(type, depth));
    }
    return out;
  }
}

function readAt(v: DataView, type: string, p: number): number | bigint {
  switch (type) {
    case 'd':
      return v.getFloat32(p);
    case 'D':
      return v.getFloat64(p);
    case 'i':
      return v.getInt8(p);
    case 'U':
      return v.getUint8(p);
    case 'I':
      return v.getInt16(p);
    case 'l':
      return v.getInt32(p);
    default: {
      const b = v.getBigInt64(p);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
  }
}

function describe(marker: string): string {
  const c = marker.charCodeAt(0);
  return c >= 0x21 && c < 0x7f ? `'${marker}'` : `0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * Decodes one UBJSON value that must fill `bytes` exactly.
 * @returns null, booleans, numbers (int64 as numbers; beyond ±2^53 is an error), strings,
 * arrays, objects, and typed arrays for typed containers (see DecodeOptions).
 * @throws UBJSONError with the byte offset; `truncated` when the data stops early.
 */
export function decodeUBJSON(bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  const r = new Reader(bytes, options.typedArrays ?? true, options.floatMarkers ?? false);
  if (bytes.length === 0) r.fail('no data', true);
  const v = r.value(0);
  if (r.pos !== bytes.length) r.fail(`${bytes.length - r.pos} bytes after the end of the value`);
  return v;
}

/** A growable big-endian byte buffer. */
class Writer {
  buf = new Uint8Array(1 << 12);
  view = new DataView(this.buf.buffer);
  pos = 0;

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(c: string): void {
    this.reserve(1);
    this.buf[this.pos++] = c.charCodeAt(0);
  }

  int64(n: number | bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.pos, BigInt(n));
    this.pos += 8;
  }

  /** XGBoost's EncodeStr: `L`, int64 byte length, the UTF-8 bytes. */
  str(s: string): void {
    const b = encoder.encode(s);
    this.byte('L');
    this.int64(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** XGBoost's integer encoding: the smallest type whose open interval (min, max) holds n. */
  integer(n: number): void {
    this.reserve(9);
    const v = this.view;
    if (n > -128 && n < 127) {
      this.byte('i');
      v.setInt8(this.pos, n);
      this.pos += 1;
    } else if (n > -32768 && n < 32767) {
      this.byte('I');
      v.setInt16(this.pos, n);
      this.pos += 2;
    } else if (n > -2147483648 && n < 2147483647) {
      this.byte('l');
      v.setInt32(this.pos, n);
      this.pos += 4;
    } else {
      this.byte('L');
      this.int64(n);
    }
  }

  float(x: number, double = false): void {
    this.reserve(9);
    if (!double && (!Number.isFinite(x) || Math.fround(x) === x)) {
      this.byte('d');
      this.view.setFloat32(this.pos, x);
      this.pos += 4;
    } else {
      this.byte('D');
      this.view.setFloat64(this.pos, x);
      this.pos += 8;
    }
  }

  typed(type: string, a: ArrayLike<number | bigint>, size: number, set: (p: number, x: number | bigint) => void): void {
    this.byte('[');
    this.byte('$');
    this.byte(type);
    this.byte('#');
    this.byte('L');
    this.int64(a.length);
    this.reserve(a.length * size);
    for (let i = 0; i < a.length; i++) set(this.pos + i * size, a[i]!);
    this.pos += a.length * size;
  }

  value(x: unknown, depth: number): void {
    if (depth > MAX_DEPTH) throw new TypeError(`encodeUBJSON: nesting deeper than ${MAX_DEPTH}`);
    if (x === null || x === undefined) return this.byte('Z');
    switch (typeof x) {
      case 'boolean':
        return this.byte(x ? 'T' : 'F');
      case 'number':
        return Number.isSafeInteger(x) && !Object.is(x, -0) ? this.integer(x) : this.float(x);
      case 'bigint':
        this.byte('L');
        return this.int64(x);
      case 'string':
        this.byte('S');
        return this.str(x);
      case 'object':
        break;
      default:
        throw new TypeError(`encodeUBJSON: cannot encode a ${typeof x}`);
    }
    if (x instanceof UBJFloat) return this.float(x.value, x.double);
    if (ArrayBuffer.isView(x)) return this.typedArray(x);
    if (Array.isArray(x)) {
      this.byte('[');
      this.byte('#');
      this.byte('L');
      this.int64(x.length);
      for (const v of x) this.value(v, depth + 1);
      return;
    }
    this.byte('{');
    const obj = x as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      this.str(k);
      this.value(v, depth + 1);
    }
    this.byte('}');
  }

  typedArray(x: ArrayBufferView): void {
    const v = (): DataView => this.view;
    if (x instanceof Float32Array) return this.typed('d', x, 4, (p, e) => v().setFloat32(p, e as number));
    if (x instanceof Float64Array) return this.typed('D', x, 8, (p, e) => v().setFloat64(p, e as number));
    if (x instanceof Int8Array) return this.typed('i', x, 1, (p, e) => v().setInt8(p, e as number));
    if (x instanceof Uint8Array) return this.typed('U', x, 1, (p, e) => v().setUint8(p, e as number));
    if (x instanceof Int16Array) return this.typed('I', x, 2, (p, e) => v().setInt16(p, e as number));
    if (x instanceof Int32Array) return this.typed('l', x, 4, (p, e) => v().setInt32(p, e as number));
    if (x instanceof BigInt64Array) return this.typed('L', x, 8, (p, e) => v().setBigInt64(p, e as bigint));
    throw new TypeError(`encodeUBJSON: ${x.constructor.name} has no UBJSON typed container (unsigned 16/32/64-bit and clamped arrays are not written)`);
  }
}

/**
 * Encodes a value as XGBoost writes UBJSON: null/undefined `Z`, booleans `T`/`F`, safe integers
 * `i`/`I`/`l`/`L`, other numbers and UBJFloat `d` (float32-exact) or `D`, bigints `L`, strings `S`,
 * typed arrays as typed containers, arrays `[#L<n>`, objects `{...}` in their key order
 * (`undefined` members skipped).
 * @throws TypeError for functions, symbols, unsigned 16/32/64-bit typed arrays or nesting beyond 512.
 */
export function encodeUBJSON(value: unknown): Uint8Array {
  const w = new Writer();
  w.value(value, 0);
  return w.buf.slice(0, w.pos);
}
