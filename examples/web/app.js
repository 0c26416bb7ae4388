// The examples/web page: loads an XGBoost model with lambdaboost/web, shows one input per
// feature, and on every keystroke prints the model's score and draws the row's SHAP values.
// Serve the repository root (`node examples/web/serve.js`) and open /examples/web/.
import { Booster, ready } from '../../dist/web/lambdaboost.js';

const $ = (id) => document.getElementById(id);
let booster = null;

function show(b, name) {
  booster = b;
  $('error').textContent = '';
  $('modelName').textContent = `${name}: ${b.objective}, ${b.nTrees} trees, ${b.nFeatures} features`;
  const form = $('features');
  form.replaceChildren();
  const names = b.featureNames.length ? b.featureNames : Array.from({ length: b.nFeatures }, (_, i) => `f${i}`);
  names.forEach((n, i) => {
    const label = document.createElement('label');
    label.textContent = n;
    label.htmlFor = `x${i}`;
    const input = document.createElement('input');
    input.type = 'text';
    input.id = `x${i}`;
    input.value = '0';
    input.addEventListener('input', update);
    form.append(label, input);
  });
  update();
}

/** The typed row (empty = missing), or null after saying which input is not a finite number. */
function row() {
  const x = [];
  for (let i = 0; i < booster.nFeatures; i++) {
    const input = $(`x${i}`);
    const t = input.value.trim();
    const v = t === '' ? NaN : Number(t);
    const bad = t !== '' && !Number.isFinite(v);
    input.style.borderColor = bad ? '#b00' : '';
    if (bad) {
      $('error').textContent = `${input.previousSibling.textContent}: "${t}" is not a finite number (leave it empty for missing)`;
      return null;
    }
    x.push(v);
  }
  $('error').textContent = '';
  return x;
}

function update() {
  const x = row();
  if (x === null) return;
  const score = booster.predict([x])[0];
  const margin = booster.predict([x], { margin: true })[0];
  const phi = booster.predict([x], { contrib: true });
  $('score').textContent = `score ${score.toPrecision(6)}  (margin ${margin.toPrecision(6)})`;
  const names = booster.featureNames.length ? booster.featureNames : x.map((_, i) => `f${i}`);
  const items = names.map((n, i) => ({ n, v: phi[i] })).sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
  const scale = Math.max(1e-12, ...items.map((d) => Math.abs(d.v)));
  const bars = $('bars');
  bars.replaceChildren();
  for (const d of items) {
    const name = document.createElement('div');
    name.textContent = d.n;
    const track = document.createElement('div');
    track.className = 'track';
    const mid = document.createElement('div');
    mid.className = 'mid';
    const bar = document.createElement('div');
    const w = (Math.abs(d.v) / scale) * 50;
    bar.className = `bar ${d.v >= 0 ? 'pos' : 'neg'}`;
    bar.style.left = d.v >= 0 ? '50%' : `${50 - w}%`;
    bar.style.width = `${w}%`;
    track.append(mid, bar);
    const num = document.createElement('div');
    num.className = 'num';
    num.textContent = d.v.toFixed(4);
    bars.append(name, track, num);
  }
  const bias = document.createElement('div');
  bias.className = 'muted';
  bias.textContent = `bias (expected margin) ${phi[names.length].toFixed(4)}`;
  bars.append(bias, document.createElement('div'), document.createElement('div'));
}

async function loadFile(file) {
  try {
    if (file.name.endsWith('.ubj')) show(Booster.fromUBJ(new Uint8Array(await file.arrayBuffer()), { source: file.name }), file.name);
    else show(Booster.fromJSON(await file.text(), { source: file.name }), file.name);
  } catch (err) {
    $('error').textContent = err.message;
  }
}

const info = await ready();
$('kernel').textContent = info.kernel === 'wasm' ? '(WebAssembly kernel)' : `(TypeScript walk: ${info.reason})`;
$('file').addEventListener('change', (e) => e.target.files[0] && loadFile(e.target.files[0]));
const res = await fetch('model.json');
show(Booster.fromJSON(await res.text(), { source: 'model.json' }), 'model.json (trained by XGBoost 3.4.1)');
