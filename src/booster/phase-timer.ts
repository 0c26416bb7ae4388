/**
 * Wall-clock time of training's phases (`--verbosity 2`): the loop and the grower call `lap` at
 * phase boundaries, each lap adds the time since the previous one to a phase. Nothing is timed
 * when no timer is passed (every hook is `timer?.lap(...)`), so runs below verbosity 2 pay one
 * undefined check per hook.
 *
 * With worker threads a phase's time is the main thread's wait for it (the workers' own times
 * are not summed). The grower's work between its batches (choosing splits from the search
 * results, the larger siblings' histograms by subtraction, node bookkeeping) is one phase,
 * `grower other`: it runs inside the grower's generator and is not separated further. Below the
 * root, a level's histograms and its nodes' split searches run in the same units, one phase,
 * `histogram + split` (`histogram` and `split` are then the root's).
 * The K trees of a multi-output round grown side by side (session.ts roundTrees) share their
 * dispatches, so their time is one phase, `trees side by side`, instead of those four.
 */

/** The phases, in the order they are reported. */
export const PHASES = ['cuts', 'binning', 'gradient', 'histogram', 'histogram + split', 'split', 'partition', 'grower other', 'trees side by side', 'margins', 'eval', 'checkpoint'] as const;

export type Phase = (typeof PHASES)[number];

/** Phases that happen once, before the first round. */
const SETUP: ReadonlySet<Phase> = new Set(['cuts', 'binning']);

/** Times of one round: milliseconds per phase (phases of the round only). */
export type RoundTimes = Partial<Record<Phase, number>>;

export class PhaseTimer {
  private last = performance.now();
  private readonly total = new Map<Phase, number>();
  private round: RoundTimes = {};
  private rounds = 0;

  /**
   * @param onRound receives the times of every round (iteration = the model's round number).
   */
  constructor(private readonly onRound?: (iteration: number, times: RoundTimes) => void) {}

  /** Starts a new lap now without counting the time since the last one (time spent elsewhere). */
  mark(): void {
    this.last = performance.now();
  }

  /** Adds the time since the last lap or mark to `phase`. */
  lap(phase: Phase): void {
    const now = performance.now();
    const ms = now - this.last;
    this.last = now;
    this.total.set(phase, (this.total.get(phase) ?? 0) + ms);
    if (!SETUP.has(phase)) this.round[phase] = (this.round[phase] ?? 0) + ms;
  }

  /** Ends round `iteration`: hands its times to `onRound`. */
  endRound(iteration: number): void {
    this.rounds++;
    this.onRound?.(iteration, this.round);
    this.round = {};
  }

  /** Total milliseconds per phase so far, and the number of rounds ended. */
  totals(): { rounds: number; ms: Map<Phase, number> } {
    return { rounds: this.rounds, ms: new Map(this.total) };
  }
}

/** One round's times as a line: `[3] time ms: gradient 1.20, histogram 3.41, ... total 6.50`. */
export function formatRoundTimes(iteration: number, times: RoundTimes): string {
  let sum = 0;
  const parts: string[] = [];
  for (const p of PHASES) {
    const ms = times[p];
    if (ms === undefined) continue;
    sum += ms;
    parts.push(`${p} ${ms.toFixed(2)}`);
  }
  return `[${iteration}] time ms: ${parts.join(', ')}, total ${sum.toFixed(2)}`;
}

/**
 * The end-of-run summary: one line per phase with its total seconds, its mean per round (round
 * phases) and its share of the whole; `extra` adds phases timed by the caller (loading).
 */
export function formatTimingSummary(timer: PhaseTimer, extra: readonly [string, number][] = []): string {
  const { rounds, ms } = timer.totals();
  const rows: [string, number, boolean][] = extra.map(([name, v]) => [name, v, false]);
  for (const p of PHASES) {
    const v = ms.get(p);
    if (v !== undefined) rows.push([p, v, !SETUP.has(p)]);
  }
  const all = rows.reduce((s, r) => s + r[1], 0);
  const width = Math.max(...rows.map((r) => r[0].length), 'total'.length);
  const lines = [`timings (${rounds} rounds; per round = mean):`];
  for (const [name, v, perRound] of rows) {
    const each = perRound && rounds > 0 ? `  ${(v / rounds).toFixed(2).padStart(9)} ms/round` : '';
    lines.push(`  ${name.padEnd(width)}  ${(v / 1000).toFixed(3).padStart(9)} s  ${((100 * v) / (all || 1)).toFixed(1).padStart(5)} %${each}`);
  }
  lines.push(`  ${'total'.padEnd(width)}  ${(all / 1000).toFixed(3).padStart(9)} s`);
  return lines.join('\n');
}
