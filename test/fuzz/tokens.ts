/**
 * Generators of numeric cell texts for the text-format fuzz suites, each with the value the
 * reference reader gives it: a decimal number written in one of several styles (value: the
 * float64 `Number()` gives, rounded to float32), or a missing token (NaN). Infinity words and
 * numbers beyond the float32 range are refused by every reader (value-rules.ts), so they are not
 * feature tokens of well-formed files: {@link infiniteTokenArb} gives them for the refusal checks.
 */
import fc from 'fast-check';

/** A cell text and the float32 value it must load as. */
export interface NumberToken {
  text: string;
  value: number;
}

/** Finite doubles over the whole range (subnormals, -0, huge magnitudes included). */
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const smallDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

/** Writes x in one of several decimal styles the loaders must read. */
function styles(x: number): fc.Arbitrary<string> {
  const plain = String(x); // shortest round trip, maybe with an exponent (1e+21, 5e-324)
  const options: string[] = [plain];
  options.push(x.toExponential()); // 1.5e+0
  options.push(x.toExponential(3).replace('e+', 'E')); // 1.500E0
  if (Math.abs(x) < 1e15) options.push(x.toFixed(3)); // 1.500
  if (Math.abs(x) < 1e21 && Math.abs(x) >= 1e-6) options.push(x.toPrecision(17)); // 17 significant digits
  if (x > 0 && !plain.includes('e')) options.push('+' + plain); // +1.5
  if (/^\d+\.\d+$/.test(plain) && plain.startsWith('0.')) options.push(plain.slice(1)); // .5
  if (Number.isInteger(x) && Math.abs(x) < 1e15) options.push(`${plain}.`, `${x < 0 ? '-' : ''}00${Math.abs(x)}`); // 5. and 005
  return fc.constantFrom(...options);
}

/** A finite decimal number token (value: fround(Number(text))). */
export const finiteTokenArb: fc.Arbitrary<NumberToken> = fc
  .oneof(
    { weight: 3, arbitrary: smallDouble },
    { weight: 2, arbitrary: finiteDouble },
    { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e30, -1e30, 3.4028235677973366e38, 3.4e38, 1e-45, 1.401298464324817e-45, 7e-46, 1e-40, 16777217, 0.1) },
  )
  .chain((x) => styles(x))
  .map((text) => ({ text, value: Math.fround(Number(text)) }));

/** A token whose float32 is infinite: an infinity word, or a number beyond the float32 range. */
export const infiniteTokenArb: fc.Arbitrary<NumberToken> = fc
  .oneof(
    fc.constantFrom('inf', 'Inf', '-inf', '+inf', 'infinity', '-Infinity', 'INF'),
    finiteTokenArb.filter((t) => !Number.isFinite(t.value)).map((t) => t.text),
    fc.constantFrom('1e39', '-3.5e38', '1e400', '3.4028236e38'),
  )
  .map((text) => ({ text, value: referenceNumber(text) }));

/** Missing tokens accepted by every text reader (the empty cell excluded: it has layout rules of its own). */
export const MISSING_WORDS = ['NA', 'N/A', 'n/a', 'NaN', 'nan', 'NAN', '-nan', '-NaN', '?', 'null', 'NULL', 'None', '#N/A', '<NA>'] as const;

/** A missing token other than the empty cell. */
export const missingTokenArb: fc.Arbitrary<NumberToken> = fc.constantFrom(...MISSING_WORDS).map((text) => ({ text, value: NaN }));

/** A feature cell of a well-formed file: mostly numbers (finite in float32), some missing. */
export const featureTokenArb: fc.Arbitrary<NumberToken> = fc.oneof(
  { weight: 8, arbitrary: finiteTokenArb.filter((t) => Number.isFinite(t.value)) },
  { weight: 2, arbitrary: missingTokenArb },
);

/** Same value, bit for bit (NaN equals NaN, 0 differs from -0). */
export function sameFloat(a: number, b: number): boolean {
  return Object.is(a, b);
}

/** Describes the first difference between two float arrays, or returns null when they are the same. */
export function firstDifference(what: string, got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `${what}: length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!sameFloat(got[i]!, want[i]!)) return `${what}[${i}]: ${got[i]}, expected ${want[i]}`;
  }
  return null;
}

const REF_MISSING = new Set<string>(['', ...MISSING_WORDS]);

/**
 * The reference rule for one numeric text cell: trimmed; a missing token is NaN, an infinity word
 * is +-Infinity, anything else goes through `Number()` and is rounded to float32.
 */
export function referenceNumber(text: string): number {
  const t = text.trim();
  if (REF_MISSING.has(t)) return NaN;
  const lower = t.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Math.fround(Number(t));
}

/** A finite token whose float32 value is finite too (labels). */
export const labelTokenArb: fc.Arbitrary<NumberToken> = finiteTokenArb.filter((t) => Number.isFinite(t.value));
