/**
 * The XGBoost 3.4.1 Python anchor (shared/anchors) for parity tests: its path, and why it cannot be
 * used here (null when it can).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** PYTHONPATH of XGBoost 3.4.1's Python package. */
export const XGBOOST_ANCHOR = new URL('../../../shared/anchors/xgboost-3.4.1/python', import.meta.url).pathname;

/**
 * The reason the anchor is unusable (absent, or numpy/xgboost, or one of `extra` such as pandas, do
 * not import), or null.
 */
export function xgboostAnchorMissing(extra: readonly string[] = []): string | null {
  if (!existsSync(join(XGBOOST_ANCHOR, 'xgboost'))) return `XGBoost 3.4.1 anchor not found at ${XGBOOST_ANCHOR}`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy, xgboost'], { env: { ...process.env, PYTHONPATH: XGBOOST_ANCHOR }, stdio: 'pipe' });
  } catch {
    return 'python3 cannot import numpy/xgboost 3.4.1';
  }
  for (const m of extra) {
    try {
      execFileSync('/usr/bin/python3', ['-c', `import ${m}`], { stdio: 'pipe' });
    } catch {
      return `python3 cannot import ${m}`;
    }
  }
  return null;
}
