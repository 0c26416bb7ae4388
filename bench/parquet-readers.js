// Parquet readers compared on one file: lambdaboost's loader (hyparquet, one column chunk at a
// time) and parquet-wasm (a devDependency: its ParquetFile over a Blob, one row group at a time,
// handed to apache-arrow as IPC). Each run is its own process, so peak RSS is the reader's.
//   node bench/parquet-readers.js [rows=1000000] [cols=28] [codec=snappy]
// Writes /tmp/lambdaboost-bench-<rows>x<cols>-<codec>.parquet (64k-row groups) once.
import { execFileSync } from 'node:child_process';
import { existsSync, openAsBlob, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [mode, path] = process.argv.slice(2);
if (mode === '--ours') {
  const { loadDataset } = await import('../dist/src/data/load.js');
  const t0 = performance.now();
  const d = await loadDataset(path);
  console.log(JSON.stringify({ reader: 'lambdaboost (hyparquet)', ms: Math.round(performance.now() - t0), rows: d.nRows }));
} else if (mode === '--parquet-wasm') {
  const pw = await import('parquet-wasm/node');
  const { tableFromIPC } = await import('apache-arrow');
  const t0 = performance.now();
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  const groups = file.metadata().numRowGroups();
  const cols = [];
  let rows = 0;
  for (let g = 0; g < groups; g++) {
    const table = tableFromIPC((await file.read({ rowGroups: [g], batchSize: 65536 })).intoIPCStream());
    for (const b of table.batches) {
      b.data.children.forEach((d, j) => {
        const f = new Float32Array(d.length);
        for (let i = 0; i < d.length; i++) f[i] = d.values[i];
        (cols[j] ??= []).push(f);
      });
      rows += b.numRows;
    }
  }
  console.log(JSON.stringify({ reader: 'parquet-wasm', ms: Math.round(performance.now() - t0), rows }));
} else {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const ncols = Number(process.argv[3] ?? 28);
  const codec = process.argv[4] ?? 'snappy';
  const file = `/tmp/lambdaboost-bench-${rows}x${ncols}-${codec}.parquet`;
  if (!existsSync(file)) {
    const pw = await import('parquet-wasm/node');
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const data = {};
    for (let j = 0; j < ncols; j++) data[`f${j}`] = Float64Array.from({ length: rows }, () => Math.round(rnd() * 1e6) / 1e3);
    const codecs = { snappy: pw.Compression.SNAPPY, zstd: pw.Compression.ZSTD, none: pw.Compression.UNCOMPRESSED };
    const props = new pw.WriterPropertiesBuilder().setCompression(codecs[codec]).setMaxRowGroupSize(65536).build();
    writeFileSync(file, pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(tableFromArrays(data), 'stream')), props));
  }
  const self = fileURLToPath(import.meta.url);
  for (const m of ['--ours', '--parquet-wasm']) {
    const out = execFileSync('/usr/bin/time', ['-f', '%M', process.execPath, self, m, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(out.trim());
  }
  console.log('(peak RSS in KB is printed on stderr by /usr/bin/time for each run)');
}
