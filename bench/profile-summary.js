// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, top N.
//   node bench/profile-summary.js FILE.cpuprofile [N=20]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 20));
console.log(`total ${(total / 1e6).toFixed(2)} s`);
for (const [k, us] of rows) console.log(`${(us / 1e6).toFixed(3).padStart(8)} s  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
