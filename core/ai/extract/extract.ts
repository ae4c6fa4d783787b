import { decodeText, type DetectedEncoding } from '../../people/import/encoding.js';
import { extractDocx, DOCX_BODY } from './docx.js';
import { ExtractError } from './errors.js';
import { extractPdf } from './pdf.js';
import { tidy } from './tidy.js';

export type ExtractKind = 'pdf' | 'docx' | 'txt' | 'md';

export interface ExtractLimits {
  /** Largest accepted file (default 10 MB). A DOCX body may expand to 10× this. */
  maxBytes?: number;
  /** Most pages a PDF may have (default 50). */
  maxPages?: number;
  /**
   * Time budget in milliseconds for reading a PDF (default 20 000): opening it and every page.
   * Past it, extraction stops with `too_slow` — a crafted PDF must not keep the server busy.
   */
  maxMs?: number;
}

export interface ExtractedText {
  text: string;
  kind: ExtractKind;
  /** Page count (PDF only). */
  pages?: number;
  /** The detected encoding (TXT and Markdown only). */
  encoding?: DetectedEncoding;
}

export const DEFAULT_EXTRACT_LIMITS: Readonly<Required<ExtractLimits>> = { maxBytes: 10 * 1024 * 1024, maxPages: 50, maxMs: 20_000 };

const MARKDOWN_NAME = /\.(md|markdown|mdown|mkd)$/i;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PDF_MAGIC = ascii('%PDF-');
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Binary formats people upload by mistake (images, archives); other binaries fail the NUL-byte check. */
const BINARY_MAGIC: Array<[string, number[]]> = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', ascii('GIF8')],
  ['WebP/RIFF', ascii('RIFF')],
  ['gzip', [0x1f, 0x8b]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
  ['RAR', ascii('Rar!')],
  ['ELF', [0x7f, 0x45, 0x4c, 0x46]],
  ['RTF', ascii('{\\rtf')],
];

/** PDF readers accept the header anywhere in the first 1024 bytes (some generators prepend junk). */
function isPdf(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length - PDF_MAGIC.length, 1024);
  for (let i = 0; i <= end; i++) if (bytes[i] === 0x25 && startsWith(bytes, PDF_MAGIC, i)) return true;
  return false;
}

/** A zip's local file headers carry the entry names; a DOCX has word/document.xml. */
function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name, 0, 'latin1');
}

/** Encrypted Office files are OLE compound files holding an `EncryptedPackage` stream (name in UTF-16LE). */
function isEncryptedOffice(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from('EncryptedPackage', 'utf16le'));
}

const unsupported = (detected: string) =>
  new ExtractError('unsupported', `unsupported file type (${detected}); expected PDF, DOCX, TXT or Markdown`, { detected });

/**
 * Text of a PDF, DOCX, TXT or Markdown file. The type is detected from the content,
 * not the name (the name only tells Markdown from plain text). Throws `ExtractError`.
 */
export async function extractText(bytes: Uint8Array, fileName: string, limits: ExtractLimits = {}): Promise<ExtractedText> {
  const maxBytes = limits.maxBytes ?? DEFAULT_EXTRACT_LIMITS.maxBytes;
  const maxPages = limits.maxPages ?? DEFAULT_EXTRACT_LIMITS.maxPages;
  const maxMs = limits.maxMs ?? DEFAULT_EXTRACT_LIMITS.maxMs;
  if (bytes.byteLength > maxBytes) {
    throw new ExtractError('too_large', `file has ${bytes.byteLength} bytes, more than ${maxBytes}`, {
      size: bytes.byteLength,
      max: maxBytes,
      maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10,
    });
  }

  if (isPdf(bytes)) {
    const { text, pages } = await extractPdf(bytes, { maxPages, maxMs });
    return { text, pages, kind: 'pdf' };
  }
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (!zipHasEntry(bytes, DOCX_BODY)) throw unsupported('zip');
    return { text: extractDocx(bytes, maxBytes * 10), kind: 'docx' };
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    if (isEncryptedOffice(bytes)) throw new ExtractError('encrypted', 'Office document is password-protected');
    throw unsupported('OLE (legacy .doc/.xls)');
  }
  for (const [name, magic] of BINARY_MAGIC) if (startsWith(bytes, magic)) throw unsupported(name);

  const kind: ExtractKind = MARKDOWN_NAME.test(fileName) ? 'md' : 'txt';
  const hasBom = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  if (!hasBom && bytes.subarray(0, 65536).includes(0)) throw unsupported('binary');
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) throw unsupported('binary');
  return { text: tidy(text.replace(/\r\n?/g, '\n')), kind, encoding };
}

/** Control characters (other than tab, newlines, form feed) or undecodable bytes in more than 1% of the text. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return false;
  let bad = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad > sample.length / 100;
}
