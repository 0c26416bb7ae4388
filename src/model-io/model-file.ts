/**
 * Model files on disk and in memory, in either of XGBoost's formats: the content decides how a
 * file is read (model-format.ts), the name how one is written (`.ubj`: UBJSON, anything else: JSON).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ModelError } from '../errors.js';
import { WriteError, writeFileAtomic } from '../util/atomic-write.js';
import type { Model } from './model.js';
import { detectModelFormat, unsupportedFormatDetail, type ModelFormat } from './model-format.js';
import { modelToJSON, parseModelText } from './xgboost-json.js';
import { modelToUBJ, parseModelUBJ } from './xgboost-ubj.js';

/** The formats a model is written in. */
export type ModelFileFormat = 'json' | 'ubj';

/**
 * Builds a Model from a model file's bytes, XGBoost JSON or UBJSON, whichever they are.
 * @param file the file name, for messages.
 * @throws ModelError naming `file`: not an XGBoost model (a LightGBM model, compressed, empty,
 * other binary content, said as such), or malformed, truncated or unsupported.
 */
export function parseModelBytes(bytes: Uint8Array, file: string): Model {
  const format: ModelFormat = detectModelFormat(bytes);
  if (format === 'xgboost-ubj') return parseModelUBJ(bytes, file);
  const detail = unsupportedFormatDetail(format);
  if (detail !== null) throw new ModelError(file, detail);
  return parseModelText(new TextDecoder('utf-8').decode(bytes), file);
}

/**
 * Reads an XGBoost model file (JSON or UBJSON, told apart by content).
 * @throws ModelError naming `path` when it cannot be read or is not a supported model.
 */
export async function readModelFile(path: string): Promise<Model> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelError(path, `cannot read the model file (${errnoMessage(err)})`);
  }
  return parseModelBytes(bytes, path);
}

/** The format a model written to `path` gets: UBJSON for a `.ubj` name (any case), else JSON. */
export function modelFileFormat(path: string): ModelFileFormat {
  return extname(path).toLowerCase() === '.ubj' ? 'ubj' : 'json';
}

/**
 * Writes the model to `path`, atomically (temporary file, fsync, rename): UBJSON when the name
 * ends in `.ubj` (or `format` says so), else XGBoost JSON.
 * @throws ModelError naming `path` when it cannot be written.
 */
export async function writeModelFile(path: string, model: Model, format: ModelFileFormat = modelFileFormat(path)): Promise<void> {
  const content = format === 'ubj' ? modelToUBJ(model) : modelToJSON(model);
  try {
    await writeFileAtomic(path, content);
  } catch (err) {
    throw new ModelError(path, `cannot write the model file (${err instanceof WriteError ? err.detail : errnoMessage(err)})`);
  }
}

function errnoMessage(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${code}: ${err.message.replace(/^[A-Z]+: /, '')}` : err.message;
  }
  return String(err);
}
