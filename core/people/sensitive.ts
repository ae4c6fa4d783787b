/**
 * How sensitive employee fields are kept: AES-256-GCM ciphertext (core/crypto),
 * the last four characters for masked display, and for the ID number a keyed
 * hash (HMAC-SHA256 under a key derived from the instance secret) so duplicates
 * and exact searches need no decryption. A plain SHA-256 would not do: the ID
 * number space is small enough to enumerate, the key keeps a stolen file from
 * being reversed that way.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { createFieldCipher } from '../crypto/fields.js';

export const SENSITIVE_FIELDS = ['idNumber', 'bankAccount'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

export interface Sealed {
  enc: string;
  last4: string;
}

export function createSensitive(secret: string) {
  const cipher = createFieldCipher(secret, 'people');
  const hashKey = Buffer.from(hkdfSync('sha256', secret, 'hr-suite', 'people:id-number-hash', 32));
  return {
    seal(plain: string): Sealed {
      return { enc: cipher.encrypt(plain), last4: plain.slice(-4) };
    },
    open(enc: string): string {
      return cipher.decrypt(enc);
    },
    /** Of the normalised 18-character number (validate.ts), so spellings of one number agree. */
    idHash(normalized: string): string {
      return createHmac('sha256', hashKey).update(normalized).digest('hex');
    },
  };
}
export type SensitiveBox = ReturnType<typeof createSensitive>;

/**
 * The masked form shown on pages and written to the audit log, built from the
 * stored last four characters: `**************002X`, `************7890`.
 */
export function maskedFromLast4(field: SensitiveField, last4: string | null): string | null {
  if (!last4) return null;
  // Only the last four are stored in the clear, so the region prefix that mask('id') would show is not known here.
  const length = field === 'idNumber' ? 18 : 16;
  return '*'.repeat(length - last4.length) + last4;
}
