// Model file formats: size and read/write time of a 1000-tree model as XGBoost JSON and as
// UBJSON. The model is the bundled XGBoost 1.7.4 CASP regression model (100 trees, depth 6,
// ~113 nodes a tree) with its trees repeated to 1000. Median of 7 runs after 2 warm-ups.
// With the XGBoost 3.4.1 anchor present, also the sizes XGBoost itself writes for that model.
//   npm run build && node bench/model-formats.js
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelToJSON, parseModelText } from '../dist/src/model-io/xgboost-json.js';
import { modelToUBJ, parseModelUBJ } from '../dist/src/model-io/xgboost-ubj.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const base = parseModelText(readFileSync(join(root, 'test/fixtures/models/xgboost-1.7.4/casp.model.json'), 'utf8'), 'casp');
const trees = [];
for (let k = 0; k < 10; k++) trees.push(...base.trees);
const model = { ...base, trees, treeInfo: new Int32Array(trees.length), treeWeights: new Float32Array(trees.length).fill(1) };

function median(f) {
  for (let i = 0; i < 2; i++) f();
  const t = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    f();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  t.sort((a, b) => a - b);
  return +t[3].toFixed(1);
}

const json = modelToJSON(model);
const ubj = modelToUBJ(model);
const jsonBytes = Buffer.byteLength(json);
const result = {
  trees: trees.length,
  nodes: trees.reduce((s, t) => s + t.nNodes, 0),
  json_bytes: jsonBytes,
  ubj_bytes: ubj.length,
  write_json_ms: median(() => modelToJSON(model)),
  write_ubj_ms: median(() => modelToUBJ(model)),
  read_json_ms: median(() => parseModelText(json, 'm.json')),
  read_ubj_ms: median(() => parseModelUBJ(ubj, 'm.ubj')),
  loadavg: loadavg().map((x) => +x.toFixed(2)),
};

const anchor = join(root, '../../shared/anchors/xgboost-3.4.1/python');
if (existsSync(join(anchor, 'xgboost'))) {
  const dir = mkdtempSync(join(tmpdir(), 'lb-formats-'));
  writeFileSync(join(dir, 'm.json'), json);
  const py = "import xgboost as x,sys,os,time\nb=x.Booster(model_file=sys.argv[1]+'/m.json')\nfor n in ('x.json','x.ubj'):\n  b.save_model(sys.argv[1]+'/'+n)\nt=[]\nfor i in range(5):\n  t0=time.perf_counter(); x.Booster(model_file=sys.argv[1]+'/x.ubj'); t.append(time.perf_counter()-t0)\nu=sorted(t)[2]\nt=[]\nfor i in range(5):\n  t0=time.perf_counter(); x.Booster(model_file=sys.argv[1]+'/x.json'); t.append(time.perf_counter()-t0)\nprint(os.path.getsize(sys.argv[1]+'/x.json'), os.path.getsize(sys.argv[1]+'/x.ubj'), round(sorted(t)[2]*1000,1), round(u*1000,1))";
  const r = spawnSync('/usr/bin/python3', ['-c', py, dir], { env: { ...process.env, PYTHONPATH: anchor }, encoding: 'utf8' });
  if (r.status === 0) {
    const [j, u, jms, ums] = r.stdout.trim().split(' ').map(Number);
    Object.assign(result, { xgboost_341_json_bytes: j, xgboost_341_ubj_bytes: u, xgboost_341_load_json_ms: jms, xgboost_341_load_ubj_ms: ums });
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
