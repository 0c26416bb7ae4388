/**
 * Text width without a canvas. Vega lays out titles, labels and legends from text widths; in
 * Node without the `canvas` package it falls back to 0.8 em per character, about 1.5 times the
 * real width of Helvetica/Arial text, which leaves wide empty margins and truncates labels that
 * would fit. This estimate sums per-character advance widths by character class, close to
 * Helvetica's metrics (narrow i l . , : ; ' | at ~0.25 em, f j t r ( ) [ ] / - at ~0.3 em, most
 * lower case and digits ~0.55 em, upper case ~0.67 em, m w M W ~0.85 em), 7% wider when bold,
 * plus 10% so that wider fallback fonts (DejaVu Sans, where Helvetica and Arial are missing) fit.
 * It is installed as Vega's `textMetrics.width` (the documented hook that vl-convert also uses),
 * so layout is the same on every machine, with or without canvas.
 */

const NARROW = new Set("il.,:;'|!`·");
const SEMI = new Set('fjtr()[]{}/\\-I ');
const WIDE = new Set('mwMW@%');

/** Room for fallback fonts wider than Helvetica. */
const FALLBACK_MARGIN = 1.1;

/** Width of one character in em (Helvetica-like). */
function charEm(c: string): number {
  if (NARROW.has(c)) return 0.25;
  if (SEMI.has(c)) return c === ' ' ? 0.278 : 0.31;
  if (WIDE.has(c)) return 0.86;
  if (c >= 'A' && c <= 'Z') return 0.67;
  if (c >= '0' && c <= '9') return 0.556;
  if (c >= 'a' && c <= 'z') return c === 'c' || c === 'k' || c === 's' || c === 'v' || c === 'x' || c === 'y' || c === 'z' ? 0.5 : 0.556;
  return 0.6;
}

/**
 * Estimated advance width of a line of text.
 * @param fontSize in pixels.
 * @param bold whether the font weight is bold (>= 600).
 * @returns width in pixels.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return em * fontSize * FALLBACK_MARGIN * (bold ? 1.07 : 1);
}

/** The scenegraph item fields the estimate reads (Vega text items). */
interface TextItem {
  fontSize?: unknown;
  fontWeight?: unknown;
  limit?: unknown;
}

/**
 * Vega's text-width hook: `(item, text) => width`. The width of a line with a `limit` is capped
 * at the limit, which is what Vega's truncation needs (it only asks whether a width is below
 * the limit), without truncating here (truncation calls back into this function).
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
  const s = text == null ? '' : String(text).trim();
  const w = estimateTextWidth(s, size, bold);
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(w, limit) : w;
}
