/**
 * PDF text through pdfjs-dist's legacy build (the one meant for Node), imported on
 * first use. pdf.js's own "fake worker" runs in-process, no font loading, no eval;
 * CMaps and standard font data come from the package folder so Chinese PDFs with
 * predefined CMaps (UniGB-UCS2-H…) decode without network.
 *
 * This module does the reading itself and is run inside the worker thread of
 * pdf-worker.ts; the main thread goes through pdf.ts, which can kill that thread.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ExtractError } from './errors.js';
import { tidy } from './tidy.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<Pdfjs> | undefined;
let assets: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/** Imports pdf.js (~2 MB) once; the worker calls it at start-up so no job pays for it. */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  if (!assets) {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    assets = { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
  }
  return pdfjs;
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

export interface PdfBudget {
  /** Most pages the PDF may have; checked before any page is read. */
  maxPages: number;
  /** Milliseconds the whole extraction (opening the document + every page) may take. */
  maxMs: number;
  /** Clock for the between-page checks (tests inject one); defaults to `performance.now`. */
  now?: () => number;
}

export const tooSlow = (maxMs: number) =>
  new ExtractError('too_slow', `PDF text extraction took longer than ${maxMs} ms`, { seconds: Math.max(1, Math.ceil(maxMs / 1000)) });

/**
 * Text of every page, in this thread. The budget here is cooperative: a timer races every
 * pdf.js call and the clock is read between pages, so a long document stops at the budget
 * and the thread stays usable for the next file. It cannot interrupt one long synchronous
 * pdf.js step — that is why pdf.ts runs this in a worker it can terminate.
 * On expiry the loading task is destroyed, so nothing is left half-open for the next file.
 */
export async function readPdfText(bytes: Uint8Array, { maxPages, maxMs, now = () => performance.now() }: PdfBudget): Promise<{ text: string; pages: number }> {
  const lib = await loadPdfjs();
  const startedAt = now();
  const task = lib.getDocument({
    // A plain Uint8Array of our own: pdf.js may take ownership of (detach) what it is given, and it
    // refuses a Node Buffer, whose slice() would not even copy. No copy when we already own one.
    data: Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes),
    ...assets,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });

  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(tooSlow(maxMs));
      void task.destroy().catch(() => {});
    }, maxMs);
    timer.unref();
  });
  expired.catch(() => {}); // settled after the last race when the budget runs out between awaits
  const inTime = <T>(work: Promise<T>): Promise<T> => Promise.race([work, expired]);
  const checkClock = () => {
    if (timedOut || now() - startedAt >= maxMs) {
      timedOut = true;
      throw tooSlow(maxMs);
    }
  };

  try {
    const doc = await inTime(task.promise);
    if (doc.numPages > maxPages) {
      throw new ExtractError('too_many_pages', `PDF has ${doc.numPages} pages, more than ${maxPages}`, { pages: doc.numPages, max: maxPages });
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      checkClock();
      const page = await inTime(doc.getPage(n));
      const content = await inTime(page.getTextContent());
      let text = '';
      for (const item of content.items as TextItemLike[]) {
        text += item.str ?? '';
        if (item.hasEOL) text += '\n';
      }
      pages.push(tidy(text));
      page.cleanup();
    }
    return { text: pages.join('\n\n').trim(), pages: doc.numPages };
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    // Destroying the task makes pending pdf.js calls reject with their own errors; that is ours.
    if (timedOut) throw tooSlow(maxMs);
    const name = (e as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new ExtractError('encrypted', 'PDF is password-protected', {}, { cause: e });
    throw new ExtractError('corrupt', `PDF cannot be read: ${(e as Error)?.message ?? e}`, { kind: 'PDF' }, { cause: e });
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => {});
  }
}
