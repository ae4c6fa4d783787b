import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression } from '../domain/expr.js';
import { bonusTaxSeparate, withhold, yearByMonth } from '../domain/iit.js';
import { contributions } from '../domain/social.js';
import type { AdditionalDeductions, CityRules } from '../domain/types.js';
import {
  addYearToDate,
  calculatePayslip,
  EMPTY_YTD,
  NO_ATTENDANCE,
  openingYearToDate,
  salaryOfMonth,
  yearFiguresOf,
  type AttendanceFigures,
  type CompiledComponent,
  type RegularInputs,
} from './run-calc.js';
import { employedInMonth, firstMonthCounted, monthsCounted, shiftMonth } from './run-inputs.js';
import type { ComponentRow, OpeningBalanceData, SalaryData, SalarySegment } from './types.js';
import { sharedFixture } from '../../../tests/helpers/shared-fixtures.js';

const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; withholding: number }[];
  };
};

const NO_DEDUCTIONS: AdditionalDeductions = {
  childrenEducation: 0,
  infantCare: 0,
  continuingEducation: 0,
  seriousIllness: 0,
  housingLoanInterest: 0,
  housingRent: 0,
  elderlySupport: 0,
};

/** A city whose only contribution is the employee's pension at `ppm` (no floor or cap in the way), no housing fund. */
function onlyPension(ppm: number): CityRules {
  const zero = { floorCents: 1, capCents: 1_000_000_00, employeeRatePpm: 0, employerRatePpm: 0 };
  return {
    insurances: { pension: { ...zero, employeeRatePpm: ppm, employerRatePpm: 160_000 }, medical: zero, unemployment: zero, injury: zero, maternity: zero },
    housingFund: { floorCents: 1, capCents: 1_000_000_00, minRatePpm: 0, maxRatePpm: 0, defaultRatePpm: 0 },
    rounding: { unit: 1, mode: 'half_up' },
  };
}

const SHANGHAI_LIKE: CityRules = {
  insurances: {
    pension: { floorCents: 7384_00, capCents: 36921_00, employeeRatePpm: 80_000, employerRatePpm: 160_000 },
    medical: { floorCents: 7384_00, capCents: 36921_00, employeeRatePpm: 20_000, employerRatePpm: 90_000 },
    unemployment: { floorCents: 7384_00, capCents: 36921_00, employeeRatePpm: 5_000, employerRatePpm: 5_000 },
    injury: { floorCents: 7384_00, capCents: 36921_00, employeeRatePpm: 0, employerRatePpm: 1_600 },
    maternity: { floorCents: 7384_00, capCents: 36921_00, employeeRatePpm: 0, employerRatePpm: 10_000 },
  },
  housingFund: { floorCents: 2690_00, capCents: 36921_00, minRatePpm: 50_000, maxRatePpm: 70_000, defaultRatePpm: 70_000 },
  rounding: { unit: 1, mode: 'half_up' },
};

const data = (baseCents: number, extra: Partial<SalaryData> = {}): SalaryData => ({
  baseCents,
  allowances: [],
  socialBaseCents: null,
  housingFundBaseCents: null,
  housingFundRatePpm: null,
  ...extra,
});

const segment = (d: SalaryData, share = 1, from = '2026-03-01', to = '2026-03-31'): SalarySegment => ({
  from,
  to,
  share,
  profileId: 1,
  structureId: null,
  cityCode: 'test',
  data: d,
});

let nextId = 1;
function component(code: string, kind: 'earning' | 'deduction', formula: string, taxable = true): CompiledComponent {
  const row: ComponentRow = { id: nextId++, code, nameZh: code, nameEn: code, kind, formula, taxable, sort: nextId };
  const ast = parseExpression(formula);
  return { row, evaluate: (vars) => evaluate(ast, vars as Record<string, number>) };
}

const OVERTIME = component('overtime_pay', 'earning', 'hourly_rate * (ot_workday_hours * 1.5 + ot_restday_hours * 2 + ot_holiday_hours * 3)');
const UNPAID = component('unpaid_leave', 'deduction', 'daily_rate * unpaid_leave_days');
const ABSENCE = component('absence', 'deduction', 'daily_rate * absent_days');

