/**
 * REST endpoints of payroll runs under /api/v1/payroll, in the OpenAPI
 * document. Amounts are integer cents. `payroll.manage` (scope all) for
 * everything but approve, lock and publish, which need `payroll.approve`.
 */
import { z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { RUN_STATUSES } from '../schema.js';
import type { Payroll } from '../services/index.js';
import { runError, type RunView } from '../services/runs.js';
import type { PayrollSettings } from '../settings.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'payroll.error.badMonth').describe('YYYY-MM');
const cents = z.number().int().describe('cents');
const idParams = z.object({ id: z.coerce.number().int().positive() });

const totalsSchema = z.object({
  grossCents: cents,
  netCents: cents,
  taxCents: cents,
  employeeSocialCents: cents,
  employeeHousingFundCents: cents,
  employerSocialCents: cents,
  employerHousingFundCents: cents,
  employerCostCents: cents.describe('gross + employer contributions, cents'),
});

export const runSchema = z.object({
  id: z.number().int(),
  month: z.string(),
  kind: z.enum(['regular', 'adjustment']),
  correctsRunId: z.number().int().nullable(),
  status: z.enum(RUN_STATUSES),
  note: z.string(),
  progressDone: z.number().int(),
  progressTotal: z.number().int(),
  error: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), message: z.string() }).nullable().describe('why the last calculation failed'),
  totals: totalsSchema.nullable(),
  employeeCount: z.number().int(),
  anomalyCount: z.number().int(),
  createdByUserId: z.number().int().nullable(),
  calculatedAt: z.date().nullable(),
  approvedByUserId: z.number().int().nullable(),
  approvedAt: z.date().nullable(),
  lockedByUserId: z.number().int().nullable(),
  lockedAt: z.date().nullable(),
  publishedByUserId: z.number().int().nullable(),
  publishedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const payslipRowSchema = z.object({
  payslipId: z.number().int(),
  employeeId: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  departmentName: z.string(),
  grossCents: cents,
  netCents: cents,
  taxCents: cents,
  previousNetCents: cents.nullable().describe("last month's net (its regular run), null when none"),
  diffCents: cents.nullable(),
  flags: z.array(z.string()).describe('anomaly codes (payroll.anomaly.<code>)'),
  publishedAt: z.date().nullable(),
  confirmedAt: z.date().nullable(),
});

const adjustmentSchema = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  employeeNo: z.string(),
  employeeName: z.string(),
  kind: z.enum(['earning', 'deduction', 'bonus']),
  name: z.string(),
  amountCents: cents,
  taxable: z.boolean(),
});

const createBody = z.object({
  month: month.optional().describe('regular runs: the month to pay'),
  kind: z.enum(['regular', 'adjustment']).default('regular'),
  correctsRunId: z.number().int().positive().optional().describe('adjustment runs: the locked regular run they correct'),
  note: z.string().trim().max(500).default(''),
});

const adjustmentBody = z.object({
  employeeId: z.number().int().positive(),
  kind: z.enum(['earning', 'deduction', 'bonus']),
  name: z.string().trim().min(1).max(64),
  amountCents: z.number().int().positive().max(100_000_000_00),
  taxable: z.boolean().default(true).describe('earning: taxable income; deduction: before tax'),
});

