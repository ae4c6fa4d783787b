// IIT tables and withholding, driven by ../shared/fixtures/china-iit-reference.json (read here, never copied into code).
import { describe, expect, it } from 'vitest';
import { annualTax, BONUS_MONTHLY_TABLE, bonusTaxSeparate, CUMULATIVE_TABLE, withhold, yearByMonth, type YearMonthInput } from './iit.js';
import { yuanToCents } from './money.js';
import type { WithholdingInput } from './types.js';
import { sharedFixture } from '../../../tests/helpers/shared-fixtures.js';

interface FixtureRow {
  level: number;
  rate: number;
  quick_deduction: number;
  upper_inclusive?: number | null;
  monthly_upper_inclusive?: number | null;
}
const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_rate_table_预扣率表一_and_annual_comprehensive_income_table: { rows: FixtureRow[] };
  annual_bonus_全年一次性奖金_monthly_converted_table_按月换算后的综合所得税率表: { rows: FixtureRow[] };
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; basic_deduction_per_month: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; cumulative_taxable: number; withholding: number }[];
    annual_total_computed_by_helper: number;
  };
};
const cumulativeRows = fixture.cumulative_withholding_rate_table_预扣率表一_and_annual_comprehensive_income_table.rows;
const bonusRows = fixture.annual_bonus_全年一次性奖金_monthly_converted_table_按月换算后的综合所得税率表.rows;
const example = fixture.cumulative_withholding_worked_example;
const c = (yuan: number) => yuanToCents(yuan);
/** Expected tax in cents from a fixture row, computed here with BigInt: amount × rate − quick, half up. */
const expectedTax = (amountCents: number, row: FixtureRow) => {
  const ratePercent = BigInt(Math.round(row.rate * 100));
  const scaled = BigInt(amountCents) * ratePercent;
  return Math.max(0, Number((scaled + 50n) / 100n) - c(row.quick_deduction));
};

const exampleMonth: YearMonthInput = {
  grossCents: c(example.inputs.monthly_gross),
  specialDeductionsCents: c(example.inputs.special_deduction_三险一金_per_month),
  additionalDeductionsCents: c(example.inputs.special_additional_deduction_专项附加_per_month),
};
const zeroInput: WithholdingInput = {
  monthsCounted: 1,
  cumulativeIncome: 0,
  cumulativeTaxFree: 0,
  cumulativeSpecialDeductions: 0,
  cumulativeAdditionalDeductions: 0,
  cumulativeOtherDeductions: 0,
  cumulativeWithheld: 0,
};
/** Withholding of one January with this cumulative taxable income. */
const janWithTaxable = (taxableCents: number) => withhold({ ...zeroInput, cumulativeIncome: taxableCents + 5_000_00 });

describe('tables match the fixture', () => {
  it('预扣率表一 (61号公告)', () => {
    expect(CUMULATIVE_TABLE.map((b) => [b.level, b.upToCents, b.ratePercent, b.quickDeductionCents])).toEqual(
      cumulativeRows.map((r) => [r.level, r.upper_inclusive == null ? null : c(r.upper_inclusive), Math.round(r.rate * 100), c(r.quick_deduction)]),
    );
  });
  it('按月换算后的综合所得税率表 (财税〔2018〕164号)', () => {
    expect(BONUS_MONTHLY_TABLE.map((b) => [b.level, b.upToCents, b.ratePercent, b.quickDeductionCents])).toEqual(
      bonusRows.map((r) => [r.level, r.monthly_upper_inclusive == null ? null : c(r.monthly_upper_inclusive), Math.round(r.rate * 100), c(r.quick_deduction)]),
    );
  });
});

describe('the official example (61号公告 解读)', () => {
  const year = yearByMonth(Array.from({ length: 12 }, () => exampleMonth));

  it.each(example.months_from_source)('month $month withholds $withholding (cumulative taxable $cumulative_taxable)', ({ month, cumulative_taxable, withholding }) => {
    const row = year.months[month - 1]!;
    expect(row.month).toBe(month);
    expect(row.monthsCounted).toBe(month);
    expect(row.cumulativeBasicDeduction).toBe(c(example.inputs.basic_deduction_per_month) * month);
    expect(row.cumulativeTaxable).toBe(c(cumulative_taxable));
    expect(row.taxCents).toBe(c(withholding));
  });

  it('the year adds up to the annual formula to the cent', () => {
    const total = year.months.reduce((a, r) => a + r.taxCents, 0);
    expect(year.regularTaxCents).toBe(total);
    expect(total).toBe(c(example.annual_total_computed_by_helper));
    const last = year.months[11]!;
    expect(total).toBe(annualTax(last.cumulativeTaxable));
    expect(last.cumulativeTax).toBe(total);
    expect(year.bonus).toBeNull();
  });

  it('withhold() alone gives month 2 from its cumulative inputs', () => {
    const r = withhold({
      ...zeroInput,
      monthsCounted: 2,
      cumulativeIncome: 2 * exampleMonth.grossCents,
      cumulativeSpecialDeductions: 2 * exampleMonth.specialDeductionsCents,
      cumulativeAdditionalDeductions: 2 * exampleMonth.additionalDeductionsCents,
      cumulativeWithheld: c(example.months_from_source[0]!.withholding),
    });
    expect(r.ratePercent).toBe(10);
    expect(r.quickDeductionCents).toBe(c(2520));
    expect(r.taxCents).toBe(c(example.months_from_source[1]!.withholding));
  });
});

