/**
 * Fetch a model's files from the Hugging Face hub or a mirror into
 * `<modelsDir>/<model>/`, the layout the embedder reads. Used by `npm run hr --
 * ai:download-model`; the server itself never downloads unless `allowRemote` is on.
 *
 * Each file is streamed to `<name>.part-<pid>` beside its final place and renamed when
 * complete, so an interrupted download never leaves a half file that looks whole. A file
 * already there with the size the server announces is kept (a re-run after a failure
 * resumes at the first missing file).
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { modelDir, onnxFileFor, requiredModelFiles, type ModelFile } from './model-files.js';
import { isValidModelId, type EmbeddingDtype } from './settings.js';

export type ModelDownloadErrorCode = 'invalid_model' | 'not_found' | 'http' | 'network' | 'io';

export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError';
  constructor(
    readonly code: ModelDownloadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DownloadProgress {
  file: string;
  loaded: number;
  /** From Content-Length; null when the server does not say. */
  total: number | null;
  /** 'skipped': the local copy already has the announced size. */
  phase: 'start' | 'data' | 'done' | 'skipped';
}

export interface DownloadModelOptions {
  model: string;
  modelsDir: string;
  /** e.g. https://huggingface.co or https://hf-mirror.com */
  host: string;
  dtype: EmbeddingDtype;
  revision?: string;
  onProgress?(progress: DownloadProgress): void;
  /** Give up on a file when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** For tests. */
  fetch?: typeof fetch;
}

export interface DownloadResult {
  dir: string;
  files: ModelFile[];
  /** Bytes actually transferred (skipped files excluded). */
  downloadedBytes: number;
}

/** `<host>/<model>/resolve/<revision>/<file>`: the hub's (and its mirrors') file address. */
export function modelFileUrl(host: string, model: string, file: string, revision = 'main'): string {
  return `${host.replace(/\/+$/, '')}/${model}/resolve/${encodeURIComponent(revision)}/${file}`;
}

function causeText(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function httpError(status: number, file: string, options: DownloadModelOptions, url: string): ModelDownloadError {
  const { model, host, dtype } = options;
  if (status === 404 || status === 401) {
    // The hub answers 401 rather than 404 for a repository that does not exist (or is gated).
    if (file === onnxFileFor(dtype)) {
      return new ModelDownloadError(
        'not_found',
        `Model "${model}" on ${host} has no ${file} (HTTP ${status}). It may have no ONNX export for dtype ${dtype}: try --dtype ${dtype === 'q8' ? 'fp32' : 'q8'}, or an ONNX copy of the model (Xenova/… or onnx-community/…).`,
      );
    }
    return new ModelDownloadError('not_found', `Model "${model}" not found on ${host} (${url} answered HTTP ${status}). Check the model id.`);
  }
  return new ModelDownloadError('http', `${url} answered HTTP ${status}. Try again later, or use a mirror with --host.`);
}

function networkError(e: unknown, options: DownloadModelOptions, url: string): ModelDownloadError {
  const dir = modelDir(options.modelsDir, options.model);
  return new ModelDownloadError(
    'network',
    `Could not download ${url} (${causeText(e)}).\n` +
      `If ${options.host} cannot be reached from this server, use a mirror such as --host https://hf-mirror.com, ` +
      `or copy the model folder by hand from a machine that has it, into ${dir}/ with the files ${requiredModelFiles(options.dtype).join(', ')}.`,
    { cause: e },
  );
}

/** Size of a regular file, or null when there is none (or it cannot be looked at: then writing it will say why). */
function sizeOfFile(path: string): number | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

async function downloadFile(file: string, options: DownloadModelOptions, dir: string): Promise<{ bytes: number; transferred: number }> {
  const url = modelFileUrl(options.host, options.model, file, options.revision);
  const target = join(dir, file);
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error(`no data for ${Math.round(idleMs / 1000)} s`)), idleMs);
  };
  const signal = options.signal ? AbortSignal.any([idle.signal, options.signal]) : idle.signal;
  const doFetch = options.fetch ?? fetch;
  const temp = `${target}.part-${process.pid}`;
  arm();
  try {
    let response: Response;
    try {
      response = await doFetch(url, { signal, redirect: 'follow' });
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw networkError(idle.signal.aborted ? idle.signal.reason : e, options, url);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw httpError(response.status, file, options, url);
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
    if (total !== null && total > 0 && sizeOfFile(target) === total) {
      await response.body.cancel().catch(() => undefined);
      options.onProgress?.({ file, loaded: total, total, phase: 'skipped' });
      return { bytes: total, transferred: 0 };
    }

    options.onProgress?.({ file, loaded: 0, total, phase: 'start' });
    try {
      mkdirSync(dirname(target), { recursive: true });
    } catch (e) {
      throw new ModelDownloadError('io', `Could not create ${dirname(target)}: ${causeText(e)}`, { cause: e });
    }
    let loaded = 0;
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      arm();
      loaded += chunk.length;
      options.onProgress?.({ file, loaded, total, phase: 'data' });
    });
    const out = createWriteStream(temp);
    // A full disk or a read-only folder is the admin's to fix, not the network's: file
    // system errors carry a syscall; an abort that destroys the stream does not.
    let writeError: NodeJS.ErrnoException | undefined;
    out.once('error', (e: NodeJS.ErrnoException) => {
      if (e.syscall) writeError = e;
    });
    try {
      await streamPipeline(body, out, { signal });
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (writeError) throw new ModelDownloadError('io', `Could not write ${temp}: ${causeText(writeError)}`, { cause: writeError });
      throw networkError(idle.signal.aborted ? idle.signal.reason : e, options, url);
    }
    if (total !== null && loaded !== total) {
      throw networkError(new Error(`the connection ended after ${loaded} of ${total} bytes`), options, url);
    }
    renameSync(temp, target);
    options.onProgress?.({ file, loaded, total: total ?? loaded, phase: 'done' });
    return { bytes: loaded, transferred: loaded };
  } finally {
    clearTimeout(timer);
    try {
      rmSync(temp, { force: true });
    } catch {
      /* nothing was written there (e.g. the folder could not be created): the error above says why */
    }
  }
}

/** Download the files the embedder needs, one after the other; throws ModelDownloadError. */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadResult> {
  if (!isValidModelId(options.model)) {
    throw new ModelDownloadError('invalid_model', `"${options.model}" is not a model id such as "Xenova/multilingual-e5-small".`);
  }
  try {
    new URL(options.host);
  } catch {
    throw new ModelDownloadError('invalid_model', `"${options.host}" is not a web address such as https://hf-mirror.com.`);
  }
  const dir = modelDir(options.modelsDir, options.model);
  const files: ModelFile[] = [];
  let downloadedBytes = 0;
  // config.json first: a wrong model id fails before anything large is fetched.
  for (const name of requiredModelFiles(options.dtype)) {
    const { bytes, transferred } = await downloadFile(name, options, dir);
    files.push({ name, bytes });
    downloadedBytes += transferred;
  }
  return { dir, files, downloadedBytes };
}