function inputs(over: Partial<RegularInputs> = {}): RegularInputs {
  return {
    kind: 'regular',
    month: '2026-03',
    employee: { employeeNo: 'E001', name: '张三', departmentName: '研发部' },
    segments: [segment(data(10_000_00))],
    attendance: NO_ATTENDANCE,
    components: [OVERTIME, UNPAID, ABSENCE],
    cityRules: SHANGHAI_LIKE,
    additionalDeductions: NO_DEDUCTIONS,
    cumulativeAdditionalCents: 0,
    monthsCounted: 1,
    previous: EMPTY_YTD,
    payDaysPerMonth: 21.75,
    bonusTaxation: 'separate',
    ...over,
  };
}

const line = (p: ReturnType<typeof calculatePayslip>, code: string) => p.lines.find((l) => l.code === code)?.amountCents;

describe('calculatePayslip: a regular month', () => {
  it('pays base and allowances, takes contributions and tax, and nets out', () => {
    const p = calculatePayslip(
      inputs({
        segments: [
          segment(
            data(10_000_00, {
              allowances: [
                { code: 'post', name: '岗位津贴', amountCents: 500_00, taxable: true },
                { code: 'meal', name: '餐补', amountCents: 300_00, taxable: false },
              ],
            }),
          ),
        ],
      }),
    );
    expect(line(p, 'base')).toBe(10_000_00);
    expect(line(p, 'post')).toBe(500_00);
    expect(line(p, 'meal')).toBe(300_00);
    expect(p.grossCents).toBe(10_800_00);
    expect(p.taxableIncomeCents).toBe(10_500_00);
    // Contributions as domain/social.ts computes them on the city floor (no declared base).
    const expected = contributions(SHANGHAI_LIKE, { socialBaseCents: null, housingFundBaseCents: null, housingFundRatePpm: null });
    expect(p.contributions).toEqual(expected);
    const special = expected.employeeSocialCents + expected.employeeHousingFundCents;
    const tax = withhold({
      monthsCounted: 1,
      cumulativeIncome: 10_800_00,
      cumulativeTaxFree: 300_00,
      cumulativeSpecialDeductions: special,
      cumulativeAdditionalDeductions: 0,
      cumulativeOtherDeductions: 0,
      cumulativeWithheld: 0,
    });
    expect(p.withholding.taxCents).toBe(tax.taxCents);
    expect(line(p, 'iit')).toBe(tax.taxCents);
    expect(p.netCents).toBe(10_800_00 - special - tax.taxCents);
    // Components that came to 0 leave no line.
    expect(line(p, 'overtime_pay')).toBeUndefined();
  });

  it.each([
    // [segments (base, share), expected base paid]
    ['a full month', [[10_000_00, 1]], 10_000_00],
    ['a raise on the 16th (half and half)', [[10_000_00, 0.5], [12_000_00, 0.5]], 11_000_00],
    ['hired with 10 of 22 workdays left', [[22_000_00, 10 / 22]], 10_000_00],
    ['a third, rounded half up to the cent', [[100_00, 1 / 3]], 33_33],
  ] as const)('prorates the base: %s', (_name, segs, expected) => {
    const p = calculatePayslip(inputs({ segments: segs.map(([base, share]) => segment(data(base), share)) }));
    expect(line(p, 'base')).toBe(expected);
  });

  it('uses the share-weighted full monthly rate for daily and hourly rates after a raise', () => {
    const s = salaryOfMonth([segment(data(20_000_00), 0.5), segment(data(23_500_00), 0.5)]);
    expect(s.fullMonthlyCents).toBe(21_750_00);
  });

  it('pays overtime and deducts unpaid leave and absence through the formulas, from attendance figures', () => {
    // 21,750 a month: daily rate 1,000, hourly 125.
    const attendance: AttendanceFigures = { ...NO_ATTENDANCE, ot_workday_hours: 2, ot_restday_hours: 4, ot_holiday_hours: 1, unpaid_leave_days: 1.5, absent_days: 0.5 };
    const p = calculatePayslip(inputs({ segments: [segment(data(21_750_00))], attendance }));
    expect(line(p, 'overtime_pay')).toBe(125_00 * (2 * 1.5 + 4 * 2 + 1 * 3));
    expect(line(p, 'unpaid_leave')).toBe(1_500_00);
    expect(line(p, 'absence')).toBe(500_00);
    expect(p.grossCents).toBe(21_750_00 + 1_750_00 - 1_500_00 - 500_00);
    expect(p.taxableIncomeCents).toBe(p.grossCents);
    expect(p.attendance.ot_workday_hours).toBe(2);
  });

  it('lets a formula use an earlier component by code; an after-tax deduction comes off the net only', () => {
    const bonus = component('perf', 'earning', 'base * 0.1');
    const union = component('union_fee', 'deduction', 'round(perf * 0.5, 0)', false);
    const p = calculatePayslip(inputs({ components: [bonus, union], cityRules: onlyPension(0) }));
    expect(line(p, 'perf')).toBe(1_000_00);
    expect(line(p, 'union_fee')).toBe(500_00);
    expect(p.grossCents).toBe(11_000_00);
    expect(p.taxableIncomeCents).toBe(11_000_00);
    expect(p.netCents).toBe(11_000_00 - p.withholding.taxCents - 500_00);
  });

  it.each([
    ['above the cap', 50_000_00, 36_921_00],
    ['below the floor', 3_000_00, 7_384_00],
    ['inside the range', 20_000_00, 20_000_00],
    ['not declared: the floor', null, 7_384_00],
  ] as const)('clamps the social insurance base %s', (_name, declared, base) => {
    const p = calculatePayslip(inputs({ segments: [segment(data(30_000_00, { socialBaseCents: declared }))] }));
    const pension = p.contributions.lines.find((l) => l.item === 'pension')!;
    expect(pension.baseCents).toBe(base);
    expect(pension.employeeCents).toBe(Math.round(base * 0.08));
    expect(line(p, 'pension')).toBe(pension.employeeCents);
  });

  it('uses the contributions of the segment in force at the end of the month', () => {
    const p = calculatePayslip(
      inputs({ segments: [segment(data(10_000_00, { socialBaseCents: 10_000_00 }), 0.5), segment(data(20_000_00, { socialBaseCents: 20_000_00 }), 0.5)] }),
    );
    expect(p.contributions.lines.find((l) => l.item === 'pension')!.baseCents).toBe(20_000_00);
  });
});

