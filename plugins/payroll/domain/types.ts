/**
 * Types of the payroll domain: pure data passed between the pure functions of
 * domain/ and the services. Money is integer cents; rates integer ppm
 * (parts per million: 8% = 80_000).
 */

/** 专项附加扣除 per month, cents per category (the monthly standard amounts the employee declared). */
export interface AdditionalDeductions {
  childrenEducation: number;
  infantCare: number;
  continuingEducation: number;
  /** 大病医疗: declared at the annual settlement, kept for the summary; not deducted monthly. */
  seriousIllness: number;
  housingLoanInterest: number;
  housingRent: number;
  elderlySupport: number;
}

export const ADDITIONAL_DEDUCTION_KEYS = [
  'childrenEducation',
  'infantCare',
  'continuingEducation',
  'seriousIllness',
  'housingLoanInterest',
  'housingRent',
  'elderlySupport',
] as const satisfies readonly (keyof AdditionalDeductions)[];

/** No special additional deductions declared (frozen: spread it to change it). */
export const NO_ADDITIONAL_DEDUCTIONS: AdditionalDeductions = Object.freeze({
  childrenEducation: 0,
  infantCare: 0,
  continuingEducation: 0,
  seriousIllness: 0,
  housingLoanInterest: 0,
  housingRent: 0,
  elderlySupport: 0,
});

export const INSURANCES = ['pension', 'medical', 'unemployment', 'injury', 'maternity'] as const;
export type Insurance = (typeof INSURANCES)[number];

/** How an amount is rounded: to the cent, jiao (10) or yuan (100); half up, always up or always down. */
export interface Rounding {
  unit: 1 | 10 | 100;
  mode: 'half_up' | 'up' | 'down';
}

export interface InsuranceRule {
  floorCents: number;
  capCents: number;
  employeeRatePpm: number;
  employerRatePpm: number;
}

/** A city's social insurance and housing fund rules (payroll_city_policies.rules). */
export interface CityRules {
  insurances: Record<Insurance, InsuranceRule>;
  housingFund: { floorCents: number; capCents: number; minRatePpm: number; maxRatePpm: number; defaultRatePpm: number };
  rounding: Rounding;
}

export interface ContributionLine {
  item: Insurance | 'housingFund';
  baseCents: number;
  employeeCents: number;
  employerCents: number;
  /** The rates used (ppm), filled by domain/social.ts `contributions` (for payslips and the social insurance summary). */
  employeeRatePpm?: number;
  employerRatePpm?: number;
}

export interface Contributions {
  lines: ContributionLine[];
  /** 三险一金 of the employee: the IIT special deduction (专项扣除). */
  employeeSocialCents: number;
  employeeHousingFundCents: number;
  employerSocialCents: number;
  employerHousingFundCents: number;
}

/** One month of the cumulative withholding method (累计预扣法), everything cents, cumulative for the tax year. */
export interface WithholdingInput {
  /** Months counted this year: from the month of hire (or January) to this month, inclusive. */
  monthsCounted: number;
  cumulativeIncome: number;
  cumulativeTaxFree: number;
  cumulativeSpecialDeductions: number;
  cumulativeAdditionalDeductions: number;
  cumulativeOtherDeductions: number;
  /** Tax already withheld this year before this month. */
  cumulativeWithheld: number;
}

export interface WithholdingResult {
  cumulativeBasicDeduction: number;
  cumulativeTaxable: number;
  ratePercent: number;
  quickDeductionCents: number;
  cumulativeTax: number;
  /** This month's withholding (never negative: an excess is not refunded monthly). */
  taxCents: number;
}
