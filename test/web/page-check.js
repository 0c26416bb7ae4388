// Loaded by test/web/blank.html in headless Chromium (test/web/browser.test.ts): imports the web
// bundle as a page would and exposes runChecks, which loads each model (JSON and UBJSON) and returns what the bundle
// computes, as plain numbers, for the test to compare with Node's.
import * as web from '/lambdaboost.js';

globalThis.runChecks = async (n, rowsOf) => {
  const info = await web.ready();
  const out = {};
  for (let i = 0; i < n; i++) {
    const text = await (await fetch(`/m/${i}.json`)).text();
    const ubj = new Uint8Array(await (await fetch(`/m/${i}.ubj`)).arrayBuffer());
    const rows = rowsOf[i];
    for (const [format, kernel] of [['json', 'auto'], ['json', 'ts'], ['ubj', 'auto'], ['ubj', 'ts']]) {
      const b = format === 'json' ? web.Booster.fromJSON(text, { kernel }) : web.Booster.fromUBJ(ubj, { kernel });
      const ranked = b.rank(rows.slice(0, 20));
      out[`${i}/${format}/${kernel}`] = {
        kernel: b.kernel,
        margin: Array.from(b.predict(rows, { margin: true })),
        output: Array.from(b.predict(rows)),
        contrib: Array.from(b.predict(rows, { contrib: true })),
        order: Array.from(ranked.order),
        rankScores: Array.from(ranked.scores),
      };
    }
  }
  return { info, out, isolated: globalThis.crossOriginIsolated };
};
globalThis.checksLoaded = true;