describe('bracket bounds are inclusive', () => {
  const bounds = cumulativeRows.filter((r) => r.upper_inclusive != null);
  it.each(bounds)('cumulative taxable $upper_inclusive stays at level $level; one cent more moves up', (row) => {
    const upper = c(row.upper_inclusive!);
    const at = janWithTaxable(upper);
    expect(at.cumulativeTaxable).toBe(upper);
    expect(at.ratePercent).toBe(Math.round(row.rate * 100));
    expect(at.cumulativeTax).toBe(expectedTax(upper, row));
    const next = cumulativeRows[row.level]!; // the following level
    const over = janWithTaxable(upper + 1);
    expect(over.ratePercent).toBe(Math.round(next.rate * 100));
    expect(over.quickDeductionCents).toBe(c(next.quick_deduction));
    expect(over.cumulativeTax).toBe(expectedTax(upper + 1, next));
    // The quick deductions keep the tax continuous: at the bound both levels give the same tax.
    expect(expectedTax(upper, next)).toBe(at.cumulativeTax);
  });

  it.each([
    [36_000_00, 3, 1_080_00],
    [36_000_01, 10, 1_080_00], // 3,600.001 − 2,520 → 1,080.00
    [1, 3, 0], // 0.0003 yuan rounds to 0
    [17, 3, 1], // 0.51 cent rounds up
    [16, 3, 0],
    [0, 0, 0],
  ])('taxable %i cents → %i%%, tax %i cents', (taxable, rate, tax) => {
    const r = janWithTaxable(taxable);
    expect(r.ratePercent).toBe(rate);
    expect(r.cumulativeTax).toBe(tax);
  });

  it('annualTax reads the same table', () => {
    expect(annualTax(0)).toBe(0);
    expect(annualTax(-5)).toBe(0);
    expect(annualTax(c(1_000_000))).toBe(expectedTax(c(1_000_000), cumulativeRows[6]!));
  });

  it('a negative taxable amount is 0 with rate 0', () => {
    const r = withhold({ ...zeroInput, cumulativeIncome: 3_000_00, cumulativeSpecialDeductions: 500_00 });
    expect(r).toMatchObject({ cumulativeTaxable: 0, ratePercent: 0, quickDeductionCents: 0, cumulativeTax: 0, taxCents: 0 });
  });

  it('tax-free income and other deductions lower the taxable amount', () => {
    const r = withhold({ ...zeroInput, cumulativeIncome: 20_000_00, cumulativeTaxFree: 1_000_00, cumulativeOtherDeductions: 500_00 });
    expect(r.cumulativeTaxable).toBe(13_500_00);
    expect(r.taxCents).toBe(405_00);
  });

  it.each([[0], [13], [1.5]])('monthsCounted %s is refused', (n) => {
    expect(() => withhold({ ...zeroInput, monthsCounted: n })).toThrow(RangeError);
  });
  it('fractions of a cent are refused', () => {
    expect(() => withhold({ ...zeroInput, cumulativeIncome: 0.5 })).toThrow(RangeError);
  });
});

describe('bonus taxed separately (monthly-converted table)', () => {
  const bounds = bonusRows.filter((r) => r.monthly_upper_inclusive != null);
  it.each(bounds)('bonus of 12 × $monthly_upper_inclusive stays at level $level; one cent more moves up', (row) => {
    const bonus = 12 * c(row.monthly_upper_inclusive!);
    const at = bonusTaxSeparate(bonus);
    expect(at.rate).toBe(Math.round(row.rate * 100));
    expect(at.quick).toBe(c(row.quick_deduction));
    expect(at.taxCents).toBe(expectedTax(bonus, row));
    const next = bonusRows[row.level]!;
    const over = bonusTaxSeparate(bonus + 1);
    expect(over.rate).toBe(Math.round(next.rate * 100));
    expect(over.quick).toBe(c(next.quick_deduction));
    expect(over.taxCents).toBe(expectedTax(bonus + 1, next));
  });

  it.each([
    [36_000_00, 3, 0, 1_080_00],
    [36_000_01, 10, 210_00, 3_390_00], // the well-known bonus trap: one cent more, 2,310 more tax
    [10_000_00, 3, 0, 300_00],
    [1_000_000_00, 45, 15_160_00, 434_840_00],
    [0, 0, 0, 0],
    [-100, 0, 0, 0],
  ])('bonus %i cents → %i%% − %i = %i', (bonus, rate, quick, tax) => {
    expect(bonusTaxSeparate(bonus)).toEqual({ rate, quick, taxCents: tax });
  });
});

