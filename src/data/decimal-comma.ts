/**
 * Decimal commas (European CSV: `1,5;2,25`): the bytes of a delimited file pass through here before
 * the tokenizer, and every comma outside double quotes becomes a decimal point, so the one number
 * parser reads `1,5` as 1.5. Text inside quotes is left alone (a quoted header name keeps its
 * commas); an unquoted comma in a header name becomes a point. The delimiter cannot then be a comma
 * (the loader refuses that combination).
 */

const COMMA = 44;
const POINT = 46;
const QUOTE = 34;

/**
 * Rewrites each chunk in place (the reader's buffers; the tokenizer copies what it keeps) and
 * yields it. Quote state carries across chunks (a `""` escape toggles twice, so it stays right).
 */
export async function* decimalCommaChunks(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array, void, void> {
  let inQuotes = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === COMMA && !inQuotes) chunk[i] = POINT;
    }
    yield chunk;
  }
}
