/**
 * XGBoost's UBJSON model format (XGBoost 2.1+ `save_model` for every name not ending in `.json`,
 * `save_raw()`'s default), read and written. The document is the same as the JSON model's
 * (xgboost-json.ts reads and checks it); only the encoding differs.
 *
 * Writing goes through the JSON text modelToJSON makes, so both formats hold the same model by
 * construction: a number written with a `.`, an exponent or as NaN/Infinity is a float, any other
 * an integer (the rule XGBoost's own JSON reader applies), and the per-node arrays of each tree,
 * the ranking biases `ti+` / `tj-` and the `cats` index arrays become typed containers of the
 * types XGBoost 3.4.1 writes them in (float32 `$d`, int32 `$l`, int64 `$L`, uint8 `$U`).
 */
import { ModelError } from '../errors.js';
import { isObject, type JsonObject } from './json-access.js';
import { stableStringify } from './json-text.js';
import type { Model } from './model.js';
import { decodeUBJSON, encodeUBJSON, UBJFloat, UBJSONError } from './ubjson.js';
import { modelToJSON, parseModel } from './xgboost-json.js';

/**
 * Builds a Model from the bytes of an XGBoost UBJSON model.
 * @throws ModelError naming `file`: truncated or malformed UBJSON, or a document that is not a
 * supported XGBoost model (the same checks and messages as the JSON reader).
 */
export function parseModelUBJ(bytes: Uint8Array, file: string): Model {
  let value: unknown;
  try {
    value = decodeUBJSON(bytes, { typedArrays: false });
  } catch (err) {
    if (!(err instanceof UBJSONError)) throw err;
    throw new ModelError(file, err.truncated ? `truncated UBJSON (${err.message})` : `not valid UBJSON (${err.message})`);
  }
  if (isObject(value) && typeof value.lambdaboost === 'string') {
    try {
      value.lambdaboost = JSON.parse(value.lambdaboost) as unknown;
    } catch {
      throw new ModelError(file, 'lambdaboost: expected the JSON text of lambdaboost\'s extras, found a string that is not JSON');
    }
  }
  return parseModel(value, file);
}

/** The element type XGBoost 3.4.1 writes each typed per-node array of a tree in. */
const TREE_ARRAYS: Readonly<Record<string, 'f32' | 'i32' | 'i64' | 'u8'>> = {
  base_weights: 'f32',
  categories: 'i32',
  categories_nodes: 'i32',
  categories_segments: 'i64',
  categories_sizes: 'i64',
  default_left: 'u8',
  left_children: 'i32',
  loss_changes: 'f32',
  parents: 'i32',
  right_children: 'i32',
  split_conditions: 'f32',
  split_indices: 'i32',
  split_type: 'u8',
  sum_hessian: 'f32',
};

/**
 * The model as XGBoost UBJSON bytes (deterministic: the same Model always gives the same bytes).
 * Every float is a float32 (`d`), as XGBoost's JSON numbers are: XGBoost 1.7.4's reader knows no
 * float64 (`D`). `Model.extra`, whose numbers are doubles, goes under `lambdaboost` as one JSON
 * string, which XGBoost ignores and parseModelUBJ reads back exactly.
 */
export function modelToUBJ(model: Model): Uint8Array {
  const doc = new LexicalJson(modelToJSON(model)).document();
  if (isObject(doc) && doc.lambdaboost !== undefined) doc.lambdaboost = stableStringify(model.extra);
  typeArrays(doc);
  return encodeUBJSON(doc);
}

/** Converts the arrays XGBoost keeps typed into typed arrays, in place. */
function typeArrays(doc: unknown): void {
  const learner = isObject(doc) ? doc.learner : undefined;
  if (!isObject(learner)) return;
  const objective = learner.objective;
  if (isObject(objective)) {
    for (const key of ['ti+', 'tj-']) if (Array.isArray(objective[key])) objective[key] = typed(objective[key], 'f32');
  }
  const gb = learner.gradient_booster;
  if (!isObject(gb)) return;
  const model = gb.name === 'dart' && isObject(gb.gbtree) ? gb.gbtree.model : gb.model;
  if (!isObject(model)) return;
  if (isObject(model.cats)) {
    for (const key of ['feature_segments', 'sorted_idx']) if (Array.isArray(model.cats[key])) model.cats[key] = typed(model.cats[key], 'i32');
  }
  if (!Array.isArray(model.trees)) return;
  for (const tree of model.trees) {
    if (!isObject(tree)) continue;
    for (const key of Object.keys(TREE_ARRAYS)) if (Array.isArray(tree[key])) tree[key] = typed(tree[key], TREE_ARRAYS[key]!);
  }
}

function typed(a: unknown[], type: 'f32' | 'i32' | 'i64' | 'u8'): Float32Array | Int32Array | BigInt64Array | Uint8Array {
  const num = (v: unknown): number => (v instanceof UBJFloat ? v.value : (v as number));
  switch (type) {
    case 'f32':
      return Float32Array.from(a, num);
    case 'i32':
      return Int32Array.from(a, num);
    case 'i64':
      return BigInt64Array.from(a, (v) => BigInt(num(v)));
    case 'u8':
      return Uint8Array.from(a, num);
  }
}

/**
 * A JSON parser for the text modelToJSON writes that keeps what JSON.parse loses: whether a
 * number was written as a float (UBJFloat, rounded to float32 as XGBoost reads it) or an integer. Accepts XGBoost's bare NaN, Infinity,
 * -Infinity. The input is trusted (our own writer's output); errors are internal.
 */
class LexicalJson {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    const v = this.value();
    if (this.pos !== this.text.length) this.fail('text after the document');
    return v;
  }

  private fail(what: string): never {
    throw new Error(`modelToUBJ: ${what} at character ${this.pos} of the model JSON`);
  }

  private value(): unknown {
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') {
      this.pos++;
      const out: JsonObject = {};
      if (t[this.pos] === '}') {
        this.pos++;
        return out;
      }
      for (;;) {
        const key = this.string();
        if (t[this.pos++] !== ':') this.fail('expected ":"');
        const v = this.value();
        if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        else out[key] = v;
        const d = t[this.pos++];
        if (d === '}') return out;
        if (d !== ',') this.fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      this.pos++;
      const out: unknown[] = [];
      if (t[this.pos] === ']') {
        this.pos++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        const d = t[this.pos++];
        if (d === ']') return out;
        if (d !== ',') this.fail('expected "," or "]"');
      }
    }
    if (c === '"') return this.string();
    for (const [word, v] of WORDS) {
      if (t.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    const m = NUMBER.exec(t.slice(this.pos, this.pos + 40));
    if (m === null) this.fail('unexpected character');
    this.pos += m[0].length;
    if (/[.eE]/.test(m[0])) return new UBJFloat(Math.fround(Number(m[0])));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  }

  private string(): string {
    const t = this.text;
    if (t[this.pos] !== '"') this.fail('expected a string');
    let end = this.pos + 1;
    while (t[end] !== '"') end += t[end] === '\\' ? 2 : 1;
    const s = JSON.parse(t.slice(this.pos, end + 1)) as string;
    this.pos = end + 1;
    return s;
  }
}

const WORDS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', new UBJFloat(NaN)],
  ['Infinity', new UBJFloat(Infinity)],
  ['-Infinity', new UBJFloat(-Infinity)],
];
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/;
