/**
 * The messages between a serve cluster's primary and its workers (node:cluster IPC with the
 * "advanced" serialization, so model bytes travel as bytes).
 *
 * Model changes are two-phase so that a bad file changes nothing: the primary sends `prepare`
 * (the file's bytes) to every worker, each parses and compiles it aside and answers `prepared`;
 * only when all succeeded does the primary send `commit` (each worker swaps to the new model;
 * requests in flight finish on the old one), else `abort`. The first model is loaded the same way,
 * and a worker starts listening at its first commit.
 */
import type { MetricsSnapshot, ModelInfo } from './metrics.js';

/** Primary to worker. */
export type ToWorker =
  | { readonly t: 'prepare'; readonly id: number; readonly path: string; readonly bytes: Uint8Array; readonly sha256: string; readonly readAt: number }
  | { readonly t: 'commit'; readonly id: number }
  | { readonly t: 'abort'; readonly id: number }
  | { readonly t: 'snapshot?'; readonly id: number }
  | { readonly t: 'metrics'; readonly id: number; readonly text: string }
  | { readonly t: 'reloaded'; readonly id: number; readonly ok: true; readonly description: Record<string, unknown> }
  | { readonly t: 'reloaded'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly t: 'drain' }
  | { readonly t: 'cut' };

/** Worker to primary. `ready` first: messages sent before a worker listens for them are lost. */
export type ToPrimary =
  | { readonly t: 'ready' }
  | { readonly t: 'prepared'; readonly id: number; readonly ok: true; readonly info: ModelInfo }
  | { readonly t: 'prepared'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly t: 'listening'; readonly url: string }
  | { readonly t: 'fatal'; readonly error: string }
  | { readonly t: 'log'; readonly line: string }
  | { readonly t: 'snapshot'; readonly id: number; readonly snapshot: MetricsSnapshot }
  | { readonly t: 'metrics?'; readonly id: number }
  | { readonly t: 'reload?'; readonly id: number };
