/**
 * Alias resolution and validation of user parameters against the table in schema.ts.
 */
import { ParamError } from '../errors.js';
import { PARAMS, REFUSED_PARAMS, type ParamInput, type ParamSpec, type Params, type RawParamInput } from './schema.js';

const byName = new Map<string, ParamSpec>();
for (const p of PARAMS as readonly ParamSpec[]) {
  byName.set(p.name, p);
  for (const a of p.aliases) byName.set(a, p);
}

/** The spec for a canonical name or alias (dashes accepted for underscores), or undefined. */
export function findParam(key: string): ParamSpec | undefined {
  return byName.get(key) ?? byName.get(key.replace(/-/g, '_'));
}

/** The defaults of every parameter. */
export function defaultParams(): Params {
  const out: Record<string, unknown> = {};
  for (const p of PARAMS as readonly ParamSpec[]) out[p.name] = Array.isArray(p.default) ? [...p.default] : p.default;
  return out as Params;
}

function range(p: ParamSpec): string {
  if (p.options) return `one of ${p.options.join(', ')}`;
  if (p.type === 'bool') return 'true or false';
  const lo = p.gt !== undefined ? `(${p.gt}` : p.min !== undefined ? `[${p.min}` : '(-inf';
  const hi = p.lt !== undefined ? `${p.lt})` : p.max !== undefined ? `${p.max}]` : 'inf)';
  const what = p.type === 'int' ? 'an integer' : p.type === 'floats' ? 'numbers, comma-separated, each' : 'a number';
  return `${what} in ${lo}, ${hi}`;
}

/** Converts one raw value (string from the CLI/config, or a JS value) to the parameter's type; throws ParamError. */
export function coerceParam(p: ParamSpec, key: string, raw: unknown): unknown {
  const bad = (): never => {
    throw new ParamError(`parameter ${key}${key !== p.name ? ` (${p.name})` : ''}: invalid value ${JSON.stringify(raw)}; expected ${range(p)}`);
  };
  switch (p.type) {
    case 'float':
    case 'int': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'string' && raw.trim() !== '') v = Number(raw.trim());
      else return bad();
      if (!Number.isFinite(v)) return bad();
      if (p.type === 'int' && !Number.isInteger(v)) return bad();
      if (p.min !== undefined && v < p.min) return bad();
      if (p.gt !== undefined && !(v > p.gt)) return bad();
      if (p.max !== undefined && v > p.max) return bad();
      if (p.lt !== undefined && !(v < p.lt)) return bad();
      return v;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 1 || raw === 0) return raw === 1;
      if (typeof raw === 'string') {
        const s = raw.trim().toLowerCase();
        if (s === 'true' || s === '1' || s === 'yes') return true;
        if (s === 'false' || s === '0' || s === 'no') return false;
      }
      return bad();
    }
    case 'enum': {
      if (typeof raw !== 'string') return bad();
      const v = raw.trim();
      const why = own(p.refuse, v);
      if (why !== undefined) {
        throw new ParamError(`parameter ${key}${key !== p.name ? ` (${p.name})` : ''}: ${v} is not supported: ${why}; expected ${range(p)}`);
      }
      const canonical = own(p.valueAliases, v) ?? v;
      if (!p.options?.includes(canonical)) return bad();
      return canonical;
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : bad();
      const out: string[] = [];
      for (const it of items) {
        if (typeof it !== 'string') return bad();
        const s = it.trim();
        if (s !== '' && !out.includes(s)) out.push(s); // a name given twice counts once (XGBoost)
      }
      return out;
    }
    case 'string':
      if (typeof raw !== 'string') return bad();
      return raw;
    case 'json':
      if (typeof raw === 'string') return raw.trim() === '' ? bad() : raw.trim();
      if (raw === null || typeof raw !== 'object') return bad();
      // A copy of the caller's array or object (JSON values only).
      try {
        return JSON.parse(JSON.stringify(raw)) as unknown;
      } catch {
        return bad();
      }
    case 'floats': {
      const items = Array.isArray(raw) ? raw
        : typeof raw === 'string' ? raw.replace(/^\s*\[|\]\s*$/g, '').split(',')
        : typeof raw === 'number' ? [raw] : bad();
      if (items.length === 0) return bad();
      const one: ParamSpec = { ...p, type: 'float' };
      const out = items.map((it) => {
        try {
          return coerceParam(one, key, it) as number;
        } catch {
          throw new ParamError(`parameter ${key}${key !== p.name ? ` (${p.name})` : ''}: invalid value ${JSON.stringify(typeof it === 'string' ? it.trim() : it)} in ${JSON.stringify(raw)}; expected ${range(p)}`);
        }
      });
      if (p.ascending && out.some((v, i) => i > 0 && v < out[i - 1]!)) {
        throw new ParamError(`parameter ${key}${key !== p.name ? ` (${p.name})` : ''}: ${out.join(',')} must be in ascending order (as XGBoost requires)`);
      }
      return out;
    }
  }
}

