// Helpers shared by the bench scripts: the median they report, the machine's load, a timed child process.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * The median of the finite numbers in `xs`: the middle one of an odd count, the mean of the two
 * middle ones of an even count; NaN when there are none.
 */
export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The 1-, 5- and 15-minute load averages, `digits` decimals, space-separated. */
export function loadAverage(digits = 2) {
  return loadavg().map((l) => l.toFixed(digits)).join(' ');
}

/**
 * Runs `cmd argv` to completion (`env` added to this process's environment); returns its wall
 * time in seconds and its output. Throws with its stderr when it exits non-zero.
 */
export function timedRun(cmd, argv, env = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { s: (performance.now() - t) / 1000, stdout: r.stdout, stderr: r.stderr };
}
