/**
 * A payslip's figures arranged for people: earnings, deductions, social
 * insurance items, housing fund and tax, each with its rows and total, and the
 * tax working in words. The page, the PDF and the API use the same
 * arrangement, so they always show the same numbers.
 *
 * Amounts come from the payslip's lines (what the run paid); the social
 * insurance and housing fund bases come from its contributions. When a run
 * wrote no line of a kind, the contributions and withholding stand in.
 */
import type { Locale } from '../../../core/sdk.js';
import { formatCents } from '../domain/money.js';
import { INSURANCES } from '../domain/types.js';
import type { PayslipData, PayslipLine } from './types.js';
import { translate } from './payslip-text.js';

export interface SectionRow {
  code: string;
  name: string;
  amountCents: number;
  /** A short note: the base of a contribution, "pre-tax", "tax-free"… */
  note: string;
}

export interface PayslipSection {
  key: 'earnings' | 'deductions' | 'social' | 'housingFund' | 'tax';
  title: string;
  rows: SectionRow[];
  totalCents: number;
  /** Earnings add to the pay, the other sections come off it. */
  sign: 1 | -1;
}

export interface TaxWorking {
  /** Lines of the cumulative working, each a sentence with its figures. */
  steps: string[];
  /** The formula in words: 累计应纳税所得额 × 税率 − 速算扣除数 − 已预扣. */
  formula: string;
}

const name = (line: Pick<PayslipLine, 'nameZh' | 'nameEn'>, locale: Locale) => (locale === 'en' ? line.nameEn : line.nameZh);

export function payslipSections(data: PayslipData, locale: Locale): PayslipSection[] {
  const say = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const of = (...kinds: PayslipLine['kind'][]) => data.lines.filter((l) => kinds.includes(l.kind));
  const row = (l: PayslipLine, note = ''): SectionRow => ({ code: l.code, name: name(l, locale), amountCents: l.amountCents, note });
  const baseNote = (item: string) => {
    const c = data.contributions.lines.find((x) => x.item === item);
    return c ? say('payroll.payslip.baseNote', { base: formatCents(c.baseCents) }) : '';
  };

  const earnings = of('earning', 'bonus').map((l) => row(l, l.taxable ? '' : say('payroll.payslip.taxFree')));
  const deductions = of('deduction').map((l) => row(l, l.taxable ? say('payroll.payslip.preTax') : say('payroll.payslip.afterTax')));

  let social = of('social').map((l) => row(l, baseNote(l.code)));
  if (!social.length) {
    social = data.contributions.lines
      .filter((c) => c.item !== 'housingFund' && c.employeeCents > 0)
      .map((c) => ({ code: c.item, name: say(`payroll.item.${c.item}`), amountCents: c.employeeCents, note: say('payroll.payslip.baseNote', { base: formatCents(c.baseCents) }) }));
  }
  social.sort((a, b) => order(a.code) - order(b.code));

  let housing = of('housing_fund').map((l) => row(l, baseNote('housingFund')));
  if (!housing.length) {
    housing = data.contributions.lines
      .filter((c) => c.item === 'housingFund' && c.employeeCents > 0)
      .map((c) => ({ code: c.item, name: say('payroll.item.housingFund'), amountCents: c.employeeCents, note: say('payroll.payslip.baseNote', { base: formatCents(c.baseCents) }) }));
  }

  let tax = of('tax').map((l) => row(l));
  if (!tax.length) {
    tax = [{ code: 'iit', name: say('payroll.payslip.iit'), amountCents: data.withholding.taxCents, note: '' }];
    if (data.bonus && data.bonus.method === 'separate' && data.bonus.taxCents > 0) {
      tax.push({ code: 'bonus_iit', name: say('payroll.payslip.bonusIit'), amountCents: data.bonus.taxCents, note: '' });
    }
  }

  const section = (key: PayslipSection['key'], rows: SectionRow[], sign: 1 | -1): PayslipSection => ({
    key,
    title: say(`payroll.payslip.section.${key}`),
    rows,
    totalCents: rows.reduce((s, r) => s + r.amountCents, 0),
    sign,
  });
  return [section('earnings', earnings, 1), section('deductions', deductions, -1), section('social', social, -1), section('housingFund', housing, -1), section('tax', tax, -1)];
}

function order(code: string): number {
  const i = (INSURANCES as readonly string[]).indexOf(code);
  return i < 0 ? INSURANCES.length : i;
}

/** The cumulative withholding of the month in words, with the payslip's own figures. */
export function taxWorking(data: PayslipData, locale: Locale): TaxWorking {
  const say = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const w = data.withholding;
  const m = formatCents;
  const steps = [
    say('payroll.working.taxable', {
      income: m(w.cumulativeIncome),
      taxFree: m(w.cumulativeTaxFree),
      basic: m(w.cumulativeBasicDeduction),
      months: w.monthsCounted,
      special: m(w.cumulativeSpecialDeductions),
      additional: m(w.cumulativeAdditionalDeductions),
      other: m(w.cumulativeOtherDeductions),
      taxable: m(w.cumulativeTaxable),
    }),
    say('payroll.working.tax', { taxable: m(w.cumulativeTaxable), rate: w.ratePercent, quick: m(w.quickDeductionCents), tax: m(w.cumulativeTax) }),
    say('payroll.working.month', { tax: m(w.cumulativeTax), withheld: m(w.cumulativeWithheld), month: m(w.taxCents) }),
  ];
  if (data.bonus) {
    steps.push(
      say(data.bonus.method === 'separate' ? 'payroll.working.bonusSeparate' : 'payroll.working.bonusCombined', {
        bonus: m(data.bonus.amountCents),
        tax: m(data.bonus.taxCents),
      }),
    );
  }
  return { steps, formula: say('payroll.working.formula') };
}
