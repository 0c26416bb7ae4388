/**
 * The training progress bar: one line on a terminal (`training [=====-----] 12/100 rounds | 3 s
 * left`), redrawn in place with a carriage return. It is drawn synchronously (no timer), so lines
 * the command prints meanwhile go through `printLine`, which erases the bar, writes the line to
 * its own stream and draws the bar again: a line is never held back or lost, and a line written
 * to standard output stays on standard output (`> log` and `| tee` capture the eval log whole).
 *
 * Hand-written rather than cli-progress: that library redraws from a timer and holds
 * `MultiBar.log` lines until the next redraw, which a training loop busy on the main thread
 * delays, and drops the ones still held when the bar stops.
 */

/** Least time between two redraws of the bar, in milliseconds. */
const REDRAW_MS = 100;

/** Erase the whole current line and return to its start (ECMA-48 EL 2, then CR). */
const ERASE_LINE = '\r\x1b[2K';

/** A terminal progress line of `total` steps on `stream` (a TTY). */
export class ProgressLine {
  private done = 0;
  private drawn = false;
  private lastDraw = -Infinity;
  private readonly start = performance.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly unit: string,
  ) {}

  /** Records `done` steps; redraws when the last redraw is REDRAW_MS old, or at the end. */
  update(done: number): void {
    this.done = done;
    const now = performance.now();
    if (now - this.lastDraw >= REDRAW_MS || done >= this.total) this.draw(now);
  }

  /**
   * Writes `line` (a newline is added) to `out`. When `out` is a terminal too (the bar's one, as a
   * rule), the bar is erased first and drawn again after the line.
   */
  printLine(out: NodeJS.WriteStream, line: string): void {
    const shared = this.drawn && (out === this.stream || out.isTTY === true);
    if (shared) this.erase();
    out.write(`${line}\n`);
    if (shared) this.draw(performance.now());
  }

  /** Erases the bar for good. */
  stop(): void {
    if (this.drawn) this.erase();
    this.done = this.total;
    this.lastDraw = Infinity;
  }

  private erase(): void {
    this.stream.write(ERASE_LINE);
    this.drawn = false;
  }

  private draw(now: number): void {
    if (this.lastDraw === Infinity) return;
    this.lastDraw = now;
    this.stream.write(`${ERASE_LINE}${this.text(now)}`);
    this.drawn = true;
  }

  private text(now: number): string {
    const counts = `${this.done}/${this.total} ${this.unit}`;
    const elapsed = (now - this.start) / 1000;
    const left = this.done > 0 ? `${formatSeconds((elapsed / this.done) * (this.total - this.done))} left` : '';
    const tail = ` ${counts}${left ? ` | ${left}` : ''}`;
    // The line never wraps: a wrapped line could not be erased by one carriage return.
    const columns = this.stream.columns > 0 ? this.stream.columns : 80;
    const width = Math.max(0, Math.min(40, columns - 1 - 'training []'.length - tail.length));
    const full = this.total > 0 ? Math.round((width * this.done) / this.total) : width;
    return `training [${'='.repeat(full)}${'-'.repeat(width - full)}]${tail}`.slice(0, columns - 1);
  }
}

/** Seconds as "42 s", "3 min 05 s" or "2 h 03 min". */
function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
  return `${Math.floor(t / 3600)} h ${String(Math.floor(t / 60) % 60).padStart(2, '0')} min`;
}
