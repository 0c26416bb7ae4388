// Bundles the command line (`npm run build:cli`, part of `npm run build`): dist/cli/main.js, as tsc
// compiled it, and every module of ours it imports, by esbuild into dist/cli-bundle/, one chunk per
// command (main.ts imports each command's module on demand) and shared chunks between them.
// bin/lambdaboost.js runs the bundle: Node resolves, reads and compiles a handful of files instead
// of ~200 modules one by one before a command starts (bench/RESULTS.md, "Start-up").
//
// Packages stay imports (piscina finds its own worker file next to itself; commander and the data
// format libraries load as they do from dist/). The kernel worker is not bundled either: piscina
// starts dist/src/parallel/worker.js, so a worker reaches only what worker-imports.test.ts allows.
// Modules that locate files from their own URL (the WASM loader, the worker pool, the Arrow guard)
// keep their own location: their `import.meta.url` becomes the URL of their dist/ file, computed
// from the chunk's. The build fails when a module of ours would stay an import of dist/.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist${sep}`;
const outdir = `${root}dist${sep}cli-bundle`;

/** `import.meta.url` of a dist/ module: its own file's URL, whichever chunk it lands in. */
const ownLocation = {
  name: 'own-location',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const rel = relative(outdir, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

// A fresh directory: chunk names carry content hashes, so an old build's chunks would stay behind.
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [`${dist}cli${sep}main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  plugins: [ownLocation],
  metafile: true,
  logLevel: 'warning',
});
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const ours = out.imports.filter((i) => i.external && !i.path.startsWith('node:') && (i.path.startsWith('.') || i.path.startsWith('/')));
  if (ours.length > 0) throw new Error(`${file} still imports ${ours.map((i) => i.path).join(', ')}`);
}
