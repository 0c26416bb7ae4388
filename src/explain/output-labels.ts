/**
 * The outputs of a K-output model, as explanations (pdp, importance, shap plots) name and pick
 * them: a multi-class model's K classes (multi:softprob / multi:softmax: `class 0`, ..., or the
 * text labels the loader mapped, saved as `label_names`), or the K quantiles of
 * reg:quantileerror with several quantile_alpha (`quantile 0.1`, ...). The CLI's `--class k`
 * (alias `--target k`) picks output k, 0-based.
 */
import { UserError } from '../errors.js';
import type { Model } from '../model-io/model.js';
import { objectiveInfo, quantileAlphaTexts } from '../model-io/objectives.js';
import { formatFloat32 } from '../util/float32-format.js';

/** What a K-output model's outputs are: `class` or `quantile`; null for a single-output model. */
export function outputKind(model: Model): 'class' | 'quantile' | null {
  if (model.nOutputGroups <= 1) return null;
  return objectiveInfo(model.objective.name)?.outputs === 'quantiles' ? 'quantile' : 'class';
}

/** The quantile_alpha values of a reg:quantileerror model, one per output, or null when they are not that. */
function quantileAlphas(model: Model): number[] | null {
  const values = quantileAlphaTexts(model.objective.json).map(Number);
  return values.length === model.nOutputGroups && values.every(Number.isFinite) ? values : null;
}

/**
 * Each output's display label, length nOutputGroups (`["prediction"]` for one output):
 * `class k` (`class k (name)` when the model saved its text labels) or `quantile alpha`.
 */
export function outputLabels(model: Model): string[] {
  const K = model.nOutputGroups;
  const kind = outputKind(model);
  if (kind === null) return ['prediction'];
  if (kind === 'quantile') {
    const alphas = quantileAlphas(model);
    return Array.from({ length: K }, (_, k) => (alphas ? `quantile ${formatPlain(alphas[k]!)}` : `quantile #${k}`));
  }
  const names = Array.isArray(model.extra.label_names) ? (model.extra.label_names as unknown[]) : null;
  return Array.from({ length: K }, (_, k) => (names && names.length === K ? `class ${k} (${String(names[k])})` : `class ${k}`));
}

function formatPlain(alpha: number): string {
  return String(Number(formatFloat32(alpha)));
}

/**
 * Checks an output index against the model: an integer in [0, K) of a K-output model; a
 * single-output model takes none.
 * @param flag how the caller names the option in messages (`--class`, `output`).
 * @throws UserError naming the option, the model's outputs and the allowed range.
 */
export function checkOutputIndex(model: Model, k: number, flag: string): number {
  const K = model.nOutputGroups;
  const kind = outputKind(model);
  if (kind === null) throw new UserError(`${flag} applies to models of several outputs (multi-class, several quantile_alpha); this model has one`);
  if (!Number.isInteger(k) || k < 0 || k >= K) throw new UserError(`${flag} must be a ${kind} index in [0, ${K}) (the model has ${K} ${kind === 'class' ? 'classes' : 'quantiles'}), not ${k}`);
  return k;
}

/** Parses a `--class` / `--target` flag's text into an output index of `model` (checkOutputIndex). */
export function parseOutputFlag(model: Model, text: string, flag: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UserError(`${flag} must be a whole number (a 0-based ${outputKind(model) ?? 'output'} index), not ${JSON.stringify(text)}`);
  return checkOutputIndex(model, Number(text), flag);
}
