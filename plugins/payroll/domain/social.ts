/**
 * Social insurance (社会保险: pension, medical, unemployment, work injury,
 * maternity) and housing fund (住房公积金) contributions from a city's rules.
 *
 * - Each insurance's base is the declared base (null → the city's floor) clamped
 *   to that insurance's floor and cap (缴费基数上下限).
 * - The housing fund base is its declared base (null → the declared social
 *   base; both null → its floor) clamped to the fund's floor and cap.
 * - The housing fund rate (null → the city's default) is clamped to the city's
 *   range; employee and employer pay the same rate (住房公积金管理条例 第十八、十九条).
 * - Every amount is `base × rate`, rounded by `rules.rounding`.
 */
import { applyRate } from './money.js';
import { INSURANCES, type CityRules, type ContributionLine, type Contributions, type Insurance } from './types.js';

export interface ContributionInput {
  socialBaseCents: number | null;
  housingFundBaseCents: number | null;
  housingFundRatePpm: number | null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

function assertOptionalCents(name: string, v: number | null): void {
  if (v !== null && !Number.isSafeInteger(v)) throw new RangeError(`social: ${name} must be whole cents or null, got ${v}`);
}

/** The housing fund rate actually used for a declared rate (null → default), clamped to the city's range. */
export function housingFundRate(rules: CityRules, declaredPpm: number | null): number {
  const hf = rules.housingFund;
  return clamp(declaredPpm ?? hf.defaultRatePpm, hf.minRatePpm, hf.maxRatePpm);
}

/**
 * Employee and employer contributions of one month under `rules`, per item and
 * in total. The employee's part of the insurances and fund is the IIT special
 * deduction (专项扣除). Rules are assumed valid ({@link validateCityRules}).
 */
export function contributions(rules: CityRules, input: ContributionInput): Contributions {
  assertOptionalCents('socialBaseCents', input.socialBaseCents);
  assertOptionalCents('housingFundBaseCents', input.housingFundBaseCents);
  if (input.housingFundRatePpm !== null && !Number.isSafeInteger(input.housingFundRatePpm)) {
    throw new RangeError(`social: housingFundRatePpm must be whole ppm or null, got ${input.housingFundRatePpm}`);
  }
  const lines: ContributionLine[] = [];
  let employeeSocialCents = 0;
  let employerSocialCents = 0;
  for (const item of INSURANCES) {
    const rule = rules.insurances[item];
    const baseCents = clamp(input.socialBaseCents ?? rule.floorCents, rule.floorCents, rule.capCents);
    const employeeCents = applyRate(baseCents, rule.employeeRatePpm, rules.rounding);
    const employerCents = applyRate(baseCents, rule.employerRatePpm, rules.rounding);
    employeeSocialCents += employeeCents;
    employerSocialCents += employerCents;
    lines.push({ item, baseCents, employeeCents, employerCents, employeeRatePpm: rule.employeeRatePpm, employerRatePpm: rule.employerRatePpm });
  }
  const hf = rules.housingFund;
  const declared = input.housingFundBaseCents ?? input.socialBaseCents ?? hf.floorCents;
  const hfBase = clamp(declared, hf.floorCents, hf.capCents);
  const rate = housingFundRate(rules, input.housingFundRatePpm);
  const hfCents = applyRate(hfBase, rate, rules.rounding);
  lines.push({ item: 'housingFund', baseCents: hfBase, employeeCents: hfCents, employerCents: hfCents, employeeRatePpm: rate, employerRatePpm: rate });
  return {
    lines,
    employeeSocialCents,
    employeeHousingFundCents: hfCents,
    employerSocialCents,
    employerHousingFundCents: hfCents,
  };
}

// ---------------------------------------------------------------- validation

/** A problem with city rules: `code` is an i18n key, `path` where (`insurances.pension.capCents`), `params` fill the text. */
export interface CityRuleProblem {
  code:
    | 'payroll.city.badNumber'
    | 'payroll.city.floorAboveCap'
    | 'payroll.city.badRate'
    | 'payroll.city.employeePaysNothing'
    | 'payroll.city.housingFundRange'
    | 'payroll.city.rateRangeInverted'
    | 'payroll.city.defaultOutOfRange'
    | 'payroll.city.badRounding';
  path: string;
  params: Record<string, string | number>;
}

/** 住房公积金 5%–12% (住房公积金管理条例 / 建金〔2005〕5号: 不应低于5%，原则上不高于12%). */
export const HOUSING_FUND_MIN_PPM = 50_000;
export const HOUSING_FUND_MAX_PPM = 120_000;
const FULL_PPM = 1_000_000;

/** 工伤保险 and 生育保险 are paid by the employer only (社会保险法 第三十三条、第五十三条). */
const EMPLOYER_ONLY: readonly Insurance[] = ['injury', 'maternity'];

/**
 * Everything wrong with city rules (an empty list when they can be used): every
 * amount a whole number of cents ≥ 0, floor ≤ cap, rates 0..100%, no employee
 * rate for work injury and maternity, the housing fund range within 5%–12% with
 * the default inside it, rounding 1/10/100 cents half_up/up/down. Takes
 * `unknown` so it can check rules read from the database or a form.
 */
export function validateCityRules(rules: unknown): CityRuleProblem[] {
  const problems: CityRuleProblem[] = [];
  const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const num = (parent: Record<string, unknown> | null, key: string, path: string): number | null => {
    const v = parent?.[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      problems.push({ code: 'payroll.city.badNumber', path: `${path}.${key}`, params: { field: `${path}.${key}` } });
      return null;
    }
    return v;
  };
  const root = obj(rules);
  const insurances = obj(root?.insurances);
  for (const item of INSURANCES) {
    const path = `insurances.${item}`;
    const rule = obj(insurances?.[item]);
    const floor = num(rule, 'floorCents', path);
    const cap = num(rule, 'capCents', path);
    if (floor !== null && cap !== null && floor > cap) problems.push({ code: 'payroll.city.floorAboveCap', path, params: { item } });
    for (const side of ['employeeRatePpm', 'employerRatePpm'] as const) {
      const rate = num(rule, side, path);
      if (rate !== null && rate > FULL_PPM) problems.push({ code: 'payroll.city.badRate', path: `${path}.${side}`, params: { item, field: side } });
      if (rate !== null && rate > 0 && side === 'employeeRatePpm' && EMPLOYER_ONLY.includes(item)) {
        problems.push({ code: 'payroll.city.employeePaysNothing', path: `${path}.${side}`, params: { item } });
      }
    }
  }
  const hf = obj(root?.housingFund);
  const hfFloor = num(hf, 'floorCents', 'housingFund');
  const hfCap = num(hf, 'capCents', 'housingFund');
  if (hfFloor !== null && hfCap !== null && hfFloor > hfCap) problems.push({ code: 'payroll.city.floorAboveCap', path: 'housingFund', params: { item: 'housingFund' } });
  const min = num(hf, 'minRatePpm', 'housingFund');
  const max = num(hf, 'maxRatePpm', 'housingFund');
  const def = num(hf, 'defaultRatePpm', 'housingFund');
  for (const [key, v] of [['minRatePpm', min], ['maxRatePpm', max]] as const) {
    if (v !== null && (v < HOUSING_FUND_MIN_PPM || v > HOUSING_FUND_MAX_PPM)) {
      problems.push({ code: 'payroll.city.housingFundRange', path: `housingFund.${key}`, params: { min: '5%', max: '12%' } });
    }
  }
  if (min !== null && max !== null && min > max) problems.push({ code: 'payroll.city.rateRangeInverted', path: 'housingFund', params: {} });
  else if (min !== null && max !== null && def !== null && (def < min || def > max)) {
    problems.push({ code: 'payroll.city.defaultOutOfRange', path: 'housingFund.defaultRatePpm', params: {} });
  }
  const rounding = obj(root?.rounding);
  if (!rounding || ![1, 10, 100].includes(rounding.unit as number) || !['half_up', 'up', 'down'].includes(rounding.mode as string)) {
    problems.push({ code: 'payroll.city.badRounding', path: 'rounding', params: {} });
  }
  return problems;
}
