/**
 * DOCX text: the body of `word/document.xml`, unzipped with fflate (already in the
 * tree through pdfkit). Only that entry is inflated, and its declared size is
 * checked first, so a zip bomb is refused rather than expanded.
 *
 * Paragraphs become lines, table cells are separated by tabs, `<w:tab/>` is a tab
 * and `<w:br/>` a line break. Deleted text of tracked changes and field codes are
 * skipped. Headers and footers are read too (résumés often put the name, phone and
 * email in the page header): header text comes first, footer text last, each distinct
 * line once. Footnotes and comments are not read.
 */
import { unzipSync } from 'fflate';
import { ExtractError } from './errors.js';
import { tidy } from './tidy.js';

export const DOCX_BODY = 'word/document.xml';

/** Local names of the start/end tags that matter; `w:` is the usual prefix but not required. */
const TAG_RE = /<(\/?)(?:[\w-]+:)?(\w+)(?:\s[^>]*?)?(\/?)>|([^<]+)/g;

const HEADER_FOOTER = /^word\/(header|footer)\d*\.xml$/;

export function extractDocx(bytes: Uint8Array, maxXmlBytes: number): string {
  let files: Record<string, Uint8Array>;
  let tooLarge = 0;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== DOCX_BODY && !HEADER_FOOTER.test(f.name)) return false;
        total += f.originalSize;
        if (f.originalSize > maxXmlBytes || total > maxXmlBytes * 2) {
          tooLarge = Math.max(f.originalSize, total);
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    throw new ExtractError('corrupt', `DOCX cannot be read: ${(e as Error)?.message ?? e}`, { kind: 'DOCX' }, { cause: e });
  }
  if (tooLarge) {
    throw new ExtractError('too_large', `DOCX body expands to ${tooLarge} bytes, more than ${maxXmlBytes}`, {
      size: tooLarge,
      max: maxXmlBytes,
      maxMb: Math.round((maxXmlBytes / 1024 / 1024) * 10) / 10,
    });
  }
  const xml = files[DOCX_BODY];
  if (!xml) throw new ExtractError('corrupt', `DOCX has no ${DOCX_BODY}`, { kind: 'DOCX' });
  const source = decodePart(xml);
  if (!/<(?:[\w-]+:)?document[\s>]/.test(source)) throw new ExtractError('corrupt', 'DOCX body is not a Word document', { kind: 'DOCX' });
  const body = documentXmlText(source);
  // Sorted so header1/header2… come in a stable order; a header that fails to decode is skipped, not fatal.
  const partText = (kind: 'header' | 'footer') =>
    Object.keys(files)
      .filter((name) => HEADER_FOOTER.exec(name)?.[1] === kind)
      .sort()
      .flatMap((name) => {
        try {
          return documentXmlText(decodePart(files[name]!)).split('\n');
        } catch {
          return [];
        }
      });
  const bodyLines = new Set(body.split('\n').map((l) => l.trim()));
  const extra = (lines: string[]) => [...new Set(lines.map((l) => l.trim()).filter((l) => l && !bodyLines.has(l)))];
  const header = extra(partText('header'));
  const footer = extra(partText('footer'));
  return [...header, body, ...footer].filter((part) => part !== '').join('\n');
}

function decodePart(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ExtractError('corrupt', 'DOCX body is not valid UTF-8', { kind: 'DOCX' }, { cause: e });
  }
}

/** The readable text of a WordprocessingML document part. */
export function documentXmlText(xml: string): string {
  let out = '';
  let inText = 0; // inside <w:t> (text to keep)
  let skip = 0; // inside <w:delText>, <w:instrText> (not part of the visible text)
  for (const m of xml.matchAll(TAG_RE)) {
    const [, close, name, selfClosing, chars] = m;
    if (chars !== undefined) {
      if (inText > 0 && skip === 0) out += decodeEntities(chars);
      continue;
    }
    const open = !close && !selfClosing;
    switch (name) {
      case 't':
        if (open) inText++;
        else if (close) inText = Math.max(0, inText - 1);
        break;
      case 'delText':
      case 'instrText':
        if (open) skip++;
        else if (close) skip = Math.max(0, skip - 1);
        break;
      case 'p':
        if (close || selfClosing) out += '\n';
        break;
      case 'tab':
        if (!close) out += '\t';
        break;
      case 'br':
      case 'cr':
        if (!close) out += '\n';
        break;
      case 'tc': // a cell's paragraphs on one line, cells separated by a tab
        if (close) out = out.replace(/\n+$/, '') + '\t';
        break;
      case 'tr':
        if (close) out = out.replace(/\t+$/, '') + '\n';
        break;
    }
  }
  return tidy(out);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (all, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? all;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}
