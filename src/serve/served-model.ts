/**
 * The model a server serves, loaded from the bytes of its file (Node only): the Ranker and what
 * /metrics and /reload say about it. A cluster's primary reads the file once and hands the same
 * bytes to every worker, so all of them serve the same model even if the file changes meanwhile.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { parseModelText } from '../model-io/xgboost-json.js';
import type { ModelInfo } from './metrics.js';
import { Ranker } from './ranker.js';

/** A model file's bytes and when they were read. */
export interface ModelBytes {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** Unix seconds. */
  readonly readAt: number;
}

/**
 * Reads a model file.
 * @throws ModelError naming the file when it cannot be read.
 */
export async function readModelBytes(path: string): Promise<ModelBytes> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelError(path, `cannot read the model file (${code ?? (err instanceof Error ? err.message : String(err))})`);
  }
  return { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), readAt: Math.floor(Date.now() / 1000) };
}

/**
 * Parses and compiles a model from its file's bytes.
 * @throws ModelError naming the file for a malformed or unsupported model.
 */
export function servedModel(file: ModelBytes): { ranker: Ranker; info: ModelInfo } {
  const model = parseModelText(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).toString('utf8'), file.path);
  const ranker = Ranker.fromModel(model);
  return {
    ranker,
    info: { path: file.path, objective: ranker.objective, features: ranker.nFeatures, trees: ranker.nTrees, sha256: file.sha256, loadedAt: file.readAt },
  };
}

/** What /reload answers about a model. */
export function describeModel(info: ModelInfo): Record<string, unknown> {
  return { path: info.path, sha256: info.sha256, features: info.features, trees: info.trees, objective: info.objective };
}
