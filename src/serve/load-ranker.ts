/**
 * A Ranker from a model file (Node only: reads the file system).
 */
import { readAnyModelFile } from '../model-io/any-model.js';
import { LightGBMPredictor } from '../predict/lightgbm-predictor.js';
import { Ranker } from './ranker.js';

/**
 * Loads a model file (XGBoost JSON or UBJSON, ours or XGBoost's 1.7 to 3.x; or a LightGBM text
 * model or JSON dump) and compiles it.
 * @throws ModelError naming the file for a missing, malformed or unsupported model.
 */
export async function loadRanker(path: string): Promise<Ranker> {
  const any = await readAnyModelFile(path);
  return any.format === 'lightgbm' ? new Ranker(new LightGBMPredictor(any.model)) : Ranker.fromModel(any.model);
}
