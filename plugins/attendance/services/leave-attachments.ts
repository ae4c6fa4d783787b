/**
 * Attachments of leave requests (medical certificates, marriage certificates):
 * PDF, JPEG or PNG up to 5 MB, recognised by their content, not their name or
 * the browser's claim; stored under the plugin's data folder with a random
 * name, so a file name from the user never becomes a path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpError } from '../../../core/sdk.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface AttachmentUpload {
  /** The name the user's file had (shown, never used as a path). */
  name: string;
  bytes: Uint8Array;
}

const KINDS = [
  { ext: 'pdf', type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { ext: 'jpg', type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { ext: 'png', type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
] as const;

/** The kind of file by its first bytes, or null when it is none of PDF, JPEG, PNG. */
export function sniffAttachment(bytes: Uint8Array): (typeof KINDS)[number] | null {
  return KINDS.find((k) => k.magic.every((b, i) => bytes[i] === b)) ?? null;
}

/** Refuses what may not be stored (422 with a reason a person understands). */
export function checkAttachment(upload: AttachmentUpload): (typeof KINDS)[number] {
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw new HttpError(422, 'attendance.leave.error.attachmentSize', { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 });
  const kind = upload.bytes.length ? sniffAttachment(upload.bytes) : null;
  if (!kind) throw new HttpError(422, 'attendance.leave.error.attachmentType');
  return kind;
}

/** A display name: the base name, without control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'attachment').slice(-120);
}

export function createAttachmentStore(folder: () => string) {
  return {
    /** Write the file; returns the stored name (random, with the sniffed extension). */
    save(upload: AttachmentUpload): { path: string; name: string } {
      const kind = checkAttachment(upload);
      const stored = `${randomBytes(16).toString('hex')}.${kind.ext}`;
      writeFileSync(join(folder(), stored), upload.bytes, { flag: 'wx' });
      return { path: stored, name: cleanFileName(upload.name) };
    },

    /** Remove a stored file (a request whose transaction failed). */
    remove(stored: string): void {
      const file = join(folder(), stored);
      if (/^[0-9a-f]{32}\.(pdf|jpg|png)$/.test(stored) && existsSync(file)) unlinkSync(file);
    },

    /** The bytes and content type of a stored file, or null. */
    read(stored: string): { bytes: Buffer; type: string } | null {
      if (!/^[0-9a-f]{32}\.(pdf|jpg|png)$/.test(stored)) return null;
      const file = join(folder(), stored);
      if (!existsSync(file)) return null;
      const bytes = readFileSync(file);
      return { bytes, type: sniffAttachment(bytes)?.type ?? 'application/octet-stream' };
    },
  };
}
