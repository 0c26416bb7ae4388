/**
 * Writing Parquet test files with parquet-wasm (a devDependency: the Rust `parquet` crate's
 * writer, as data lakes write them) from apache-arrow tables.
 */
import { writeFileSync } from 'node:fs';
import { tableToIPC, type Table } from 'apache-arrow';
import * as pw from 'parquet-wasm/node';

/** Page compressions the tests write. */
export type ParquetCodec = 'snappy' | 'zstd' | 'gzip' | 'none';

const CODECS: Record<ParquetCodec, pw.Compression> = {
  snappy: pw.Compression.SNAPPY,
  zstd: pw.Compression.ZSTD,
  gzip: pw.Compression.GZIP,
  none: pw.Compression.UNCOMPRESSED,
};

/** Options of {@link parquetBytes}. */
export interface ParquetWriteOptions {
  codec?: ParquetCodec;
  /** Rows per row group (default 4096). */
  rowGroupRows?: number;
  /** Dictionary-encode pages (parquet-wasm's default is on). */
  dictionary?: boolean;
}

/** The table as a Parquet file's bytes. */
export function parquetBytes(table: Table, options: ParquetWriteOptions = {}): Uint8Array {
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(CODECS[options.codec ?? 'snappy'])
    .setMaxRowGroupSize(options.rowGroupRows ?? 4096)
    .setDictionaryEnabled(options.dictionary ?? true)
    .build();
  return pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
}

/** Writes the table as a Parquet file at `path`; returns the path. */
export function writeParquetFile(path: string, table: Table, options: ParquetWriteOptions = {}): string {
  writeFileSync(path, parquetBytes(table, options));
  return path;
}
