/**
 * Worker-thread entry for PDF text extraction (started by pdf.ts). Loads pdf.js once, says
 * `ready`, then answers each `{ bytes, maxPages, maxMs }` with `{ type: 'done', result: { text,
 * pages } }` or `{ type: 'failed', error: { code, message, params } }`. The budget applied here
 * is the cooperative one (between pdf.js steps); the main thread kills this thread when a single
 * step overruns it.
 */
import { parentPort } from 'node:worker_threads';
import { ExtractError } from './errors.js';
import { loadPdfjs, readPdfText } from './pdf-text.js';

export interface PdfJob {
  bytes: Uint8Array;
  maxPages: number;
  maxMs: number;
}

export interface PdfJobError {
  code: string;
  message: string;
  params: Record<string, string | number>;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: PdfJob) => {
    readPdfText(job.bytes, { maxPages: job.maxPages, maxMs: job.maxMs }).then(
      (result) => port.postMessage({ type: 'done', result }),
      (e: unknown) => {
        const error: PdfJobError =
          e instanceof ExtractError
            ? { code: e.code, message: e.message, params: e.params }
            : { code: 'corrupt', message: `PDF cannot be read: ${(e as Error)?.message ?? e}`, params: { kind: 'PDF' } };
        port.postMessage({ type: 'failed', error });
      },
    );
  });
  await loadPdfjs();
  port.postMessage({ type: 'ready' });
}