export function registerRunApi(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { runs } = payroll;
  const MANAGE = { permission: 'payroll.manage', scope: 'all' } as const;
  const APPROVE = { permission: 'payroll.approve', scope: 'all' } as const;

  const out = (c: HrContext, run: RunView): z.input<typeof runSchema> => {
    const e = runError(run);
    const t = c.get('t');
    return { ...run, error: e ? { ...e, message: t(e.key, { employee: '', message: '', ...e.params }) } : null };
  };

  ctx.api.route({
    method: 'get',
    path: '/runs',
    ...MANAGE,
    summary: 'Payroll runs, newest month first (optionally of one month or year)',
    query: z.object({ month: month.optional(), year: z.string().regex(/^\d{4}$/).optional() }),
    response: z.object({ items: z.array(runSchema) }),
    handler: (c, { query }) => ({ items: runs.list(query).map((r) => out(c, r)) }),
  });

  ctx.api.route({
    method: 'post',
    path: '/runs',
    ...MANAGE,
    summary: 'Create a draft run: regular (one per month) or an adjustment correcting a locked run',
    description: '409 when the month already has a regular run, when the corrected run is not locked, or when an adjustment run of the month is still open.',
    body: createBody,
    response: runSchema,
    status: 201,
    handler: (c, { body }) => out(c, runs.create(c, { month: body.month ?? '', kind: body.kind, correctsRunId: body.correctsRunId ?? null, note: body.note })),
  });

  ctx.api.route({
    method: 'get',
    path: '/runs/:id',
    ...MANAGE,
    summary: 'One run with its status, progress and totals',
    params: idParams,
    response: runSchema,
    handler: (c, { params }) => out(c, runs.get(params.id)),
  });

  ctx.api.route({
    method: 'delete',
    path: '/runs/:id',
    ...MANAGE,
    summary: 'Delete a run that is not locked',
    params: idParams,
    response: z.object({ ok: z.literal(true) }),
    handler: (c, { params }) => {
      runs.remove(c, params.id);
      return { ok: true as const };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/runs/:id/calculate',
    ...MANAGE,
    summary: 'Calculate (or recalculate) a run and wait for the result',
    description: 'Replaces the run\'s payslips; an approved run goes back to "calculated". 409 for a locked run; 422 with the reason when the calculation fails (the run is then a draft with `error`).',
    params: idParams,
    response: runSchema,
    handler: async (c, { params }) => out(c, await runs.calculate(c, params.id)),
  });

  for (const [path, summary, act] of [
    ['/runs/:id/approve', 'Approve a calculated run (payroll.approve)', runs.approve],
    ['/runs/:id/lock', "Lock an approved run and the month's attendance (payroll.approve)", runs.lock],
    ['/runs/:id/publish', 'Publish a locked run: employees see their payslips and are notified (payroll.approve)', runs.publish],
  ] as const) {
    ctx.api.route({
      method: 'post',
      path,
      ...APPROVE,
      summary,
      params: idParams,
      response: runSchema,
      handler: (c, { params }) => out(c, act(c, params.id)),
    });
  }

  ctx.api.route({
    method: 'get',
    path: '/runs/:id/payslips',
    ...MANAGE,
    summary: "A run's payslips: summary numbers, difference from last month and anomaly flags, a page at a time",
    params: idParams,
    query: z.object({
      anomalies: z.enum(['true', 'false', '1', '0']).optional(),
      q: z.string().max(100).optional(),
      page: z.coerce.number().int().min(1).optional(),
      pageSize: z.coerce.number().int().min(1).max(500).optional(),
    }),
    response: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(payslipRowSchema) }),
    handler: (c, { params, query }) => {
      const r = runs.payslipSummaries(c, params.id, { anomalies: query.anomalies === 'true' || query.anomalies === '1', q: query.q, page: query.page, pageSize: query.pageSize ?? 100 });
      return { total: r.total, page: r.page, pageSize: r.pageSize, items: r.rows };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/runs/:id/adjustments',
    ...MANAGE,
    summary: 'Lines of an adjustment run',
    params: idParams,
    response: z.object({ items: z.array(adjustmentSchema) }),
    handler: (c, { params }) => ({ items: runs.adjustments(c, params.id) }),
  });

  ctx.api.route({
    method: 'post',
    path: '/runs/:id/adjustments',
    ...MANAGE,
    summary: 'Add a line to an adjustment run (the run goes back to draft)',
    params: idParams,
    body: adjustmentBody,
    response: z.object({ id: z.number().int() }),
    status: 201,
    handler: (c, { params, body }) => ({ id: runs.addAdjustment(c, params.id, body) }),
  });

  ctx.api.route({
    method: 'delete',
    path: '/runs/:id/adjustments/:adjustmentId',
    ...MANAGE,
    summary: 'Remove a line of an adjustment run',
    params: z.object({ id: z.coerce.number().int().positive(), adjustmentId: z.coerce.number().int().positive() }),
    response: z.object({ ok: z.literal(true) }),
    handler: (c, { params }) => {
      runs.removeAdjustment(c, params.id, params.adjustmentId);
      return { ok: true as const };
    },
  });
}
