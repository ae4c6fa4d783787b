/**
 * One employee's payslip for one run: pure (no db, no clock), so it is
 * table-tested on its own (run-calc.test.ts). services/run-inputs.ts gathers
 * the inputs for a whole run; services/runs.ts seals and stores the results.
 *
 * Regular run, in order:
 * 1. Salary segments in force during the month pay their `share` of base and
 *    allowances (a mid-month raise gives two segments).
 * 2. Components (compiled formulas, dependency order) see the variables of
 *    {@link formulaVariables}; each result is yuan, rounded to cents. Earnings
 *    add; `taxable` deductions come off before tax (unpaid leave), others after.
 * 3. Social insurance and housing fund from the city's rules (domain/social.ts),
 *    on the segment in force at the end of the month.
 * 4. Income tax by cumulative withholding (domain/iit.ts) on top of the year's
 *    earlier locked or published payslips (`previous`), with the months counted
 *    from January or the month of hire; the annual one-off bonus is taxed
 *    separately or combined, as configured. An opening balance from the
 *    previous payroll system (期初累计数) stands for the payslips of the months
 *    it covers ({@link openingYearToDate}).
 * 5. Net = gross − employee social insurance − housing fund − tax − after-tax deductions.
 *
 * Adjustment run: only the adjustment lines; no contributions, no new months
 * counted, no new special additional deductions: the tax is the cumulative tax
 * with the lines added, less everything already withheld (incl. the locked run's).
 */
import { bonusTaxSeparate, withhold } from '../domain/iit.js';
import { roundCents, yuanNumberToCents } from '../domain/money.js';
import { prorateCents } from '../domain/proration.js';
import { contributions as computeContributions } from '../domain/social.js';
import type { AdditionalDeductions, CityRules, Contributions, WithholdingInput } from '../domain/types.js';
import type { ComponentRow, OpeningBalanceData, PayslipData, PayslipLine, RunTotals, SalarySegment } from './types.js';

/** Component codes paid as the annual one-off bonus (全年一次性奖金). */
export const BONUS_CODES: ReadonlySet<string> = new Set(['annual_bonus']);

/** A component ready to evaluate: the row and its compiled formula (yuan in, yuan out). */
export interface CompiledComponent {
  row: ComponentRow;
  evaluate(variables: Readonly<Record<string, number>>): number;
}

/** A line of an adjustment run (payroll_adjustments.data_enc). `bonus` is an annual one-off bonus. */
export interface AdjustmentLine {
  kind: 'earning' | 'deduction' | 'bonus';
  name: string;
  amountCents: number;
  /** Earnings: taxable; deductions: before tax. */
  taxable: boolean;
}

/** The year's figures before this payslip (sums over earlier locked/published payslips), cents. */
export interface YearToDate {
  income: number;
  taxFree: number;
  special: number;
  other: number;
  withheld: number;
}

export const EMPTY_YTD: YearToDate = Object.freeze({ income: 0, taxFree: 0, special: 0, other: 0, withheld: 0 });

/** The attendance figures formulas see (zeros when there is no summary). */
export interface AttendanceFigures {
  days_worked: number;
  scheduled_days: number;
  late_count: number;
  late_minutes: number;
  absent_days: number;
  unpaid_leave_days: number;
  paid_leave_days: number;
  ot_workday_hours: number;
  ot_restday_hours: number;
  ot_holiday_hours: number;
}

export const NO_ATTENDANCE: AttendanceFigures = Object.freeze({
  days_worked: 0,
  scheduled_days: 0,
  late_count: 0,
  late_minutes: 0,
  absent_days: 0,
  unpaid_leave_days: 0,
  paid_leave_days: 0,
  ot_workday_hours: 0,
  ot_restday_hours: 0,
  ot_holiday_hours: 0,
});

export interface EmployeeInfo {
  employeeNo: string;
  name: string;
  departmentName: string;
}