/**
 * Records one raw (text) occurrence of parameter `p` in `values` (canonical name -> text), as the
 * CLI and config readers meet them in order: a `list` parameter appends to what is there (see
 * ParamType in schema.ts), any other parameter replaces it.
 */
export function appendListValue(values: Record<string, string>, p: ParamSpec, value: string): void {
  const prev = values[p.name];
  values[p.name] = p.type === 'list' && prev !== undefined && prev.trim() !== '' ? `${prev},${value}` : value;
}

/**
 * Resolves user parameters: aliases to canonical names, strings to typed values, defaults for the
 * rest. Unknown names, values of the wrong type, out-of-range values and a parameter given twice
 * under two names are errors naming the parameter and its allowed range.
 */
export function resolveParams(input: ParamInput | RawParamInput): Params {
  const out = defaultParams() as Record<string, unknown>;
  const seen = new Map<string, string>();
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    const p = findParam(key);
    if (!p) throw unknownParam(key);
    const prev = seen.get(p.name);
    if (prev !== undefined && prev !== key) throw new ParamError(`parameter ${p.name} given twice (as ${prev} and ${key})`);
    seen.set(p.name, key);
    out[p.name] = coerceParam(p, key, raw);
  }
  const params = out as Params;
  checkForeignCombinations(input, params, seen);
  applyLeafWiseGrowth(params, seen);
  if (params.grow_policy === 'depthwise' && params.max_depth === 0) {
    throw new ParamError('parameter max_depth: 0 (no limit) needs grow_policy lossguide');
  }
  if (params.grow_policy === 'lossguide' && params.max_depth === 0 && params.max_leaves === 0) {
    throw new ParamError('grow_policy lossguide needs max_leaves > 0 or max_depth > 0');
  }
  return params;
}

/** LightGBM's default num_leaves. */
export const LIGHTGBM_NUM_LEAVES = 31;
/** The names under which max_leaves means LightGBM's num_leaves (leaf-wise growth). */
const NUM_LEAVES_NAMES = new Set(['num_leaves', 'num_leaf', 'max_leaf']);

/**
 * `num_leaves` as LightGBM means it: with `num_leaves` (or LightGBM's `num_leaf`, `max_leaf`) given, or a LightGBM
 * objective (lambdarank, rank_xendcg), trees grow leaf-wise as LightGBM grows them: grow_policy
 * lossguide and max_depth 0 (no limit) unless given, and for a LightGBM objective without a leaf
 * count, LightGBM's 31 leaves. An explicit grow_policy or max_depth wins; `max_leaves` (XGBoost's
 * name) alone changes nothing.
 */
function applyLeafWiseGrowth(params: Params, seen: Map<string, string>): void {
  const leavesKey = seen.get('max_leaves');
  const lgbLeaves = leavesKey !== undefined && NUM_LEAVES_NAMES.has(leavesKey.replace(/-/g, '_'));
  const lgbObjective = params.objective === 'lambdarank' || params.objective === 'rank_xendcg';
  if (!lgbLeaves && !lgbObjective) return;
  const p = params as { -readonly [K in keyof Params]: Params[K] };
  if (!seen.has('grow_policy')) p.grow_policy = 'lossguide';
  if (p.grow_policy !== 'lossguide') return;
  if (!seen.has('max_depth')) p.max_depth = 0;
  if (leavesKey === undefined) p.max_leaves = LIGHTGBM_NUM_LEAVES;
}

