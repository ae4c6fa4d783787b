/**
 * PDF text, read in a worker thread (pdf-worker.ts → pdf-text.ts) so that a crafted PDF
 * uploaded on a public form cannot block the server's event loop: pdf.js can spend a long
 * time in one synchronous step, which no timer in the same thread can interrupt. One thread,
 * started on first use and reused, runs one job at a time; on the time budget it is terminated
 * and the next job gets a fresh one. Idle, it never keeps the process alive.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExtractError, type ExtractErrorCode } from './errors.js';
import type { PdfJob, PdfJobError } from './pdf-worker.js';
import { tooSlow } from './pdf-text.js';
import { TerminableWorker, WorkerTimeout } from './terminable-worker.js';

export interface PdfBudget {
  /** Most pages the PDF may have; checked before any page is read. */
  maxPages: number;
  /** Milliseconds the whole extraction (opening the document + every page) may take. */
  maxMs: number;
}

type PdfResult = { text: string; pages: number };

/**
 * The worker script next to this module. From the build in dist/ it is the compiled .js,
 * which plain Node runs. From TypeScript sources (tsx, vitest, which does not transform worker
 * code) it is the .ts file: a small bootstrap loads it through tsx's `tsImport` (a tsx
 * dependency we already have) — `execArgv: ['--import', 'tsx']` is not enough on Node 20,
 * where the worker's entry module is resolved before tsx's hooks apply.
 */
function workerSpec(): { entry: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./pdf-worker.js', import.meta.url), eval: false };
  const require = createRequire(import.meta.url);
  const tsxJson = require.resolve('tsx/package.json');
  const api = (require(tsxJson) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsxApi = pathToFileURL(join(dirname(tsxJson), api)).href;
  const target = new URL('./pdf-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`;
  return { entry: boot, eval: true };
}

let runner: TerminableWorker<PdfJob, PdfResult> | undefined;

function pdfRunner(): TerminableWorker<PdfJob, PdfResult> {
  if (!runner) {
    const { entry, eval: isEval } = workerSpec();
    // A memory cap: a PDF crafted to exhaust memory kills its thread, not the server.
    runner = new TerminableWorker(entry, { eval: isEval, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  }
  return runner;
}

/** Threads started so far for PDF extraction (diagnostics and tests: a kill shows as +1 on the next job). */
export const pdfThreadsStarted = (): number => runner?.threadsStarted ?? 0;

const KNOWN: readonly ExtractErrorCode[] = ['too_many_pages', 'too_slow', 'corrupt', 'encrypted'];

/**
 * Text of every page (pages separated by a blank line) and the page count. Throws ExtractError:
 * `too_many_pages`, `too_slow` (past `maxMs`, counted from when a ready thread takes the job),
 * `encrypted`, or `corrupt` (also when the thread crashes, e.g. over its memory cap).
 * The caller's bytes are copied, never detached.
 */
const THREAD_GRACE_MS = 250;

export async function extractPdf(bytes: Uint8Array, { maxPages, maxMs }: PdfBudget): Promise<PdfResult> {
  const copy = new Uint8Array(bytes); // ours to transfer: the caller keeps theirs
  let outcome;
  try {
    // The main thread enforces the budget by killing the thread. The thread's own check, a little
    // later, is only the backstop for when this event loop is too busy to fire the kill in time.
    outcome = await pdfRunner().run({ bytes: copy, maxPages, maxMs: maxMs + THREAD_GRACE_MS }, [copy.buffer], maxMs);
  } catch (e) {
    if (e instanceof WorkerTimeout) throw tooSlow(maxMs);
    throw new ExtractError('corrupt', `PDF cannot be read: ${(e as Error).message}`, { kind: 'PDF' }, { cause: e });
  }
  if (outcome.ok) return outcome.value as PdfResult;
  const error = outcome.value as PdfJobError;
  const code = KNOWN.includes(error.code as ExtractErrorCode) ? (error.code as ExtractErrorCode) : 'corrupt';
  throw new ExtractError(code, error.message, error.params);
}
