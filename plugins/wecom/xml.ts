/**
 * A tiny XML reader and writer for WeCom's callback messages. WeCom sends flat documents
 * (`<xml><ToUserName><![CDATA[…]]></ToUserName>…</xml>`), sometimes with one level of
 * nesting (`<ScanCodeInfo>`, `<SendPicsInfo><PicList><item>…`, `<ExtAttr><Item>…`). A
 * general XML library would bring DOCTYPE and entity expansion with it — the XXE and
 * "billion laughs" doors — for nothing we need, so this reader knows only elements, text,
 * CDATA, comments, the five predefined entities and character references, and refuses any
 * `<!DOCTYPE`/`<!ENTITY` declaration outright.
 */
import { WecomCryptoError } from './errors.js';

/** WeCom's messages are a few KB; anything far larger is not one of them. */
const MAX_XML_CHARS = 1_000_000;
const MAX_DEPTH = 16;
const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function fail(message: string): never {
  throw new WecomCryptoError('bad_xml', `WeCom XML refused: ${message}`);
}

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) return out + raw.slice(i);
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) fail('a bare "&" in text');
    const ref = raw.slice(amp + 1, semi);
    const predefined = PREDEFINED_ENTITIES[ref];
    if (predefined !== undefined) out += predefined;
    else if (/^#[0-9]{1,7}$/.test(ref) || /^#x[0-9a-fA-F]{1,6}$/.test(ref)) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const isSurrogate = code >= 0xd800 && code <= 0xdfff;
      if (code < 1 || code > 0x10ffff || isSurrogate) fail(`character reference &${ref}; is out of range`);
      out += String.fromCodePoint(code);
    } else fail(`unknown entity &${ref}; (only the predefined ones are read)`);
    i = semi + 1;
  }
  return out;
}

