/**
 * feature_weights: the column-sampling weight of each feature (XGBoost's DMatrix feature_weights),
 * given as a list (`0.5,1,2`, `[0.5,1,2]`, an API array) or as the path of a text file of numbers
 * (separated by whitespace, commas or newlines; `#` starts a comment).
 * Refused, one line naming the problem: a file that cannot be read, a token that is not a number
 * (with its file line), a negative or non-finite weight, a count other than the feature count.
 */
import { readFileSync } from 'node:fs';
import { ParamError } from '../errors.js';
import type { JsonParamValue } from './schema.js';

const WHAT = 'feature_weights';

/** Numbers of `text`, or null when some token is not a number. */
function numbersOf(text: string): number[] | null {
  const tokens = text.replace(/^\s*\[|\]\s*$/g, '').split(/[\s,]+/).filter((t) => t !== '');
  const out = tokens.map(Number);
  return tokens.length > 0 && out.every((v) => !Number.isNaN(v)) ? out : null;
}

/** The numbers of a weights file, each token checked with its line. */
function readWeightsFile(path: string): number[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ParamError(`${WHAT}: cannot read ${JSON.stringify(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'}); give a file of one weight per feature, or the weights as 0.5,1,2`);
  }
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const t of line.replace(/#.*/, '').split(/[\s,]+/)) {
      if (t === '') continue;
      const v = Number(t);
      if (Number.isNaN(v)) throw new ParamError(`${WHAT}: ${path} line ${i + 1}: ${JSON.stringify(t)} is not a number`);
      out.push(v);
    }
  });
  return out;
}

/**
 * Reads feature weights.
 * @param input the parameter's value (list text, file path, or API array).
 * @param nFeatures the data's feature count.
 * @returns the weights as given, length nFeatures, each finite and >= 0 (sampling takes them as
 *   float32, as XGBoost keeps them).
 */
export function parseFeatureWeights(input: JsonParamValue, nFeatures: number): number[] {
  let values: unknown[];
  if (typeof input === 'string') values = numbersOf(input) ?? readWeightsFile(input);
  else if (Array.isArray(input)) values = input as unknown[];
  else throw new ParamError(`${WHAT}: expected one weight per feature (a list or a file of numbers), not an object`);
  if (values.length !== nFeatures) {
    throw new ParamError(`${WHAT}: ${values.length} weights for ${nFeatures} features; give one weight per feature`);
  }
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ParamError(`${WHAT}: weight ${i + 1} is ${typeof v === 'number' ? String(v) : JSON.stringify(v)}; each weight must be a finite number >= 0`);
    }
    return v;
  });
}
