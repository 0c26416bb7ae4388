/**
 * The kernel worker imports kernels and the runtime only: every module reachable from
 * src/parallel/worker.ts through non-type imports (import/export ... from, dynamic import) must be
 * under src/kernels/ or src/parallel/, or one of the pure math files of src/util listed below. The
 * imports are read with the TypeScript parser (a dev dependency already), type-only imports and
 * type-only specifiers skipped, since they vanish from the compiled worker.
 *
 * Allowed outside the two folders, and why: glibc's expf (the float32 exp XGBoost's gradients and
 * sigmoid call) and the two seeded generators (XGBoost's minstd_rand for LambdaMART pair sampling,
 * LightGBM's Random for rank_xendcg). Each is plain math with no imports, used by the objectives
 * and the kernels alike; moving them would only move util's other libm ports (logf, tanhf) apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Pure math outside src/kernels and src/parallel that the worker may reach (see the file comment). */
const ALLOWED = new Set(['src/util/expf.ts', 'src/util/rng.ts', 'src/util/lightgbm-random.ts']);

/** Relative module specifiers a module's source `text` loads at run time (not type-only). */
function runtimeImports(text: string): string[] {
  const sf = ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const dynamic = text.includes('import(');
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly = c !== undefined && (c.isTypeOnly || (c.name === undefined && c.namedBindings !== undefined &&
        ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 &&
        c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const a = node.arguments[0];
      if (a && ts.isStringLiteralLike(a)) out.push(a.text);
    }
    if (dynamic) ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out.filter((s) => s.startsWith('.'));
}

/** Every source file reachable from `entry` (repo-relative), each with the file that first imported it. */
function importTree(entry: string): Map<string, string | null> {
  const seen = new Map<string, string | null>([[entry, null]]);
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    for (const spec of runtimeImports(readFileSync(resolve(root, file), 'utf8'))) {
      const target = relative(root, resolve(dirname(resolve(root, file)), spec.replace(/\.js$/, '.ts')));
      if (!existsSync(resolve(root, target))) throw new Error(`${file}: import ${spec} resolves to no file`);
      if (!seen.has(target)) {
        seen.set(target, file);
        stack.push(target);
      }
    }
  }
  return seen;
}

/** The files of `tree` outside the worker's allowed set, each as "file (imported by ...)". */
function outsideWorkerScope(tree: Map<string, string | null>): string[] {
  return [...tree]
    .filter(([f]) => !/^src\/(kernels|parallel)\//.test(f) && !ALLOWED.has(f))
    .map(([f, by]) => `${f} (imported by ${by})`)
    .sort();
}

describe('the kernel worker import tree', () => {
  it('reaches only src/kernels, src/parallel and the allowed util math', () => {
    const tree = importTree('src/parallel/worker.ts');
    expect(tree.size).toBeGreaterThan(10);
    expect(tree.has('src/kernels/units/registry.ts')).toBe(true);
    expect(outsideWorkerScope(tree)).toEqual([]);
  });

  it('reads imports, side-effect imports, re-exports and dynamic imports; skips type-only ones and packages', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B } from './b.js';",
      "import { c, type D } from './c.js';",
      "import * as ns from '../ns.js';",
      "import './side.js';",
      "export { e } from './e.js';",
      "export type { F } from './f.js';",
      "export { type G } from './g.js';",
      "export * from './star.js';",
      "import { readFileSync } from 'node:fs';",
      "const m = await import('./lazy.js');",
    ].join('\n');
    expect(runtimeImports(text).sort()).toEqual(['../ns.js', './c.js', './e.js', './lazy.js', './side.js', './star.js']);
  });

  it('flags what lies outside (the whole library is not worker code)', () => {
    const outside = outsideWorkerScope(importTree('src/objective/lightgbm-rank.ts'));
    expect(outside.some((f) => f.startsWith('src/objective/lambdarank-config.ts'))).toBe(true);
    expect(outside.some((f) => f.startsWith('src/params/schema.ts'))).toBe(true);
    expect(outside.some((f) => f.startsWith('src/model-io/'))).toBe(true);
  });
});
