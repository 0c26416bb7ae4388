/**
 * Formats one round's evaluation results as XGBoost prints them:
 * `[12]\ttrain-rmse:0.44120\tvalid-rmse:0.46300`.
 */

/** One metric value of one evaluation set. */
export interface EvalResult {
  data: string;
  metric: string;
  value: number;
}

export function formatEvalLine(iteration: number, results: readonly EvalResult[]): string {
  let s = `[${iteration}]`;
  for (const r of results) s += `\t${r.data}-${r.metric}:${formatValue(r.value)}`;
  return s;
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toPrecision(6) : v.toFixed(5);
}
