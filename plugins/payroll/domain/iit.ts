/**
 * Individual income tax (个人所得税) on wages: the cumulative withholding method
 * (累计预扣法) and the annual one-off bonus (全年一次性奖金). Pure, integer cents.
 *
 * The two tables below are the law, kept as data:
 * - {@link CUMULATIVE_TABLE}: 国家税务总局公告2018年第61号《个人所得税扣缴申报管理办法（试行）》
 *   附件 个人所得税预扣率表一（居民个人工资、薪金所得预扣预缴适用）; its brackets
 *   are the annual comprehensive income table's.
 * - {@link BONUS_MONTHLY_TABLE}: 财税〔2018〕164号 第一条（一）“按月换算后的综合所得税率表”,
 *   the separate taxation of the bonus extended to 2027-12-31 by
 *   财政部 税务总局公告2023年第30号.
 *
 * Bounds are inclusive ("不超过36,000元" is 3%; 36,000.01 is 10%).
 */
import { roundCents } from './money.js';
import type { WithholdingInput, WithholdingResult } from './types.js';

/** One bracket: taxable amounts up to `upToCents` (inclusive; null = no limit) pay `ratePercent` less `quickDeductionCents`. */
export interface TaxBracket {
  level: number;
  upToCents: number | null;
  ratePercent: number;
  quickDeductionCents: number;
}

/** 个人所得税预扣率表一 (61号公告): cumulative taxable income of the year, yuan → cents. */
export const CUMULATIVE_TABLE: readonly TaxBracket[] = Object.freeze([
  { level: 1, upToCents: 36_000_00, ratePercent: 3, quickDeductionCents: 0 },
  { level: 2, upToCents: 144_000_00, ratePercent: 10, quickDeductionCents: 2_520_00 },
  { level: 3, upToCents: 300_000_00, ratePercent: 20, quickDeductionCents: 16_920_00 },
  { level: 4, upToCents: 420_000_00, ratePercent: 25, quickDeductionCents: 31_920_00 },
  { level: 5, upToCents: 660_000_00, ratePercent: 30, quickDeductionCents: 52_920_00 },
  { level: 6, upToCents: 960_000_00, ratePercent: 35, quickDeductionCents: 85_920_00 },
  { level: 7, upToCents: null, ratePercent: 45, quickDeductionCents: 181_920_00 },
]);

/** 按月换算后的综合所得税率表 (财税〔2018〕164号): looked up with bonus ÷ 12. */
export const BONUS_MONTHLY_TABLE: readonly TaxBracket[] = Object.freeze([
  { level: 1, upToCents: 3_000_00, ratePercent: 3, quickDeductionCents: 0 },
  { level: 2, upToCents: 12_000_00, ratePercent: 10, quickDeductionCents: 210_00 },
  { level: 3, upToCents: 25_000_00, ratePercent: 20, quickDeductionCents: 1_410_00 },
  { level: 4, upToCents: 35_000_00, ratePercent: 25, quickDeductionCents: 2_660_00 },
  { level: 5, upToCents: 55_000_00, ratePercent: 30, quickDeductionCents: 4_410_00 },
  { level: 6, upToCents: 80_000_00, ratePercent: 35, quickDeductionCents: 7_160_00 },
  { level: 7, upToCents: null, ratePercent: 45, quickDeductionCents: 15_160_00 },
]);

/** 减除费用: 5,000 yuan a month (个人所得税法 第六条). */
export const BASIC_DEDUCTION_MONTHLY_CENTS = 5_000_00;

/** The bracket of `amountCents` in `table`; `scale` multiplies the bounds (12 for the bonus: bonus ≤ 12 × monthly bound ⇔ bonus ÷ 12 ≤ bound, without dividing). */
export function bracketOf(table: readonly TaxBracket[], amountCents: number, scale = 1): TaxBracket {
  for (const b of table) if (b.upToCents === null || amountCents <= b.upToCents * scale) return b;
  return table[table.length - 1]!;
}

/** `amount × rate% − quick`, rounded half up to the cent, never below 0. */
function taxAt(amountCents: number, b: TaxBracket): number {
  const tax = roundCents({ num: BigInt(amountCents) * BigInt(b.ratePercent), den: 100n }) - b.quickDeductionCents;
  return Math.max(0, tax);
}

function assertCents(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`iit: ${name} must be whole cents, got ${v}`);
}

/**
 * Tax on an annual (or cumulative) taxable amount with {@link CUMULATIVE_TABLE}:
 * `taxable × rate − quick deduction`, half up to the cent; 0 for 0 or less.
 * The annual settlement's formula, and the year-end check of the monthly withholding.
 */
export function annualTax(taxableCents: number): number {
  assertCents('taxableCents', taxableCents);
  return taxableCents <= 0 ? 0 : taxAt(taxableCents, bracketOf(CUMULATIVE_TABLE, taxableCents));
}

