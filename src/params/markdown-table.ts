/**
 * The README's parameter table, generated from the parameter table (a test fails when the README
 * is stale; `npm run docs` rewrites it).
 */
import { PARAMS, REFUSED_PARAMS, type ParamSpec } from './schema.js';

/** Markers around the generated table in README.md. */
export const TABLE_BEGIN = '<!-- params:begin (generated from src/params/schema.ts by npm run docs) -->';
export const TABLE_END = '<!-- params:end -->';

function showDefault(p: ParamSpec): string {
  if (p.default === undefined) return '(derived)';
  if (Array.isArray(p.default)) return p.default.length === 0 ? '(objective\'s)' : p.default.join(',');
  return `\`${String(p.default)}\``;
}

function showRange(p: ParamSpec): string {
  if (p.options) {
    let out = p.options.map((o) => `\`${o}\``).join(', ');
    const aliases = Object.entries(p.valueAliases ?? {});
    if (aliases.length > 0) out += `; also ${aliases.map(([a, o]) => `\`${a}\` (${o})`).join(', ')}`;
    const refused = Object.keys(p.refuse ?? {});
    if (refused.length > 0) out += `; refused with the reason: ${refused.map((r) => `\`${r}\``).join(', ')}`;
    return out;
  }
  if (p.type === 'bool') return 'true, false';
  if (p.type === 'list' || p.type === 'string' || p.type === 'json') return '';
  const lo = p.gt !== undefined ? `> ${p.gt}` : p.min !== undefined ? `>= ${p.min}` : '';
  const hi = p.lt !== undefined ? `< ${p.lt}` : p.max !== undefined ? `<= ${p.max}` : '';
  return [lo, hi].filter((s) => s !== '').join(', ');
}

/** The markdown table (with its markers). */
export function paramsMarkdownTable(): string {
  const rows = (PARAMS as readonly ParamSpec[]).map(
    (p) =>
      `| \`${p.name}\` | ${p.aliases.map((a) => `\`${a}\``).join(', ')} | ${p.type} | ${showDefault(p)} | ${showRange(p)} | ${p.desc.replace(/\|/g, '\\|')} |`,
  );
  return [
    TABLE_BEGIN,
    '| parameter | aliases | type | default | allowed | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Refused with the reason (no equivalent here): ${Object.keys(REFUSED_PARAMS).map((k) => `\`${k}\``).join(', ')}.`,
    TABLE_END,
  ].join('\n');
}

/** README text with the table between the markers replaced by the current one. */
export function replaceParamsTable(readme: string): string {
  const a = readme.indexOf(TABLE_BEGIN);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error('README.md has no parameter table markers');
  return readme.slice(0, a) + paramsMarkdownTable() + readme.slice(b + TABLE_END.length);
}
