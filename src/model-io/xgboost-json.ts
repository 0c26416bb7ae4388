/**
 * XGBoost's JSON model format (xgboost-spec.md §3.1, §3.4), read and written.
 *
 * Reads what XGBoost 1.7 to 3.x write: base_score as `"5E-1"` or `"[5E-1]"` (3.1+), default_left
 * as integers or booleans, gbtree and dart boosters, categorical splits; unknown keys (`cats`,
 * `iteration_indptr`, `ti+`, ...) are tolerated. Every number read is rounded to float32
 * (§3.3). Refused with a ModelError: multi-class, multi-target, gblinear, unsupported objectives
 * (see objectives.ts), and any malformed file.
 *
 * Writes the layout XGBoost 1.7.4 and later load: keys sorted and floats in XGBoost's shortest
 * float32 form, so a model XGBoost wrote comes back byte for byte, and writing is deterministic.
 * `Model.extra` goes under a top-level `"lambdaboost"` key, which XGBoost ignores.
 */
import { ModelError } from '../errors.js';
import { decodeCategoryTable } from './category-table.js';
import type { Tree } from '../tree/tree.js';
import { formatFloat32 } from '../util/float32-format.js';
import {
  asObject,
  describeJson,
  fail,
  getArray,
  getIntParam,
  getObject,
  getString,
  isObject,
  optional,
  required,
  sub,
  type JsonObject,
  type JsonSource,
} from './json-access.js';
import { stableStringify, xgboostNumberFormat } from './json-text.js';
import { unsupportedFormatDetail } from './model-format.js';
import type { Model } from './model.js';
import { baseScoreProblem, objectiveInfo, portableBaseScore, quantileAlphaTexts, supportedObjectiveNames } from './objectives.js';
import { parseTree, treeToJSON } from './tree-json.js';
import { checkTree } from './validate-tree.js';

/**
 * Most features a model may have (2^24). Prediction works on row blocks of 128 x num_feature
 * float32 values, which cannot be allocated beyond 2^25 features: a file claiming num_feature
 * 500000000 loaded and then made predict throw a RangeError (found by test/fuzz).
 */
export const MAX_MODEL_FEATURES = 1 << 24;

/**
 * Builds a Model from a parsed XGBoost JSON model.
 * @param json the output of JSON.parse on the file.
 * @param file the file name, for messages.
 * @throws ModelError naming `file`, the JSON path and what is wrong.
 */
