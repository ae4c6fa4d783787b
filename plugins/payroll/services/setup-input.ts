/**
 * Validation of salary setup input. The service schemas take stored units
 * (cents, ppm) and are what the API accepts and what services re-check
 * (`parseOrThrow`: input that reaches a service unparsed fails as a 400, never
 * a 500). The form helpers read yuan and percent as people type them.
 */
import { isIsoDate, parseOrThrow as parseInput, z } from '../../../core/sdk.js';
import { MAX_FORMULA_LENGTH } from '../domain/expr.js';
import { MoneyError, percentToPpm, yuanToCents } from '../domain/money.js';
import { ADDITIONAL_DEDUCTION_KEYS, INSURANCES, type AdditionalDeductions } from '../domain/types.js';

/** 100 million yuan: far above any monthly amount, keeps sums safe integers. */
export const MAX_MONTHLY_CENTS = 10_000_000_000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isMonth = (v: string) => MONTH.test(v);
const cents = z.number().int('payroll.setup.error.wholeCents').min(0, 'payroll.setup.error.negative').max(MAX_MONTHLY_CENTS, 'payroll.setup.error.tooLarge');
const ppm = z.number().int().min(0).max(1_000_000);
const isoDate = z.string().trim().refine(isIsoDate, 'payroll.setup.error.badDate');
const month = z.string().trim().regex(MONTH, 'payroll.error.badMonth');

export const CODE = /^[a-z][a-z0-9_]{0,39}$/;

export const salaryDataSchema = z.object({
  baseCents: cents,
  allowances: z
    .array(z.object({ code: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(40), amountCents: cents, taxable: z.boolean().default(true) }))
    .max(20)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        if (seen.has(a.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'payroll.setup.error.duplicateAllowance' });
        seen.add(a.code);
      });
    }),
  socialBaseCents: cents.nullable().default(null),
  housingFundBaseCents: cents.nullable().default(null),
  housingFundRatePpm: ppm.max(120_000, 'payroll.setup.error.housingRateRange').nullable().default(null),
});

export const profileInputSchema = z.object({
  effectiveFrom: isoDate,
  structureId: z.number().int().positive().nullable().default(null),
  cityCode: z.string().trim().min(1).max(40).nullable().default(null),
  data: salaryDataSchema,
  note: z.string().trim().max(200).default(''),
});

export const bankInputSchema = z.object({
  bankName: z.string().trim().min(1).max(60),
  accountName: z.string().trim().min(1).max(60),
  account: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => /^\d{8,32}$/.test(v), 'payroll.setup.error.badAccount'),
});

/**
 * Monthly upper bounds of 专项附加扣除 this plugin enforces, cents (国发〔2022〕8号
 * and 国发〔2023〕13号 standards). Loose on purpose: the law's amounts are per
 * child / per person and may be split between parents or siblings, so only
 * ceilings a single declaration cannot pass are checked, plus the split grid
 * for children (1,000 or 2,000 per child, so whole thousands).
 */
export const DEDUCTION_LIMITS: Record<keyof AdditionalDeductions, number> = {
  /** 2,000 per child; up to five children. */
  childrenEducation: 10_000_00,
  /** 2,000 per child under three; up to five children. */
  infantCare: 10_000_00,
  /** 400 a month for a degree course, plus 3,600 once in the year a vocational certificate is obtained. */
  continuingEducation: 4_000_00,
  /** 大病医疗: up to 80,000 a year, deducted at the annual settlement only. */
  seriousIllness: 80_000_00,
  housingLoanInterest: 1_000_00,
  /** 1,500 / 1,100 / 800 by city. */
  housingRent: 1_500_00,
  /** 3,000 for an only child; siblings share it (at most 1,500 each). */
  elderlySupport: 3_000_00,
};

export const deductionsSchema = z
  .object(Object.fromEntries(ADDITIONAL_DEDUCTION_KEYS.map((k) => [k, cents.default(0)])) as Record<keyof AdditionalDeductions, z.ZodDefault<typeof cents>>)
  .superRefine((d, ctx) => {
    for (const key of ADDITIONAL_DEDUCTION_KEYS) {
      if (d[key] > DEDUCTION_LIMITS[key]) ctx.addIssue({ code: 'custom', path: [key], message: `payroll.setup.deductions.limit.${key}` });
    }
    for (const key of ['childrenEducation', 'infantCare'] as const) {
      if (d[key] % 1_000_00 !== 0 && d[key] <= DEDUCTION_LIMITS[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'payroll.setup.deductions.perChild' });
    }
    if (d.housingLoanInterest > 0 && d.housingRent > 0) ctx.addIssue({ code: 'custom', path: ['housingRent'], message: 'payroll.setup.deductions.rentOrLoan' });
  });

