/**
 * `lambdaboost simulate-clicks`: turns a graded LTR file into a click log (LibSVM with `.query`
 * and `.position` sidecars, plus `.relevance` with the true grades) for unbiased learning to rank.
 */
import { Command } from 'commander';
import { simulateClicks, parseProductionRanker } from '../src/data/click-simulator.js';
import { loadDataset } from '../src/data/load.js';
import { UserError } from '../src/errors.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { formatFloat32Plain } from '../src/util/float32-format.js';
import { addDataOptions, toLoadOptions, type DataFlags } from './data-options.js';
import { checkOutputFile } from './output-paths.js';
import { runCommand } from './run-command.js';
import { addVerbosityOptions, messagePrinter, type VerbosityFlags } from './verbosity.js';

interface SimFlags extends DataFlags, VerbosityFlags {
  data: string;
  out: string;
  ranker: string;
  sessions: string;
  top: string;
  eta: string;
  epsilon: string;
  seed: string;
  positionBase: string;
  clickModel: string;
}

export function simulateClicksCommand(setStatus: (s: number) => void): Command {
  const cmd = new Command('simulate-clicks')
    .description('simulate position-biased clicks on graded data (examination (1/p)^eta, click = examined x (eps + (1-eps)(2^rel-1)/(2^max-1)))')
    .requiredOption('--data <file>', 'graded relevance data with query groups')
    .requiredOption('--out <file>', 'click log to write (LibSVM, with .query, .position and .relevance sidecars)')
    .option('--ranker <kind>', 'production ranker: relevance, random, or feature:K (order by feature K)', 'relevance')
    .option('--sessions <n>', 'sessions per query', '5')
    .option('--top <n>', 'documents shown per session', '20')
    .option('--eta <x>', 'position-bias severity', '1')
    .option('--epsilon <x>', 'click noise on examined irrelevant documents', '0.1')
    .option('--seed <n>', 'random seed', '1')
    .option('--position-base <n>', 'position written for the top slot (1: LightGBM\'s regime, 1-based position ids)', '0')
    .option('--click-model <model>', 'pbm (examination (1/p)^eta) or cascade (scan from the top, stop at the first click)', 'pbm');
  addVerbosityOptions(cmd);
  addDataOptions(cmd);
  cmd.action(async (flags: SimFlags) => {
    setStatus(await runCommand(() => runSimulate(flags)));
  });
  return cmd;
}

function num(name: string, s: string, min: number, integer: boolean): number {
  const v = Number(s);
  if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    throw new UserError(`--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, not ${JSON.stringify(s)}`);
  }
  return v;
}

function clickModel(s: string): 'pbm' | 'cascade' {
  if (s === 'pbm' || s === 'cascade') return s;
  throw new UserError(`--click-model must be pbm or cascade, not ${JSON.stringify(s)}`);
}

async function runSimulate(flags: SimFlags): Promise<void> {
  // Options and output paths are checked before the data is read.
  const info = messagePrinter(flags);
  const options = {
    sessions: num('sessions', flags.sessions, 1, true),
    top: num('top', flags.top, 1, true),
    eta: num('eta', flags.eta, 0, false),
    epsilon: num('epsilon', flags.epsilon, 0, false),
    ranker: parseProductionRanker(flags.ranker),
    seed: num('seed', flags.seed, 0, true),
    positionBase: num('position-base', flags.positionBase, 0, true),
    clickModel: clickModel(flags.clickModel),
  };
  for (const ext of ['', '.query', '.position', '.relevance']) checkOutputFile('--out', `${flags.out}${ext}`);
  const data = await loadDataset(flags.data, toLoadOptions(flags));
  const { clicks, trueLabel } = simulateClicks(data, options);
  const lines: string[] = [];
  for (let r = 0; r < clicks.nRows; r++) {
    let line = String(clicks.label![r]);
    for (let j = 0; j < clicks.nFeatures; j++) {
      const v = clicks.columns[j]![r]!;
      if (v === v) line += ` ${j}:${formatFloat32Plain(v)}`;
    }
    lines.push(line);
  }
  const sizes: number[] = [];
  const offs = clicks.queryOffsets!;
  for (let q = 0; q + 1 < offs.length; q++) sizes.push(offs[q + 1]! - offs[q]!);
  await writeFileAtomic(`${flags.out}.query`, `${sizes.join('\n')}\n`);
  await writeFileAtomic(`${flags.out}.position`, `${Array.from(clicks.position!).join('\n')}\n`);
  await writeFileAtomic(`${flags.out}.relevance`, `${Array.from(trueLabel).join('\n')}\n`);
  await writeFileAtomic(flags.out, `${lines.join('\n')}\n`);
  let nClicks = 0;
  for (const c of clicks.label!) nClicks += c;
  info(`wrote ${clicks.nRows} impressions in ${sizes.length} sessions (${nClicks} clicks) to ${flags.out} (+ .query, .position, .relevance)`);
}
