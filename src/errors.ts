/**
 * Typed errors. Anything a user can cause (bad file, bad parameter, bad model) is one of these,
 * with a one-line message; the CLI prints `message` and exits 2. Anything else is a bug.
 */

/** Base class: an error caused by the user's input, printed as one line by the CLI. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Where in a file a data error was found. Lines and rows are 1-based as editors show them. */
export interface DataLocation {
  /** Path of the file, as the user gave it. */
  file: string;
  /** 1-based line in a text file. */
  line?: number;
  /** 1-based data row (Arrow files, or a row counted without header). */
  row?: number;
  /** Column name or 0-based index. */
  column?: string | number;
}

/** Malformed or unusable data: names the file, the line/row, the column and what was expected. */
export class DataError extends UserError {
  readonly location: DataLocation;
  readonly detail: string;
  constructor(location: DataLocation, detail: string) {
    super(formatLocation(location) + ': ' + detail);
    this.location = location;
    this.detail = detail;
  }
}

/** A label cell that is text, not a number (a caller may read the file again with a label map). */
export class TextLabelError extends DataError {}

/** An unknown parameter, a value of the wrong type or out of range. */
export class ParamError extends UserError {}

/** A model file that cannot be read or is not supported. */
export class ModelError extends UserError {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

function formatLocation(loc: DataLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  else if (loc.row !== undefined) s += ` row ${loc.row}`;
  if (loc.column !== undefined) s += ` column ${typeof loc.column === 'number' ? loc.column : JSON.stringify(loc.column)}`;
  return s;
}
