/**
 * Releasing the training values feature by feature while they are binned (with freeRawData).
 *
 * Binning is the peak of training's memory: the float values (4 bytes a cell) and the codes (1 or 2)
 * are alive together. Releasing each feature's values as soon as its codes are written, with a
 * collection after each third of the features (V8 returns an ArrayBuffer's memory only when it
 * collects it), lowers that peak from values + codes to about values + a third of the codes
 * (the measurement: bench/RESULTS.md, "Design measurements").
 */
import type { Dataset } from '../data/dataset.js';
import { collectGarbage } from '../util/collect-garbage.js';

/** Collections while binning: after each 1 / COLLECTIONS_PLUS_ONE of the features. */
const COLLECTIONS_PLUS_ONE = 3;

/**
 * A callback for binColumns / binColumnsParallel that empties `data.columns[f]` once feature f is
 * binned and collects garbage after every third of the features.
 */
export function valueReleaser(data: Dataset): (feature: number) => void {
  const empty = new Float32Array(0);
  const nF = data.nFeatures;
  let released = 0;
  let collections = 0;
  return (f: number) => {
    data.columns[f] = empty;
    released++;
    // Collect once released crosses k / 3 of the features (k = 1, 2); the caller collects after the last.
    if (collections < COLLECTIONS_PLUS_ONE - 1 && released * COLLECTIONS_PLUS_ONE >= (collections + 1) * nF && released < nF) {
      collections++;
      collectGarbage();
    }
  };
}
