import { describe, expect, it } from 'vitest';
import {
  applyRate,
  centsToYuan,
  centsToYuanText,
  formatCents,
  formatPpm,
  MoneyError,
  percentToPpm,
  roundCents,
  yuanNumberToCents,
  yuanToCents,
} from './money.js';
import type { Rounding } from './types.js';

describe('yuanToCents', () => {
  it.each([
    ['30000', 3_000_000],
    ['30000.5', 3_000_050],
    ['30000.05', 3_000_005],
    ['  12.34 ', 1234],
    ['12,345.67', 1_234_567],
    ['1,000,000', 100_000_000],
    ['-3.1', -310],
    ['+7', 700],
    ['0', 0],
    ['-0', 0],
    ['0.01', 1],
    [36000.01, 3_600_001],
    [0.1, 10],
    [12, 1200],
    ['90071992547409.91', 9_007_199_254_740_991],
  ] as const)('%j → %i', (input, cents) => {
    expect(yuanToCents(input)).toBe(cents);
  });

  it.each([['1.234'], ['abc'], [''], ['1e3'], ['1.'], ['.5'], ['12,34'], ['1,2345'], ['¥12'], ['12元'], [0.1 + 0.2], [Number.NaN], [Infinity], ['90071992547409.92'], [1e21]])(
    '%j is refused with a typed error',
    (input) => {
      expect(() => yuanToCents(input as string)).toThrow(MoneyError);
      try {
        yuanToCents(input as string);
      } catch (err) {
        expect((err as MoneyError).code).toBe('payroll.error.badAmount');
      }
    },
  );
});

describe('centsToYuan / centsToYuanText / formatCents', () => {
  it.each([
    [0, 0, '0.00', '0.00'],
    [5, 0.05, '0.05', '0.05'],
    [55_500, 555, '555.00', '555.00'],
    [1_234_567, 12345.67, '12345.67', '12,345.67'],
    [-1_234_567, -12345.67, '-12345.67', '-12,345.67'],
    [-5, -0.05, '-0.05', '-0.05'],
    [100_000_000_00, 100_000_000, '100000000.00', '100,000,000.00'],
  ])('%i cents', (cents, yuan, text, formatted) => {
    expect(centsToYuan(cents)).toBe(yuan);
    expect(centsToYuanText(cents)).toBe(text);
    expect(formatCents(cents)).toBe(formatted);
    expect(formatCents(cents, 'zh-CN')).toBe(formatted);
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatCents(1.5)).toThrow(MoneyError);
  });
});

const r = (unit: 1 | 10 | 100, mode: Rounding['mode']): Rounding => ({ unit, mode });

describe('roundCents', () => {
  it.each([
    // num, den, rounding, expected
    [5n, 2n, r(1, 'half_up'), 3],
    [49n, 20n, r(1, 'half_up'), 2], // 2.45
    [-5n, 2n, r(1, 'half_up'), -3], // half away from zero
    [5n, 2n, r(1, 'down'), 2],
    [-5n, 2n, r(1, 'down'), -2],
    [21n, 10n, r(1, 'up'), 3],
    [-21n, 10n, r(1, 'up'), -3],
    [4n, 1n, r(1, 'up'), 4],
    [1234n, 1n, r(10, 'half_up'), 1230],
    [1235n, 1n, r(10, 'half_up'), 1240],
    [1231n, 1n, r(10, 'up'), 1240],
    [1239n, 1n, r(10, 'down'), 1230],
    [12350n, 1n, r(100, 'half_up'), 12400],
    [12349n, 1n, r(100, 'half_up'), 12300],
    [12301n, 1n, r(100, 'up'), 12400],
    [12399n, 1n, r(100, 'down'), 12300],
    [1n, -2n, r(1, 'half_up'), -1], // negative denominator
  ])('%i/%i %j → %i', (num, den, rounding, expected) => {
    expect(roundCents({ num, den }, rounding)).toBe(expected);
  });

  it('reads floats as the decimal they print as', () => {
    expect(roundCents(0.1 * 3 * 100)).toBe(30);
    expect(roundCents(1.005 * 100)).toBe(101); // 100.49999999999999 in binary, 100.5 as written
    expect(roundCents(2.5)).toBe(3);
    expect(roundCents(-2.5)).toBe(-3);
    expect(roundCents(1234, r(10, 'half_up'))).toBe(1230);
  });

  it('yuanNumberToCents rounds a formula result to the cent', () => {
    expect(yuanNumberToCents((10000 / 21.75) * 3)).toBe(137931); // 1379.3103…
    expect(yuanNumberToCents(1.005)).toBe(101);
    expect(yuanNumberToCents(0.125, r(1, 'down'))).toBe(12);
    expect(() => yuanNumberToCents(Infinity)).toThrow(MoneyError);
  });
});