export const deductionsInputSchema = z.object({ effectiveFrom: month, data: deductionsSchema });

export const componentInputSchema = z.object({
  code: z.string().trim().regex(CODE, 'payroll.setup.error.badCode'),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  kind: z.enum(['earning', 'deduction']),
  formula: z.string().trim().min(1).max(MAX_FORMULA_LENGTH),
  taxable: z.boolean().default(true),
  sort: z.number().int().min(-1000).max(1000).default(0),
  active: z.boolean().default(true),
});

export const structureInputSchema = z.object({
  name: z.string().trim().min(1).max(40),
  componentIds: z.array(z.number().int().positive()).max(200).default([]),
  isDefault: z.boolean().default(false),
});

const insuranceRule = z.object({ floorCents: cents, capCents: cents, employeeRatePpm: ppm, employerRatePpm: ppm });

export const cityRulesSchema = z.object({
  insurances: z.object(Object.fromEntries(INSURANCES.map((k) => [k, insuranceRule])) as Record<(typeof INSURANCES)[number], typeof insuranceRule>),
  housingFund: z.object({ floorCents: cents, capCents: cents, minRatePpm: ppm, maxRatePpm: ppm, defaultRatePpm: ppm }),
  rounding: z.object({ unit: z.union([z.literal(1), z.literal(10), z.literal(100)]), mode: z.enum(['half_up', 'up', 'down']) }),
});

export const cityPolicyInputSchema = z.object({
  cityCode: z.string().trim().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'payroll.setup.error.badCityCode'),
  cityName: z.string().trim().min(1).max(40),
  effectiveFrom: month,
  rules: cityRulesSchema,
  note: z.string().trim().max(500).default(''),
});

/** Parse input that reached a service; the first problem becomes a 400 naming the field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> =>
  parseInput(schema, input, { prefix: 'payroll.', fallbackKey: 'payroll.setup.error.invalid' });

// ---------------------------------------------------------------- forms: yuan and percent as typed

/** A yuan amount typed by a person → cents, or an i18n key saying what is wrong. */
export function readYuan(text: string): { cents: number } | { error: string } {
  try {
    const value = yuanToCents(text);
    if (value < 0) return { error: 'payroll.setup.error.negative' };
    if (value > MAX_MONTHLY_CENTS) return { error: 'payroll.setup.error.tooLarge' };
    return { cents: value };
  } catch (err) {
    if (err instanceof MoneyError) return { error: err.code };
    throw err;
  }
}

/** A percentage typed by a person (`8`, `0.5%`) → ppm, or an i18n key. */
export function readPercent(text: string): { ppm: number } | { error: string } {
  try {
    return { ppm: percentToPpm(text) };
  } catch (err) {
    if (err instanceof MoneyError) return { error: 'payroll.setup.error.badPercent' };
    throw err;
  }
}

/** A text field read by `read` (yuan → cents, percent → ppm); blank is null when `optional`, else "required". */
function textField<T>(read: (text: string) => { value: T } | { error: string }, optional: boolean) {
  return z.preprocess((v) => (v === undefined || v === null ? '' : String(v)), z.string()).transform((text, ctx): T | null => {
    if (text.trim() === '') {
      if (optional) return null;
      ctx.addIssue({ code: 'custom', message: 'payroll.setup.error.required' });
      return z.NEVER;
    }
    const result = read(text);
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    return result.value;
  });
}

const yuanValue = (text: string) => {
  const r = readYuan(text);
  return 'error' in r ? r : { value: r.cents };
};
const percentValue = (text: string) => {
  const r = readPercent(text);
  return 'error' in r ? r : { value: r.ppm };
};

/** A form field of yuan (`12000`, `12,000.50`) → cents. */
export const yuanField = () => textField(yuanValue, false) as z.ZodType<number>;
/** The same, blank → null. */
export const optionalYuanField = () => textField(yuanValue, true);
/** A form field of a percentage (`8`, `0.5%`) → ppm. */
export const percentField = () => textField(percentValue, false) as z.ZodType<number>;
/** The same, blank → null. */
export const optionalPercentField = () => textField(percentValue, true);

/** A checkbox: `on`, `true`, `1` or a boolean. */
export const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

/**
 * The variables a component formula may read besides earlier components'
 * codes (the run provides each, brief "Money and tax rules"). Amounts are
 * yuan, days and hours as the attendance summary gives them.
 */
export const FORMULA_VARIABLES = [
  'base',
  'allowances',
  'monthly',
  'daily_rate',
  'hourly_rate',
  'days_worked',
  'scheduled_days',
  'late_count',
  'late_minutes',
  'absent_days',
  'unpaid_leave_days',
  'paid_leave_days',
  'ot_workday_hours',
  'ot_restday_hours',
  'ot_holiday_hours',
] as const;
