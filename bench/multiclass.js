// The time of one 10-class round (multi:softprob: 10 trees grown from one round's gradients)
// against 10 single-class rounds (binary:logistic, one class against the rest, one tree a round:
// the sum over the 10 classes of their per-round times), on 1 and 2 threads, for one or more
// builds (A/B: e.g. a copy of dist/ from before a change; a build named `DIR:serial` is DIR with
// the K trees grown one after the other, setSideBySideForTesting(false)). Each measurement is its own process;
// the runs rotate through builds and thread counts (the machine is shared: say its load).
// A round's time: (end of the last round - end of the first) / (rounds - 1), so the set-up (cuts,
// binning, worker start) and the first round are left out.
//   npm run build && node bench/multiclass.js [--dist dist,OTHER] [--threads 1,2] [--reps 3]
//     [--rounds 20] [--data digits,gen] [--rows 100000] [--kinds multi,single]
// Data: sklearn's digits (1797 x 64, via /usr/bin/python3 -c 'import sklearn.datasets'), and
// `datasets/generate.js realistic-regression` (ROWS x 28, standard normal values, 2% missing
// cells) with its target cut at the deciles into 10 classes; files in bench/.data/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAverage, median } from './common.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
function opt(name, dflt) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
}

/** Ten classes from a real-valued target: its deciles. */
function deciles(y) {
  const s = Float32Array.from(y).sort();
  const edges = Array.from({ length: 9 }, (_, i) => s[Math.floor(((i + 1) * y.length) / 10)]);
  return Float32Array.from(y, (v) => edges.filter((e) => v >= e).length);
}

if (args[0] === '--child') {
  // --child DIST THREADS FILE KIND ROUNDS
  const [, build, threads, file, kind, rounds] = args;
  const [distDir, mode] = build.split(':');
  const dist = pathToFileURL(resolve(distDir)).href;
  if (mode === 'serial') (await import(`${dist}/src/booster/session.js`)).setSideBySideForTesting(false);
  const { loadDataset } = await import(`${dist}/src/data/load.js`);
  const { trainModel } = await import(`${dist}/src/booster/train.js`);
  const { destroyWorkerPool } = await import(`${dist}/src/parallel/pool.js`);
  const data = await loadDataset(file, { label: 'y' });
  if (file.includes('gen')) data.label = deciles(data.label);
  const base = { max_depth: 6, eta: 0.3, nthread: Number(threads), num_round: Number(rounds), verbosity: 0, seed: 1 };
  async function perRound(params, d) {
    const ends = [];
    await trainModel(params, d, { onIteration: () => void ends.push(performance.now()) });
    return (ends[ends.length - 1] - ends[0]) / (ends.length - 1);
  }
  let ms = 0;
  if (kind === 'multi') ms = await perRound({ ...base, objective: 'multi:softprob', num_class: 10 }, data);
  else {
    for (let k = 0; k < 10; k++) {
      const label = Float32Array.from(data.label, (v) => (v === k ? 1 : 0));
      ms += await perRound({ ...base, objective: 'binary:logistic' }, { ...data, label });
    }
  }
  // units the worker ran, by unit kernel (the calling thread's are not counted): what reached the second thread
  const units = Object.fromEntries((await import(`${dist}/src/parallel/executor.js`)).workerUnitCounts());
  await destroyWorkerPool();
  console.log(JSON.stringify({ ms, units }));
  process.exit(0);
}

const dists = opt('dist', 'dist').split(',');
const threadList = opt('threads', '1,2').split(',').map(Number);
const reps = Number(opt('reps', '3'));
const rounds = opt('rounds', '20');
const sets = opt('data', 'digits,gen').split(',');
const rows = Number(opt('rows', '100000'));
const kinds = opt('kinds', 'multi,single').split(',');
const dir = join(root, 'bench', '.data');
mkdirSync(dir, { recursive: true });
const files = {};
for (const set of sets) {
  if (set === 'digits') {
    files.digits = join(dir, 'digits.csv');
    if (!existsSync(files.digits)) {
      const py = "import sklearn.datasets as d\nX, y = d.load_digits(return_X_y=True)\nprint('y,' + ','.join('p%d' % j for j in range(X.shape[1])))\nfor r, v in zip(X, y): print(','.join([str(v)] + ['%g' % c for c in r]))\n";
      writeFileSync(files.digits, execFileSync('/usr/bin/python3', ['-c', py], { maxBuffer: 1 << 26 }));
    }
  } else if (set === 'gen') {
    files.gen = join(dir, `mc-gen-${rows}x28.csv`);
    if (!existsSync(files.gen)) execFileSync('node', [join(root, 'datasets', 'generate.js'), 'realistic-regression', files.gen, String(rows), '28', '1'], { stdio: 'inherit' });
  } else throw new Error(`unknown data set ${set} (digits or gen)`);
}

console.log(`load average at start: ${loadAverage()}`);
const results = new Map();
for (let rep = 0; rep < reps; rep++) {
  for (const set of sets) {
    for (const kind of kinds) {
      for (const threads of threadList) {
        // rotate the builds' order every repetition
        for (let i = 0; i < dists.length; i++) {
          const d = dists[(i + rep) % dists.length];
          const r = spawnSync('node', [new URL(import.meta.url).pathname, '--child', d, String(threads), files[set], kind, rounds], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
          const { ms, units } = JSON.parse(r.stdout.trim().split('\n').pop());
          const key = `${set} ${kind} ${threads}t ${d}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key).push(ms);
          console.log(`rep ${rep} ${key}: ${ms.toFixed(2)} ms a round (load ${loadAverage().split(' ')[0]}); worker units ${JSON.stringify(units ?? {})}`);
        }
      }
    }
  }
}
console.log(`load average at end: ${loadAverage()}`);
console.log('| data | round | threads | build | ms a round (each run) | median | min |');
console.log('|---|---|---|---|---|---|---|');
for (const [key, v] of results) {
  const [set, kind, t, d] = key.split(' ');
  const m = median(v);
  console.log(`| ${set} | ${kind === 'multi' ? '1 round, 10 classes' : '10 single-class rounds'} | ${t.replace('t', '')} | ${d} | ${v.map((x) => x.toFixed(1)).join(', ')} | ${m.toFixed(1)} | ${Math.min(...v).toFixed(1)} |`);
}
