/**
 * Text labels (`yes`/`no`) for classification: either an explicit map (`--label-map no=0,yes=1`)
 * or, for binary objectives, found in the data: the two distinct texts of the label column, in
 * sorted order, become 0 and 1 (so `no`/`yes`, `False`/`True`, `neg`/`pos` get 0/1). The names
 * are saved in the model (`lambdaboost.label_names`, index = label value), so `predict --labels`
 * writes the original text back.
 */
import { DataError, UserError } from '../errors.js';

/** `no=0,yes=1` -> { no: 0, yes: 1 }; throws UserError for a malformed entry. */
export function parseLabelMap(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const value = Number(part.slice(eq + 1).trim());
    if (eq <= 0 || name === '' || part.slice(eq + 1).trim() === '' || !Number.isFinite(value)) {
      throw new UserError(`--label-map: ${JSON.stringify(part.trim())} is not text=number (e.g. no=0,yes=1)`);
    }
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new UserError(`--label-map: ${JSON.stringify(name)} is given twice`);
    out[name] = value;
  }
  return out;
}

/** How text labels become numbers while a file is read. */
export class LabelMapper {
  /** Auto mode: texts in order of first appearance, with their provisional codes. */
  private readonly seen = new Map<string, number>();

  /**
   * @param explicit the map to apply, or 'binary' to find the two texts in the data.
   * @param file for messages.
   */
  constructor(private readonly explicit: Readonly<Record<string, number>> | 'binary', private readonly file: string) {}

  /** The number of one label cell (its text, trimmed, quotes removed); throws DataError naming the line. */
  code(text: string, line: number, column: string): number {
    const t = text.trim();
    if (this.explicit !== 'binary') {
      if (Object.prototype.hasOwnProperty.call(this.explicit, t)) return this.explicit[t]!;
      throw new DataError(
        { file: this.file, line, column },
        `label ${JSON.stringify(t)} is not in the label map (${Object.entries(this.explicit).map(([k, v]) => `${k}=${v}`).join(',')})`,
      );
    }
    let c = this.seen.get(t);
    if (c === undefined) {
      if (this.seen.size === 2) {
        throw new DataError(
          { file: this.file, line, column },
          `label ${JSON.stringify(t)} is a third label text (after ${[...this.seen.keys()].map((k) => JSON.stringify(k)).join(' and ')}): ` +
            'a binary objective takes two (give --label-map to map more texts)',
        );
      }
      c = this.seen.size;
      this.seen.set(t, c);
    }
    return c;
  }

  /**
   * After the last row: rewrites provisional codes in `label` to the final ones and returns the
   * names by label value (auto: the sorted texts -> 0, 1; explicit: the map's names where the
   * values are 0..k-1, else null).
   */
  finish(label: Float32Array): string[] | null {
    if (this.explicit !== 'binary') {
      const names: string[] = [];
      for (const [k, v] of Object.entries(this.explicit)) {
        if (!Number.isInteger(v) || v < 0 || v >= Object.keys(this.explicit).length || names[v] !== undefined) return null;
        names[v] = k;
      }
      return names;
    }
    const texts = [...this.seen.keys()].sort();
    const remap = new Float32Array(this.seen.size);
    for (const [t, c] of this.seen) remap[c] = texts.indexOf(t);
    for (let i = 0; i < label.length; i++) label[i] = remap[label[i]!]!;
    return texts;
  }
}
