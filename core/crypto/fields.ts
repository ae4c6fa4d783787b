/**
 * Encryption at rest for sensitive fields (ID numbers, bank accounts, anything
 * a plugin marks sensitive): AES-256-GCM under a key derived with HKDF from the
 * instance secret. Stored form: `enc:v1:<iv>:<tag>:<ciphertext>` (base64url), so
 * a reader can tell encrypted values apart and the format can change later.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export interface FieldCipher {
  encrypt(plain: string): string;
  /** Throws when the value was not written by this instance's key or was altered. */
  decrypt(stored: string): string;
  isEncrypted(value: string): boolean;
}

export function createFieldCipher(secret: string, purpose = 'fields'): FieldCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, 'hr-suite', `field-encryption:${purpose}`, 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) throw new Error('value is not an encrypted field');
      const [iv, tag, data] = stored.slice(PREFIX.length).split(':');
      if (!iv || !tag || data === undefined) throw new Error('encrypted field is damaged');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    isEncrypted: (value) => value.startsWith(PREFIX),
  };
}

export type MaskKind = 'id' | 'bank' | 'mobile' | 'generic';

/**
 * Masked for display: `110***********1234` for an 18-digit ID number, the last
 * four digits of a bank account, `138****5678` for a mobile number.
 */
export function mask(value: string, kind: MaskKind = 'generic'): string {
  const chars = Array.from(value);
  const keep = (head: number, tail: number) =>
    chars.length <= head + tail ? '*'.repeat(chars.length) : chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
  switch (kind) {
    case 'id':
      return keep(3, 4);
    case 'bank':
      return keep(0, 4);
    case 'mobile':
      return keep(3, 4);
    default:
      return keep(1, 1);
  }
}
