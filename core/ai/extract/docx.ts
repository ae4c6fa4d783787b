/**
 * DOCX text: the body of `word/document.xml`, unzipped with fflate (already in the
 * tree through pdfkit). Only that entry is inflated, and its declared size is
 * checked first, so a zip bomb is refused rather than expanded.
 *
 * Paragraphs become lines, table cells are separated by tabs, `<w:tab/>` is a tab
 * and `<w:br/>` a line break. Deleted text of tracked changes and field codes are
 * skipped. Headers, footers, footnotes and comments are not read.
 */
import { unzipSync } from 'fflate';
import { ExtractError } from './errors.js';
import { tidy } from './tidy.js';

export const DOCX_BODY = 'word/document.xml';

/** Local names of the start/end tags that matter; `w:` is the usual prefix but not required. */
const TAG_RE = /<(\/?)(?:[\w-]+:)?(\w+)(?:\s[^>]*?)?(\/?)>|([^<]+)/g;

export function extractDocx(bytes: Uint8Array, maxXmlBytes: number): string {
  let xml: Uint8Array | undefined;
  let tooLarge = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== DOCX_BODY) return false;
        if (f.originalSize > maxXmlBytes) {
          tooLarge = f.originalSize;
          return false;
        }
        return true;
      },
    });
    xml = files[DOCX_BODY];
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
  if (!xml) throw new ExtractError('corrupt', `DOCX has no ${DOCX_BODY}`, { kind: 'DOCX' });
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch (e) {
    throw new ExtractError('corrupt', 'DOCX body is not valid UTF-8', { kind: 'DOCX' }, { cause: e });
  }
  if (!/<(?:[\w-]+:)?document[\s>]/.test(source)) throw new ExtractError('corrupt', 'DOCX body is not a Word document', { kind: 'DOCX' });
  return documentXmlText(source);
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
