import { describe, expect, it } from 'vitest';
import { anomalies, type PayFigures } from './anomalies.js';

const pay = (grossCents: number, netCents: number, taxCents = 0): PayFigures => ({ grossCents, netCents, taxCents });
const opts = { netChange: 0.3 };

describe('anomalies', () => {
  it.each([
    ['steady month', pay(30_000_00, 22_945_00, 555_00), pay(30_000_00, 22_945_00, 555_00), []],
    ['no previous payslip', pay(30_000_00, 22_945_00), null, ['new_employee']],
    ['net up exactly 30%: not over', pay(20_000_00, 13_000_00), pay(15_000_00, 10_000_00), []],
    ['net up 30% + 1 cent', pay(20_000_00, 13_000_01), pay(15_000_00, 10_000_00), ['net_change']],
    ['net down 30% + 1 cent', pay(10_000_00, 6_999_99), pay(15_000_00, 10_000_00), ['net_change']],
    ['net down exactly 30%', pay(10_000_00, 7_000_00), pay(15_000_00, 10_000_00), []],
    ['from a net of 0', pay(10_000_00, 5_000_00), pay(0, 0), ['net_change']],
    ['zero pay', pay(0, 0), pay(10_000_00, 8_000_00), ['zero_pay', 'net_change']],
    ['net of 0 with some gross', pay(2_000_00, 0), pay(2_000_00, 0), ['zero_pay']],
    ['negative net', pay(1_000_00, -500_00), pay(10_000_00, 8_000_00), ['negative_net', 'net_change']],
    ['net above gross', pay(1_000_00, 1_200_00), pay(1_000_00, 1_200_00), ['net_above_gross']],
    // The official example, February → March: 625 → 1,850 (a bracket crossed): tax_jump.
    ['tax jump', pay(30_000_00, 21_625_00, 1_850_00), pay(30_000_00, 22_850_00, 625_00), ['tax_jump']],
    ['tax up 50% but under 100 yuan', pay(10_000_00, 9_000_00, 150_00), pay(10_000_00, 9_050_00, 100_00), []],
    ['tax up from 0', pay(10_000_00, 8_800_00, 150_00), pay(10_000_00, 8_950_00, 0), ['tax_jump']],
    ['tax down', pay(10_000_00, 8_800_00, 0), pay(10_000_00, 8_700_00, 1_000_00), []],
    ['new employee with zero pay', pay(0, 0), undefined, ['new_employee', 'zero_pay']],
  ])('%s', (_label, current, previous, expected) => {
    expect(anomalies(current, previous, opts)).toEqual(expected);
  });

  it('follows the configured thresholds', () => {
    expect(anomalies(pay(10_000_00, 11_000_00 - 1), pay(10_000_00, 10_000_00), { netChange: 0.05 })).toEqual(['net_above_gross', 'net_change']);
    expect(anomalies(pay(10_000_00, 9_000_00, 160_00), pay(10_000_00, 9_100_00, 100_00), { netChange: 0.3, taxChange: 0.5, taxJumpMinCents: 50_00 })).toEqual([
      'tax_jump',
    ]);
    expect(anomalies(pay(10_000_00, 9_000_00, 149_00), pay(10_000_00, 9_100_00, 100_00), { netChange: 0.3, taxChange: 0.5, taxJumpMinCents: 0 })).toEqual([]);
  });

  it('stays exact for large amounts', () => {
    const big = 9_000_000_000_000;
    expect(anomalies(pay(big, big * 1.3), pay(big, big), opts)).toEqual(['net_above_gross']);
  });

  it('refuses fractions of a cent and bad thresholds', () => {
    expect(() => anomalies(pay(1.5, 1), null, opts)).toThrow(RangeError);
    expect(() => anomalies(pay(1, 1), null, { netChange: Number.NaN })).toThrow(RangeError);
  });
});
