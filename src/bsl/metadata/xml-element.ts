/**
 * A minimal, strict reader of the XML the 1C Designer writes when it dumps a configuration to
 * files: elements, attributes, text, the five predefined entities and numeric character
 * references, comments, the XML declaration and CDATA. No DTD, no external entities, no mixed
 * content worth keeping (text between child elements is whitespace in these files and is
 * dropped). A well-formedness error throws `XmlError` with the line, so a damaged dump is named,
 * never half-read.
 *
 * Written here rather than taken from npm: the only XML parser in node_modules comes with a
 * dependency of exceljs and is not one of ours to import.
 */

export interface XmlElement {
  /** The qualified name as written: `Document`, `v8:Type`, `xr:GeneratedType`. */
  name: string;
  /** The local part (`Type` of `v8:Type`). */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's text (concatenated); empty when it has child elements. */
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string, line: () => number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError(`line ${line()}: a bare "&"`);
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const e = ENTITIES[ref];
    if (e === undefined) throw new XmlError(`line ${line()}: unknown entity ${m}`);
    return e;
  });
}

const NAME = /[A-Za-z_\p{L}][\w.\-:\p{L}\p{N}]*/uy;

/** Parses one document; returns its root element. */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  let i = 0;
  const lineAt = () => text.slice(0, i).split('\n').length;
  const fail = (what: string): never => {
    throw new XmlError(`line ${lineAt()}: ${what}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('an unclosed <?…?>');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('an unclosed comment');
        i = end + 3;
      } else if (text.startsWith('<!', i) && !text.startsWith('<![CDATA[', i)) {
        fail('a DTD or declaration (not expected in a Designer dump)');
      } else return;
    }
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail('a name expected');
    i += m[0].length;
    return m[0];
  };
  const element = (): XmlElement => {
    if (text[i] !== '<') fail('an element expected');
    i++;
    const name = readName();
    const attrs: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name, local: name.slice(name.indexOf(':') + 1), attrs, children: [], text: '' };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      const an = readName();
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] !== '=') fail(`"=" expected after ${an}`);
      i++;
      while (/\s/.test(text[i] ?? '')) i++;
      const q = text[i];
      if (q !== '"' && q !== "'") return fail(`a quoted value expected for ${an}`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) fail(`an unclosed value of ${an}`);
      if (an in attrs) fail(`attribute ${an} given twice`);
      attrs[an] = decode(text.slice(i + 1, end), lineAt);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let content = '';
    for (;;) {
      if (i >= text.length) fail(`<${name}> is not closed`);
      if (text.startsWith('</', i)) {
        i += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        while (/\s/.test(text[i] ?? '')) i++;
        if (text[i] !== '>') fail('">" expected');
        i++;
        return { name, local: name.slice(name.indexOf(':') + 1), attrs, children, text: children.length > 0 ? '' : content };
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('an unclosed comment');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('an unclosed CDATA');
        content += text.slice(i + 9, end);
        i = end + 3;
      } else if (text[i] === '<') {
        children.push(element());
      } else {
        const next = text.indexOf('<', i);
        const end = next < 0 ? text.length : next;
        content += decode(text.slice(i, end), lineAt);
        i = end;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i < text.length) fail('content after the root element');
  return root;
}

/** The first child with this local name (namespace prefixes vary between dumps). */
export function child(e: XmlElement | undefined, local: string): XmlElement | undefined {
  return e?.children.find((c) => c.local === local);
}

export function children(e: XmlElement | undefined, local: string): XmlElement[] {
  return e?.children.filter((c) => c.local === local) ?? [];
}

/** The text of a path of children (`Properties/Name`), or undefined when any step is missing. */
export function textAt(e: XmlElement | undefined, ...path: string[]): string | undefined {
  let cur = e;
  for (const p of path) cur = child(cur, p);
  return cur?.text;
}