export function parseModel(json: unknown, file: string): Model {
  const src: JsonSource = { file };
  if (!isObject(json)) fail(src, '', `not an XGBoost JSON model: the top level is ${describeJson(json)}, expected an object`);
  if (optional(json, 'learner') === undefined && optional(json, 'tree_info') !== undefined && optional(json, 'num_tree_per_iteration') !== undefined) {
    fail(src, '', unsupportedFormatDetail('lightgbm-json')!);
  }
  const version = parseVersion(src, required(src, json, 'version', ''));
  const learner = getObject(src, json, 'learner', '');
  const lp = 'learner';

  const mp = getObject(src, learner, 'learner_model_param', lp);
  const mpPath = sub(lp, 'learner_model_param');
  const nFeatures = getIntParam(src, mp, 'num_feature', mpPath, 0);
  if (nFeatures > MAX_MODEL_FEATURES) {
    fail(src, sub(mpPath, 'num_feature'), `${nFeatures} features: at most ${MAX_MODEL_FEATURES} are supported`);
  }
  let nGroups = 1;
  if (optional(mp, 'num_class') !== undefined) {
    const numClass = getIntParam(src, mp, 'num_class', mpPath, 0);
    if (numClass > 1) nGroups = numClass;
  }
  let numTarget = 1;
  if (optional(mp, 'num_target') !== undefined) numTarget = Math.max(1, getIntParam(src, mp, 'num_target', mpPath, 0));
  const objectiveEarly = optional(learner, 'objective');
  const quantiles = isObject(objectiveEarly) && objectiveInfo(String(objectiveEarly.name))?.outputs === 'quantiles';
  if (numTarget > 1) {
    // XGBoost 3.4.1's multi-quantile layout: num_target = the number of quantile_alpha values, one tree per quantile a round.
    if (!quantiles) fail(src, mpPath, `multi-target models (num_target = ${numTarget}) are supported for reg:quantileerror with several quantile_alpha only`);
    if (nGroups > 1) fail(src, mpPath, `num_class ${nGroups} and num_target ${numTarget} both above 1`);
    nGroups = numTarget;
  }
  const baseScoreList = parseBaseScore(src, required(src, mp, 'base_score', mpPath), sub(mpPath, 'base_score'));
  if (baseScoreList.length !== 1 && baseScoreList.length !== nGroups) {
    fail(src, sub(mpPath, 'base_score'), `has ${baseScoreList.length} entries, expected 1 or ${numTarget > 1 ? 'num_target' : 'num_class'} = ${nGroups}`);
  }
  const baseScore = baseScoreList[0]!;
  const boostFromAverage =
    optional(mp, 'boost_from_average') === undefined || getIntParam(src, mp, 'boost_from_average', mpPath, 0, 1) === 1;

  const objective = getObject(src, learner, 'objective', lp);
  const objName = getString(src, objective, 'name', sub(lp, 'objective'));
  const info = objectiveInfo(objName);
  if (info === undefined) {
    fail(src, sub(lp, 'objective.name'), `objective "${objName}" is not supported (supported: ${supportedObjectiveNames().join(', ')})`);
  }
  const baseProblem = baseScoreProblem(baseScore, info.link, version);
  if (baseProblem !== null) fail(src, sub(mpPath, 'base_score'), `${baseProblem} for ${objName} (XGBoost ${version.join('.')})`);
  const multiclass = info.outputs === 'classes';
  if (quantiles && nGroups > 1) {
    const alphas = Math.max(1, quantileAlphaTexts(objective).length);
    if (alphas !== nGroups) fail(src, sub(lp, 'objective.quantile_loss_param.quantile_alpha'), `has ${alphas} quantiles, expected num_target = ${nGroups}`);
  } else if (multiclass !== nGroups > 1) {
    fail(src, sub(mpPath, 'num_class'), multiclass
      ? `is ${nGroups}: ${objName} needs num_class >= 2`
      : `is ${nGroups}: several output groups are supported for multi:softprob and multi:softmax only, not ${objName}`);
  }

  const gb = getObject(src, learner, 'gradient_booster', lp);
  const gbPath = sub(lp, 'gradient_booster');
  const gbName = getString(src, gb, 'name', gbPath);
  let modelObj: JsonObject;
  let modelPath: string;
  if (gbName === 'gbtree') {
    modelObj = getObject(src, gb, 'model', gbPath);
    modelPath = sub(gbPath, 'model');
  } else if (gbName === 'dart') {
    const inner = getObject(src, gb, 'gbtree', gbPath);
    modelObj = getObject(src, inner, 'model', sub(gbPath, 'gbtree'));
    modelPath = sub(gbPath, 'gbtree.model');
  } else if (gbName === 'gblinear') {
    fail(src, sub(gbPath, 'name'), 'gblinear (linear booster) models are not supported; only tree boosters (gbtree, dart)');
  } else {
    fail(src, sub(gbPath, 'name'), `unknown booster "${gbName}" (expected gbtree or dart)`);
  }

  const gp = getObject(src, modelObj, 'gbtree_model_param', modelPath);
  const gpPath = sub(modelPath, 'gbtree_model_param');
  const numTrees = getIntParam(src, gp, 'num_trees', gpPath, 0);
  const nParallelTree = optional(gp, 'num_parallel_tree') === undefined ? 1 : getIntParam(src, gp, 'num_parallel_tree', gpPath, 1);
  if (optional(gp, 'size_leaf_vector') !== undefined && getIntParam(src, gp, 'size_leaf_vector', gpPath, 0) > 1) {
    fail(src, sub(gpPath, 'size_leaf_vector'), `is ${String(gp.size_leaf_vector)}: vector-leaf trees (multi_strategy "multi_output_tree") are not supported`);
  }
  const treesJson = getArray(src, modelObj, 'trees', modelPath);
  if (treesJson.length !== numTrees) {
    fail(src, sub(gpPath, 'num_trees'), `is ${numTrees} but ${sub(modelPath, 'trees')} has ${treesJson.length} entries`);
  }
  const treeInfo = new Int32Array(numTrees);
  if (optional(modelObj, 'tree_info') !== undefined) {
    const ti = getArray(src, modelObj, 'tree_info', modelPath);
    if (ti.length !== numTrees) fail(src, sub(modelPath, 'tree_info'), `has ${ti.length} entries, expected num_trees = ${numTrees}`);
    for (let t = 0; t < numTrees; t++) {
      const g = ti[t];
      if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g >= nGroups) {
        fail(src, sub(sub(modelPath, 'tree_info'), t), `is ${describeJson(g)}: expected an output group in [0, ${nGroups})`);
      }
      treeInfo[t] = g;
    }
  } else if (nGroups > 1) {
    fail(src, modelPath, `has no tree_info: a model of ${nGroups} classes needs each tree's class`);
  }
  const treeWeights = readTreeWeights(src, gb, gbPath, modelObj, modelPath, numTrees);
  const cats = readCats(src, modelObj, modelPath);
  const trees: Tree[] = [];
  const treesPath = sub(modelPath, 'trees');
  for (let t = 0; t < numTrees; t++) trees.push(parseTree(src, treesJson[t], sub(treesPath, t), t, nFeatures));

  const featureNames = parseStringList(src, learner, 'feature_names', lp, nFeatures);
  const featureTypes = parseStringList(src, learner, 'feature_types', lp, nFeatures);
  const attributes: Record<string, string> = {};
  if (optional(learner, 'attributes') !== undefined) {
    const attrs = getObject(src, learner, 'attributes', lp);
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (typeof v !== 'string') fail(src, sub(sub(lp, 'attributes'), k), `expected a string, found ${describeJson(v)}`);
      attributes[k] = v;
    }
  }
  const extra = optional(json, 'lambdaboost') === undefined ? {} : asObject(src, json.lambdaboost, 'lambdaboost');

  const model: Model = {
    version,
    objective: { name: objName, json: objective },
    baseScore,
    ...(nGroups > 1 && baseScoreList.length > 1 ? { baseScores: Float32Array.from(baseScoreList) } : {}),
    nFeatures,
    featureNames,
    featureTypes,
    trees,
    treeInfo,
    nOutputGroups: nGroups,
    treeWeights,
    attributes,
    extra,
  };
  if (gbName === 'dart') model.booster = 'dart';
  if (cats !== undefined) {
    model.cats = cats;
    const categories = decodeCategoryTable(src, cats, sub(modelPath, 'cats'), nFeatures);
    if (categories.some((c) => c !== null)) model.categories = categories;
  }
  if (nParallelTree !== 1) model.nParallelTree = nParallelTree;
  if (!boostFromAverage) model.boostFromAverage = false;
  return model;
}

