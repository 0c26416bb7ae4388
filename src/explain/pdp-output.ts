/**
 * A partial-dependence result as files: CSV (grid value(s) in the first column(s), the average
 * next, one column per ICE curve after) and JSON (everything, arrays as plain numbers).
 */
import type { PartialDependence } from './partial-dependence.js';

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as text: shortest round-trip form (grid values are float32 values held as doubles). */
function num(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

/** The CSV cell of grid value i: the number, or a categorical feature's category name. */
function gridCell(f: PartialDependence['features'][0], i: number): string {
  return f.categories !== undefined ? csvField(f.categories[i]!) : num(f.grid[i]!);
}

/**
 * The CSV table. One feature (a categorical one: one line per category, named): `<name>,average,ice_row<r>,...`, one line per grid value; two
 * features: `<name1>,<name2>,average`, one line per grid point (first feature slowest).
 * ICE columns are named by the 0-based data row they follow.
 * @returns CSV text with a header line, `\n` line ends.
 */
export function pdpCsv(pd: PartialDependence): string {
  const lines: string[] = [];
  const ice = pd.ice;
  if (pd.features.length === 1) {
    const f = pd.features[0]!;
    const G = f.grid.length;
    const header = [csvField(f.name), 'average'];
    if (ice) ice.rows.forEach((r) => header.push(`ice_row${r}`));
    lines.push(header.join(','));
    for (let i = 0; i < G; i++) {
      const cells = [gridCell(f, i), num(pd.average[i]!)];
      if (ice) for (let k = 0; k < ice.rows.length; k++) cells.push(num(ice.values[k * G + i]!));
      lines.push(cells.join(','));
    }
  } else {
    const [a, b] = pd.features as [PartialDependence['features'][0], PartialDependence['features'][0]];
    lines.push(`${csvField(a.name)},${csvField(b.name)},average`);
    const Gb = b.grid.length;
    for (let i = 0; i < a.grid.length; i++) {
      for (let k = 0; k < Gb; k++) lines.push(`${num(a.grid[i]!)},${num(b.grid[k]!)},${num(pd.average[i * Gb + k]!)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON document of a result (see pdpJson). */
export interface PdpDocument {
  /** `categories`: a categorical feature's category names, one per grid value (its codes). */
  features: { index: number; name: string; grid: number[]; deciles: number[]; categories?: string[] }[];
  /** One feature: average[i] at grid[i]; two: average[i][k] at (grid_0[i], grid_1[k]). */
  average: number[] | number[][];
  ice: { rows: number[]; values: number[][] } | null;
  scale: 'output' | 'margin';
  method: string;
  objective: string;
  nRows: number;
  /** A K-output model's output (0-based index and label); absent for a single-output model. */
  output?: { index: number; label: string };
}

/** The result as a plain JSON-serialisable object (typed arrays become number arrays). */
export function pdpDocument(pd: PartialDependence): PdpDocument {
  const G0 = pd.features[0]!.grid.length;
  let average: number[] | number[][];
  if (pd.features.length === 1) average = Array.from(pd.average);
  else {
    const G1 = pd.features[1]!.grid.length;
    average = Array.from({ length: G0 }, (_, i) => Array.from(pd.average.subarray(i * G1, (i + 1) * G1)));
  }
  const ice = pd.ice;
  return {
    features: pd.features.map((f) => ({ index: f.index, name: f.name, grid: Array.from(f.grid), deciles: Array.from(f.deciles), ...(f.categories ? { categories: f.categories.slice() } : {}) })),
    average,
    ice: ice ? { rows: Array.from(ice.rows), values: Array.from(ice.rows, (_, k) => Array.from(ice.values.subarray(k * G0, (k + 1) * G0))) } : null,
    scale: pd.scale,
    method: pd.method,
    objective: pd.objective,
    nRows: pd.nRows,
    ...(pd.output ? { output: { ...pd.output } } : {}),
  };
}

/** The JSON text of a result (pdpDocument, two-space indented, trailing newline). */
export function pdpJson(pd: PartialDependence): string {
  return `${JSON.stringify(pdpDocument(pd), null, 2)}\n`;
}

/**
 * The CSV table of several outputs of one model on the same grid (partialDependenceByOutput):
 * the grid value(s) first, then one average column per output, named by its label
 * (`<name>,class 0,class 1,...`; two features: `<name1>,<name2>,class 0,...`). No ICE columns.
 * @param pds results of the same features and grid, one per output.
 */
export function pdpOutputsCsv(pds: readonly PartialDependence[]): string {
  const first = pds[0]!;
  const labels = pds.map((pd, i) => csvField(pd.output?.label ?? `output ${i}`));
  const lines: string[] = [];
  if (first.features.length === 1) {
    const f = first.features[0]!;
    lines.push([csvField(f.name), ...labels].join(','));
    for (let i = 0; i < f.grid.length; i++) lines.push([gridCell(f, i), ...pds.map((pd) => num(pd.average[i]!))].join(','));
  } else {
    const [a, b] = first.features as [PartialDependence['features'][0], PartialDependence['features'][0]];
    lines.push([csvField(a.name), csvField(b.name), ...labels].join(','));
    const Gb = b.grid.length;
    for (let i = 0; i < a.grid.length; i++) {
      for (let k = 0; k < Gb; k++) lines.push([num(a.grid[i]!), num(b.grid[k]!), ...pds.map((pd) => num(pd.average[i * Gb + k]!))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON text of several outputs' results: `{"outputs": [pdpDocument, ...]}` (two-space indented, trailing newline). */
export function pdpOutputsJson(pds: readonly PartialDependence[]): string {
  return `${JSON.stringify({ outputs: pds.map(pdpDocument) }, null, 2)}\n`;
}
