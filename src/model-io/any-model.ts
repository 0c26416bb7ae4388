/**
 * Reading a model file of any supported format: LightGBM's text format (recognised by its first
 * line `tree` and its header, see lightgbm-text.ts) or XGBoost's (xgboost-json.ts).
 */
import { open } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { looksLikeLightGBMText, parseLightGBMText, type LightGBMModel } from './lightgbm-text.js';
import type { Model } from './model.js';
import { readModelFile } from './xgboost-json.js';

/** A model as read, by format. */
export type AnyModel = { readonly format: 'xgboost'; readonly model: Model } | { readonly format: 'lightgbm'; readonly model: LightGBMModel };

/** True when the file starts like a LightGBM text model. */
export async function isLightGBMModelFile(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return looksLikeLightGBMText(new TextDecoder().decode(buf.subarray(0, bytesRead)));
    } finally {
      await fh.close();
    }
  } catch {
    return false; // the XGBoost reader reports why the file cannot be read
  }
}

/**
 * Reads a model file, LightGBM text or XGBoost.
 * @throws ModelError naming the file for a missing, malformed or unsupported model.
 */
export async function readAnyModelFile(path: string): Promise<AnyModel> {
  if (await isLightGBMModelFile(path)) {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new ModelError(path, `cannot read the model file (${err instanceof Error ? err.message : String(err)})`);
    }
    return { format: 'lightgbm', model: parseLightGBMText(text, path) };
  }
  return { format: 'xgboost', model: await readModelFile(path) };
}