/**
 * Per-tree weights of dropout training (Float32Array, one per tree, 1 without dropout), from
 * where XGBoost keeps them: `gradient_booster.model.weight_drop` (3.4+, booster gbtree),
 * `gradient_booster.weight_drop` (booster dart, and 3.4's compatibility place for gbtree), the
 * latter winning when both are present, as in XGBoost 3.4.1's GBTree::LoadModel. An empty array
 * means no weights. XGBoost multiplies each tree's leaf value by its weight in float32 before
 * adding it (3.4.1 cpu_predictor.cc, 1.7.4 Dart::PredictBatchImpl); compiled-forest.ts does the same.
 */
function readTreeWeights(src: JsonSource, gb: JsonObject, gbPath: string, modelObj: JsonObject, modelPath: string, numTrees: number): Float32Array {
  const weights = new Float32Array(numTrees).fill(1);
  const outer = optional(gb, 'weight_drop') !== undefined;
  if (!outer && optional(modelObj, 'weight_drop') === undefined) {
    if (getString(src, gb, 'name', gbPath) === 'dart') fail(src, gbPath, 'missing key "weight_drop" (a dart booster keeps one weight per tree)');
    return weights;
  }
  const [obj, path] = outer ? [gb, gbPath] : [modelObj, modelPath];
  const a = getArray(src, obj, 'weight_drop', path);
  const wp = sub(path, 'weight_drop');
  if (a.length === 0) return weights;
  // XGBoost accepts fewer weights than trees and then reads past the end of the array when predicting.
  if (a.length !== numTrees) fail(src, wp, `has ${a.length} entries, expected num_trees = ${numTrees}`);
  for (let t = 0; t < numTrees; t++) {
    const w = a[t];
    if (typeof w !== 'number' || !Number.isFinite(w)) fail(src, sub(wp, t), `expected a finite number, found ${describeJson(w)}`);
    weights[t] = w;
  }
  return weights;
}

