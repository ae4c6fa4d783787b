/**
 * REST endpoints of salary setup under /api/v1/payroll, in the OpenAPI
 * document. Amounts are integer cents and rates integer ppm (8% = 80000), in
 * and out. Every route needs `payroll.manage` at scope `all`; reading a salary
 * is audited (`payroll.salary.view`).
 */
import { HttpError, z, type PluginContext } from '../../../core/sdk.js';
import type { Payroll } from '../services/index.js';
import { cityRulesSchema, componentInputSchema, profileInputSchema } from '../services/setup-input.js';
import type { PayrollSettings } from '../settings.js';

const MANAGE = { permission: 'payroll.manage', scope: 'all' } as const;
const cents = z.number().int().describe('cents');

const salaryDataSchema = z.object({
  baseCents: cents,
  allowances: z.array(z.object({ code: z.string(), name: z.string(), amountCents: cents, taxable: z.boolean() })),
  socialBaseCents: cents.nullable().describe('null: the city floor'),
  housingFundBaseCents: cents.nullable().describe('null: the social insurance base'),
  housingFundRatePpm: z.number().int().nullable().describe('ppm; null: the city default'),
});

const profileSchema = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  effectiveFrom: z.string(),
  structureId: z.number().int().nullable(),
  cityCode: z.string().nullable(),
  note: z.string(),
  createdAt: z.date(),
  data: salaryDataSchema,
});

const deductionAmounts = z.object({
  childrenEducation: cents,
  infantCare: cents,
  continuingEducation: cents,
  seriousIllness: cents,
  housingLoanInterest: cents,
  housingRent: cents,
  elderlySupport: cents,
});

const salaryViewSchema = z.object({
  employeeId: z.number().int(),
  profiles: z.array(profileSchema).describe('newest first'),
  deductions: z.array(z.object({ effectiveFrom: z.string(), data: deductionAmounts })).describe('专项附加扣除 declarations, newest first'),
  bank: z.object({ bankName: z.string(), accountName: z.string(), accountMasked: z.string() }).nullable(),
});

const componentSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(['earning', 'deduction']),
  formula: z.string(),
  taxable: z.boolean(),
  sort: z.number().int(),
  active: z.boolean(),
});

const cityPolicySchema = z.object({ id: z.number().int(), cityCode: z.string(), cityName: z.string(), effectiveFrom: z.string(), rules: cityRulesSchema, note: z.string() });

export function registerSetupApi(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { setup } = payroll;
  const employeeParam = z.object({ employeeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

  ctx.api.route({
    method: 'get',
    path: '/employees/:employeeId/salary',
    ...MANAGE,
    summary: "An employee's salary profiles, 专项附加扣除 and masked payroll card (audited as payroll.salary.view)",
    params: employeeParam,
    response: salaryViewSchema,
    handler: (c, { params }) => ({ employeeId: params.employeeId, ...setup.viewSalary(c, params.employeeId) }),
  });

  ctx.api.route({
    method: 'put',
    path: '/employees/:employeeId/salary',
    ...MANAGE,
    summary: 'Set the salary profile in force from `effectiveFrom` (a date; replaces a profile of the same date)',
    description: 'Amounts in cents, the housing fund rate in ppm. `structureId` null: the default structure; `cityCode` null: the configured default city.',
    params: employeeParam,
    body: profileInputSchema,
    response: profileSchema,
    handler: (c, { params, body }) => setup.saveProfile(c, params.employeeId, body),
  });

  ctx.api.route({
    method: 'get',
    path: '/components',
    ...MANAGE,
    summary: 'Every salary component with its formula (inactive ones too)',
    response: z.object({ items: z.array(componentSchema) }),
    handler: () => ({ items: setup.allComponents() }),
  });

  ctx.api.route({
    method: 'post',
    path: '/components',
    ...MANAGE,
    summary: 'Create a component; its formula is checked (syntax, known variables, no cycles)',
    body: componentInputSchema,
    response: componentSchema,
    status: 201,
    handler: (c, { body }) => setup.saveComponent(c, body),
  });

  ctx.api.route({
    method: 'get',
    path: '/cities',
    ...MANAGE,
    summary: 'Social insurance and housing fund policies by city and effective month (cents and ppm)',
    query: z.object({ city: z.string().max(40).optional(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'payroll.error.badMonth').optional().describe('YYYY-MM: only the policy in force then') }),
    response: z.object({ items: z.array(cityPolicySchema) }),
    handler: (_c, { query }) => {
      let items = setup.cityPolicies().filter((p) => !query.city || p.cityCode === query.city);
      if (query.month) {
        const month = query.month;
        const inForce = new Map<string, (typeof items)[number]>();
        for (const p of items) if (p.effectiveFrom <= month && !inForce.has(p.cityCode)) inForce.set(p.cityCode, p); // newest first per city
        items = [...inForce.values()];
      }
      if (query.city && !items.length) throw new HttpError(404, 'payroll.error.notFound');
      return { items };
    },
  });
}
