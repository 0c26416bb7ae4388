/**
 * What kind of model file a byte string is, decided by its content (not its name): the one place
 * every model reader (CLI, API, serve) asks. XGBoost JSON and UBJSON are read; LightGBM's text
 * model and its `dump_model()` JSON are recognised so that a command can say what the file is
 * (a LightGBM reader can hook in here); a few other formats are named in the refusal.
 */

/** The kinds detectModelFormat tells apart. */
export type ModelFormat =
  | 'xgboost-json'
  | 'xgboost-ubj'
  | 'xgboost-binary'
  | 'lightgbm-text'
  | 'lightgbm-json'
  | 'gzip'
  | 'zstd'
  | 'empty'
  | 'binary';

/** How many leading bytes detection looks at. */
const PEEK = 4096;

/** UBJSON integer markers that open a key inside an object (`{` then the key's length type). */
const UBJ_KEY_START = new Set(['i', 'U', 'I', 'l', 'L', '$', '#'].map((c) => c.charCodeAt(0)));

/**
 * The format of a model file from its first bytes.
 * - `xgboost-ubj`: `{` followed by a UBJSON length marker (`{L\0\0...` as XGBoost writes keys).
 * - `lightgbm-text`: LightGBM's `save_model` text (`tree` then `version=v...` lines).
 * - `lightgbm-json`: LightGBM's `dump_model()` JSON (`{"name": "tree", "version": ...`).
 * - `xgboost-binary`: XGBoost's deprecated binary format (`binf` magic).
 * - `gzip`, `zstd`: compressed files; `empty`: nothing but whitespace; `binary`: other non-text bytes.
 * - `xgboost-json`: anything else (the JSON parser then says what is wrong with it).
 * @param bytes the file's content (only the first 4 KiB are read).
 */
export function detectModelFormat(bytes: Uint8Array): ModelFormat {
  const head = bytes.subarray(0, Math.min(bytes.length, PEEK));
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0x7b && head.length >= 2 && UBJ_KEY_START.has(head[1]!)) return 'xgboost-ubj';
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i === head.length && bytes.length <= PEEK) return 'empty';
  const text = new TextDecoder('latin1').decode(head.subarray(i));
  if (text.startsWith('binf')) return 'xgboost-binary';
  if (/^tree\r?\nversion=v\d/.test(text)) return 'lightgbm-text';
  if (/^\{\s*"name"\s*:\s*"tree"\s*,\s*"version"\s*:/.test(text)) return 'lightgbm-json';
  if (/[\x00-\x08\x0e-\x1a\x1c-\x1f]/.test(text.slice(0, 512))) return 'binary';
  return 'xgboost-json';
}

/**
 * Why a file of `format` is not an XGBoost model, as the one-line detail of a ModelError, or null
 * for the two XGBoost formats read here.
 */
export function unsupportedFormatDetail(format: ModelFormat): string | null {
  switch (format) {
    case 'xgboost-json':
    case 'xgboost-ubj':
      return null;
    case 'lightgbm-text':
      return 'this is a LightGBM model (text format), not an XGBoost model; this command reads XGBoost JSON or UBJSON models';
    case 'lightgbm-json':
      return 'this is a LightGBM model (dump_model JSON), not an XGBoost model; this command reads XGBoost JSON or UBJSON models';
    case 'xgboost-binary':
      return "XGBoost's deprecated binary model format is not supported: re-save the model with save_model('model.json') or 'model.ubj'";
    case 'gzip':
      return 'the file is gzip-compressed: decompress it first (gunzip)';
    case 'zstd':
      return 'the file is zstd-compressed: decompress it first (zstd -d)';
    case 'empty':
      return 'the file is empty, expected an XGBoost JSON or UBJSON model';
    case 'binary':
      return 'binary content that is neither XGBoost JSON nor UBJSON (UBJSON models start with "{" and a length marker)';
  }
}