/**
 * LightGBM habits whose meaning here would differ silently: bagging_freq 0 with row sampling
 * (LightGBM then samples nothing), and `alpha` beside LightGBM's huber or quantile objective (there
 * `alpha` is the Huber delta or the quantile; here it is XGBoost's L1 regularisation).
 */
function checkForeignCombinations(input: ParamInput, params: Params, seen: Map<string, string>): void {
  if (params.bagging_freq === 0 && params.subsample < 1) {
    throw new ParamError(
      `bagging_freq 0 turns row sampling off in LightGBM, but ${seen.get('subsample')} is ${params.subsample}: ` +
        'give bagging_freq 1 to sample rows every round, or drop the sampling fraction',
    );
  }
  const objKey = seen.get('objective');
  const objRaw = objKey !== undefined ? (input as RawParamInput)[objKey] : undefined;
  const lgbObjective = typeof objRaw === 'string' ? objRaw.trim() : '';
  const alphaKey = seen.get('alpha');
  if ((lgbObjective === 'huber' || lgbObjective === 'quantile') && alphaKey !== undefined && params.alpha !== 0) {
    const meant = lgbObjective === 'huber' ? 'the Huber delta (here huber_slope, of the pseudo-Huber loss)' : 'the quantile (here quantile_alpha)';
    const xgb = lgbObjective === 'huber' ? 'reg:pseudohubererror' : 'reg:quantileerror';
    throw new ParamError(
      `parameter ${alphaKey} with LightGBM's objective name ${lgbObjective}: in LightGBM alpha is ${meant}, here ${alphaKey} is ` +
        `XGBoost's L1 regularisation of leaf weights. Give ${lgbObjective === 'huber' ? 'huber_slope' : 'quantile_alpha'}, ` +
        `or objective=${xgb} to combine it with L1 regularisation`,
    );
  }
}

/** The error for a parameter name that is neither a canonical name nor an alias (with a suggestion or the reason it is refused). */
export function unknownParam(key: string): ParamError {
  const why = own(REFUSED_PARAMS, key) ?? own(REFUSED_PARAMS, key.replace(/-/g, '_'));
  if (why !== undefined) return new ParamError(`parameter ${JSON.stringify(key)} is not supported: ${why}`);
  return new ParamError(`unknown parameter ${JSON.stringify(key)}${suggest(key)}`);
}

function own(table: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return table !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * What the run should say about the parameters given (printed by the CLI, returned by training):
 * no-op names (`tree_method=hist`) and foreign names whose formula differs from their library's
 * (LightGBM's `huber`, `quantile`, ...), from the table's valueNotes; LightGBM's bagging_fraction
 * without bagging_freq.
 */
export function paramNotes(input: ParamInput): string[] {
  const notes: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const p = findParam(key);
    if (!p || raw === undefined) continue;
    if (typeof raw === 'string') {
      const note = own(p.valueNotes, raw.trim());
      if (note !== undefined) notes.push(note);
    }
    if (key === 'bagging_fraction' && !Object.keys(input).some((k) => findParam(k)?.name === 'bagging_freq')) {
      notes.push('bagging_fraction runs as XGBoost\'s subsample: rows are resampled every round (LightGBM samples only with bagging_freq > 0)');
    }
  }
  return notes;
}

function suggest(key: string): string {
  const k = key.toLowerCase();
  let best = '';
  let bestD = 4;
  for (const name of byName.keys()) {
    const d = editDistance(k, name);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best ? `; did you mean ${best}?` : '';
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The saved subset of resolved params (spec.save), with unset values dropped, for the model file. */
export function savedParams(params: Params): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of PARAMS as readonly ParamSpec[]) {
    const v = (params as Record<string, unknown>)[p.name];
    // A list equals its default by content (a resolved [] is a new array).
    const isDefault = Array.isArray(v) ? JSON.stringify(v) === JSON.stringify(p.default) : v === p.default;
    // One number of a `floats` parameter is saved as the number (what a file written before lists were read holds).
    const saved = p.type === 'floats' && Array.isArray(v) && v.length === 1 ? v[0] : v;
    if (p.save && v !== undefined && !(p.saveDefault === false && isDefault)) out[p.name] = saved;
  }
  return out;
}
