/**
 * This machine's libm float32 functions through python3 ctypes, for the tests of the glibc ports
 * (util/logf.ts, util/expf.ts, util/tanhf.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether python3 can call libm.so.6's float32 function `name` (e.g. 'expf'). */
export function hasLibm(name: string): boolean {
  if (!existsSync('/usr/bin/python3')) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ctypes; ctypes.CDLL('libm.so.6').${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** libm's `name`(x) for each float32 x of `xs` (Infinity and NaN included), as numbers. */
export function libmValues(name: string, xs: readonly number[]): number[] {
  const script =
    `import ctypes,sys\nm=ctypes.CDLL('libm.so.6');m.${name}.restype=ctypes.c_float;m.${name}.argtypes=[ctypes.c_float]\n` +
    `print('\\n'.join(repr(m.${name}(float(v))) for v in sys.stdin.read().split()))`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: xs.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trim().split('\n').map((t) => (t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t)));
}