interface CommonInputs {
  month: string;
  employee: EmployeeInfo;
  /** Months counted this year up to and including this month (from January or the month of hire). */
  monthsCounted: number;
  /** Earlier payslips of the year (for an adjustment run: including the corrected run's). */
  previous: YearToDate;
  /** Sum of the declared monthly special additional deductions over the months counted, this month included. */
  cumulativeAdditionalCents: number;
  bonusTaxation: 'separate' | 'combined';
}

export interface RegularInputs extends CommonInputs {
  kind: 'regular';
  segments: SalarySegment[];
  attendance: AttendanceFigures;
  /** Compiled components of the employee's structure, in dependency order. */
  components: CompiledComponent[];
  cityRules: CityRules;
  /** This month's declared special additional deductions (kept on the payslip). */
  additionalDeductions: AdditionalDeductions;
  payDaysPerMonth: number;
}

export interface AdjustmentInputs extends CommonInputs {
  kind: 'adjustment';
  lines: AdjustmentLine[];
  additionalDeductions: AdditionalDeductions;
}

export type PayslipInputs = RegularInputs | AdjustmentInputs;

const NO_CONTRIBUTIONS: Contributions = Object.freeze({
  lines: [],
  employeeSocialCents: 0,
  employeeHousingFundCents: 0,
  employerSocialCents: 0,
  employerHousingFundCents: 0,
}) as Contributions;

const BASE_NAMES = { nameZh: '基本工资', nameEn: 'Base salary' };
const INSURANCE_NAMES: Record<string, { nameZh: string; nameEn: string }> = {
  pension: { nameZh: '养老保险', nameEn: 'Pension insurance' },
  medical: { nameZh: '医疗保险', nameEn: 'Medical insurance' },
  unemployment: { nameZh: '失业保险', nameEn: 'Unemployment insurance' },
  injury: { nameZh: '工伤保险', nameEn: 'Work injury insurance' },
  maternity: { nameZh: '生育保险', nameEn: 'Maternity insurance' },
  housingFund: { nameZh: '住房公积金', nameEn: 'Housing fund' },
};

/** A segment's share of a monthly amount, half up to the cent: exact from its day counts when known. */
const shareOf = (cents: number, s: Pick<SalarySegment, 'share' | 'units' | 'totalUnits'>) => {
  if (s.share >= 1) return cents;
  if (s.units != null && s.totalUnits) return prorateCents(cents, { units: s.units, totalUnits: s.totalUnits });
  return roundCents(cents * s.share);
};

/** Monthly special additional deductions of a declaration, without 大病医疗 (settled yearly). */
export function monthlyAdditionalCents(d: AdditionalDeductions): number {
  return d.childrenEducation + d.infantCare + d.continuingEducation + d.housingLoanInterest + d.housingRent + d.elderlySupport;
}

/** Salary paid by the segments, and the full monthly rate (share-weighted) for daily and hourly rates. */
export function salaryOfMonth(segments: SalarySegment[]): {
  baseCents: number;
  allowances: { code: string; name: string; amountCents: number; taxable: boolean }[];
  fullMonthlyCents: number;
} {
  let baseCents = 0;
  const allowances = new Map<string, { code: string; name: string; amountCents: number; taxable: boolean }>();
  let weighted = 0;
  let shares = 0;
  for (const s of segments) {
    baseCents += shareOf(s.data.baseCents, s);
    let monthly = s.data.baseCents;
    for (const a of s.data.allowances) {
      monthly += a.amountCents;
      const paid = shareOf(a.amountCents, s);
      const seen = allowances.get(a.code);
      if (seen) seen.amountCents += paid;
      else allowances.set(a.code, { code: a.code, name: a.name, amountCents: paid, taxable: a.taxable });
    }
    weighted += monthly * s.share;
    shares += s.share;
  }
  return { baseCents, allowances: [...allowances.values()], fullMonthlyCents: shares > 0 ? roundCents(weighted / shares) : 0 };
}

