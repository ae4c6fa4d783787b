/**
 * PDF text through pdfjs-dist's legacy build (the one meant for Node), imported on
 * first use. No worker thread (pdfjs runs its "fake worker" in-process), no font
 * loading, no eval; CMaps and standard font data come from the package folder so
 * Chinese PDFs with predefined CMaps (UniGB-UCS2-H…) decode without network.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ExtractError } from './errors.js';
import { tidy } from './tidy.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<Pdfjs> | undefined;
let assets: { cMapUrl: string; standardFontDataUrl: string } | undefined;

function load(): Promise<Pdfjs> {
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

export async function extractPdf(bytes: Uint8Array, maxPages: number): Promise<{ text: string; pages: number }> {
  const lib = await load();
  const task = lib.getDocument({
    // A copy as a plain Uint8Array: pdf.js may take ownership of (detach) what it is given, and it
    // refuses a Node Buffer (what readFileSync returns), whose slice() would not even copy.
    data: new Uint8Array(bytes),
    ...assets,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages > maxPages) {
      throw new ExtractError('too_many_pages', `PDF has ${doc.numPages} pages, more than ${maxPages}`, { pages: doc.numPages, max: maxPages });
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
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
    const name = (e as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new ExtractError('encrypted', 'PDF is password-protected', {}, { cause: e });
    throw new ExtractError('corrupt', `PDF cannot be read: ${(e as Error)?.message ?? e}`, { kind: 'PDF' }, { cause: e });
  } finally {
    await task.destroy().catch(() => {});
  }
}
