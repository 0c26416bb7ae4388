// Macro benchmarks on seeded generated data (datasets/generate.js), each scenario in its own
// process: `node bench/macro.js [scenario ...]` (default: all). Data is cached in bench/.data/.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { writeRegressionCsv, writeRankingLibsvm } from '../datasets/generate.js';

const DIR = 'bench/.data';
mkdirSync(DIR, { recursive: true });

const SCENARIOS = {
  'regression-200k': async () => {
    await ensure(`${DIR}/reg200k.train.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 1));
    await ensure(`${DIR}/reg.test.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 99));
    return [`${DIR}/reg200k.train.csv`, `${DIR}/reg.test.csv`, 'objective=reg:squarederror'];
  },
  'regression-1m': async () => {
    await ensure(`${DIR}/reg1m.train.csv`, (p) => writeRegressionCsv(p, 1_000_000, 28, 2));
    await ensure(`${DIR}/reg.test.csv`, (p) => writeRegressionCsv(p, 200_000, 28, 99));
    return [`${DIR}/reg1m.train.csv`, `${DIR}/reg.test.csv`, 'objective=reg:squarederror'];
  },
  'ranking-500q': async () => {
    await ensure(`${DIR}/rank500.train.libsvm`, (p) => writeRankingLibsvm(p, 500, 136, 3));
    await ensure(`${DIR}/rank.test.libsvm`, (p) => writeRankingLibsvm(p, 200, 136, 98));
    return [`${DIR}/rank500.train.libsvm`, `${DIR}/rank.test.libsvm`, 'objective=rank:ndcg'];
  },
  'ranking-2000q': async () => {
    await ensure(`${DIR}/rank2000.train.libsvm`, (p) => writeRankingLibsvm(p, 2000, 136, 4));
    await ensure(`${DIR}/rank.test.libsvm`, (p) => writeRankingLibsvm(p, 200, 136, 98));
    return [`${DIR}/rank2000.train.libsvm`, `${DIR}/rank.test.libsvm`, 'objective=rank:ndcg'];
  },
};

async function ensure(path, make) {
  if (!existsSync(path)) await make(path);
}

const names = process.argv.slice(2).filter((a) => !a.includes('='));
const extra = process.argv.slice(2).filter((a) => a.includes('='));
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
  const make = SCENARIOS[name];
  if (!make) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  const [train, test, ...kv] = await make();
  const r = spawnSync(process.execPath, ['bench/scenario.js', name, train, test, ...kv, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
