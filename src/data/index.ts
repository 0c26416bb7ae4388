/**
 * Public surface of the data layer: loading datasets from files and writing them as Arrow.
 */
export type { Dataset } from './dataset.js';
export { readRow } from './dataset.js';
export { loadDataset, type ColumnRef, type DataFormat, type LoadOptions } from './load.js';
export { writeArrow } from './arrow-writer.js';