describe('applyRate', () => {
  it.each([
    [1_000_000, 80_000, r(1, 'half_up'), 80_000], // 10,000 × 8%
    [3_386_300, 80_000, r(1, 'half_up'), 270_904], // 33,863 × 8%
    [3_386_300, 5_000, r(1, 'half_up'), 16_932], // 33,863 × 0.5% = 169.315
    [3_386_300, 5_000, r(1, 'down'), 16_931],
    [3_386_300, 5_000, r(10, 'half_up'), 16_930],
    [3_386_300, 5_000, r(10, 'up'), 16_940],
    [3_386_300, 5_000, r(100, 'half_up'), 16_900],
    [3_386_300, 5_000, r(100, 'up'), 17_000],
    [1, 500_000, r(1, 'half_up'), 1], // 0.5 cent rounds up
    [1, 499_999, r(1, 'half_up'), 0],
    [1, 1, r(1, 'up'), 1],
    [-1, 500_000, r(1, 'half_up'), -1],
    [0, 120_000, r(1, 'half_up'), 0],
  ])('%i × %i ppm %j → %i', (cents, ppm, rounding, expected) => {
    expect(applyRate(cents, ppm, rounding)).toBe(expected);
  });

  it('stays exact past 2^53 (BigInt path)', () => {
    const cents = 9_000_000_000_000; // 90 billion yuan
    expect(cents * 123_457 > Number.MAX_SAFE_INTEGER).toBe(true);
    expect(applyRate(cents, 123_457)).toBe(Number((BigInt(cents) * 123_457n + 500_000n) / 1_000_000n));
    expect(applyRate(9_007_199_254_740_991, 1_000_000)).toBe(9_007_199_254_740_991);
    expect(applyRate(9_007_199_254_740_990, 500_000)).toBe(4_503_599_627_370_495);
  });

  it('defaults to half up to the cent', () => {
    expect(applyRate(50, 10_000)).toBe(1); // 0.5 cent
  });

  it('agrees with BigInt on near-2^53 fast-path products', () => {
    for (const [cents, ppm] of [
      [9_007_199_254, 999_999],
      [9_007_199_253, 1_000_000],
      [4_503_599_627, 1_999_999],
    ] as const) {
      const exact = (BigInt(cents) * BigInt(ppm) * 2n + 1_000_000n) / 2_000_000n;
      expect(applyRate(cents, ppm)).toBe(Number(exact));
    }
  });
});

describe('percentToPpm / formatPpm', () => {
  it.each([
    ['8%', 80_000, '8%'],
    [8, 80_000, '8%'],
    ['8', 80_000, '8%'],
    ['0.16%', 1_600, '0.16%'],
    ['12.5 %', 125_000, '12.5%'],
    ['0.0001%', 1, '0.0001%'],
    ['100%', 1_000_000, '100%'],
    [0, 0, '0%'],
    ['7％', 70_000, '7%'],
  ] as const)('%j → %i', (input, ppm, text) => {
    expect(percentToPpm(input)).toBe(ppm);
    expect(formatPpm(ppm)).toBe(text);
  });

  it.each([['-1%'], ['100.0001%'], ['0.00001%'], ['abc'], [''], ['8%%'], [Number.NaN]])('%j is refused', (input) => {
    expect(() => percentToPpm(input as string)).toThrow(MoneyError);
  });

  it('takes a larger maximum when asked', () => {
    expect(percentToPpm('150%', 200)).toBe(1_500_000);
  });
});
