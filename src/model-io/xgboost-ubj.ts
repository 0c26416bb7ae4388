/**
 * XGBoost's UBJSON model format (XGBoost 2.1+ `save_model` for every name not ending in `.json`,
 * `save_raw()`'s default), read and written. The document is the same as the JSON model's
 * (xgboost-json.ts reads and checks it); only the encoding differs.
 *
 * Writing reuses the JSON writer for everything but the trees, so both formats hold the same
 * document by construction: a number written with a `.`, an exponent or as NaN/Infinity is a float,
 * any other an integer (the rule XGBoost's own JSON reader applies). The per-node arrays of each
 * tree, the ranking biases `ti+` / `tj-` and the `cats` index arrays are typed containers of the
 * types XGBoost 3.4.1 writes them in (float32 `$d`, int32 `$l`, int64 `$L`, uint8 `$U`).
 */
import { ModelError } from '../errors.js';
import { isObject, type JsonObject } from './json-access.js';
import { stableStringify } from './json-text.js';
import type { Model } from './model.js';
import { decodeUBJSON, encodeUBJSON, UBJFloat, UBJSONError } from './ubjson.js';
import { checkWritable, foldBaseScores, modelToJSON, parseModel } from './xgboost-json.js';
import { treeDocument } from './tree-json.js';
import { ROOT_PARENT, type Tree } from '../tree/tree.js';

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

/**
 * The model as XGBoost UBJSON bytes (deterministic: the same Model always gives the same bytes).
 * Every float is a float32 (`d`), as XGBoost's JSON numbers are: XGBoost 1.7.4's reader knows no
 * float64 (`D`). `Model.extra`, whose numbers are doubles, goes under `lambdaboost` as one JSON
 * string, which XGBoost ignores and parseModelUBJ reads back exactly.
 *
 * The document is modelToJSON's with each tree a single leaf, parsed back; the trees themselves
 * then come straight from their typed arrays (treeDocument, the members treeToJSON writes), which
 * skips formatting and parsing every float of the forest as text.
 */
export function modelToUBJ(model: Model): Uint8Array {
  checkWritable(model);
  model = foldBaseScores(model);
  const stubs = model.trees.map(() => STUB_TREE);
  const doc = new LexicalJson(modelToJSON({ ...model, trees: stubs })).document();
  if (isObject(doc) && doc.lambdaboost !== undefined) doc.lambdaboost = stableStringify(model.extra);
  typeArrays(doc);
  const trees = treesOf(doc);
  if (trees === null || trees.length !== model.trees.length) throw new Error('modelToUBJ: the model JSON has no trees array');
  for (let t = 0; t < trees.length; t++) {
    const d = treeDocument(model.trees[t]!, t, model.nFeatures);
    trees[t] = {
      ...d,
      categories_segments: BigInt64Array.from(d.categories_segments, BigInt),
      categories_sizes: BigInt64Array.from(d.categories_sizes, BigInt),
    };
  }
  return encodeUBJSON(doc);
}

/** A one-leaf tree standing in for each tree while the rest of the document is written as text. */
const STUB_TREE: Tree = {
  nNodes: 1,
  left: Int32Array.of(-1),
  right: Int32Array.of(-1),
  parent: Int32Array.of(ROOT_PARENT),
  splitIndex: new Int32Array(1),
  splitCondition: new Float32Array(1),
  defaultLeft: new Uint8Array(1),
  splitType: new Uint8Array(1),
  baseWeight: new Float32Array(1),
  lossChange: new Float32Array(1),
  sumHessian: new Float32Array(1),
  catNodes: new Int32Array(0),
  catSegments: new Int32Array(0),
  catSizes: new Int32Array(0),
  categories: new Int32Array(0),
};

/** The document's trees array (under `gradient_booster.model`, or `.gbtree.model` for dart). */
function treesOf(doc: unknown): unknown[] | null {
  const learner = isObject(doc) ? doc.learner : undefined;
  const gb = isObject(learner) ? learner.gradient_booster : undefined;
  if (!isObject(gb)) return null;
  const model = gb.name === 'dart' && isObject(gb.gbtree) ? gb.gbtree.model : gb.model;
  return isObject(model) && Array.isArray(model.trees) ? model.trees : null;
}

/** Converts the arrays XGBoost keeps typed, other than the trees', into typed arrays, in place. */
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
}

function typed(a: unknown[], type: 'f32' | 'i32'): Float32Array | Int32Array {
  const num = (v: unknown): number => (v instanceof UBJFloat ? v.value : (v as number));
  return type === 'f32' ? Float32Array.from(a, num) : Int32Array.from(a, num);
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
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      // A number: scan its characters; a '.', 'e' or 'E' makes it a float.
      const start = this.pos;
      let end = start + 1;
      let float = false;
      for (; end < t.length; end++) {
        const d = t.charCodeAt(end);
        if (d >= 48 && d <= 57) continue;
        if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          if (d !== 43 && d !== 45) float = true;
          continue;
        }
        break;
      }
      if (t.startsWith('-Infinity', start)) {
        this.pos = start + 9;
        return new UBJFloat(-Infinity);
      }
      const token = t.slice(start, end);
      const n = Number(token);
      if (token === '-' || Number.isNaN(n)) this.fail('malformed number');
      this.pos = end;
      if (float) return new UBJFloat(Math.fround(n));
      return Number.isSafeInteger(n) ? n : BigInt(token);
    }
    for (const [word, v] of WORDS) {
      if (t.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('unexpected character');
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
];
