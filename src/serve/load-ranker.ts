/**
 * A Ranker from a model file (Node only: reads the file system).
 */
import { readModelFile } from '../model-io/model-file.js';
import { Ranker } from './ranker.js';

/**
 * Loads an XGBoost JSON model file (ours or XGBoost's, 1.7 to 3.x) and compiles it.
 * @throws ModelError naming the file for a missing, malformed or unsupported model.
 */
export async function loadRanker(path: string): Promise<Ranker> {
  return Ranker.fromModel(await readModelFile(path));
}
