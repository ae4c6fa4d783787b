/**
 * # core/ai/extract — text out of uploaded documents (résumés, policies, FAQs)
 *
 * ```ts
 * import { extractText, ExtractError } from '../core/ai/index.js';
 *
 * try {
 *   const { text, kind, pages } = await extractText(bytes, file.name, { maxBytes: 5 << 20, maxPages: 20, maxMs: 10_000 });
 * } catch (e) {
 *   if (e instanceof ExtractError) return c.text(t(e.messageKey, e.params), 400); // core.ai.extract.<code>
 *   throw e;
 * }
 * ```
 *
 * - The type is found **by content**, never by the name: `%PDF-` → PDF (pdfjs-dist
 *   legacy build, loaded on first use; lines kept, pages separated by a blank line);
 *   a zip holding `word/document.xml` → DOCX (fflate; paragraphs as lines, table
 *   cells tab-separated); anything else that decodes as text → TXT, or Markdown when
 *   the name ends in `.md`/`.markdown` (UTF-8 with or without BOM, UTF-16 with BOM,
 *   GBK/GB18030 through core/people/import/encoding.ts). Markdown is returned as written.
 * - Limits: `maxBytes` (default 10 MB) for every file, checked first; `maxPages`
 *   (default 50) for PDFs, checked before any page is read; `maxMs` (default 20 s), the
 *   time a PDF may take (opening + all pages; checked by a timer and between pages, the
 *   pdf.js task destroyed on expiry); a DOCX body may expand to 10 × `maxBytes`.
 * - Failures throw `ExtractError` with a `code` — `too_large`, `too_many_pages`,
 *   `too_slow` (param `seconds`), `corrupt`, `encrypted` (password-protected PDF or
 *   Office file), `unsupported` (images, archives, legacy .doc, other zips, binaries)
 *   — plus `messageKey` (`core.ai.extract.<code>`) and `params` for the messages in
 *   core/ai/i18n.ts (`aiMessages`, to register with `i18n.add('core.ai', aiMessages)`).
 * - A scanned PDF without a text layer gives empty `text` (no OCR here).
 * - pdf.js runs in a worker thread (pdf.ts → pdf-worker.ts → pdf-text.ts), one job at a
 *   time, started on first use and unref'd when idle. `maxMs` is checked cooperatively in the
 *   thread (between pdf.js steps and pages) and enforced from the main thread by terminating
 *   it, so even one pathological synchronous pdf.js step cannot block the server; the next PDF
 *   gets a fresh thread. A thread crash (e.g. over its 512 MB heap cap) reports `corrupt`.
 */
export { extractText, DEFAULT_EXTRACT_LIMITS, type ExtractKind, type ExtractLimits, type ExtractedText } from './extract.js';
export { ExtractError, isExtractError, type ExtractErrorCode, type ExtractErrorParams } from './errors.js';
export { documentXmlText } from './docx.js';