describe('yearByMonth', () => {
  it('a mid-year hire counts the basic deduction from the month of hire', () => {
    const year = yearByMonth(Array.from({ length: 6 }, () => exampleMonth), { firstMonth: 7 });
    expect(year.months.map((r) => r.month)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(year.months.map((r) => r.monthsCounted)).toEqual([1, 2, 3, 4, 5, 6]);
    // Same pay from July as the example from January: the same first three withholdings.
    expect(year.months.slice(0, 3).map((r) => r.taxCents)).toEqual(example.months_from_source.map((m) => c(m.withholding)));
  });

  it('optionally counts from January (公告2020年第13号, first wages of the year)', () => {
    const year = yearByMonth([exampleMonth], { firstMonth: 7, basicDeductionFromJanuary: true });
    expect(year.months[0]!.monthsCounted).toBe(7);
    expect(year.months[0]!.cumulativeTaxable).toBe(0);
    expect(year.months[0]!.taxCents).toBe(0);
  });

  it('a month where the cumulative tax falls withholds 0 (no refund), and later months catch up', () => {
    const year = yearByMonth([exampleMonth, { ...exampleMonth, grossCents: 0 }, exampleMonth]);
    expect(year.months.map((r) => r.taxCents)).toEqual([555_00, 0, 210_00]);
    expect(year.months[1]!.cumulativeTax).toBe(210_00); // below the 555 already withheld
    expect(year.months[2]!.cumulativeWithheld).toBe(555_00);
    expect(year.months[2]!.cumulativeTax).toBe(765_00);
  });

  it('a late-declared deduction lowers later months, never below 0', () => {
    const year = yearByMonth([exampleMonth, exampleMonth, { ...exampleMonth, additionalDeductionsCents: 40_000_00 }]);
    expect(year.months[2]!.taxCents).toBe(0);
  });

  it('compares the bonus under both methods (high earner: separate is lower)', () => {
    const year = yearByMonth(Array.from({ length: 12 }, () => exampleMonth), { bonusCents: 36_000_00 });
    const bonus = year.bonus!;
    expect(bonus.month).toBe(12);
    expect(bonus.separate).toMatchObject({ rate: 3, quick: 0, taxCents: 1_080_00 });
    expect(bonus.separate.totalTaxCents).toBe(c(example.annual_total_computed_by_helper) + 1_080_00);
    const lastRegular = year.months[11]!;
    expect(bonus.combined.totalTaxCents).toBe(annualTax(lastRegular.cumulativeTaxable + 36_000_00));
    expect(bonus.combined.taxCents).toBe(bonus.combined.totalTaxCents - year.regularTaxCents);
    expect(bonus.combined.months[11]!.bonusCents).toBe(36_000_00);
    expect(bonus.combined.months.slice(0, 11).map((r) => r.taxCents)).toEqual(year.months.slice(0, 11).map((r) => r.taxCents));
    expect(bonus.lower).toBe('separate');
  });

  it('low earner: combined is lower; the bonus month matters for withholding', () => {
    const low: YearMonthInput = { grossCents: 4_000_00, specialDeductionsCents: 0, additionalDeductionsCents: 0 };
    const dec = yearByMonth(Array.from({ length: 12 }, () => low), { bonusCents: 36_000_00, bonusMonth: 12 });
    expect(dec.regularTaxCents).toBe(0);
    expect(dec.bonus!.separate.totalTaxCents).toBe(1_080_00);
    expect(dec.bonus!.combined.totalTaxCents).toBe(720_00); // (48,000 + 36,000 − 60,000) × 3%
    expect(dec.bonus!.lower).toBe('combined');
    // Paid in January, the bonus is withheld before the year's deductions accrue, and not refunded monthly.
    const jan = yearByMonth(Array.from({ length: 12 }, () => low), { bonusCents: 36_000_00, bonusMonth: 1 });
    expect(jan.bonus!.combined.months[0]!.taxCents).toBe(1_050_00); // (40,000 − 5,000) × 3%
    expect(jan.bonus!.combined.totalTaxCents).toBe(1_050_00);
  });

  it('equal when both methods give the same', () => {
    const m: YearMonthInput = { grossCents: 5_000_00, specialDeductionsCents: 0, additionalDeductionsCents: 0 };
    expect(yearByMonth(Array.from({ length: 12 }, () => m), { bonusCents: 36_000_00 }).bonus!.lower).toBe('equal');
  });

  it.each([
    [[], {}],
    [Array.from({ length: 13 }, () => exampleMonth), {}],
    [Array.from({ length: 6 }, () => exampleMonth), { firstMonth: 8 }],
    [[exampleMonth], { firstMonth: 0 }],
    [[exampleMonth, exampleMonth], { bonusCents: 100, bonusMonth: 3 }],
    [[exampleMonth], { firstMonth: 5, bonusCents: 100, bonusMonth: 4 }],
    [[{ ...exampleMonth, grossCents: 1.5 }], {}],
  ] as const)('refuses %# (bad shape)', (months, options) => {
    expect(() => yearByMonth(months as YearMonthInput[], options)).toThrow(RangeError);
  });
});
