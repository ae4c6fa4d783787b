/**
 * REST endpoints of the reports part under /api/v1/attendance, in the OpenAPI
 * document: monthly summaries (filtered by the caller's scope) and the caller's
 * own overtime requests.
 */
import { HttpError, z, type PluginContext, type Scope, type SessionUser } from '../../../core/sdk.js';
import type { Attendance } from '../services/index.js';
import { overtimeInput } from '../services/overtime.js';
import type { AttendanceSettings } from '../settings.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'attendance.error.badMonth').describe('YYYY-MM');
const hours = z.number().describe('hours, 2 decimals');

export const monthlySummarySchema = z.object({
  employeeId: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  month: z.string(),
  scheduledDays: z.number().int(),
  daysWorked: z.number().int(),
  lateCount: z.number().int(),
  lateMinutes: z.number().int(),
  earlyCount: z.number().int(),
  earlyMinutes: z.number().int(),
  absentDays: z.number(),
  missingPunchCount: z.number().int(),
  leave: z.array(z.object({ code: z.string(), name: z.string(), paid: z.boolean(), minutes: z.number().int(), days: z.number() })),
  paidLeaveDays: z.number(),
  unpaidLeaveDays: z.number(),
  overtimeHours: z.object({ workday: hours, restday: hours, holiday: hours }),
  lieuHoursEarned: hours,
  overtimeOverLimit: z.boolean(),
  locked: z.boolean(),
});

const overtimeRequestSchema = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  minutes: z.number().int(),
  overtimeClass: z.enum(['workday', 'restday', 'holiday']),
  compensation: z.enum(['pay', 'lieu']),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'cancelled']),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const totalsSchema = z.object({
  month: z.string(),
  limitHours: z.number().int(),
  byClass: z.object({ workday: z.number().int(), restday: z.number().int(), holiday: z.number().int() }).describe('minutes per class'),
  totalMinutes: z.number().int(),
  pendingMinutes: z.number().int(),
  level: z.enum(['ok', 'near', 'over']),
});

/**
 * Whose summaries a caller reaches: with `attendance.view` its scope (team,
 * department, all); otherwise only their own record (`attendance.self` is
 * about oneself whatever scope a custom role gives it).
 */
export function summaryScope(user: SessionUser): Scope {
  return user.permissions.has('attendance.view') ? (user.scopes.get('attendance.view') ?? 'self') : 'self';
}

export function registerSummaryApi(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const currentMonth = () => att.parts.today().slice(0, 7);

  ctx.api.route({
    method: 'get',
    path: '/summaries',
    permission: 'attendance.self',
    summary: 'Monthly attendance summaries the caller may see (own; team or all with attendance.view)',
    query: z.object({ month: month.optional() }),
    response: z.object({ month: z.string(), locked: z.boolean(), items: z.array(monthlySummarySchema) }),
    handler: (c, { query }) => {
      const user = c.get('user')!;
      const m = query.month ?? currentMonth();
      const scope = summaryScope(user);
      const ids = scope === 'all' ? undefined : ctx.people.scopes.visibleEmployeeIds(user, scope);
      return { month: m, locked: att.parts.locks.isLocked(m), items: att.summary.monthly(m, ids, c.get('locale')) };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/summaries/:employeeId',
    permission: 'attendance.self',
    summary: "One employee's monthly summary (404 when outside the caller's scope or not employed that month)",
    params: z.object({ employeeId: z.coerce.number().int().positive() }),
    query: z.object({ month: month.optional() }),
    response: monthlySummarySchema,
    handler: (c, { params, query }) => {
      const user = c.get('user')!;
      if (!ctx.people.scopes.canSee(user, summaryScope(user), params.employeeId)) throw new HttpError(404, 'attendance.error.notFound');
      const found = att.summary.monthly(query.month ?? currentMonth(), [params.employeeId], c.get('locale'))[0];
      if (!found) throw new HttpError(404, 'attendance.error.notFound');
      return found;
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/overtime/requests',
    permission: 'attendance.self',
    summary: "The caller's overtime requests (newest first) and the month's total against the legal limit",
    query: z.object({ month: month.optional() }),
    response: z.object({ items: z.array(overtimeRequestSchema), totals: totalsSchema }),
    handler: (c, { query }) => {
      const user = c.get('user')!;
      if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      const m = query.month ?? currentMonth();
      return { items: att.overtime.listForEmployee(user.employeeId, { month: query.month }), totals: att.overtime.monthTotals(user.employeeId, m) };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/overtime/requests',
    permission: 'attendance.self',
    summary: 'Request overtime (an end at or before the start runs past midnight; lieu only on rest days)',
    body: overtimeInput,
    response: overtimeRequestSchema,
    status: 201,
    handler: (c, { body }) => att.overtime.request(c, c.get('user')!, body),
  });

  ctx.api.route({
    method: 'post',
    path: '/overtime/requests/:id/withdraw',
    permission: 'attendance.self',
    summary: 'Withdraw one of the caller’s pending overtime requests',
    params: z.object({ id: z.coerce.number().int().positive() }),
    response: overtimeRequestSchema,
    handler: (c, { params }) => att.overtime.withdraw(c, c.get('user')!, params.id),
  });
}
