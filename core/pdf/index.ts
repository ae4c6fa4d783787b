/**
 * PDF documents with Chinese text (core/pdf): font resolution with a fallback
 * for rare characters, and a small writer over pdfkit. Plugins reach it through
 * the SDK; pdfkit itself loads with the first document.
 */
export {
  bundledFontPath,
  DEBIAN_CJK,
  DEBIAN_CJK_FAMILY,
  fontRuns,
  loadFont,
  resolvePdfFonts,
  type FontRun,
  type FontSource,
  type LoadedFont,
  type PdfFontOptions,
  type PdfFonts,
  type ResolvedPdfFonts,
} from './fonts.js';
export { createPdfWriter, type ParagraphOptions, type PdfInfo, type PdfWriter, type PdfWriterOptions, type PutOptions } from './writer.js';
