/**
 * A small strict XML parser for checking the SVG output in tests: elements, attributes, text,
 * comments, a prolog; throws on anything malformed (unclosed or mismatched tags, bad attribute
 * syntax, duplicate attributes, unknown entities, text outside the root, several roots).
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (entities decoded). */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&([^;&\s]*);|&/g, (m, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare & near offset ${at}`);
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const e = ENTITIES[body];
    if (e === undefined) throw new Error(`unknown entity ${m} near offset ${at}`);
    return e;
  });
}

/** Parses an XML document and returns its root element. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (msg: string): never => {
    throw new Error(`XML: ${msg} at offset ${i}`);
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const skipSpace = (): void => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  while (i < src.length) {
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
    } else if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (src.startsWith('</', i)) {
      i += 2;
      const n = name();
      skipSpace();
      if (src[i] !== '>') fail('expected >');
      i++;
      const open = stack.pop();
      if (!open || open.name !== n) fail(`closing </${n}> does not match <${open?.name ?? ''}>`);
    } else if (src[i] === '<') {
      i++;
      const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
      for (;;) {
        const before = i;
        skipSpace();
        if (src.startsWith('/>', i) || src[i] === '>') break;
        if (i === before) fail('expected whitespace before an attribute');
        const a = name();
        skipSpace();
        if (src[i] !== '=') fail(`expected = after attribute ${a}`);
        i++;
        skipSpace();
        const q = src[i];
        if (q !== '"' && q !== "'") fail('expected a quoted attribute value');
        const end = src.indexOf(q!, i + 1);
        if (end < 0) fail('unterminated attribute value');
        const raw = src.slice(i + 1, end);
        if (raw.includes('<')) fail('< in an attribute value');
        if (Object.prototype.hasOwnProperty.call(el.attrs, a)) fail(`duplicate attribute ${a}`);
        el.attrs[a] = decode(raw, i);
        i = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
      else if (root) fail('a second root element');
      else root = el;
      if (src.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(el);
      }
    } else {
      const end = src.indexOf('<', i);
      const text = src.slice(i, end < 0 ? src.length : end);
      if (stack.length === 0) {
        if (text.trim() !== '') fail('text outside the root element');
      } else stack[stack.length - 1]!.text += decode(text, i);
      i = end < 0 ? src.length : end;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) fail('no root element');
  return root!;
}

/** All elements of a tree (depth first, the root included). */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** Elements whose class attribute contains every given class. */
export function byClass(root: XmlElement, ...classes: string[]): XmlElement[] {
  return allElements(root).filter((e) => {
    const c = (e.attrs['class'] ?? '').split(/\s+/);
    return classes.every((k) => c.includes(k));
  });
}

/** All text in an element and its descendants. */
export function allText(e: XmlElement): string {
  return e.text + e.children.map(allText).join('');
}
