/**
 * Alias resolution and validation of user parameters against the table in schema.ts.
 */
import { ParamError } from '../errors.js';
import { PARAMS, type ParamInput, type ParamSpec, type Params } from './schema.js';

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
  const hi = p.max !== undefined ? `${p.max}]` : 'inf)';
  return `${p.type === 'int' ? 'an integer' : 'a number'} in ${lo}, ${hi}`;
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
      if (typeof raw !== 'string' || !p.options?.includes(raw.trim())) return bad();
      return raw.trim();
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : bad();
      const out: string[] = [];
      for (const it of items) {
        if (typeof it !== 'string') return bad();
        const s = it.trim();
        if (s !== '') out.push(s);
      }
      return out;
    }
    case 'string':
      if (typeof raw !== 'string') return bad();
      return raw;
  }
}

/**
 * Resolves user parameters: aliases to canonical names, strings to typed values, defaults for the
 * rest. Unknown names, values of the wrong type, out-of-range values and a parameter given twice
 * under two names are errors naming the parameter and its allowed range.
 */
export function resolveParams(input: ParamInput): Params {
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
  if (params.grow_policy === 'depthwise' && params.max_depth === 0) {
    throw new ParamError('parameter max_depth: 0 (no limit) needs grow_policy lossguide');
  }
  if (params.grow_policy === 'lossguide' && params.max_depth === 0 && params.max_leaves === 0) {
    throw new ParamError('grow_policy lossguide needs max_leaves > 0 or max_depth > 0');
  }
  return params;
}

/** The error for a parameter name that is neither a canonical name nor an alias (with a suggestion). */
export function unknownParam(key: string): ParamError {
  return new ParamError(`unknown parameter ${JSON.stringify(key)}${suggest(key)}`);
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
    if (p.save && v !== undefined && !(p.saveDefault === false && v === p.default)) out[p.name] = v;
  }
  return out;
}
