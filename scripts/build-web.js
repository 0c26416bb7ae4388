// Builds lambdaboost/web (`npm run build:web`, part of `npm run build`): src/web/index.ts and
// everything it imports, bundled by esbuild into ONE self-contained ES module,
// dist/web/lambdaboost.js, with the prediction kernel's WebAssembly (native/build/kernels-web.wasm)
// inside it as bytes. The build fails when anything would stay an import: platform "neutral"
// resolves no Node built-ins and no packages, so a `node:` or bare import reaching the web entry
// is an error here, not a broken bundle later. Also copies the .wasm (for edge runtimes that
// import WebAssembly modules instead of compiling bytes).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const wasm = `${root}native/build/kernels-web.wasm`;
const outdir = `${root}dist/web`;

/** Replaces src/web/kernel-bytes.ts with a module whose export is the kernel's bytes. */
const embedKernel = {
  name: 'embed-kernel',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]web[\\/]kernel-bytes\.ts$/ }, () => ({
      contents: `import bytes from ${JSON.stringify(wasm)};\nexport const KERNEL_WASM = bytes;\n`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [`${root}src/web/index.ts`],
  outfile: `${outdir}/lambdaboost.js`,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  loader: { '.wasm': 'binary' },
  plugins: [embedKernel],
  metafile: true,
  logLevel: 'warning',
});
copyFileSync(wasm, `${outdir}/kernels.wasm`);
const out = result.metafile.outputs['dist/web/lambdaboost.js'] ?? Object.values(result.metafile.outputs)[0];
if (out.imports.length > 0) {
  throw new Error(`the web bundle still imports ${out.imports.map((i) => i.path).join(', ')}`);
}
