import { ParamError } from '../errors.js';

/**
 * The text forms users type for monotone and interaction constraints, read into per-feature arrays.
 *
 * Training reads them when it starts (train-constraints.ts), against the data's feature names.
 *
 * Accepted forms (XGBoost 3.4.1's and LightGBM 4.6's):
 * - monotone: `(1,-1,0)` (XGBoost's C++ text), `[1,-1,0]` (JSON), `1,-1,0` (LightGBM), `{"price": -1}` (by
 *   feature name, as XGBoost's Python package; features not named are unconstrained), or an array in the API.
 * - interaction: `[[0,1],[2,3,4]]` by index or `[["a","b"],["c"]]` by name (XGBoost's JSON-ish string), or an
 *   array of arrays in the API.
 *
 * Refused, one line naming the problem: unknown feature names, a list whose length is not the feature count
 * (XGBoost 3.4.1 pads a shorter list with 0 and refuses a longer one; here both are refused, a short list is
 * more often a mistake than a wish), values other than -1/0/1, indices out of range, empty groups.
 */


/** Monotone input: text, a per-feature array, or a record of feature name to direction (checked here). */
export type MonotoneInput = string | readonly unknown[] | Readonly<Record<string, unknown>>;

/** Interaction input: text, or groups of feature indices or names (checked here). */
export type InteractionInput = string | readonly unknown[] | Readonly<Record<string, unknown>>;

function featureIndex(ref: number | string, names: readonly string[] | undefined, nFeatures: number, what: string): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0 || ref >= nFeatures) {
      throw new ParamError(`${what}: feature index ${ref} is not in 0..${nFeatures - 1}`);
    }
    return ref;
  }
  const i = names === undefined ? -1 : names.indexOf(ref);
  if (i < 0) {
    const known = names === undefined ? 'the data has no feature names' : `features are ${names.join(', ')}`;
    throw new ParamError(`${what}: unknown feature "${ref}" (${known})`);
  }
  return i;
}

function direction(v: unknown, what: string, where: string): -1 | 0 | 1 {
  if (v !== -1 && v !== 0 && v !== 1) {
    throw new ParamError(`${what}: ${where} is ${JSON.stringify(v)}; each value must be -1, 0 or 1`);
  }
  return v;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ParamError(`${what}: cannot read ${JSON.stringify(text)}`);
  }
}

/**
 * Reads monotone constraints into one direction per feature.
 * @param input text or API value (see the module comment)
 * @param names feature names (length nFeatures) when the data has them
 * @param nFeatures number of features
 * @returns Int8Array of length nFeatures: 1 increasing, -1 decreasing, 0 unconstrained
 */
export function parseMonotoneConstraints(input: MonotoneInput, names: readonly string[] | undefined, nFeatures: number): Int8Array {
  const what = 'monotone_constraints';
  let value: unknown = input;
  if (typeof input === 'string') {
    const t = input.trim();
    if (t.startsWith('{')) value = parseJson(t, what);
    else {
      const body = t.startsWith('(') && t.endsWith(')') ? `[${t.slice(1, -1)}]` : t.startsWith('[') ? t : `[${t}]`;
      value = parseJson(body, what);
    }
  }
  const out = new Int8Array(nFeatures);
  if (Array.isArray(value)) {
    if (value.length !== nFeatures) {
      throw new ParamError(`${what}: ${value.length} values for ${nFeatures} features; give one per feature (0 = unconstrained) or name them: {"feature": -1}`);
    }
    value.forEach((v: unknown, i) => { out[i] = direction(v, what, `value ${i + 1}`); });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, v] of Object.entries(value)) {
      out[featureIndex(name, names, nFeatures, what)] = direction(v, what, `"${name}"`);
    }
    return out;
  }
  throw new ParamError(`${what}: expected a list like (1,-1,0) or names like {"price": -1}`);
}

/** Monotone directions as XGBoost 3.4.1's config writes them: `(1,-1,0)`. */
export function formatMonotone(directions: Int8Array): string {
  return `(${Array.from(directions).join(',')})`;
}

/** Interaction groups by feature index as XGBoost's JSON-ish text: `[[0,1],[2,3,4]]`. */
export function formatInteraction(groups: readonly Int32Array[]): string {
  return JSON.stringify(groups.map((g) => Array.from(g)));
}

/**
 * Reads interaction constraints into groups of feature indices.
 * @param input text or API value (see the module comment)
 * @param names feature names (length nFeatures) when the data has them
 * @param nFeatures number of features
 * @returns one sorted, duplicate-free Int32Array of feature indices per group, in the order given
 */
export function parseInteractionConstraints(input: InteractionInput, names: readonly string[] | undefined, nFeatures: number): Int32Array[] {
  const what = 'interaction_constraints';
  const value: unknown = typeof input === 'string' ? parseJson(input.trim(), what) : input;
  if (!Array.isArray(value)) throw new ParamError(`${what}: expected a list of groups like [[0,1],[2,3,4]]`);
  return value.map((group: unknown, g) => {
    if (!Array.isArray(group) || group.length === 0) {
      throw new ParamError(`${what}: group ${g + 1} must be a non-empty list of features`);
    }
    const idx = group.map((ref: unknown) => {
      if (typeof ref !== 'number' && typeof ref !== 'string') {
        throw new ParamError(`${what}: group ${g + 1} holds ${JSON.stringify(ref)}; give feature indices or names`);
      }
      return featureIndex(ref, names, nFeatures, what);
    });
    return Int32Array.from(new Set(idx)).sort();
  });
}
