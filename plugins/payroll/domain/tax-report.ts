/**
 * The tax calculator's answer as plain JSON in yuan (strings with two decimals,
 * exact): month-by-month cumulative withholding and the annual bonus under both
 * methods. Shared by the `payroll:tax` command and the calculator page/API so
 * they print the same figures.
 */
import { yearByMonth, type YearMonthInput, type YearMonthRow, type YearOptions } from './iit.js';
import { centsToYuanText } from './money.js';

/** One month in yuan; `cumulativeWithheld` is what was withheld before this month. */
export interface TaxReportMonth {
  month: number;
  monthsCounted: number;
  gross: string;
  bonus: string;
  specialDeductions: string;
  additionalDeductions: string;
  taxFree: string;
  otherDeductions: string;
  cumulativeIncome: string;
  cumulativeTaxFree: string;
  cumulativeBasicDeduction: string;
  cumulativeSpecialDeductions: string;
  cumulativeAdditionalDeductions: string;
  cumulativeOtherDeductions: string;
  cumulativeTaxable: string;
  ratePercent: number;
  quickDeduction: string;
  cumulativeTax: string;
  cumulativeWithheld: string;
  tax: string;
}

export interface TaxReport {
  firstMonth: number;
  months: TaxReportMonth[];
  /** Tax withheld on the regular months (without the bonus). */
  regularTax: string;
  bonus: null | {
    amount: string;
    month: number;
    separate: { ratePercent: number; quickDeduction: string; tax: string; yearTotalTax: string };
    combined: { months: TaxReportMonth[]; tax: string; yearTotalTax: string };
    lower: 'separate' | 'combined' | 'equal';
  };
}

const y = centsToYuanText;

/** Row of {@link yearByMonth} → yuan strings. */
export function reportMonth(r: YearMonthRow): TaxReportMonth {
  return {
    month: r.month,
    monthsCounted: r.monthsCounted,
    gross: y(r.grossCents),
    bonus: y(r.bonusCents),
    specialDeductions: y(r.specialDeductionsCents),
    additionalDeductions: y(r.additionalDeductionsCents),
    taxFree: y(r.taxFreeCents),
    otherDeductions: y(r.otherDeductionsCents),
    cumulativeIncome: y(r.cumulativeIncome),
    cumulativeTaxFree: y(r.cumulativeTaxFree),
    cumulativeBasicDeduction: y(r.cumulativeBasicDeduction),
    cumulativeSpecialDeductions: y(r.cumulativeSpecialDeductions),
    cumulativeAdditionalDeductions: y(r.cumulativeAdditionalDeductions),
    cumulativeOtherDeductions: y(r.cumulativeOtherDeductions),
    cumulativeTaxable: y(r.cumulativeTaxable),
    ratePercent: r.ratePercent,
    quickDeduction: y(r.quickDeductionCents),
    cumulativeTax: y(r.cumulativeTax),
    cumulativeWithheld: y(r.cumulativeWithheld),
    tax: y(r.taxCents),
  };
}

/** Runs {@link yearByMonth} (cents in) and returns the report in yuan. Throws RangeError for a shape that does not fit one year. */
export function taxReport(months: YearMonthInput[], options: YearOptions = {}): TaxReport {
  const year = yearByMonth(months, options);
  const b = year.bonus;
  return {
    firstMonth: options.firstMonth ?? 1,
    months: year.months.map(reportMonth),
    regularTax: y(year.regularTaxCents),
    bonus: b && {
      amount: y(b.amountCents),
      month: b.month,
      separate: { ratePercent: b.separate.rate, quickDeduction: y(b.separate.quick), tax: y(b.separate.taxCents), yearTotalTax: y(b.separate.totalTaxCents) },
      combined: { months: b.combined.months.map(reportMonth), tax: y(b.combined.taxCents), yearTotalTax: y(b.combined.totalTaxCents) },
      lower: b.lower,
    },
  };
}
