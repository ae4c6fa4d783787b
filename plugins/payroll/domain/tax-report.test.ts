import { describe, expect, it } from 'vitest';
import { taxReport } from './tax-report.js';

const month = { grossCents: 30_000_00, specialDeductionsCents: 4_500_00, additionalDeductionsCents: 2_000_00 };

describe('taxReport', () => {
  it('gives yuan with two decimals and the bonus under both methods', () => {
    const r = taxReport([month, month], { bonusCents: 10_000_05, bonusMonth: 1 });
    expect(r.firstMonth).toBe(1);
    expect(r.months.map((m) => m.tax)).toEqual(['555.00', '625.00']);
    expect(r.months[1]).toMatchObject({ cumulativeWithheld: '555.00', cumulativeTax: '1180.00', quickDeduction: '2520.00', ratePercent: 10 });
    expect(r.regularTax).toBe('1180.00');
    expect(r.bonus).toMatchObject({ amount: '10000.05', month: 1 });
    expect(r.bonus!.separate).toEqual({ ratePercent: 3, quickDeduction: '0.00', tax: '300.00', yearTotalTax: '1480.00' }); // 300.0015 → 300.00
    expect(r.bonus!.combined.months[0]!.bonus).toBe('10000.05');
    // Combined: (70,000.05 − 10,000 − 9,000 − 4,000) × 10% − 2,520 = 2,180.005 → 2,180.01
    expect(r.bonus!.combined.yearTotalTax).toBe('2180.01');
    expect(r.bonus!.combined.tax).toBe('1000.01');
    expect(r.bonus!.lower).toBe('separate');
  });

  it('no bonus: null', () => {
    expect(taxReport([month]).bonus).toBeNull();
  });
});
