/**
 * A small writer over a pdfkit document for business documents (payslips,
 * offer letters): lines of text placed at a position, wrapped paragraphs,
 * horizontal rules and page breaks, with a cursor `y` the caller moves.
 *
 * Text is drawn in font runs (see `fontRuns`): characters the main font lacks
 * are drawn with the fallback, so rare characters in names print. pdfkit
 * writes a ToUnicode map for each embedded font, so the text can be copied and
 * searched.
 *
 * The same input gives the same bytes: the document's date is `info.CreationDate`
 * (pdfkit derives the file id from the info too), never the clock.
 *
 * pdfkit (about 170 ms to import) is loaded on the first document, not when the
 * SDK is imported.
 */
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import { fontRuns, loadFont, type PdfFonts } from './fonts.js';

type PdfDocumentClass = typeof PDFKitDocument;
let PDFDocument: PdfDocumentClass | undefined;

function pdfkit(): PdfDocumentClass {
  PDFDocument ??= createRequire(import.meta.url)('pdfkit') as PdfDocumentClass;
  return PDFDocument;
}

export interface PdfInfo {
  Title: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  /** The document's date: when what it records happened (published, signed), so a re-download is identical. */
  CreationDate: Date;
}

export interface PdfWriterOptions {
  fonts: PdfFonts;
  info: PdfInfo;
  size?: 'A4' | 'A5' | 'LETTER';
  /** Page margin in points on every side; default 48 (17 mm). */
  margin?: number;
}

export interface PutOptions {
  /** `left` (default): the text starts at x; `right`: the text ends at x. */
  align?: 'left' | 'right';
  color?: string;
}

export interface ParagraphOptions {
  size: number;
  /** Distance between baselines; default 1.5 × size. */
  lineHeight?: number;
  color?: string;
  /** Left edge; default the left margin. */
  x?: number;
  /** Widest line; default from x to the right margin. */
  maxWidth?: number;
}

export interface PdfWriter {
  /** The pdfkit document, for what the writer does not cover (images, tables). Fonts are registered as `main` and `fallback`. */
  readonly doc: PDFKit.PDFDocument;
  /** The cursor: the top of the next line, in points from the top of the page. */
  y: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** One line of text at (x, y) in points, never wrapped. */
  put(text: string, x: number, y: number, size: number, options?: PutOptions): void;
  /** The width of text at a font size, fallback characters included. */
  width(text: string, size: number): number;
  /**
   * Breaks text into lines no wider than `max`: between Chinese characters and
   * at spaces, never inside a number or word (a word wider than `max` gets a
   * line of its own). A newline always breaks.
   */
  wrap(text: string, size: number, max: number): string[];
  /** Starts a new page (cursor at the top) when `height` more points do not fit; says whether it did. */
  need(height: number): boolean;
  /** A thin line across the page at the cursor. */
  rule(color?: string): void;
  /** Wrapped text from the cursor down, breaking pages between lines; moves the cursor below it. Returns the number of lines. */
  paragraph(text: string, options: ParagraphOptions): number;
  /** Finishes the document. */
  end(): Promise<Buffer>;
}

const TEXT_COLOR = '#000000';
const RULE_COLOR = '#cccccc';
/** A run of characters kept together on a line: Latin words, numbers and amounts (1,234.50, 3%, ¥100, 2026-03). */
const TOKEN = /[A-Za-z0-9.,%¥-]+|\s+|[^\sA-Za-z0-9.,%¥-]/gu;

export function createPdfWriter(options: PdfWriterOptions): PdfWriter {
  const { fonts } = options;
  const main = loadFont(fonts.main);
  const fallback = fonts.fallback ? loadFont(fonts.fallback) : null;
  const margin = options.margin ?? 48;
  const Document = pdfkit();
  const doc = new Document({
    size: options.size ?? 'A4',
    margin,
    info: { ...options.info, Creator: 'HR Suite', Producer: 'HR Suite' },
  });
  doc.registerFont('main', main.data, fonts.main.family);
  if (fallback && fonts.fallback) doc.registerFont('fallback', fallback.data, fonts.fallback.family);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });

  const left = margin;
  const right = doc.page.width - margin;
  const top = margin;
  const bottom = doc.page.height - margin;
  let y = top;

  const runs = (text: string) => fontRuns(text, (cp) => main.face.hasGlyphForCodePoint(cp), fallback ? (cp) => fallback.face.hasGlyphForCodePoint(cp) : null);
  const width = (text: string, size: number) => runs(text).reduce((w, r) => w + doc.font(r.fallback ? 'fallback' : 'main').fontSize(size).widthOfString(r.text), 0);

  const put = (text: string, x: number, at: number, size: number, opts: PutOptions = {}) => {
    let cx = opts.align === 'right' ? x - width(text, size) : x;
    doc.fillColor(opts.color ?? TEXT_COLOR);
    for (const r of runs(text)) {
      doc.font(r.fallback ? 'fallback' : 'main').fontSize(size);
      doc.text(r.text, cx, at, { lineBreak: false });
      cx += doc.widthOfString(r.text);
    }
  };

  const wrapLine = (text: string, size: number, max: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const token of text.match(TOKEN) ?? []) {
      if (line && width(line + token, size) > max) {
        lines.push(line.trimEnd());
        line = token.trimStart();
      } else line += token;
    }
    if (line) lines.push(line);
    return lines;
  };
  const wrap = (text: string, size: number, max: number): string[] =>
    text.includes('\n') ? text.split(/\r?\n/).flatMap((part) => (part.trim() ? wrapLine(part, size, max) : [''])) : wrapLine(text, size, max);

  const need = (height: number) => {
    if (y + height <= bottom) return false;
    doc.addPage();
    y = top;
    return true;
  };
  const rule = (color = RULE_COLOR) => {
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(color).stroke();
  };
  const paragraph = (text: string, p: ParagraphOptions) => {
    const x = p.x ?? left;
    const lineHeight = p.lineHeight ?? p.size * 1.5;
    const lines = wrap(text, p.size, p.maxWidth ?? right - x);
    for (const line of lines) {
      need(lineHeight);
      if (line) put(line, x, y, p.size, { color: p.color });
      y += lineHeight;
    }
    return lines.length;
  };

  return {
    doc,
    get y() {
      return y;
    },
    set y(value: number) {
      y = value;
    },
    left,
    right,
    top,
    bottom,
    put,
    width,
    wrap,
    need,
    rule,
    paragraph,
    end() {
      doc.end();
      return done;
    },
  };
}