function parseTree(xml: string): XmlNode {
  if (typeof xml !== 'string' || xml.length === 0) fail('empty body');
  if (xml.length > MAX_XML_CHARS) fail('body too large');
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

  const startsWith = (s: string) => xml.startsWith(s, i);
  const skipPast = (terminator: string, what: string) => {
    const end = xml.indexOf(terminator, i);
    if (end < 0) fail(`unterminated ${what}`);
    i = end + terminator.length;
  };
  const skipWhitespace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  /** Comments and processing instructions; a declaration (`<!DOCTYPE`, `<!ENTITY`) is refused. */
  const skipMisc = (): boolean => {
    if (startsWith('<!--')) {
      skipPast('-->', 'comment');
      return true;
    }
    if (startsWith('<?')) {
      skipPast('?>', 'processing instruction');
      return true;
    }
    if (startsWith('<!') && !startsWith('<![CDATA[')) fail('DOCTYPE and entity declarations are not accepted');
    return false;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) fail(`expected an element name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };
  /** Attributes are not part of WeCom's messages: read past them (quoted values may hold '>'), keep nothing. */
  const skipAttributes = (): 'open' | 'empty' => {
    for (;;) {
      skipWhitespace();
      if (startsWith('/>')) {
        i += 2;
        return 'empty';
      }
      if (startsWith('>')) {
        i += 1;
        return 'open';
      }
      readName();
      skipWhitespace();
      if (xml[i] !== '=') fail('malformed attribute');
      i++;
      skipWhitespace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute value');
      i++;
      skipPast(quote, 'attribute value');
    }
  };

  const parseElement = (depth: number): XmlNode => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    i++; // '<'
    const node: XmlNode = { name: readName(), children: [], text: '' };
    if (skipAttributes() === 'empty') return node;
    let sawText = false;
    while (i < xml.length) {
      if (startsWith('</')) {
        i += 2;
        const closing = readName();
        if (closing !== node.name) fail(`<${node.name}> closed by </${closing}>`);
        skipWhitespace();
        if (xml[i] !== '>') fail(`malformed </${closing}>`);
        i++;
        if (node.children.length > 0 && sawText) fail(`<${node.name}> mixes text and elements`);
        return node;
      }
      if (startsWith('<![CDATA[')) {
        const end = xml.indexOf(']]>', i + 9);
        if (end < 0) fail('unterminated CDATA section');
        node.text += xml.slice(i + 9, end);
        sawText = true;
        i = end + 3;
      } else if (skipMisc()) {
        continue;
      } else if (xml[i] === '<') {
        node.children.push(parseElement(depth + 1));
      } else {
        const next = xml.indexOf('<', i);
        const raw = xml.slice(i, next < 0 ? xml.length : next);
        node.text += decodeEntities(raw);
        if (raw.trim() !== '') sawText = true;
        i += raw.length;
      }
    }
    fail(`<${node.name}> is not closed`);
  };

  for (;;) {
    skipWhitespace();
    if (!skipMisc()) break;
  }
  if (xml[i] !== '<') fail('no root element');
  const root = parseElement(1);
  for (;;) {
    skipWhitespace();
    if (i >= xml.length) break;
    if (!skipMisc()) fail('content after the root element');
  }
  return root;
}

function flatten(node: XmlNode, prefix: string, out: Record<string, string>): void {
  const counts = new Map<string, number>();
  for (const child of node.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of node.children) {
    const index = seen.get(child.name) ?? 0;
    seen.set(child.name, index + 1);
    // `<item>`/`<Item>` is WeCom's list element: always indexed, so a one-element list
    // reads the same way as a longer one.
    const isList = /^item$/i.test(child.name) || (counts.get(child.name) ?? 0) > 1;
    const key = `${prefix}${child.name}${isList ? `.${index}` : ''}`;
    if (child.children.length > 0) flatten(child, `${key}.`, out);
    else out[key] = child.text;
  }
}

/**
 * Reads one of WeCom's messages into flat fields: `{ ToUserName, MsgType, Content, … }`.
 * Nested elements are joined with dots (`ScanCodeInfo.ScanType`); list items are indexed
 * (`SendPicsInfo.PicList.item.0.PicMd5Sum`; see `readXmlList`). Text is the element's text
 * and CDATA, entities decoded, not trimmed. Throws `WecomCryptoError('bad_xml')`.
 */
export function parseWecomXml(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  flatten(parseTree(xml), '', out);
  return out;
}

/**
 * The items of a list in fields from `parseWecomXml`, each with its own fields relative to
 * the item: `readXmlList(f, 'ExtAttr.Item')` → `[{ Name, Type, 'Text.Value' }, …]`. An item
 * that is plain text is `{ '': text }`.
 */
export function readXmlList(fields: Record<string, string>, path: string): Record<string, string>[] {
  const items: Record<string, string>[] = [];
  for (let n = 0; ; n++) {
    const base = `${path}.${n}`;
    const item: Record<string, string> = {};
    let found = false;
    for (const [key, value] of Object.entries(fields)) {
      const relative = key === base ? '' : key.startsWith(`${base}.`) ? key.slice(base.length + 1) : null;
      if (relative === null) continue;
      item[relative] = value;
      found = true;
    }
    if (!found) return items;
    items.push(item);
  }
}

export type XmlValue = string | number | XmlFields | readonly XmlFields[];
export interface XmlFields {
  [name: string]: XmlValue | undefined;
}

// XML 1.0 cannot carry these even inside CDATA. They can only come from user text (a bot's
// answer); dropping them keeps the reply readable by WeCom instead of failing it whole.
const NOT_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function cdata(text: string): string {
  // "]]>" would end the section early: split it across two sections.
  return `<![CDATA[${text.replace(NOT_XML_CHARS, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: XmlValue): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`xmlReply: "${name}" is not an element name`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`xmlReply: ${name} is not a finite number`);
    return `<${name}>${value}</${name}>`;
  }
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item: XmlFields) => element('item', item)).join('')}</${name}>`;
  return `<${name}>${body(value as XmlFields)}</${name}>`;
}

function body(fields: XmlFields): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
    .map(([name, value]) => element(name, value))
    .join('');
}

/**
 * Builds a WeCom XML message: strings in CDATA, numbers bare (as WeCom writes CreateTime),
 * objects nested, arrays as `<item>` lists (news articles). Fields left undefined are omitted.
 */
export function xmlReply(fields: XmlFields, root = 'xml'): string {
  return element(root, fields);
}
