import { describe, expect, it } from 'vitest';
import { createFieldCipher, mask } from './fields.js';

describe('field encryption', () => {
  const cipher = createFieldCipher('a'.repeat(43));

  it('round-trips Chinese and ASCII text, with a fresh IV each time', () => {
    for (const plain of ['11010519491231002X', '6222 0212 3456 7890', '张三的紧急联系人']) {
      const a = cipher.encrypt(plain);
      expect(a).not.toContain(plain);
      expect(cipher.isEncrypted(a)).toBe(true);
      expect(cipher.decrypt(a)).toBe(plain);
      expect(cipher.encrypt(plain)).not.toBe(a);
    }
  });

  it('refuses values from another instance or altered ones', () => {
    const stored = cipher.encrypt('11010519491231002X');
    expect(() => createFieldCipher('b'.repeat(43)).decrypt(stored)).toThrow();
    const tampered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => cipher.decrypt('plain text')).toThrow(/not an encrypted field/);
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', 'id', '110***********002X'],
    ['6222021234567890', 'bank', '************7890'],
    ['13812345678', 'mobile', '138****5678'],
    ['张三丰', 'generic', '张*丰'],
    ['ab', 'id', '**'],
  ] as const)('%s as %s → %s', (value, kind, expected) => {
    expect(mask(value, kind)).toBe(expected);
  });
});
