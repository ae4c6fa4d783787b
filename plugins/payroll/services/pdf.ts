/**
 * The payslip as a PDF (pdfkit): company, month, employee, every line
 * (earnings, deductions, social insurance items, housing fund, tax), gross,
 * net, the tax working and whether the employee confirmed it. Labels in the
 * viewer's language.
 *
 * Fonts: `settings.pdfFont` (a TTF/OTF, or a .ttc with `pdfFontFamily`) or
 * Noto Sans SC from npm. Text is drawn in runs: a character the main font
 * lacks (rare characters in names, such as 𠮷) is drawn with Debian's Noto
 * Sans CJK SC when it is installed. pdfkit writes a ToUnicode map for each
 * embedded font, so the text can be copied and searched.
 *
 * The document's date is the payslip's publication (a fixed date for one not
 * yet published), so the same payslip gives the same file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Locale } from '../../../core/sdk.js';
import { formatCents } from '../domain/money.js';
import type { PayrollSettings } from '../settings.js';
import { payslipSections, taxWorking } from './payslip-sections.js';
import { monthLabel, translate } from './payslip-text.js';
import type { PayslipData } from './types.js';

export const DEBIAN_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEBIAN_CJK_FAMILY = 'NotoSansCJKsc-Regular';

interface FontFace {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface Fontkit {
  create(data: Uint8Array, postscriptName?: string): FontFace & { fonts?: unknown[] };
}

export interface FontSource {
  path: string;
  /** The face inside a .ttc collection (its PostScript name). */
  family?: string;
}

export interface PdfFonts {
  main: FontSource;
  /** For characters the main font lacks; null when no such font is installed. */
  fallback: FontSource | null;
}

const req = createRequire(import.meta.url);

/** Noto Sans SC from the npm package (30,890 characters). */
export function bundledFontPath(): string {
  return join(dirname(req.resolve('@expo-google-fonts/noto-sans-sc')), '400Regular', 'NotoSansSC_400Regular.ttf');
}

/**
 * Which fonts payslips use: the configured one when its file exists (else the
 * bundled one, with `problem` saying why), and Debian's Noto CJK for missing
 * characters when present.
 */
export function resolvePayslipFonts(settings: Pick<PayrollSettings, 'pdfFont' | 'pdfFontFamily'>, fallbackPath = DEBIAN_CJK): PdfFonts & { problem: string | null } {
  let main: FontSource = { path: bundledFontPath() };
  let problem: string | null = null;
  if (settings.pdfFont) {
    const path = resolve(settings.pdfFont);
    if (!existsSync(path)) problem = `payroll: pdfFont ${path} does not exist; using Noto Sans SC`;
    else if (/\.ttc$/i.test(path) && !settings.pdfFontFamily) problem = `payroll: pdfFont ${path} is a collection; set pdfFontFamily; using Noto Sans SC`;
    else main = { path, family: settings.pdfFontFamily };
  }
  const fallback = existsSync(fallbackPath) && fallbackPath !== main.path ? { path: fallbackPath, family: DEBIAN_CJK_FAMILY } : null;
  return { main, fallback, problem };
}

// A font file is read and parsed once per process: the Debian collection is 19 MB.
const loaded = new Map<string, { data: Buffer; face: FontFace }>();

function loadFont(source: FontSource): { data: Buffer; face: FontFace } {
  const key = `${source.path}#${source.family ?? ''}`;
  let font = loaded.get(key);
  if (!font) {
    // The fontkit pdfkit itself uses, so glyph checks and drawing agree.
    const fontkit = createRequire(req.resolve('pdfkit'))('fontkit') as Fontkit;
    const data = readFileSync(source.path);
    const face = fontkit.create(new Uint8Array(data), source.family);
    if (typeof face.hasGlyphForCodePoint !== 'function') throw new Error(`payroll: ${source.path} is a font collection: name the face (pdfFontFamily)`);
    font = { data, face };
    loaded.set(key, font);
  }
  return font;
}

/** Splits text into runs of the main font and of the fallback, character by character. */
export function fontRuns(text: string, has: (cp: number) => boolean, fallbackHas: ((cp: number) => boolean) | null): { text: string; fallback: boolean }[] {
  const out: { text: string; fallback: boolean }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const fallback = !!fallbackHas && !has(cp) && fallbackHas(cp);
    const last = out.at(-1);
    if (last && last.fallback === fallback) last.text += ch;
    else out.push({ text: ch, fallback });
  }
  return out;
}

