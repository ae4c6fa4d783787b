/**
 * Résumé files: checked before anything is stored, then kept outside the web root.
 *
 * `ingest(bytes, fileName)` refuses, in this order: an empty file, one over
 * `settings.maxResumeMb`, a file whose content is not a PDF, DOCX, TXT or Markdown (an
 * executable renamed .pdf), a damaged or password-protected one, and one without text (a
 * scan). The type is decided by the content (`extractText`), never by the name.
 *
 * `writeFile` stores the bytes under `<data>/plugins/recruiting/resumes/<yyyy-mm>/<random>.<ext>`
 * (never the uploaded name: it is only recorded); the caller inserts the row in its
 * transaction and calls `discard` if that fails, so no file is left without a row. The
 * text is sealed in the row: it holds the same contact details as the sealed columns.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { eq } from 'drizzle-orm';
import { HttpError, extractText, isExtractError, type HrContext } from '../../../core/sdk.js';
import { resumes } from '../schema.js';
import { MANAGE, requirePermission, viewerOf } from './access.js';
import type { RecruitingParts, ResumeRow } from './types.js';

export interface IngestedResume {
  text: string;
  kind: 'pdf' | 'docx' | 'txt' | 'md';
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface StoredFile {
  /** Relative to the plugin's data folder, '/'-separated. */
  storedPath: string;
  absolute: string;
}

export const CONTENT_TYPES: Record<IngestedResume['kind'], string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const MB = 1024 * 1024;
/** Stored names carry no personal data: only the type. */
const EXTENSIONS: Record<IngestedResume['kind'], string> = { pdf: '.pdf', docx: '.docx', txt: '.txt', md: '.md' };

/** A file name as recorded: no folders, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-120);
  return cleaned || 'resume';
}

/**
 * A file sent as base64 in JSON (HR uploads through the API, intake): the length is checked
 * before decoding, so a 200 MB string is refused without allocating its bytes.
 */
export function decodeBase64File(base64: string, maxMb: number): Uint8Array {
  const compact = base64.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (compact.length > Math.ceil((maxMb * MB * 4) / 3) + 4) throw new HttpError(413, 'recruiting.error.tooLarge', { maxMb });
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw new HttpError(400, 'recruiting.error.base64', { field: 'base64' });
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function createResumeService(parts: RecruitingParts) {
  const { ctx, db, settings, now } = parts;
  const root = () => ctx.dataPath();

  const find = (id: number): ResumeRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(resumes).where(eq(resumes.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  return {
    /** Validate and read a file; nothing is stored. Throws HttpError 400/413 with an i18n key. */
    async ingest(bytes: Uint8Array, fileName: string): Promise<IngestedResume> {
      if (bytes.byteLength === 0) throw new HttpError(400, 'recruiting.error.emptyFile');
      const maxBytes = settings.maxResumeMb * MB;
      if (bytes.byteLength > maxBytes) throw new HttpError(413, 'recruiting.error.tooLarge', { maxMb: settings.maxResumeMb });
      let extracted;
      try {
        extracted = await extractText(bytes, fileName, { maxBytes, maxPages: 30 });
      } catch (e) {
        if (isExtractError(e)) throw new HttpError(400, e.messageKey, e.params);
        throw e;
      }
      if (!/[\p{L}\p{N}]/u.test(extracted.text)) throw new HttpError(400, 'recruiting.error.noText');
      return { text: extracted.text, kind: extracted.kind, fileName: cleanFileName(fileName), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    },

    /** A résumé typed or pasted as text (intake): stored as a .txt file like an upload. */
    fromText(text: string, fileName = 'resume.txt'): IngestedResume {
      const trimmed = text.trim();
      if (!/[\p{L}\p{N}]/u.test(trimmed)) throw new HttpError(400, 'recruiting.error.noText');
      const bytes = new TextEncoder().encode(trimmed);
      if (bytes.byteLength > settings.maxResumeMb * MB) throw new HttpError(413, 'recruiting.error.tooLarge', { maxMb: settings.maxResumeMb });
      return { text: trimmed, kind: 'txt', fileName: cleanFileName(fileName), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    },

    /** Write the bytes under a random name; returns where. */
    writeFile(file: IngestedResume): StoredFile {
      const month = now().toISOString().slice(0, 7);
      const name = `${randomBytes(16).toString('hex')}${EXTENSIONS[file.kind]}`;
      const absolute = join(root(), 'resumes', month, name);
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, file.bytes, { flag: 'wx', mode: 0o600 });
      return { storedPath: relative(root(), absolute).split(sep).join('/'), absolute };
    },

    /** Remove a written file whose row could not be stored. */
    discard(stored: StoredFile): void {
      rmSync(stored.absolute, { force: true });
    },

    /** The row (call inside the transaction that creates the application). */
    insert(candidateId: number, file: IngestedResume, stored: StoredFile): ResumeRow {
      return db
        .insert(resumes)
        .values({
          candidateId,
          fileName: file.fileName,
          kind: file.kind,
          bytes: file.bytes.byteLength,
          sha256: file.sha256,
          storedPath: stored.storedPath,
          textEnc: ctx.sensitive.seal(file.text),
          createdAt: now(),
        })
        .returning()
        .get();
    },

    find,

    /** The text of a résumé, for screening (not shown to anyone as such: views.ts decides what a person sees). */
    text(row: ResumeRow): string {
      return ctx.sensitive.unseal(row.textEnc);
    },

    /** The file for download: recruiting.manage only, audited. */
    download(c: HrContext | null, id: number): { bytes: Buffer; fileName: string; contentType: string } {
      requirePermission(viewerOf(c), MANAGE);
      const row = find(id);
      const absolute = resolve(root(), row.storedPath);
      // The stored path is ours, but a tampered row must still not read outside the folder.
      if (!absolute.startsWith(resolve(root()) + sep)) throw new HttpError(404, 'recruiting.error.notFound');
      let bytes: Buffer;
      try {
        bytes = readFileSync(absolute);
      } catch {
        throw new HttpError(404, 'recruiting.error.fileMissing');
      }
      ctx.audit(c, { action: 'recruiting.resume.download', entity: 'recruiting_resumes', entityId: row.id, after: { candidateId: row.candidateId } });
      return { bytes, fileName: row.fileName, contentType: CONTENT_TYPES[row.kind as IngestedResume['kind']] ?? 'application/octet-stream' };
    },
  };
}

export type ResumeService = ReturnType<typeof createResumeService>;
