/**
 * REST endpoints of opening balances (期初累计数: an employee's year-to-date
 * figures from the previous payroll system) under /api/v1/payroll, in the
 * OpenAPI document. Amounts are integer cents. Every route needs
 * `payroll.manage` at scope `all`; reading is audited (`payroll.opening.view`),
 * writes are audited without amounts.
 */
import { z, type PluginContext } from '../../../core/sdk.js';
import type { Payroll } from '../services/index.js';
import { FIRST_YEAR, openingInputSchema } from '../services/opening-balances.js';
import type { OpeningBalanceRow } from '../services/types.js';
import type { PayrollSettings } from '../settings.js';

const MANAGE = { permission: 'payroll.manage', scope: 'all' } as const;
const cents = z.number().int().describe('cents');
const employeeParam = z.object({ employeeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const year = z.coerce.number().int().min(FIRST_YEAR, 'payroll.opening.error.badYear').max(9999, 'payroll.opening.error.badYear').describe('tax year, e.g. 2026');

const openingSchema = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  year: z.number().int(),
  throughMonth: z.number().int().describe('1–12: the figures cover January..throughMonth'),
  incomeCents: cents.describe('累计收入'),
  taxFreeCents: cents.describe('累计免税收入'),
  specialDeductionsCents: cents.describe('累计专项扣除 (三险一金)'),
  additionalDeductionsCents: cents.describe('累计专项附加扣除'),
  otherDeductionsCents: cents.describe('累计其他扣除'),
  withheldCents: cents.describe('累计已预扣税额'),
  monthsCounted: z.number().int().describe('months counted for the 5,000 basic deduction'),
  createdAt: z.date(),
});

const view = (r: OpeningBalanceRow) => ({ id: r.id, employeeId: r.employeeId, year: r.year, throughMonth: r.throughMonth, createdAt: r.createdAt, ...r.data });

export function registerOpeningApi(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { openingBalances } = payroll;

  ctx.api.route({
    method: 'get',
    path: '/opening-balances/:employeeId',
    ...MANAGE,
    summary: "An employee's opening balances (期初累计数) from the previous payroll system, newest year first (audited as payroll.opening.view)",
    params: employeeParam,
    query: z.object({ year: year.optional().describe('only this year') }),
    response: z.object({ employeeId: z.number().int(), items: z.array(openingSchema) }),
    handler: (c, { params, query }) => ({ employeeId: params.employeeId, items: openingBalances.list(c, params.employeeId, query.year).map(view) }),
  });

  ctx.api.route({
    method: 'put',
    path: '/opening-balances/:employeeId',
    ...MANAGE,
    summary: "Set or replace an employee's opening balance of a year: cumulative figures of January..throughMonth, cents",
    description:
      'Runs of later months of the year read these figures instead of payslips of January..throughMonth. `monthsCounted` null: from January or the month of hire. ' +
      '400 for bad input (the field is named), 409 when a run already holds a payslip of the employee for a month the balance would cover.',
    params: employeeParam,
    query: z.object({ year }),
    body: openingInputSchema.omit({ year: true }),
    response: openingSchema,
    handler: (c, { params, query, body }) => view(openingBalances.set(c, params.employeeId, { ...body, year: query.year })),
  });

  ctx.api.route({
    method: 'delete',
    path: '/opening-balances/:employeeId',
    ...MANAGE,
    summary: "Delete an employee's opening balance of a year",
    params: employeeParam,
    query: z.object({ year }),
    response: z.object({ deleted: z.literal(true) }),
    handler: (c, { params, query }) => {
      openingBalances.remove(c, params.employeeId, query.year);
      return { deleted: true as const };
    },
  });
}