/**
 * `cats` (XGBoost 3.1+): the category names seen in training, by which XGBoost re-codes
 * categorical input at prediction; kept as read (and written back), and decoded into
 * Model.categories (category-table.ts). Older tables (`feature_segments`, `sorted_idx` only) have no names.
 */
function readCats(src: JsonSource, modelObj: JsonObject, modelPath: string): JsonObject | undefined {
  if (optional(modelObj, 'cats') === undefined) return undefined;
  return getObject(src, modelObj, 'cats', modelPath);
}

/** `version`: three non-negative integers. */
function parseVersion(src: JsonSource, v: unknown): [number, number, number] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
    fail(src, 'version', `expected [major, minor, patch], found ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return [v[0] as number, v[1] as number, v[2] as number];
}

/**
 * base_score: a number string (`"5E-1"`, XGBoost < 3.1), a JSON array inside a string (`"[5E-1]"`,
 * 3.1+; one entry, or one per class) or a plain number (other writers). Float32, one or more entries.
 */
function parseBaseScore(src: JsonSource, v: unknown, path: string): number[] {
  let xs: unknown[] = [v];
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('[')) {
      let arr: unknown;
      try {
        arr = JSON.parse(s);
      } catch {
        fail(src, path, `expected a number or [number] string, found ${describeJson(v)}`);
      }
      if (!Array.isArray(arr) || arr.length === 0) fail(src, path, `expected a number or [number] string, found ${describeJson(v)}`);
      xs = arr;
    } else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) {
      xs = [Number(s)];
    } else {
      fail(src, path, `expected a number or [number] string, found ${describeJson(v)}`);
    }
  }
  return xs.map((x) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(src, path, `expected a finite number, found ${describeJson(v)}`);
    return Math.fround(x);
  });
}

/** feature_names / feature_types: absent, or an array of strings of length 0 or nFeatures. */
function parseStringList(src: JsonSource, learner: JsonObject, key: string, path: string, nFeatures: number): string[] {
  if (optional(learner, key) === undefined) return [];
  const a = getArray(src, learner, key, path);
  const p = sub(path, key);
  if (a.length !== 0 && a.length !== nFeatures) fail(src, p, `has ${a.length} entries, expected num_feature = ${nFeatures}`);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'string') fail(src, sub(p, i), `expected a string, found ${describeJson(a[i])}`);
  }
  return a as string[];
}

/**
 * Parses the text of a model file (JSON; XGBoost's bare `NaN` / `Infinity` tokens are
 * accepted) and builds the Model.
 * @throws ModelError naming `file`: empty, truncated or invalid JSON, binary (UBJSON) content,
 * or a JSON document that is not a supported XGBoost model.
 */
export function parseModelText(text: string, file: string): Model {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new ModelError(file, 'the file is empty, expected an XGBoost JSON model');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (/\bNaN\b|\bInfinity\b/.test(text)) {
      try {
        json = JSON.parse(quoteSpecialFloats(text));
      } catch {
        json = undefined;
      }
    }
    if (json === undefined) throw new ModelError(file, describeParseError(text, err));
  }
  return parseModel(json, file);
}

/** One line saying why JSON.parse failed. */
function describeParseError(text: string, err: unknown): string {
  if (text.includes("\u0000") || /^\{[^\s"}]/.test(text)) {
    return 'binary content in a JSON model (a UBJSON model read as text? read its bytes: readModelFile, parseModelBytes, Booster.fromUBJ)';
  }
  const msg = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 200);
  // A parse error at the very end of the text means the file stops early.
  const pos = /at position (\d+)/.exec(msg);
  const atEnd = pos !== null && Number(pos[1]) >= text.trimEnd().length - 1;
  if (atEnd || /end of JSON input/i.test(msg)) return `truncated JSON (${msg})`;
  return `not valid JSON (${msg})`;
}

/** Rewrites bare NaN, Infinity and -Infinity tokens (outside strings) as the strings "NaN", ... */
function quoteSpecialFloats(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 78 || c === 73 || c === 45) {
      // 'N', 'I', '-'
      const tok = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : '';
      if (tok !== '') {
        out += text.slice(last, i) + `"${tok}"`;
        i += tok.length - 1;
        last = i + 1;
      }
    }
  }
  return out + text.slice(last);
}

/** Whether `version` is at least major.minor. */
function atLeast(version: readonly number[], major: number, minor: number): boolean {
  return version[0]! > major || (version[0] === major && version[1]! >= minor);
}

/**
 * The objective JSON to write: the model's verbatim, with `name` set, plus the parameter object
 * XGBoost 1.7.4 reads for that objective when it is missing (its LoadConfig fails without it).
 */
function objectiveForWrite(model: Model): Record<string, unknown> {
  const out: Record<string, unknown> = { ...model.objective.json, name: model.objective.name };
  const info = objectiveInfo(model.objective.name);
  if (info?.configKey && out[info.configKey] === undefined) out[info.configKey] = { ...info.configDefault };
  return out;
}

/** Fails with a ModelError('model', ...) when the Model cannot be written. */
export function checkWritable(model: Model): void {
  const bad = (detail: string): never => {
    throw new ModelError('model', detail);
  };
  const n = model.trees.length;
  checkOutputGroups(model, bad);
  if (model.treeInfo.length !== n) bad(`treeInfo has ${model.treeInfo.length} entries, expected ${n} (one per tree)`);
  if (model.treeWeights.length !== n) bad(`treeWeights has ${model.treeWeights.length} entries, expected ${n} (one per tree)`);
  if (!Number.isInteger(model.nFeatures) || model.nFeatures < 0) bad(`nFeatures is ${model.nFeatures}`);
  if (model.featureNames.length !== 0 && model.featureNames.length !== model.nFeatures) {
    bad(`featureNames has ${model.featureNames.length} entries, expected ${model.nFeatures}`);
  }
  if (model.featureTypes.length !== 0 && model.featureTypes.length !== model.nFeatures) {
    bad(`featureTypes has ${model.featureTypes.length} entries, expected ${model.nFeatures}`);
  }
  if (!Number.isFinite(model.baseScore)) bad(`baseScore is ${model.baseScore}`);
  const info = objectiveInfo(model.objective.name);
  const baseProblem = info === undefined ? null : baseScoreProblem(model.baseScore, info.link, model.version);
  if (baseProblem !== null) bad(`baseScore ${baseProblem} for ${model.objective.name}`);
  const k = model.nParallelTree ?? 1;
  if (!Number.isInteger(k) || k < 1) bad(`nParallelTree is ${k}`);
  model.trees.forEach((tree, t) => checkTree(tree, model.nFeatures, (detail) => bad(`trees[${t}]: ${detail}`)));
}

/**
 * The model as XGBoost JSON text (compact, keys sorted, floats in shortest float32 form;
 * deterministic: the same Model always gives the same bytes).
 *
 * base_score is always written as a number string (`"5E-1"`), which every XGBoost version reads
 * (1.7.4 misreads the 3.1 form `"[5E-1]"` as its default 0.5); `iteration_indptr` is written when
 * `model.version` is 2.0 or later. A model is written as dart when `booster` is `dart` or any tree
 * weight differs from 1. Non-finite floats (XGBoost's NaN split_conditions of categorical splits)
 * are written as XGBoost writes them, bare `NaN`, which XGBoost, Python's json and parseModelText
 * read (JSON.parse does not).
 * @throws ModelError('model', ...) for an inconsistent Model (array lengths, tree structure).
 */
export function modelToJSON(model: Model): string {
  checkWritable(model);
  model = foldBaseScores(model);
  const v = model.version;
  const n = model.trees.length;
  const k = model.nParallelTree ?? 1;
  // base_score is always the scalar string: XGBoost before 3.1 silently ignores "[x]" (1.7.4
  // keeps its default 0.5), and 3.1+ still reads the scalar form.
  // A logistic base_score that XGBoost 3.2+ clamps is written clamped, for 1.7 to 3.1 (portableBaseScore).
  const info = objectiveInfo(model.objective.name);
  const K = model.nOutputGroups;
  // Several quantiles: num_target outputs (XGBoost 3.4.1's layout); several classes: num_class.
  const quantiles = info?.outputs === 'quantiles';
  const baseScore = info === undefined ? model.baseScore : portableBaseScore(model.baseScore, info.link, v);
  const learnerModelParam =
    `{"base_score":"${baseScoreText(model, baseScore)}","boost_from_average":"${model.boostFromAverage === false ? 0 : 1}",` +
    `"num_class":"${K > 1 && !quantiles ? K : 0}",` +
    `"num_feature":"${model.nFeatures}","num_target":"${quantiles ? K : 1}"}`;

  const treeTexts: string[] = [];
  for (let t = 0; t < n; t++) treeTexts.push(treeToJSON(model.trees[t]!, t, model.nFeatures));
  let indptr = '';
  if (atLeast(v, 2, 0)) {
    // A round holds num_parallel_tree trees of each output group.
    const perRound = k * K;
    const bounds = [0];
    for (let i = perRound; i < n; i += perRound) bounds.push(i);
    if (n > 0) bounds.push(n);
    indptr = `,"iteration_indptr":[${bounds.join(',')}]`;
  }
  const cats = model.cats === undefined ? '' : `"cats":${stableStringify(model.cats)},`;
  const gbtreeModel =
    `{${cats}"gbtree_model_param":{"num_parallel_tree":"${k}","num_trees":"${n}","size_leaf_vector":"0"}` +
    `${indptr},"tree_info":[${Array.from(model.treeInfo).join(',')}],"trees":[${treeTexts.join(',')}]}`;
  const isDart = model.booster === 'dart' || model.treeWeights.some((w) => w !== 1);
  const booster = isDart
    ? `{"gbtree":{"model":${gbtreeModel},"name":"gbtree"},"name":"dart","weight_drop":[${Array.from(model.treeWeights, formatFloat32).join(',')}]}`
    : `{"model":${gbtreeModel},"name":"gbtree"}`;

  const learner =
    `{"attributes":${stableStringify(model.attributes)}` +
    `,"feature_names":${stableStringify(model.featureNames)}` +
    `,"feature_types":${stableStringify(model.featureTypes)}` +
    `,"gradient_booster":${booster}` +
    `,"learner_model_param":${learnerModelParam}` +
    `,"objective":${stableStringify(objectiveForWrite(model), xgboostNumberFormat)}}`;
  const extra = Object.keys(model.extra).length > 0 ? `"lambdaboost":${stableStringify(model.extra)},` : '';
  return `{${extra}"learner":${learner},"version":[${v.join(',')}]}`;
}

/** Checks a model's output groups: 1, or K > 1 for the multi-class objectives with tree_info in [0, K) and K base scores. */
export function checkOutputGroups(model: Model, bad: (detail: string) => never): void {
  const K = model.nOutputGroups;
  if (!Number.isInteger(K) || K < 1) bad(`nOutputGroups is ${K}`);
  const outputs = objectiveInfo(model.objective.name)?.outputs;
  const multiclass = outputs === 'classes';
  if (K > 1 && outputs === undefined) bad(`nOutputGroups is ${K}: several output groups are supported for multi:softprob, multi:softmax and reg:quantileerror only`);
  if (K > 1 && outputs === 'quantiles') {
    const alphas = Math.max(1, quantileAlphaTexts(model.objective.json).length);
    if (alphas !== K) bad(`nOutputGroups is ${K} but the objective has ${alphas} quantiles`);
  }
  if (K === 1 && multiclass) bad(`${model.objective.name} needs nOutputGroups >= 2`);
  if (model.baseScores !== undefined) {
    if (model.baseScores.length !== K) bad(`baseScores has ${model.baseScores.length} entries, expected nOutputGroups = ${K}`);
    model.baseScores.forEach((b, k) => {
      if (!Number.isFinite(b)) bad(`baseScores[${k}] is ${b}`);
    });
  }
  model.treeInfo.forEach((g, t) => {
    if (g < 0 || g >= K) bad(`treeInfo[${t}] is ${g}, expected an output group in [0, ${K})`);
  });
}

/**
 * Per-class base scores in a file whose version has only a scalar base_score (before 3.1: XGBoost
 * 1.7.4 reads the vector form "[a,b,c]" as its default 0.5, silently): written as base_score 0
 * with class k's base added to the leaves of class k's first tree, in float32. XGBoost sums a
 * row's margin as ((base + tree 0) + tree 1) + ..., so 0 + fround(base + leaf) gives every version
 * the margins, to the bit, that the per-class bases give. Models of 3.1 and later keep the vector.
 */
export function foldBaseScores(model: Model): Model {
  const bases = model.baseScores;
  // Several quantiles (num_target) exist only in XGBoost 2.0 and later, which read the vector.
  if (bases === undefined || atLeast(model.version, 3, 1) || objectiveInfo(model.objective.name)?.outputs === 'quantiles') return model;
  const K = model.nOutputGroups;
  const trees = model.trees.slice();
  const done = new Uint8Array(K);
  for (let t = 0; t < trees.length; t++) {
    const g = model.treeInfo[t]!;
    if (done[g]) continue;
    done[g] = 1;
    const src = trees[t]!;
    const tree: Tree = { ...src, splitCondition: src.splitCondition.slice() };
    for (let i = 0; i < tree.nNodes; i++) {
      if (tree.left[i] !== -1) continue;
      tree.splitCondition[i] = Math.fround(bases[g]! + tree.splitCondition[i]!);
    }
    trees[t] = tree;
  }
  if (done.some((d) => d === 0)) {
    throw new ModelError('model', `a ${K}-class model without a tree of every class cannot carry its per-class base scores in an XGBoost ${model.version.join('.')} file`);
  }
  const { baseScores: _dropped, ...rest } = model;
  return { ...rest, trees, baseScore: 0 };
}

/** base_score's text: the vector form "[a,b,c]" for per-class base scores (3.1+), else the scalar. */
function baseScoreText(model: Model, scalar: number): string {
  if (model.baseScores === undefined) return formatFloat32(scalar);
  return `[${Array.from(model.baseScores, formatFloat32).join(',')}]`;
}
