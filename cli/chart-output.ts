/**
 * One rule for the `--out` of every chart command (`importance`, `pdp`, `bias`): the value is a
 * prefix, and an extension the command writes (`.svg`, `.vl.json`, `.json`, `.csv`) at its end is
 * taken off first, so `--out imp`, `--out imp.svg` and `--out imp.vl.json` all write `imp.svg`
 * (the chart) and `imp.vl.json` (its Vega-Lite spec), and `pdp --out pdp.svg` writes `pdp.svg`,
 * not `pdp.svg.svg`. PNG is refused: Vega draws PNG in Node only through the `canvas` package,
 * whose install downloads a prebuilt binary from GitHub or compiles against Cairo, neither of
 * which a fresh machine can count on.
 */
import { UserError } from '../src/errors.js';
import { checkOutputFile } from './output-paths.js';

/** Extensions taken off an `--out` value, longest first. */
const KNOWN = ['.vl.json', '.svg', '.json', '.csv'];

/** Raster formats a user may ask for and that are refused. */
const RASTER = /\.(png|jpe?g|gif|webp|bmp|pdf)$/i;

/**
 * The prefix of `out` for files `PREFIX<ext>` with `exts` (e.g. ['.svg', '.vl.json']), after
 * checking every such file can be written. Throws a UserError for a raster name.
 */
export function chartPrefix(flag: string, out: string, exts: readonly string[]): string {
  const raster = RASTER.exec(out);
  if (raster) {
    throw new UserError(`${flag} ${out}: ${raster[1]!.toUpperCase()} is not written (rendering it needs the canvas package, which cannot be installed everywhere); give a .svg name for the chart or .vl.json for its Vega-Lite spec (both are written)`);
  }
  const lower = out.toLowerCase();
  const known = KNOWN.find((e) => lower.endsWith(e) && out.length > e.length);
  const prefix = known ? out.slice(0, out.length - known.length) : out;
  for (const e of exts) checkOutputFile(flag, `${prefix}${e}`);
  return prefix;
}