/**
 * One month of 累计预扣法: cumulative taxable = income − tax-free − 5,000 × months
 * counted − special − special additional − other deductions (never below 0);
 * cumulative tax = taxable × rate − quick deduction; this month = cumulative tax −
 * already withheld, never below 0 (an excess is not refunded month by month; the
 * annual settlement does that). A taxable amount of 0 reports rate 0.
 */
export function withhold(input: WithholdingInput): WithholdingResult {
  const { monthsCounted } = input;
  if (!Number.isInteger(monthsCounted) || monthsCounted < 1 || monthsCounted > 12) {
    throw new RangeError(`iit: monthsCounted must be 1..12, got ${monthsCounted}`);
  }
  for (const key of ['cumulativeIncome', 'cumulativeTaxFree', 'cumulativeSpecialDeductions', 'cumulativeAdditionalDeductions', 'cumulativeOtherDeductions', 'cumulativeWithheld'] as const) {
    assertCents(key, input[key]);
  }
  const cumulativeBasicDeduction = BASIC_DEDUCTION_MONTHLY_CENTS * monthsCounted;
  const raw =
    input.cumulativeIncome -
    input.cumulativeTaxFree -
    cumulativeBasicDeduction -
    input.cumulativeSpecialDeductions -
    input.cumulativeAdditionalDeductions -
    input.cumulativeOtherDeductions;
  const cumulativeTaxable = Math.max(0, raw);
  if (cumulativeTaxable === 0) {
    return { cumulativeBasicDeduction, cumulativeTaxable, ratePercent: 0, quickDeductionCents: 0, cumulativeTax: 0, taxCents: 0 };
  }
  const b = bracketOf(CUMULATIVE_TABLE, cumulativeTaxable);
  const cumulativeTax = taxAt(cumulativeTaxable, b);
  return {
    cumulativeBasicDeduction,
    cumulativeTaxable,
    ratePercent: b.ratePercent,
    quickDeductionCents: b.quickDeductionCents,
    cumulativeTax,
    taxCents: Math.max(0, cumulativeTax - input.cumulativeWithheld),
  };
}

/** The bonus taxed on its own: `rate` in percent (3, 10, …), `quick` deduction in cents, `taxCents`. */
export interface BonusTax {
  rate: number;
  quick: number;
  taxCents: number;
}

/**
 * 全年一次性奖金 单独计税 (财税〔2018〕164号): bonus ÷ 12 picks the rate and quick
 * deduction of {@link BONUS_MONTHLY_TABLE}; tax = bonus × rate − quick deduction
 * (deducted once, not twelve times). 0 for a bonus of 0 or less.
 */
export function bonusTaxSeparate(bonusCents: number): BonusTax {
  assertCents('bonusCents', bonusCents);
  if (bonusCents <= 0) return { rate: 0, quick: 0, taxCents: 0 };
  const b = bracketOf(BONUS_MONTHLY_TABLE, bonusCents, 12);
  return { rate: b.ratePercent, quick: b.quickDeductionCents, taxCents: taxAt(bonusCents, b) };
}

// ---------------------------------------------------------------- a year month by month

/** One month's pay for {@link yearByMonth}, cents. */
export interface YearMonthInput {
  grossCents: number;
  /** 专项扣除 (三险一金 of the employee). */
  specialDeductionsCents: number;
  /** 专项附加扣除 of the month. */
  additionalDeductionsCents: number;
  taxFreeCents?: number;
  /** 依法确定的其他扣除 (enterprise annuity, commercial health insurance…). */
  otherDeductionsCents?: number;
}

export interface YearOptions {
  /** Calendar month (1–12) of the first entry of `months`: the month of hire, or 1. */
  firstMonth?: number;
  /** 全年一次性奖金, cents. */
  bonusCents?: number;
  /** Month (calendar, 1–12) the bonus is paid in; default the last month given. */
  bonusMonth?: number;
  /**
   * Count the basic deduction from January instead of the month of hire
   * (国家税务总局公告2020年第13号: first wages of the year). Default false: from the month of hire.
   */
  basicDeductionFromJanuary?: boolean;
}

/** One month of the year: its inputs, the cumulative working and this month's withholding. */
export interface YearMonthRow extends WithholdingInput, WithholdingResult {
  /** Calendar month 1–12. */
  month: number;
  grossCents: number;
  /** Bonus added to this month's income (combined method only; else 0). */
  bonusCents: number;
  specialDeductionsCents: number;
  additionalDeductionsCents: number;
  taxFreeCents: number;
  otherDeductionsCents: number;
}