/** Variables of the formula language for one employee and month (amounts in yuan). */
export function formulaVariables(input: Pick<RegularInputs, 'segments' | 'attendance' | 'payDaysPerMonth'>): Record<string, number> {
  const salary = salaryOfMonth(input.segments);
  const allowancesCents = salary.allowances.reduce((s, a) => s + a.amountCents, 0);
  const dailyRate = salary.fullMonthlyCents / 100 / input.payDaysPerMonth;
  return {
    base: salary.baseCents / 100,
    allowances: allowancesCents / 100,
    monthly: (salary.baseCents + allowancesCents) / 100,
    daily_rate: dailyRate,
    hourly_rate: dailyRate / 8,
    ...input.attendance,
  };
}

/** The payslip of one employee in one run. Throws on a formula error (the run reports it). */
export function calculatePayslip(input: PayslipInputs): PayslipData {
  const lines: PayslipLine[] = [];
  let contributions = NO_CONTRIBUTIONS;
  let attendance: Record<string, number> = {};

  if (input.kind === 'regular') {
    const salary = salaryOfMonth(input.segments);
    lines.push({ code: 'base', ...BASE_NAMES, kind: 'earning', amountCents: salary.baseCents, taxable: true });
    for (const a of salary.allowances) {
      if (a.amountCents) lines.push({ code: a.code, nameZh: a.name, nameEn: a.name, kind: 'earning', amountCents: a.amountCents, taxable: a.taxable });
    }
    const variables = formulaVariables(input);
    for (const c of input.components) {
      const yuan = c.evaluate(variables);
      const cents = Math.max(0, yuanNumberToCents(yuan));
      variables[c.row.code] = cents / 100;
      if (!cents) continue;
      const kind = c.row.kind === 'earning' && BONUS_CODES.has(c.row.code) ? 'bonus' : c.row.kind;
      lines.push({ code: c.row.code, nameZh: c.row.nameZh, nameEn: c.row.nameEn, kind, amountCents: cents, taxable: c.row.taxable });
    }
    const last = input.segments[input.segments.length - 1];
    if (last) {
      contributions = computeContributions(input.cityRules, {
        socialBaseCents: last.data.socialBaseCents,
        housingFundBaseCents: last.data.housingFundBaseCents,
        housingFundRatePpm: last.data.housingFundRatePpm,
      });
    }
    attendance = { ...input.attendance };
  } else {
    input.lines.forEach((l, i) => {
      lines.push({ code: `adjustment_${i + 1}`, nameZh: l.name, nameEn: l.name, kind: l.kind, amountCents: l.amountCents, taxable: l.kind === 'bonus' ? true : l.taxable });
    });
  }

  // Gross (应发) = earnings + bonus − pre-tax deductions; taxable income leaves out tax-free earnings and the bonus.
  let earnings = 0;
  let taxFree = 0;
  let preTax = 0;
  let afterTax = 0;
  let bonusCents = 0;
  for (const l of lines) {
    if (l.kind === 'earning') {
      earnings += l.amountCents;
      if (!l.taxable) taxFree += l.amountCents;
    } else if (l.kind === 'bonus') bonusCents += l.amountCents;
    else if (l.kind === 'deduction') {
      if (l.taxable) preTax += l.amountCents;
      else afterTax += l.amountCents;
    }
  }
  const combined = input.bonusTaxation === 'combined';
  const income = earnings - preTax + (combined ? bonusCents : 0);
  const special = contributions.employeeSocialCents + contributions.employeeHousingFundCents;
  const withholdingInput: WithholdingInput = {
    monthsCounted: input.monthsCounted,
    cumulativeIncome: input.previous.income + income,
    cumulativeTaxFree: input.previous.taxFree + taxFree,
    cumulativeSpecialDeductions: input.previous.special + special,
    cumulativeAdditionalDeductions: input.cumulativeAdditionalCents,
    cumulativeOtherDeductions: input.previous.other,
    cumulativeWithheld: input.previous.withheld,
  };
  const result = withhold(withholdingInput);
  const bonus = bonusCents > 0 ? { amountCents: bonusCents, taxCents: combined ? 0 : bonusTaxSeparate(bonusCents).taxCents, method: input.bonusTaxation } : null;

  for (const c of contributions.lines) {
    if (!c.employeeCents) continue;
    const names = INSURANCE_NAMES[c.item] ?? { nameZh: c.item, nameEn: c.item };
    lines.push({ code: c.item, ...names, kind: c.item === 'housingFund' ? 'housing_fund' : 'social', amountCents: c.employeeCents, taxable: false });
  }
  if (result.taxCents) lines.push({ code: 'iit', nameZh: '个人所得税', nameEn: 'Individual income tax', kind: 'tax', amountCents: result.taxCents, taxable: false });
  if (bonus?.taxCents) lines.push({ code: 'bonus_iit', nameZh: '全年一次性奖金个税', nameEn: 'Income tax on the annual bonus', kind: 'tax', amountCents: bonus.taxCents, taxable: false });

  const grossCents = earnings + bonusCents - preTax;
  const taxCents = result.taxCents + (bonus?.taxCents ?? 0);
  return {
    month: input.month,
    employeeNo: input.employee.employeeNo,
    name: input.employee.name,
    departmentName: input.employee.departmentName,
    lines,
    grossCents,
    contributions,
    taxableIncomeCents: income - taxFree,
    additionalDeductions: input.additionalDeductions,
    withholding: { ...withholdingInput, ...result },
    bonus,
    netCents: grossCents - special - taxCents - afterTax,
    attendance,
  };
}

