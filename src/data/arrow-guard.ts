/**
 * A bounds check on the vector lengths apache-arrow reads from Arrow IPC metadata.
 *
 * apache-arrow 21 decodes message metadata (flatbuffers) without verifying it: a vector's length
 * is taken from the bytes as they are, and the decoder loops over that many entries, reading
 * zeros past the end of the buffer. A corrupt length in a 192-byte file made the schema decoder
 * build 786,456 child fields (0.8 s, 230 MB; found by test/fuzz), and a larger one exhausts the
 * heap. A vector of n entries occupies at least n bytes after its 4-byte length, so this check
 * refuses any vector that claims more entries than bytes left in its message: decoding then
 * fails fast with a RangeError, which readArrow reports as a DataError (corrupt data). Valid
 * files never trip it, and nothing else changes.
 *
 * The check wraps `ByteBuffer.prototype.__vector_len` of the `flatbuffers` module instance that
 * apache-arrow resolves (its CommonJS entry, shared by apache-arrow's ESM and CJS builds), once
 * per process.
 */
import { createRequire } from 'node:module';

interface ByteBufferLike {
  capacity(): number;
  readInt32(offset: number): number;
  __vector_len(offset: number): number;
}

const GUARD = Symbol.for('lambdaboost.flatbuffersVectorGuard');

/** Installs the check (idempotent). Returns false when the flatbuffers module cannot be found. */
export function installArrowVectorGuard(): boolean {
  let proto: ByteBufferLike & { [GUARD]?: true };
  try {
    const fromHere = createRequire(import.meta.url);
    const fromArrow = createRequire(fromHere.resolve('apache-arrow'));
    const fb = fromArrow('flatbuffers') as { ByteBuffer?: { prototype: ByteBufferLike & { [GUARD]?: true } } };
    if (fb.ByteBuffer === undefined) return false;
    proto = fb.ByteBuffer.prototype;
  } catch {
    return false;
  }
  if (proto[GUARD]) return true;
  const vectorLength = proto.__vector_len;
  proto.__vector_len = function guardedVectorLength(this: ByteBufferLike, offset: number): number {
    const n = vectorLength.call(this, offset);
    const first = offset + this.readInt32(offset) + 4; // where the entries start
    if (n < 0 || n > this.capacity() - first) {
      throw new RangeError(`a metadata vector claims ${n} entries with ${Math.max(0, this.capacity() - first)} bytes left in the message`);
    }
    return n;
  };
  proto[GUARD] = true;
  return true;
}
