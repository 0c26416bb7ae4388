// ns per call of glibc's expf port (src/util/expf.ts) against Math.fround(Math.exp(x)), the
// correctly rounded float32 exp it replaced. Run after `npm run build`: node bench/expf.js
// Inputs: 1M float32s, uniform in [-20, 20] (margins) and in [-30, 0] (softmax's x - max);
// 9 interleaved rounds of each, medians. A shared machine makes the absolute figures noisy.
import { expf } from '../dist/src/util/expf.js';
import { median } from './common.js';

const N = 1 << 20;
const ROUNDS = 9;
let s = 12345;
const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
const margins = new Float32Array(N).map(() => (next() - 0.5) * 40);
const softmax = new Float32Array(N).map(() => -next() * 30);

function runExpf(xs) {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) acc += expf(xs[i]);
  return acc;
}
function runMathExp(xs) {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) acc += Math.fround(Math.exp(xs[i]));
  return acc;
}

function time(fn, xs) {
  const t0 = process.hrtime.bigint();
  const acc = fn(xs);
  const ns = Number(process.hrtime.bigint() - t0) / xs.length;
  if (Number.isNaN(acc)) throw new Error('unexpected NaN');
  return ns;
}

for (const [name, xs] of [['margins [-20, 20]', margins], ['softmax [-30, 0]', softmax]]) {
  for (let w = 0; w < 3; w++) { runExpf(xs); runMathExp(xs); } // warm-up (JIT)
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(time(runExpf, xs));
    b.push(time(runMathExp, xs));
  }
  console.log(`${name}: expf ${median(a).toFixed(2)} ns/call, Math.fround(Math.exp) ${median(b).toFixed(2)} ns/call (medians of ${ROUNDS})`);
}
