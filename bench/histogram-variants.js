// Issue #18's histogram candidates (native/bench/histogram-variants.ts) against the shipped WASM kernel
// (buildHistogramU16, native/assembly/histogram.ts), on realistic-shaped codes: 28 features of 256
// bins + the missing code 256 (2% missing cells, u16 codes, row-major), f32 pairs with h = 1.
// Row sets: all rows in order (a root), a random half, a random 1/32 (a deep node), ascending.
// Each variant's histogram is checked equal to the shipped kernel's to the bit, then timed in
// alternating order; figures are CPU ns (user + sys) per (row, feature) update, means of --reps.
//   node bench/histogram-variants.js [--rows 200000] [--reps 6]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const N = opt('--rows', 200_000);
const REPS = opt('--reps', 6);
const F = 28;
const B = 257;

const dir = mkdtempSync(join(tmpdir(), 'hist-variants-'));
const wasmFile = join(dir, 'variants.wasm');
execFileSync(process.execPath, ['node_modules/assemblyscript/bin/asc.js', 'native/bench/histogram-variants.ts', '--outFile', wasmFile,
  '-O3', '--converge', '--noAssert', '--runtime', 'stub', '--importMemory', '--sharedMemory', '--initialMemory', '1',
  '--maximumMemory', '65536', '--enable', 'simd', '--enable', 'threads', '--use', 'abort='], { stdio: 'inherit' });
const memory = new WebAssembly.Memory({ initial: Math.ceil((N * F * 9 + 40 * N + (1 << 22)) / 65536), maximum: 65536, shared: true });
const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), { env: { memory } });
rmSync(dir, { recursive: true });
const ex = instance.exports;

let top = (ex.heapBase?.() ?? 1024) + 4096;
const buf = memory.buffer;
function alloc(Type, n) {
  top = (top + 63) & ~63;
  const a = new Type(buf, top, n);
  top += a.byteLength + 4; // the high-bit reads may run 3 bytes past a row
  return a;
}
const at = (a) => a.byteOffset;

let seed = 1;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
const offsets = alloc(Uint32Array, F + 1);
for (let f = 0; f < F; f++) offsets[f + 1] = offsets[f] + B;
const S8 = 32; // u8High row: 28 code bytes + 4 bytes of high bits
const rowsU16 = alloc(Uint16Array, N * F);
const cols = alloc(Uint16Array, N * F);
const global = alloc(Uint16Array, N * F);
const high = alloc(Uint8Array, N * S8);
for (let r = 0; r < N; r++) {
  for (let f = 0; f < F; f++) {
    const c = rnd() < 0.02 ? 256 : Math.floor(rnd() * 256);
    rowsU16[r * F + f] = c;
    cols[f * N + r] = c;
    global[r * F + f] = offsets[f] + c;
    high[r * S8 + f] = Math.min(c, 255);
    if (c === 256) high[r * S8 + F + (f >> 3)] |= 1 << (f & 7);
  }
}
const gh = alloc(Float32Array, 2 * N);
const g = alloc(Float32Array, N);
for (let r = 0; r < N; r++) {
  gh[2 * r] = g[r] = rnd() - 0.5;
  gh[2 * r + 1] = 1;
}
const og = alloc(Float32Array, 2 * N);
const nH = 2 * offsets[F];
const ref = alloc(Float64Array, nH);
const hist = alloc(Float64Array, nH);
function rowSet(p) {
  const rows = alloc(Uint32Array, N);
  let n = 0;
  for (let r = 0; r < N; r++) if (p >= 1 || rnd() < p) rows[n++] = r;
  return { rows, n };
}
const sets = { 'all rows': rowSet(1), half: rowSet(0.5), '1/32': rowSet(1 / 32) };

const variants = {
  shipped: (s) => ex.buildHistogramU16(at(rowsU16), F, 0, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(hist)),
  constHess: (s) => ex.constHess(at(rowsU16), F, F, at(offsets), at(s.rows), 0, s.n, at(g), at(hist)),
  'ordered (gather incl.)': (s) => {
    ex.gatherPairs(at(s.rows), 0, s.n, at(gh), at(og));
    ex.ordered(at(rowsU16), F, F, at(offsets), at(s.rows), 0, s.n, at(og), at(hist));
  },
  'colWise (gather incl.)': (s) => {
    ex.gatherPairs(at(s.rows), 0, s.n, at(gh), at(og));
    ex.colWise(at(cols), N, F, at(offsets), at(s.rows), 0, s.n, at(og), at(hist));
  },
  u8High: (s) => ex.u8High(at(high), S8, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(hist), F),
  touch32: (s) => ex.touch32(at(rowsU16), F, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(hist)),
  touch64: (s) => ex.touch64(at(rowsU16), F, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(hist)),
  globalSlots: (s) => ex.globalSlots(at(global), F, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(hist)),
};

for (const s of Object.values(sets)) {
  ref.fill(0);
  ex.buildHistogramU16(at(rowsU16), F, 0, F, at(offsets), at(s.rows), 0, s.n, at(gh), at(ref));
  for (const [name, run] of Object.entries(variants)) {
    hist.fill(0);
    run(s);
    for (let i = 0; i < nH; i++) if (!Object.is(hist[i], ref[i])) throw new Error(`${name}: slot value ${i} differs`);
  }
}
console.log(`${N} rows x ${F} features, every variant's sums equal the shipped kernel's to the bit`);

const names = Object.keys(variants);
for (const [setName, s] of Object.entries(sets)) {
  const calls = Math.max(1, Math.round(8e6 / s.n));
  const total = Object.fromEntries(names.map((k) => [k, 0]));
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const run = variants[name];
      const c0 = process.cpuUsage();
      for (let i = 0; i < calls; i++) run(s);
      const c = process.cpuUsage(c0);
      total[name] += ((c.user + c.system) * 1e3) / (calls * s.n * F);
    }
  }
  const base = total.shipped / REPS;
  console.log(`${setName} (${s.n} rows): ` + names.map((k) => `${k} ${(total[k] / REPS).toFixed(3)} (${((total[k] / REPS) / base).toFixed(2)}x)`).join(', '));
}
