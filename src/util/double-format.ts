/**
 * Doubles as text with 17 significant digits (what LightGBM's CLI writes, C++ streams at
 * precision 17): enough to read back the same double; trailing zeros of the fraction dropped.
 */

/** One double as text: 17 significant digits, `nan`, `inf` or `-inf`. */
export function formatDouble17(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const s = x.toPrecision(17);
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return e < 0 ? trimmed : `${trimmed}${s.slice(e)}`;
}

/** Doubles as text, one a line, each line ended by '\n'. */
export function double17Lines(values: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += `${formatDouble17(values[i]!)}\n`;
  return out;
}