export interface YearResult {
  /** The regular months (no bonus in them): the withholding under the separate method, or with no bonus. */
  months: YearMonthRow[];
  /** Sum of the regular months' withholding. */
  regularTaxCents: number;
  bonus: null | {
    amountCents: number;
    month: number;
    /** Bonus taxed on its own; the months unchanged. */
    separate: BonusTax & { totalTaxCents: number };
    /** Bonus added to `month`'s income and the year recomputed; `taxCents` = extra tax due to the bonus. */
    combined: { months: YearMonthRow[]; taxCents: number; totalTaxCents: number };
    /** Which method costs the employee less tax over the year (`equal` when the same). */
    lower: 'separate' | 'combined' | 'equal';
  };
}

/**
 * Withholding month by month over one tax year, from the month of hire
 * (`firstMonth`), and the annual bonus under both methods so HR can compare:
 * separate (bonus tax on its own + the regular months) and combined (bonus
 * added to `bonusMonth`'s income and the whole year recomputed).
 */
export function yearByMonth(months: YearMonthInput[], options: YearOptions = {}): YearResult {
  const firstMonth = options.firstMonth ?? 1;
  if (!Number.isInteger(firstMonth) || firstMonth < 1 || firstMonth > 12) throw new RangeError(`iit: firstMonth must be 1..12, got ${firstMonth}`);
  if (months.length === 0 || firstMonth + months.length - 1 > 12) {
    throw new RangeError(`iit: ${months.length} months from month ${firstMonth} do not fit in one year`);
  }
  const lastMonth = firstMonth + months.length - 1;
  const regular = runYear(months, firstMonth, options.basicDeductionFromJanuary ?? false, null);
  const regularTaxCents = sum(regular.map((r) => r.taxCents));
  const bonusCents = options.bonusCents ?? 0;
  assertCents('bonusCents', bonusCents);
  if (bonusCents <= 0) return { months: regular, regularTaxCents, bonus: null };

  const bonusMonth = options.bonusMonth ?? lastMonth;
  if (!Number.isInteger(bonusMonth) || bonusMonth < firstMonth || bonusMonth > lastMonth) {
    throw new RangeError(`iit: bonusMonth must be ${firstMonth}..${lastMonth}, got ${bonusMonth}`);
  }
  const separateTax = bonusTaxSeparate(bonusCents);
  const combinedMonths = runYear(months, firstMonth, options.basicDeductionFromJanuary ?? false, { month: bonusMonth, cents: bonusCents });
  const combinedTotal = sum(combinedMonths.map((r) => r.taxCents));
  const separateTotal = regularTaxCents + separateTax.taxCents;
  return {
    months: regular,
    regularTaxCents,
    bonus: {
      amountCents: bonusCents,
      month: bonusMonth,
      separate: { ...separateTax, totalTaxCents: separateTotal },
      combined: { months: combinedMonths, taxCents: combinedTotal - regularTaxCents, totalTaxCents: combinedTotal },
      lower: separateTotal < combinedTotal ? 'separate' : combinedTotal < separateTotal ? 'combined' : 'equal',
    },
  };
}

function runYear(months: YearMonthInput[], firstMonth: number, fromJanuary: boolean, bonus: { month: number; cents: number } | null): YearMonthRow[] {
  const rows: YearMonthRow[] = [];
  const cum = { income: 0, taxFree: 0, special: 0, additional: 0, other: 0, withheld: 0 };
  months.forEach((m, i) => {
    const month = firstMonth + i;
    const taxFreeCents = m.taxFreeCents ?? 0;
    const otherDeductionsCents = m.otherDeductionsCents ?? 0;
    for (const [k, v] of Object.entries({ ...m, taxFreeCents, otherDeductionsCents })) assertCents(`month ${month} ${k}`, v);
    const bonusCents = bonus && bonus.month === month ? bonus.cents : 0;
    cum.income += m.grossCents + bonusCents;
    cum.taxFree += taxFreeCents;
    cum.special += m.specialDeductionsCents;
    cum.additional += m.additionalDeductionsCents;
    cum.other += otherDeductionsCents;
    const input: WithholdingInput = {
      monthsCounted: fromJanuary ? month : i + 1,
      cumulativeIncome: cum.income,
      cumulativeTaxFree: cum.taxFree,
      cumulativeSpecialDeductions: cum.special,
      cumulativeAdditionalDeductions: cum.additional,
      cumulativeOtherDeductions: cum.other,
      cumulativeWithheld: cum.withheld,
    };
    const result = withhold(input);
    cum.withheld += result.taxCents;
    rows.push({
      month,
      grossCents: m.grossCents,
      bonusCents,
      specialDeductionsCents: m.specialDeductionsCents,
      additionalDeductionsCents: m.additionalDeductionsCents,
      taxFreeCents,
      otherDeductionsCents,
      ...input,
      ...result,
    });
  });
  return rows;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
