/**
 * Model files on disk (Node only): XGBoost JSON read from and written to a path. The format
 * itself (parse, serialize) is xgboost-json.ts, which uses no Node API so the web build shares it.
 */
import { readFile } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Model } from './model.js';
import { modelToJSON, parseModelText } from './xgboost-json.js';

/**
 * Reads an XGBoost JSON model file.
 * @throws ModelError naming `path` when it cannot be read or is not a supported model.
 */
export async function readModelFile(path: string): Promise<Model> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ModelError(path, `cannot read the model file (${errnoMessage(err)})`);
  }
  return parseModelText(text, path);
}

/**
 * Writes the model to `path` as XGBoost JSON, atomically (temporary file, fsync, rename).
 * @throws ModelError naming `path` when it cannot be written.
 */
export async function writeModelFile(path: string, model: Model): Promise<void> {
  const text = modelToJSON(model);
  try {
    await writeFileAtomic(path, text);
  } catch (err) {
    throw new ModelError(path, `cannot write the model file (${errnoMessage(err)})`);
  }
}


function errnoMessage(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${code}: ${err.message.replace(/^[A-Z]+: /, '')}` : err.message;
  }
  return String(err);
}