/** What one payslip adds to the year's figures (the inverse of how {@link calculatePayslip} builds them). */
export function yearFiguresOf(data: PayslipData): YearToDate {
  const w = data.withholding;
  const separateBonus = data.bonus && data.bonus.method === 'separate' ? data.bonus.amountCents : 0;
  const income = data.grossCents - separateBonus;
  return {
    income,
    taxFree: income - data.taxableIncomeCents,
    special: data.contributions.employeeSocialCents + data.contributions.employeeHousingFundCents,
    other: 0,
    withheld: w.taxCents,
  };
}

/**
 * What an opening balance (期初累计数 from the previous payroll system) adds to
 * the year's figures: it stands for the payslips of January..throughMonth.
 * Its special additional deductions and months counted are not part of
 * {@link YearToDate}: the run adds them to `cumulativeAdditionalCents` and
 * `monthsCounted` (services/run-inputs.ts).
 */
export function openingYearToDate(d: OpeningBalanceData): YearToDate {
  return { income: d.incomeCents, taxFree: d.taxFreeCents, special: d.specialDeductionsCents, other: d.otherDeductionsCents, withheld: d.withheldCents };
}

export function addYearToDate(a: YearToDate, b: YearToDate): YearToDate {
  return { income: a.income + b.income, taxFree: a.taxFree + b.taxFree, special: a.special + b.special, other: a.other + b.other, withheld: a.withheld + b.withheld };
}

/** Tax of a payslip: the month's withholding plus the separately taxed bonus. */
export const taxOf = (data: PayslipData) => data.withholding.taxCents + (data.bonus?.taxCents ?? 0);

export function emptyTotals(): RunTotals {
  return { grossCents: 0, netCents: 0, taxCents: 0, employeeSocialCents: 0, employeeHousingFundCents: 0, employerSocialCents: 0, employerHousingFundCents: 0, employerCostCents: 0 };
}

export function addToTotals(t: RunTotals, d: PayslipData): void {
  const c = d.contributions;
  t.grossCents += d.grossCents;
  t.netCents += d.netCents;
  t.taxCents += taxOf(d);
  t.employeeSocialCents += c.employeeSocialCents;
  t.employeeHousingFundCents += c.employeeHousingFundCents;
  t.employerSocialCents += c.employerSocialCents;
  t.employerHousingFundCents += c.employerHousingFundCents;
  t.employerCostCents += d.grossCents + c.employerSocialCents + c.employerHousingFundCents;
}
