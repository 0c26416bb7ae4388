/**
 * Reading a model file of any supported format: LightGBM's text format (recognised by its first
 * line `tree` and its header, see lightgbm-text.ts), LightGBM's JSON dump (lightgbm-json.ts) or
 * XGBoost's (xgboost-json.ts).
 */
import { open } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { looksLikeLightGBMJson, parseLightGBMJson } from './lightgbm-json.js';
import { looksLikeLightGBMText, parseLightGBMText, type LightGBMModel } from './lightgbm-text.js';
import type { Model } from './model.js';
import { readModelFile } from './model-file.js';

/** A model as read, by format. */
export type AnyModel = { readonly format: 'xgboost'; readonly model: Model } | { readonly format: 'lightgbm'; readonly model: LightGBMModel };

/** 'text' or 'json' when the file starts like a LightGBM text model or JSON dump, else null. */
export async function lightgbmFormatOf(path: string): Promise<'text' | 'json' | null> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(1 << 16);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const head = new TextDecoder().decode(buf.subarray(0, bytesRead));
      return looksLikeLightGBMText(head) ? 'text' : looksLikeLightGBMJson(head) ? 'json' : null;
    } finally {
      await fh.close();
    }
  } catch {
    return null; // the XGBoost reader reports why the file cannot be read
  }
}

/**
 * Reads a model file, LightGBM text or XGBoost.
 * @throws ModelError naming the file for a missing, malformed or unsupported model.
 */
export async function readAnyModelFile(path: string): Promise<AnyModel> {
  const lightgbm = await lightgbmFormatOf(path);
  if (lightgbm !== null) {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new ModelError(path, `cannot read the model file (${err instanceof Error ? err.message : String(err)})`);
    }
    return { format: 'lightgbm', model: lightgbm === 'text' ? parseLightGBMText(text, path) : parseLightGBMJson(text, path) };
  }
  return { format: 'xgboost', model: await readModelFile(path) };
}