export interface PayslipPdfInput {
  data: PayslipData;
  companyName: string;
  locale: Locale;
  timezone: string;
  /** Whether employees confirm payslips at all (settings.confirmation). */
  confirmation: boolean;
  confirmedAt: Date | null;
  /** The document's date: when the payslip was published (or calculated). */
  issuedAt: Date;
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const GREY = '#555555';
const LINE = '#cccccc';

export async function renderPayslipPdf(input: PayslipPdfInput, fonts: PdfFonts): Promise<Buffer> {
  const { data, locale } = input;
  const say = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const main = loadFont(fonts.main);
  const fallback = fonts.fallback ? loadFont(fonts.fallback) : null;

  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: say('payroll.pdf.title', { month: data.month, name: data.name }), Author: input.companyName, Creator: 'HR Suite', Producer: 'HR Suite', CreationDate: input.issuedAt },
  });
  doc.registerFont('main', main.data, fonts.main.family);
  if (fallback && fonts.fallback) doc.registerFont('fallback', fallback.data, fonts.fallback.family);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });

  const left = PAGE.margin;
  const right = PAGE.width - PAGE.margin;
  const bottom = PAGE.height - PAGE.margin;
  let y = PAGE.margin;

  const runs = (text: string) => fontRuns(text, (cp) => main.face.hasGlyphForCodePoint(cp), fallback ? (cp) => fallback.face.hasGlyphForCodePoint(cp) : null);
  const width = (text: string, size: number) => runs(text).reduce((w, r) => w + doc.font(r.fallback ? 'fallback' : 'main').fontSize(size).widthOfString(r.text), 0);
  /** One line of text at (x, y), never wrapped; `align` against `x` (left edge) or `x` as the right edge. */
  const put = (text: string, x: number, at: number, size: number, opts: { align?: 'left' | 'right'; color?: string } = {}) => {
    let cx = opts.align === 'right' ? x - width(text, size) : x;
    doc.fillColor(opts.color ?? '#000000');
    for (const r of runs(text)) {
      doc.font(r.fallback ? 'fallback' : 'main').fontSize(size);
      doc.text(r.text, cx, at, { lineBreak: false });
      cx += doc.widthOfString(r.text);
    }
  };
  /** Breaks text into lines no wider than `max`: between Chinese characters and at spaces, never inside a number or word. */
  const wrap = (text: string, size: number, max: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const token of text.match(/[A-Za-z0-9.,%¥-]+|\s+|[^\sA-Za-z0-9.,%¥-]/gu) ?? []) {
      if (line && width(line + token, size) > max) {
        lines.push(line.trimEnd());
        line = token.trimStart();
      } else line += token;
    }
    if (line) lines.push(line);
    return lines;
  };
  const need = (height: number) => {
    if (y + height > bottom) {
      doc.addPage();
      y = PAGE.margin;
    }
  };
  const rule = (color = LINE) => {
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(color).stroke();
  };

  // Header: company, title and month.
  put(input.companyName, left, y, 16);
  y += 24;
  put(say('payroll.pdf.heading', { month: monthLabel(data.month, locale) }), left, y, 12, { color: GREY });
  y += 24;
  rule('#000000');
  y += 10;

  // The employee.
  const facts: [string, string][] = [
    [say('payroll.payslip.name'), data.name],
    [say('payroll.payslip.employeeNo'), data.employeeNo],
    [say('payroll.payslip.department'), data.departmentName || '—'],
    [say('payroll.payslip.month'), monthLabel(data.month, locale)],
  ];
  const colWidth = (right - left) / 2;
  facts.forEach(([label, value], i) => {
    const x = left + (i % 2) * colWidth;
    const rowY = y + Math.floor(i / 2) * 18;
    put(`${label}：`, x, rowY, 10, { color: GREY });
    put(value, x + 60, rowY, 10);
  });
  y += 42;

  // Sections.
  for (const section of payslipSections(data, locale)) {
    if (!section.rows.length) continue;
    need(40);
    rule();
    y += 6;
    put(section.title, left, y, 11);
    put(`${section.sign < 0 && section.totalCents > 0 ? '−' : ''}${formatCents(section.totalCents)}`, right, y, 11, { align: 'right' });
    y += 18;
    for (const r of section.rows) {
      need(16);
      put(r.name, left + 12, y, 9.5);
      if (r.note) put(r.note, left + 200, y, 8, { color: GREY });
      put(formatCents(r.amountCents), right, y, 9.5, { align: 'right' });
      y += 15;
    }
    y += 4;
  }

  // Totals.
  need(70);
  rule('#000000');
  y += 8;
  put(say('payroll.payslip.gross'), left, y, 11);
  put(formatCents(data.grossCents), right, y, 11, { align: 'right' });
  y += 20;
  put(say('payroll.payslip.net'), left, y, 14);
  put(formatCents(data.netCents), right, y, 14, { align: 'right' });
  y += 26;
  if (input.confirmation) {
    const state = input.confirmedAt
      ? say('payroll.pdf.confirmedAt', { at: new Intl.DateTimeFormat('sv-SE', { timeZone: input.timezone, dateStyle: 'short', timeStyle: 'short' }).format(input.confirmedAt) })
      : say('payroll.pdf.notConfirmed');
    put(state, left, y, 10, { color: input.confirmedAt ? '#1b5e20' : GREY });
    y += 20;
  }

  // The tax working.
  const working = taxWorking(data, locale);
  need(40);
  rule();
  y += 6;
  put(say('payroll.payslip.working'), left, y, 10);
  y += 16;
  for (const step of [working.formula, ...working.steps]) {
    for (const line of wrap(step, 8.5, right - left)) {
      need(13);
      put(line, left, y, 8.5, { color: GREY });
      y += 12;
    }
    y += 2;
  }
  need(24);
  y += 8;
  put(say('payroll.pdf.footer'), left, y, 8, { color: GREY });

  doc.end();
  return done;
}