describe('calculatePayslip: cumulative withholding', () => {
  const ex = fixture.cumulative_withholding_worked_example;
  const gross = ex.inputs.monthly_gross * 100;
  const social = ex.inputs.special_deduction_三险一金_per_month * 100;
  const additional = ex.inputs.special_additional_deduction_专项附加_per_month * 100;
  const declared: AdditionalDeductions = { ...NO_DEDUCTIONS, childrenEducation: additional / 2, elderlySupport: additional / 2 };
  // 15% pension on a 30,000 base is exactly the example's 4,500 of special deductions.
  const rules = onlyPension(Math.round((social / gross) * 1_000_000));

  it('withholds the official example month by month, carrying the year from one payslip to the next', () => {
    let ytd = EMPTY_YTD;
    const months = ex.months_from_source;
    for (const m of months) {
      const p = calculatePayslip(
        inputs({
          month: `2026-${String(m.month).padStart(2, '0')}`,
          segments: [segment(data(gross, { socialBaseCents: gross }))],
          components: [],
          cityRules: rules,
          additionalDeductions: declared,
          cumulativeAdditionalCents: additional * m.month,
          monthsCounted: m.month,
          previous: ytd,
        }),
      );
      expect(p.contributions.employeeSocialCents + p.contributions.employeeHousingFundCents).toBe(social);
      expect(p.withholding.taxCents).toBe(m.withholding * 100);
      expect(p.netCents).toBe(gross - social - m.withholding * 100);
      ytd = addYearToDate(ytd, yearFiguresOf(p));
    }
    expect(ytd.withheld).toBe(months.reduce((s, m) => s + m.withholding * 100, 0));
  });

  describe('an opening balance (期初累计数) from the previous payroll system', () => {
    // The company starts using the suite in April: January–March come from the previous system, as the official example paid them.
    const first3 = ex.months_from_source.filter((m) => m.month <= 3);
    const opening: OpeningBalanceData = {
      incomeCents: gross * 3,
      taxFreeCents: 0,
      specialDeductionsCents: social * 3,
      additionalDeductionsCents: additional * 3,
      otherDeductionsCents: 0,
      withheldCents: first3.reduce((s, m) => s + m.withholding * 100, 0),
      monthsCounted: 3,
    };
    const april = (over: Partial<RegularInputs>) =>
      calculatePayslip(
        inputs({
          month: '2026-04',
          segments: [segment(data(gross, { socialBaseCents: gross }))],
          components: [],
          cityRules: rules,
          additionalDeductions: declared,
          ...over,
        }),
      );
    // The whole year withheld by one system from January, month by month.
    const fullYear = yearByMonth(Array.from({ length: 12 }, () => ({ grossCents: gross, specialDeductionsCents: social, additionalDeductionsCents: additional })));

    it('withholds in April what a full-year run from January withholds in April', () => {
      expect(first3).toHaveLength(3);
      expect(fullYear.months.slice(0, 3).map((m) => m.taxCents)).toEqual(first3.map((m) => m.withholding * 100));
      const p = april({
        monthsCounted: monthsCounted('2019-05-01', '2026-04', { throughMonth: 3, monthsCounted: opening.monthsCounted }),
        cumulativeAdditionalCents: opening.additionalDeductionsCents + additional,
        previous: openingYearToDate(opening),
      });
      expect(p.withholding.monthsCounted).toBe(4);
      expect(p.withholding.cumulativeIncome).toBe(gross * 4);
      expect(p.withholding.cumulativeWithheld).toBe(opening.withheldCents);
      expect(p.withholding.taxCents).toBe(fullYear.months[3]!.taxCents);
      expect(p.withholding.cumulativeTax).toBe(fullYear.months[3]!.cumulativeTax);
    });

    it('carries on to May from the April payslip on top of the opening balance', () => {
      const a = april({
        monthsCounted: 4,
        cumulativeAdditionalCents: opening.additionalDeductionsCents + additional,
        previous: openingYearToDate(opening),
      });
      const may = calculatePayslip(
        inputs({
          month: '2026-05',
          segments: [segment(data(gross, { socialBaseCents: gross }))],
          components: [],
          cityRules: rules,
          additionalDeductions: declared,
          monthsCounted: monthsCounted('2019-05-01', '2026-05', { throughMonth: 3, monthsCounted: 3 }),
          cumulativeAdditionalCents: opening.additionalDeductionsCents + additional * 2,
          previous: addYearToDate(openingYearToDate(opening), yearFiguresOf(a)),
        }),
      );
      expect(may.withholding.taxCents).toBe(fullYear.months[4]!.taxCents);
    });

    it('withholds too little without it (the problem it solves): five months of deductions against one month of income', () => {
      const p = april({ monthsCounted: monthsCounted('2019-05-01', '2026-04'), cumulativeAdditionalCents: additional * 4, previous: EMPTY_YTD });
      expect(p.withholding.taxCents).toBeLessThan(fullYear.months[3]!.taxCents);
    });
  });

  it('counts months from the month of hire for a mid-year hire', () => {
    const p = calculatePayslip(
      inputs({
        month: '2026-07',
        segments: [segment(data(gross, { socialBaseCents: gross }))],
        components: [],
        cityRules: rules,
        monthsCounted: monthsCounted('2026-07-10', '2026-07'),
        cumulativeAdditionalCents: additional,
        additionalDeductions: declared,
      }),
    );
    expect(p.withholding.monthsCounted).toBe(1);
    expect(p.withholding.taxCents).toBe(ex.months_from_source[0]!.withholding * 100);
  });

  it('taxes the annual bonus separately with the monthly-converted table, outside the cumulative income', () => {
    const bonus = component('annual_bonus', 'earning', '36000');
    const p = calculatePayslip(inputs({ segments: [segment(data(gross, { socialBaseCents: gross }))], components: [bonus], cityRules: rules, cumulativeAdditionalCents: additional }));
    const expected = bonusTaxSeparate(36_000_00).taxCents;
    expect(p.bonus).toEqual({ amountCents: 36_000_00, taxCents: expected, method: 'separate' });
    expect(p.lines.find((l) => l.code === 'annual_bonus')!.kind).toBe('bonus');
    expect(p.withholding.cumulativeIncome).toBe(gross);
    expect(p.withholding.taxCents).toBe(ex.months_from_source[0]!.withholding * 100);
    expect(line(p, 'bonus_iit')).toBe(expected);
    expect(p.grossCents).toBe(gross + 36_000_00);
    expect(p.netCents).toBe(gross + 36_000_00 - social - p.withholding.taxCents - expected);
    // The next month's cumulative income leaves the separately taxed bonus out.
    expect(yearFiguresOf(p).income).toBe(gross);
  });

  it('adds the bonus to the month when combined', () => {
    const bonus = component('annual_bonus', 'earning', '36000');
    const p = calculatePayslip(
      inputs({ segments: [segment(data(gross, { socialBaseCents: gross }))], components: [bonus], cityRules: rules, cumulativeAdditionalCents: additional, bonusTaxation: 'combined' }),
    );
    expect(p.bonus).toEqual({ amountCents: 36_000_00, taxCents: 0, method: 'combined' });
    expect(p.withholding.cumulativeIncome).toBe(gross + 36_000_00);
    const expected = withhold({
      monthsCounted: 1,
      cumulativeIncome: gross + 36_000_00,
      cumulativeTaxFree: 0,
      cumulativeSpecialDeductions: social,
      cumulativeAdditionalDeductions: additional,
      cumulativeOtherDeductions: 0,
      cumulativeWithheld: 0,
    });
    expect(p.withholding.taxCents).toBe(expected.taxCents);
    expect(yearFiguresOf(p).income).toBe(gross + 36_000_00);
  });

  it('taxes an adjustment on top of the locked month: the difference of the cumulative tax', () => {
    const regular = calculatePayslip(
      inputs({ segments: [segment(data(gross, { socialBaseCents: gross }))], components: [], cityRules: rules, additionalDeductions: declared, cumulativeAdditionalCents: additional }),
    );
    const adj = calculatePayslip({
      kind: 'adjustment',
      month: '2026-03',
      employee: { employeeNo: 'E001', name: '张三', departmentName: '研发部' },
      lines: [
        { kind: 'earning', name: '补发绩效', amountCents: 20_000_00, taxable: true },
        { kind: 'deduction', name: '扣回餐补', amountCents: 100_00, taxable: false },
      ],
      monthsCounted: 1,
      previous: yearFiguresOf(regular),
      cumulativeAdditionalCents: additional,
      additionalDeductions: NO_DEDUCTIONS,
      bonusTaxation: 'separate',
    });
    // The month as if it had been paid in one go, less what the locked run withheld.
    const together = withhold({
      monthsCounted: 1,
      cumulativeIncome: gross + 20_000_00,
      cumulativeTaxFree: 0,
      cumulativeSpecialDeductions: social,
      cumulativeAdditionalDeductions: additional,
      cumulativeOtherDeductions: 0,
      cumulativeWithheld: 0,
    });
    expect(adj.withholding.taxCents).toBe(together.cumulativeTax - regular.withholding.taxCents);
    expect(adj.contributions.employeeSocialCents).toBe(0);
    expect(adj.grossCents).toBe(20_000_00);
    expect(adj.netCents).toBe(20_000_00 - adj.withholding.taxCents - 100_00);
  });
});

describe('months and employment', () => {
  it.each([
    [null, '2026-03', 3],
    ['2019-05-01', '2026-03', 3],
    ['2026-03-15', '2026-03', 1],
    ['2026-02-01', '2026-12', 11],
    ['2025-12-31', '2026-01', 1],
  ] as const)('hired %s, month %s: %i months counted', (hire, month, n) => {
    expect(monthsCounted(hire, month)).toBe(n);
  });

  it.each([
    // [hire date, month, opening { throughMonth, monthsCounted } | null, months counted, first month the suite counts]
    [null, '2026-04', { throughMonth: 3, monthsCounted: 3 }, 4, 4],
    ['2019-05-01', '2026-12', { throughMonth: 6, monthsCounted: 6 }, 12, 7],
    ['2026-02-10', '2026-04', { throughMonth: 3, monthsCounted: 2 }, 3, 4],
    ['2026-06-01', '2026-07', { throughMonth: 3, monthsCounted: 1 }, 3, 6],
    // An opening balance that covers the month itself is not used (a run refuses it before).
    [null, '2026-03', { throughMonth: 3, monthsCounted: 3 }, 3, 1],
    ['2026-03-15', '2026-05', null, 3, 3],
  ] as const)('hired %s, month %s, opening %o: %i months counted', (hire, month, opening, n, first) => {
    expect(monthsCounted(hire, month, opening)).toBe(n);
    expect(firstMonthCounted(hire, month, opening && opening.throughMonth < Number(month.slice(5)) ? opening.throughMonth : 0)).toBe(first);
  });

  it.each([
    [{ hireDate: '2026-03-31', terminationDate: null }, true],
    [{ hireDate: '2026-04-01', terminationDate: null }, false],
    [{ hireDate: '2020-01-01', terminationDate: '2026-03-01' }, true],
    [{ hireDate: '2020-01-01', terminationDate: '2026-02-28' }, false],
    [{ hireDate: null, terminationDate: null }, true],
    [{ hireDate: '2020-01-01', terminationDate: null, status: 'left' }, false],
  ])('employed in 2026-03: %o → %s', (e, expected) => {
    expect(employedInMonth(e, '2026-03')).toBe(expected);
  });

  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-03', -14, '2025-01'],
  ] as const)('shiftMonth(%s, %i) = %s', (m, by, out) => expect(shiftMonth(m, by)).toBe(out));
});
